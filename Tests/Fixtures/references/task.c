// task_struct references in C (SPEC §2): acquire, NULL check, release, and the five ways to
// get it wrong. manifest.json holds the running kernel's verdict on each program.
#include "bpfsim_kernel.h"

SEC("tc")
int c_task_acquire_release(struct __sk_buff *skb)
{
	struct task_struct *t = bpf_task_from_pid(skb->len);

	if (!t)
		return 0;
	skb->mark = t->pid;
	bpf_task_release(t);
	return 0;
}

SEC("tc")
int c_task_leak(struct __sk_buff *skb)
{
	struct task_struct *t = bpf_task_from_pid(skb->len);

	if (!t)
		return 0;
	return t->pid > 1;
}

SEC("tc")
int c_task_double_release(struct __sk_buff *skb)
{
	struct task_struct *t = bpf_task_from_pid(skb->len);

	if (!t)
		return 0;
	bpf_task_release(t);
	bpf_task_release(t);
	return 0;
}

SEC("tc")
int c_task_release_unacquired(struct __sk_buff *skb)
{
	bpf_task_release(bpf_get_current_task_btf());
	return 0;
}

SEC("tc")
int c_task_use_after_release(struct __sk_buff *skb)
{
	struct task_struct *t = bpf_task_from_pid(skb->len);

	if (!t)
		return 0;
	bpf_task_release(t);
	return t->pid;
}

SEC("tc")
int c_task_throw_holding(struct __sk_buff *skb)
{
	struct task_struct *t = bpf_task_from_pid(skb->len);

	if (!t)
		return 0;
	if (skb->mark)
		bpf_throw(1);
	bpf_task_release(t);
	return 0;
}

/* Acquired and released under the same condition, tested twice. */
SEC("tc")
int c_task_conditional_acquire(struct __sk_buff *skb)
{
	struct task_struct *t = 0;
	u32 want = skb->mark;

	if (want) {
		t = bpf_task_from_pid(skb->len);
		if (!t)
			return 0;
	}
	skb->priority = bpf_ktime_get_ns();
	if (want)
		bpf_task_release(t);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
