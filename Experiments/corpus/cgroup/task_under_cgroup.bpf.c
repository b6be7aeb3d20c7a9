/* Models: container-scoped policies that ask whether a new task belongs to a watched
 * cgroup subtree (bpf_task_under_cgroup, as in the cgrp/task kfunc selftests and
 * cgroup-aware schedulers): hold the cgroup, test membership, assert the result is
 * consistent with the task's own css_set.
 *
 * manifest: prog=task_under_cgroup resources=cgroup,task_struct throws_holding=yes stress=two-resource-types
 */
#include "../../include/corpus.h"

char LICENSE[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, u32);
	__type(value, u64);
	__uint(max_entries, 1);
} watched_cgroup SEC(".maps");

SEC("tp_btf/task_newtask")
int BPF_PROG(task_under_cgroup, struct task_struct *task, u64 clone_flags)
{
	struct task_struct *t;
	struct cgroup *cg;
	u32 zero = 0;
	u64 *id;
	long inside;

	id = bpf_map_lookup_elem(&watched_cgroup, &zero);
	if (!id)
		return 0;
	cg = bpf_cgroup_from_id(*id);
	if (!cg)
		return 0;
	t = bpf_task_acquire(task);
	if (!t) {
		bpf_cgroup_release(cg);
		return 0;
	}
	inside = bpf_task_under_cgroup(t, cg);
	bpf_assert(inside == 0 || cg->level >= 0);
	bpf_task_release(t);
	bpf_cgroup_release(cg);
	return inside;
}
