// References across bpf-to-bpf calls: held in callee-saved registers or spilled to the stack
// across a static call, released in another frame, acquired in a callee, and held across a
// call of a global subprogram that may throw (SPEC §1, §5.1; kernel 6.18 accepts the last).
#include "bpfsim_kernel.h"

static __attribute__((noinline)) int work(int x)
{
	return x * 3 + (int)bpf_ktime_get_ns();
}

/* The reference stays in a callee-saved register (R6-R9) across the call. */
SEC("tc")
int c_ref_in_callee_saved_across_call(struct __sk_buff *skb)
{
	struct task_struct *t = bpf_task_from_pid(skb->len);
	int r;

	if (!t)
		return 0;
	r = work(skb->mark);
	bpf_task_release(t);
	return r & 1;
}

SEC("tc")
int c_ref_in_callee_saved_across_call_leak(struct __sk_buff *skb)
{
	struct task_struct *t = bpf_task_from_pid(skb->len);

	if (!t)
		return 0;
	return work(skb->mark) & 1;
}

/* Four references live at once: they cannot all stay in registers across the call. */
SEC("tc")
int c_refs_spilled_across_call(struct __sk_buff *skb)
{
	struct task_struct *a = bpf_task_from_pid(1), *b = 0, *c = 0, *d = 0, *e = 0;
	int r = 0;

	if (!a)
		return 0;
	b = bpf_task_from_pid(2);
	if (!b)
		goto out_a;
	c = bpf_task_from_pid(3);
	if (!c)
		goto out_b;
	d = bpf_task_from_pid(4);
	if (!d)
		goto out_c;
	e = bpf_task_from_pid(5);
	if (!e)
		goto out_d;
	r = work(skb->len);
	bpf_task_release(e);
out_d:
	bpf_task_release(d);
out_c:
	bpf_task_release(c);
out_b:
	bpf_task_release(b);
out_a:
	bpf_task_release(a);
	return r & 1;
}

SEC("tc")
int c_refs_spilled_across_call_leak(struct __sk_buff *skb)
{
	struct task_struct *a = bpf_task_from_pid(1), *b = 0, *c = 0, *d = 0, *e = 0;
	int r = 0;

	if (!a)
		return 0;
	b = bpf_task_from_pid(2);
	if (!b)
		goto out_a;
	c = bpf_task_from_pid(3);
	if (!c)
		goto out_b;
	d = bpf_task_from_pid(4);
	if (!d)
		goto out_c;
	e = bpf_task_from_pid(5);
	if (!e)
		goto out_d;
	r = work(skb->len);
	/* e leaks */
out_d:
	bpf_task_release(d);
out_c:
	bpf_task_release(c);
out_b:
	bpf_task_release(b);
out_a:
	bpf_task_release(a);
	return r & 1;
}

static __attribute__((noinline)) int release_in_callee(struct task_struct *t)
{
	int pid = t->pid;

	bpf_task_release(t);
	return pid;
}

/* Acquired in frame 0, released in frame 1. */
SEC("tc")
int c_release_in_callee(struct __sk_buff *skb)
{
	struct task_struct *t = bpf_task_from_pid(skb->len);

	if (!t)
		return 0;
	return release_in_callee(t) & 1;
}

static __attribute__((noinline)) struct task_struct *acquire_in_callee(int pid)
{
	return bpf_task_from_pid(pid);
}

/* Acquired in frame 1, returned, released in frame 0. */
SEC("tc")
int c_acquire_in_callee(struct __sk_buff *skb)
{
	struct task_struct *t = acquire_in_callee(skb->len);

	if (!t)
		return 0;
	bpf_task_release(t);
	return 0;
}

SEC("tc")
int c_acquire_in_callee_leak(struct __sk_buff *skb)
{
	struct task_struct *t = acquire_in_callee(skb->len);

	return t != 0;
}

__attribute__((noinline)) int global_may_throw(int x)
{
	if (x == 42)
		bpf_throw(0);
	return x;
}

/* The kernel verifies global_may_throw alone, without the caller's reference, and accepts:
 * a throw at run time would leak the task (bpfsim's reject backend reports the gap). */
SEC("tc")
int c_ref_held_across_throwing_global_call(struct __sk_buff *skb)
{
	struct task_struct *t = bpf_task_from_pid(skb->len);
	int r;

	if (!t)
		return 0;
	r = global_may_throw(skb->mark);
	bpf_task_release(t);
	return r & 1;
}

static __attribute__((noinline)) int static_may_throw(int x)
{
	if (x == 42)
		bpf_throw(0);
	return x;
}

/* The same with a static callee: it runs in the caller's state and the kernel rejects. */
SEC("tc")
int c_ref_held_across_throwing_static_call(struct __sk_buff *skb)
{
	struct task_struct *t = bpf_task_from_pid(skb->len);
	int r;

	if (!t)
		return 0;
	r = static_may_throw(skb->mark);
	bpf_task_release(t);
	return r & 1;
}

char LICENSE[] SEC("license") = "GPL";
