/* Minimal kernel types and kfunc declarations for bpfsim's test programs.
 *
 * Written for bpfsim: just enough of the kernel's structures for CO-RE reads and kfunc
 * prototypes (a kfunc extern with a forward-declared struct argument is refused by libbpf),
 * and bpfsim's own spelling of the bpf_throw / __exception_cb declarations that the kernel
 * selftests keep in bpf_experimental.h. Field offsets are the program's view only: CO-RE
 * relocations are resolved against this BTF. */
#ifndef BPFSIM_KERNEL_H
#define BPFSIM_KERNEL_H

#include <linux/types.h>
#include <linux/bpf.h>

#if defined(__GNUC__) && !defined(__clang__)
/* GCC 12 compiles a helper called through bpf_helper_defs.h's function pointers into an
 * indirect call (rejected) once the pointer is used twice in a function. For GCC, rename
 * those pointers out of the way and declare the helpers the fixtures use with GCC's
 * kernel_helper attribute instead. */
#define BPFSIM_GCC_HELPERS(X)                    \
	X(void *, bpf_map_lookup_elem, 1, (void *map, const void *key)) \
	X(long, bpf_map_update_elem, 2, (void *map, const void *key, const void *value, __u64 flags)) \
	X(long, bpf_map_delete_elem, 3, (void *map, const void *key)) \
	X(long, bpf_trace_printk, 6, (const char *fmt, __u32 fmt_size, ...)) \
	X(long, bpf_probe_read_kernel, 113, (void *dst, __u32 size, const void *unsafe_ptr)) \
	X(long, bpf_probe_read_kernel_str, 115, (void *dst, __u32 size, const void *unsafe_ptr)) \
	X(void *, bpf_ringbuf_reserve, 131, (void *ringbuf, __u64 size, __u64 flags)) \
	X(void, bpf_ringbuf_submit, 132, (void *data, __u64 flags)) \
	X(struct task_struct *, bpf_get_current_task_btf, 158, (void)) \
	X(long, bpf_for_each_map_elem, 164, (void *map, void *callback_fn, void *callback_ctx, __u64 flags)) \
	X(long, bpf_loop, 181, (__u32 nr_loops, void *callback_fn, void *callback_ctx, __u64 flags))
#define bpf_map_lookup_elem bpfsim_gcc_unused_1
#define bpf_map_update_elem bpfsim_gcc_unused_2
#define bpf_map_delete_elem bpfsim_gcc_unused_3
#define bpf_trace_printk bpfsim_gcc_unused_6
#define bpf_probe_read_kernel bpfsim_gcc_unused_113
#define bpf_probe_read_kernel_str bpfsim_gcc_unused_115
#define bpf_ringbuf_reserve bpfsim_gcc_unused_131
#define bpf_ringbuf_submit bpfsim_gcc_unused_132
#define bpf_get_current_task_btf bpfsim_gcc_unused_158
#define bpf_for_each_map_elem bpfsim_gcc_unused_164
#define bpf_loop bpfsim_gcc_unused_181
#include <bpf/bpf_helpers.h>
#undef bpf_map_lookup_elem
#undef bpf_map_update_elem
#undef bpf_map_delete_elem
#undef bpf_trace_printk
#undef bpf_probe_read_kernel
#undef bpf_probe_read_kernel_str
#undef bpf_ringbuf_reserve
#undef bpf_ringbuf_submit
#undef bpf_get_current_task_btf
#undef bpf_for_each_map_elem
#undef bpf_loop
struct task_struct;
#define BPFSIM_DECLARE_HELPER(ret, name, id, args) \
	static ret name args __attribute__((kernel_helper(id)));
BPFSIM_GCC_HELPERS(BPFSIM_DECLARE_HELPER)
#else
#include <bpf/bpf_helpers.h>
#endif
#include <bpf/bpf_core_read.h>

typedef __u8 u8;
typedef __u16 u16;
typedef __u32 u32;
typedef __u64 u64;
typedef __s32 s32;
typedef __s64 s64;

#ifndef __kptr
#define __kptr __attribute__((btf_type_tag("kptr")))
#endif
#ifndef __rcu
#define __rcu __attribute__((btf_type_tag("rcu")))
#endif

struct bpf_map;

struct list_head {
	struct list_head *next, *prev;
};

struct cgroup {
	u64 kn_id;
	int level;
} __attribute__((preserve_access_index));

struct css_set {
	struct cgroup *dfl_cgrp;
} __attribute__((preserve_access_index));

enum task_state_bits {
	TASK_RUNNING_BIT = 0,
	TASK_INTERRUPTIBLE_BIT = 1,
	TASK_DEAD_BIT = 7,
};

struct task_struct {
	volatile long __state;
	unsigned int flags;
	int prio;
	struct list_head tasks;
	int pid;
	int tgid;
	signed char exit_signal;
	unsigned char in_iowait : 1;
	unsigned char sched_reset_on_fork : 1;
	struct task_struct __rcu *real_parent;
	struct css_set __rcu *cgroups;
	char comm[16];
} __attribute__((preserve_access_index));

/* kfuncs (kernel/bpf/helpers.c), resolved by name through .ksyms. */
extern struct task_struct *bpf_task_acquire(struct task_struct *p) __ksym;
extern void bpf_task_release(struct task_struct *p) __ksym;
extern struct task_struct *bpf_task_from_pid(s32 pid) __ksym;
extern struct cgroup *bpf_cgroup_acquire(struct cgroup *cgrp) __ksym;
extern void bpf_cgroup_release(struct cgroup *cgrp) __ksym;
extern void bpf_rcu_read_lock(void) __ksym;
extern void bpf_rcu_read_unlock(void) __ksym;

extern struct task_struct *bpf_task_from_vpid(s32 vpid) __ksym;
extern struct cgroup *bpf_cgroup_from_id(u64 cgid) __ksym;
extern struct cgroup *bpf_cgroup_ancestor(struct cgroup *cgrp, int level) __ksym;
extern void bpf_preempt_disable(void) __ksym;
extern void bpf_preempt_enable(void) __ksym;

/* Special structures the kernel recognises by name and size in program BTF (uapi bpf.h of
 * Linux 6.18; the libbpf-dev headers here predate some of them). */
#ifndef BPFSIM_HAVE_GRAPH_TYPES
struct bpf_iter_num {
	__u64 __opaque[1];
} __attribute__((aligned(8)));
struct bpf_list_head {
	__u64 __opaque[2];
} __attribute__((aligned(8)));
struct bpf_list_node {
	__u64 __opaque[3];
} __attribute__((aligned(8)));
struct bpf_rb_root {
	__u64 __opaque[2];
} __attribute__((aligned(8)));
struct bpf_rb_node {
	__u64 __opaque[4];
} __attribute__((aligned(8)));
struct bpf_refcount {
	__u32 __opaque[1];
} __attribute__((aligned(4)));
#endif

/* Open-coded numeric iterator (kernel/bpf/bpf_iter.c). */
extern int bpf_iter_num_new(struct bpf_iter_num *it, int start, int end) __ksym;
extern int *bpf_iter_num_next(struct bpf_iter_num *it) __ksym;
extern void bpf_iter_num_destroy(struct bpf_iter_num *it) __ksym;

/* cpumasks (kernel/bpf/cpumask.c). */
struct cpumask {
	unsigned long bits[1];
} __attribute__((preserve_access_index));
struct bpf_cpumask {
	struct cpumask cpumask;
} __attribute__((preserve_access_index));
extern struct bpf_cpumask *bpf_cpumask_create(void) __ksym;
extern struct bpf_cpumask *bpf_cpumask_acquire(struct bpf_cpumask *cpumask) __ksym;
extern void bpf_cpumask_release(struct bpf_cpumask *cpumask) __ksym;
extern void bpf_cpumask_set_cpu(u32 cpu, struct bpf_cpumask *cpumask) __ksym;
extern _Bool bpf_cpumask_test_cpu(u32 cpu, const struct cpumask *cpumask) __ksym;
extern u32 bpf_cpumask_first(const struct cpumask *cpumask) __ksym;

/* Program-local objects and their collections (kernel/bpf/helpers.c); the macros are
 * bpfsim's spelling of the selftests' bpf_experimental.h conveniences. */
extern void *bpf_obj_new_impl(u64 local_type_id__k, void *meta__ign) __ksym;
extern void bpf_obj_drop_impl(void *p__alloc, void *meta__ign) __ksym;
extern void *bpf_refcount_acquire_impl(void *p__refcounted_kptr, void *meta__ign) __ksym;
extern int bpf_list_push_front_impl(struct bpf_list_head *head, struct bpf_list_node *node,
				    void *meta__ign, u64 off) __ksym;
extern int bpf_list_push_back_impl(struct bpf_list_head *head, struct bpf_list_node *node,
				   void *meta__ign, u64 off) __ksym;
extern struct bpf_list_node *bpf_list_pop_front(struct bpf_list_head *head) __ksym;
extern struct bpf_list_node *bpf_list_pop_back(struct bpf_list_head *head) __ksym;
extern int bpf_rbtree_add_impl(struct bpf_rb_root *root, struct bpf_rb_node *node,
			       _Bool (less)(struct bpf_rb_node *a, const struct bpf_rb_node *b),
			       void *meta__ign, u64 off) __ksym;
extern struct bpf_rb_node *bpf_rbtree_remove(struct bpf_rb_root *root, struct bpf_rb_node *node) __ksym;
extern struct bpf_rb_node *bpf_rbtree_first(struct bpf_rb_root *root) __ksym;
#define bpf_obj_new(type) ((type *)bpf_obj_new_impl(bpf_core_type_id_local(type), NULL))
#define bpf_obj_drop(ptr) bpf_obj_drop_impl(ptr, NULL)
#define bpf_refcount_acquire(ptr) bpf_refcount_acquire_impl(ptr, NULL)
#define bpf_list_push_front(head, node) bpf_list_push_front_impl(head, node, NULL, 0)
#define bpf_list_push_back(head, node) bpf_list_push_back_impl(head, node, NULL, 0)
#define bpf_rbtree_add(root, node, less) bpf_rbtree_add_impl(root, node, less, NULL, 0)
#define __contains(name, node) __attribute__((btf_decl_tag("contains:" #name ":" #node)))
#define bpfsim_container_of(ptr, type, member) ((type *)((void *)(ptr) - __builtin_offsetof(type, member)))

/* Conntrack lookups (net/netfilter/nf_conntrack_bpf.c); opts__sz is NF_BPF_CT_OPTS_SZ. */
struct nf_conn {
	unsigned long status;
} __attribute__((preserve_access_index));
struct bpf_ct_opts {
	s32 netns_id;
	s32 error;
	u8 l4proto;
	u8 dir;
	u16 ct_zone_id;
	u8 ct_zone_dir;
	u8 reserved[3];
};
extern struct nf_conn *bpf_skb_ct_lookup(struct __sk_buff *skb_ctx, struct bpf_sock_tuple *bpf_tuple,
					 u32 tuple__sz, struct bpf_ct_opts *opts, u32 opts__sz) __ksym;
extern struct nf_conn *bpf_xdp_ct_lookup(struct xdp_md *xdp_ctx, struct bpf_sock_tuple *bpf_tuple,
					 u32 tuple__sz, struct bpf_ct_opts *opts, u32 opts__sz) __ksym;
extern void bpf_ct_release(struct nf_conn *ct) __ksym;

/* bpf_throw and the exception-callback tag, as the kernel selftests use them. */
extern void bpf_throw(u64 cookie) __ksym;
#define __exception_cb(name) __attribute__((btf_decl_tag("exception_callback:" #name)))
/* bpf_assert: a conditional bpf_throw (bpf_experimental.h's shape, bpfsim's spelling). */
#define bpf_assert(cond) if (!(cond)) bpf_throw(0);
#define bpf_assert_with(cond, value) if (!(cond)) bpf_throw(value);

#endif
