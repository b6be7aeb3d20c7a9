/* Two programs of one object: a task reference held across an assertion (rejected by
 * `reject`, unwound by the other designs) and a balanced lookup and release. */
#include "../../include/bpfsim_kernel.h"

char LICENSE[] SEC("license") = "GPL";

SEC("tc")
int hold_and_assert(struct __sk_buff *skb)
{
	struct task_struct *t = bpf_task_from_pid(skb->len);
	int pid;

	if (!t)
		return 0;
	pid = t->pid;
	if (skb->mark & 1)
		bpf_throw(1);
	bpf_task_release(t);
	return pid & 0xff;
}

SEC("tc")
int balanced(struct __sk_buff *skb)
{
	struct task_struct *t = bpf_task_from_pid(skb->mark);

	if (!t)
		return 0;
	bpf_task_release(t);
	return 1;
}
