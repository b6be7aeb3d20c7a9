/* Models: a signal/ptrace monitor that references either a task named by pid (from a
 * config map) or the current one, so the reference comes from one of two acquire sites
 * (bpf_task_from_pid or bpf_task_acquire), then validates it.
 *
 * manifest: prog=pid_or_current resources=task_struct throws_holding=yes stress=conditional-acquire
 * manifest: prog=maybe_target resources=task_struct throws_holding=yes stress=null-on-one-path
 */
#include "../../include/corpus.h"

char LICENSE[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, u32);
	__type(value, s32);
	__uint(max_entries, 1);
} target_pid SEC(".maps");

SEC("tp_btf/sched_process_fork")
int BPF_PROG(pid_or_current, struct task_struct *parent, struct task_struct *child)
{
	struct task_struct *t;
	u32 zero = 0;
	s32 *pid;

	pid = bpf_map_lookup_elem(&target_pid, &zero);
	if (pid && *pid > 0)
		t = bpf_task_from_pid(*pid);
	else
		t = bpf_task_acquire(child);
	if (!t)
		return 0;
	bpf_assert(t->pid != 0);
	bpf_task_release(t);
	return 0;
}

/* The reference exists on one path only; the other reaches the throw with NULL. */
SEC("tp_btf/sched_process_fork")
int BPF_PROG(maybe_target, struct task_struct *parent, struct task_struct *child)
{
	struct task_struct *t = NULL;
	u32 zero = 0;
	s32 *pid;
	int tgid = 0;

	pid = bpf_map_lookup_elem(&target_pid, &zero);
	if (pid && *pid == child->tgid)
		t = bpf_task_acquire(child);
	if (t)
		tgid = t->tgid;
	bpf_assert(tgid >= 0);
	if (t)
		bpf_task_release(t);
	return tgid;
}
