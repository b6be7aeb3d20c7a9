// Tracing programs as users write them: tp_btf programs reading BTF-typed arguments
// (`prev->pid`), kfunc references on tasks, raw tracepoints, kprobes and classic tracepoints
// reading their context. The rejected ones use a task after releasing it, leak it, write
// into a kernel object, or read past the context.
// Expected kernel verdicts: manifest.json beside this file.
#include "../include/bpfsim_kernel.h"
#include <bpf/bpf_tracing.h>

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4096);
	__type(key, __u32);
	__type(value, __u64);
} switches SEC(".maps");

/* The kprobe context as x86-64 lays it out (struct pt_regs, 168 bytes). */
struct x86_regs {
	unsigned long r15, r14, r13, r12, bp, bx, r11, r10, r9, r8, ax, cx, dx, si, di;
	unsigned long orig_ax, ip, cs, flags, sp, ss;
};

/* A classic tracepoint record: common fields, then the syscall number and arguments. */
struct sys_enter_record {
	__u64 common;
	long syscall_nr;
	unsigned long args[6];
};

/* Accepted: count context switches per previous pid. */
SEC("tp_btf/sched_switch")
int BPF_PROG(count_switches, _Bool preempt, struct task_struct *prev, struct task_struct *next)
{
	__u32 pid = prev->pid;
	__u64 one = 1;
	__u64 *n = bpf_map_lookup_elem(&switches, &pid);
	if (n)
		__sync_fetch_and_add(n, 1);
	else
		bpf_map_update_elem(&switches, &pid, &one, BPF_ANY);
	return next->pid == 0;
}

/* Accepted: several scalar fields of a BTF-typed argument. */
SEC("tp_btf/sched_process_fork")
int BPF_PROG(fork_fields, struct task_struct *parent, struct task_struct *child)
{
	return parent->tgid != child->tgid && child->prio > 100;
}

/* Accepted: a trusted argument acquired and released through kfuncs. */
SEC("tp_btf/task_newtask")
int BPF_PROG(acquire_new_task, struct task_struct *task, u64 clone_flags)
{
	struct task_struct *t = bpf_task_acquire(task);
	if (!t)
		return 0;
	int pid = t->pid;
	bpf_task_release(t);
	return pid == 1;
}

/* Accepted: a pointer field read through the argument (an RCU-protected parent). */
SEC("tp_btf/sched_process_exec")
int BPF_PROG(exec_parent, struct task_struct *p)
{
	struct task_struct *parent = p->real_parent;
	return parent ? parent->pid == 1 : 0;
}

/* Accepted: a raw tracepoint reading its u64 argument array. */
SEC("raw_tp/sched_switch")
int raw_switch(struct bpf_raw_tracepoint_args *ctx)
{
	return ctx->args[0] != 0;
}

/* Accepted: a kprobe reading the first argument register. */
SEC("kprobe/do_unlinkat")
int kprobe_unlink(struct x86_regs *regs)
{
	return regs->di > 100;
}

/* Accepted: a classic tracepoint reading its record. */
SEC("tracepoint/syscalls/sys_enter_openat")
int tp_openat(struct sys_enter_record *rec)
{
	return rec->args[2] & 1;
}

/* Rejected: the task is read after bpf_task_release. */
SEC("tp_btf/task_newtask")
int BPF_PROG(use_after_release, struct task_struct *task, u64 clone_flags)
{
	struct task_struct *t = bpf_task_acquire(task);
	if (!t)
		return 0;
	bpf_task_release(t);
	return t->pid;
}

/* Rejected: the acquired task is not released when its pid is odd. */
SEC("tp_btf/task_newtask")
int BPF_PROG(task_leak, struct task_struct *task, u64 clone_flags)
{
	struct task_struct *t = bpf_task_acquire(task);
	if (!t)
		return 0;
	if (t->pid & 1)
		return 1;
	bpf_task_release(t);
	return 0;
}

/* Rejected: a tracing program may not write into a task_struct. */
SEC("tp_btf/task_newtask")
int BPF_PROG(write_task_field, struct task_struct *task, u64 clone_flags)
{
	task->prio = 120;
	return 0;
}

/* Rejected: raw tracepoints have at most 12 arguments. */
SEC("raw_tp/sched_switch")
int raw_past_args(struct bpf_raw_tracepoint_args *ctx)
{
	return ctx->args[12] != 0;
}

/* Rejected: the acquired task may be NULL. */
SEC("tp_btf/task_newtask")
int BPF_PROG(acquire_no_null_check, struct task_struct *task, u64 clone_flags)
{
	struct task_struct *t = bpf_task_acquire(task);
	int pid = t->pid;
	bpf_task_release(t);
	return pid;
}

/* Accepted by bpfsim; the kernel here refuses fentry before verifying (lockdown): a load
 * error, not a verdict. */
SEC("fentry/do_unlinkat")
int BPF_PROG(fentry_unlink, int dfd)
{
	return 0;
}

char _license[] SEC("license") = "GPL";
