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
#include <bpf/bpf_helpers.h>
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

/* bpf_throw and the exception-callback tag, as the kernel selftests use them. */
extern void bpf_throw(u64 cookie) __ksym;
#define __exception_cb(name) __attribute__((btf_decl_tag("exception_callback:" #name)))

#endif
