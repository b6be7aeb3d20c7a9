/* Models: a generic "owned object" variable that holds either a task or a cgroup depending
 * on what an event targets (policy engines that act on a pid or a cgroup id from one map
 * entry), checked by common code and released by kind. At the common assert the same
 * callee-saved register holds a task_struct on one path and a cgroup on the other: a
 * descriptor merge conflict.
 *
 * manifest: prog=register_conflict resources=task_struct,cgroup throws_holding=yes stress=register-type-conflict
 */
#include "../../include/corpus.h"

char LICENSE[] SEC("license") = "GPL";

struct target {
	u64 id;
	u32 is_cgroup;
	u32 pad;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, u32);
	__type(value, struct target);
	__uint(max_entries, 1);
} targets SEC(".maps");

SEC("tp_btf/sched_switch")
int BPF_PROG(register_conflict, bool preempt, struct task_struct *prev, struct task_struct *next)
{
	struct target *tg;
	u32 zero = 0, is_cg;
	void *obj;

	tg = bpf_map_lookup_elem(&targets, &zero);
	if (!tg)
		return 0;
	is_cg = tg->is_cgroup;
	if (is_cg)
		obj = bpf_cgroup_from_id(tg->id);
	else
		obj = bpf_task_from_pid((s32)tg->id);
	if (!obj)
		return 0;
	bpf_assert(bpf_ktime_get_ns() != 0);
	if (is_cg)
		bpf_cgroup_release(obj);
	else
		bpf_task_release(obj);
	return 0;
}
