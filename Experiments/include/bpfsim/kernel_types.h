/* Kernel structures the corpus reads or passes to kfuncs.
 *
 * Written for bpfsim's corpus. The bodies list only the fields the programs touch; every
 * struct is marked preserve_access_index, so each field access is a CO-RE relocation that
 * libbpf (and bpfsim) resolve against the running kernel's BTF. Bodies must exist at all:
 * libbpf refuses a kfunc extern whose struct argument is only forward-declared.
 *
 * The BPF-side graph and iterator types (bpf_list_head, bpf_rb_root, bpf_iter_num, ...) are
 * in the 6.18 uapi header but not in Debian's 6.1 linux-libc-dev, so they are declared here
 * with the uapi sizes (checked against /sys/kernel/btf/vmlinux). */
#ifndef BPFSIM_CORPUS_KERNEL_TYPES_H
#define BPFSIM_CORPUS_KERNEL_TYPES_H

#include <linux/types.h>
#include <linux/bpf.h>

typedef __u8 u8;
typedef __u16 u16;
typedef __u32 u32;
typedef __u64 u64;
typedef __s8 s8;
typedef __s16 s16;
typedef __s32 s32;
typedef __s64 s64;
typedef _Bool bool;
#define true 1
#define false 0

#define BPFSIM_CORE __attribute__((preserve_access_index))

struct list_head {
	struct list_head *next, *prev;
};

struct cpumask {
	unsigned long bits[4];
} BPFSIM_CORE;

struct bpf_cpumask {
	struct cpumask cpumask;
	int usage;
} BPFSIM_CORE;

struct kernfs_node {
	u64 id;
} BPFSIM_CORE;

struct cgroup {
	struct kernfs_node *kn;
	int level;
	int max_depth;
} BPFSIM_CORE;

struct css_set {
	struct cgroup *dfl_cgrp;
} BPFSIM_CORE;

struct sched_entity {
	u64 vruntime;
	u64 sum_exec_runtime;
} BPFSIM_CORE;

/* Only ever compared with NULL: the real fields sit in an anonymous member. */
struct mm_struct {
	int __opaque;
};

struct task_struct {
	unsigned int __state;
	unsigned int flags;
	int prio;
	int static_prio;
	int nr_cpus_allowed;
	const struct cpumask *cpus_ptr;
	struct sched_entity se;
	struct mm_struct *mm;
	int pid;
	int tgid;
	struct task_struct *real_parent;
	struct task_struct *group_leader;
	struct css_set *cgroups;
	char comm[16];
} BPFSIM_CORE;

/* Netfilter conntrack entry (include/net/netfilter/nf_conntrack.h). */
struct nf_conn {
	unsigned long status;
	u32 mark;
} BPFSIM_CORE;

/* The not-yet-inserted entry bpf_skb_ct_alloc returns (net/netfilter/nf_conntrack_bpf.c). */
struct nf_conn___init {
	struct nf_conn ct;
};

/* Options of the conntrack kfuncs; 16 bytes in 6.18 (NF_BPF_CT_OPTS_SZ). */
struct bpf_ct_opts {
	s32 netns_id;
	s32 error;
	u8 l4proto;
	u8 dir;
	u16 ct_zone_id;
	u8 ct_zone_dir;
	u8 reserved[3];
};

enum {
	BPF_F_CURRENT_NETNS_CT = -1,
	IPS_CONFIRMED = 1 << 3,
	IPS_SEEN_REPLY = 1 << 1,
};

/* BPF-side objects the verifier recognises by name (uapi in 6.18). */
struct bpf_iter_num {
	u64 __opaque[1];
} __attribute__((aligned(8)));

struct bpf_list_head {
	u64 __opaque[2];
} __attribute__((aligned(8)));

struct bpf_list_node {
	u64 __opaque[3];
} __attribute__((aligned(8)));

struct bpf_rb_root {
	u64 __opaque[2];
} __attribute__((aligned(8)));

struct bpf_rb_node {
	u64 __opaque[4];
} __attribute__((aligned(8)));

struct bpf_refcount {
	u32 __opaque[1];
} __attribute__((aligned(4)));

#endif
