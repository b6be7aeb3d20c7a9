/* Models: per-cgroup statistics keyed by cgroup id (the way container monitors resolve an
 * id from bpf_get_current_cgroup_id back to the cgroup): look it up, read its level, release.
 * The second program asserts on the id user space asked about while the cgroup is held.
 *
 * manifest: prog=from_id_stats resources=cgroup throws_holding=no stress=none
 * manifest: prog=from_id_assert resources=cgroup throws_holding=yes stress=none
 */
#include "../../include/corpus.h"

char LICENSE[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, u64);
	__type(value, u64);
	__uint(max_entries, 1024);
} switches SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, u32);
	__type(value, u64);
	__uint(max_entries, 1);
} watched SEC(".maps");

SEC("tp_btf/sched_switch")
int BPF_PROG(from_id_stats, bool preempt, struct task_struct *prev, struct task_struct *next)
{
	u64 id = bpf_get_current_cgroup_id(), one = 1, *n;
	struct cgroup *cg;
	int level;

	cg = bpf_cgroup_from_id(id);
	if (!cg)
		return 0;
	level = cg->level;
	bpf_cgroup_release(cg);
	if (level < 2)
		return 0;
	n = bpf_map_lookup_elem(&switches, &id);
	if (n)
		*n += 1;
	else
		bpf_map_update_elem(&switches, &id, &one, BPF_NOEXIST);
	return 0;
}

SEC("tp_btf/sched_switch")
int BPF_PROG(from_id_assert, bool preempt, struct task_struct *prev, struct task_struct *next)
{
	struct cgroup *cg;
	u32 zero = 0;
	u64 *want;

	want = bpf_map_lookup_elem(&watched, &zero);
	if (!want || !*want)
		return 0;
	cg = bpf_cgroup_from_id(*want);
	if (!cg)
		return 0;
	bpf_assert_with(cg->kn->id == *want, 3);
	bpf_cgroup_release(cg);
	return 0;
}
