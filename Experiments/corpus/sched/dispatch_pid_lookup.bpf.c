/* Models: a user-space-driven scheduler (scx_rustland / scx_central style) whose dispatch
 * path looks a task up by the pid user space queued, checks its state and prio, then
 * releases it. Here the queue is an array map and dispatch runs on sched_switch.
 *
 * manifest: prog=dispatch_lookup resources=task_struct throws_holding=yes stress=none
 * manifest: prog=dispatch_lookup_checked resources=task_struct throws_holding=no stress=none
 */
#include "../../include/corpus.h"

char LICENSE[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, u32);
	__type(value, s32);
	__uint(max_entries, 16);
} user_queue SEC(".maps");

SEC("tp_btf/sched_switch")
int BPF_PROG(dispatch_lookup, bool preempt, struct task_struct *prev, struct task_struct *next)
{
	struct task_struct *t;
	u32 slot = bpf_get_smp_processor_id() & 15;
	s32 *pid;
	int prio;

	pid = bpf_map_lookup_elem(&user_queue, &slot);
	if (!pid || *pid <= 0)
		return 0;
	t = bpf_task_from_pid(*pid);
	if (!t)
		return 0;
	prio = t->prio;
	bpf_assert_range(prio, 0, 139);
	bpf_task_release(t);
	return prio;
}

SEC("tp_btf/sched_switch")
int BPF_PROG(dispatch_lookup_checked, bool preempt, struct task_struct *prev, struct task_struct *next)
{
	struct task_struct *t;
	u32 slot = bpf_get_smp_processor_id() & 15;
	s32 *pid;
	int prio;

	pid = bpf_map_lookup_elem(&user_queue, &slot);
	if (!pid || *pid <= 0)
		return 0;
	t = bpf_task_from_pid(*pid);
	if (!t)
		return 0;
	prio = t->prio;
	bpf_task_release(t);
	/* The check after the release: every design accepts it. */
	bpf_assert_range(prio, 0, 139);
	return prio;
}
