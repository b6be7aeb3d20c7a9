/* Models: scx_flatcg's hierarchical weight update: on every switch look up the incoming
 * task's cgroup by id, walk to its parent with bpf_cgroup_ancestor, compute a flattened
 * share and assert the tree depth the scheduler was configured for.
 *
 * manifest: prog=cgroup_weight resources=cgroup,cgroup throws_holding=yes stress=conditional-acquire
 */
#include "../../include/corpus.h"

char LICENSE[] SEC("license") = "GPL";

struct cg_weight {
	u64 weight;
	u64 share;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, u64);
	__type(value, struct cg_weight);
	__uint(max_entries, 1024);
} weights SEC(".maps");

#define MAX_DEPTH 8

SEC("tp_btf/sched_switch")
int BPF_PROG(cgroup_weight, bool preempt, struct task_struct *prev, struct task_struct *next)
{
	struct cgroup *cg, *parent = NULL;
	struct cg_weight *w, *pw;
	u64 id = bpf_get_current_cgroup_id(), pid;
	int level;

	cg = bpf_cgroup_from_id(id);
	if (!cg)
		return 0;
	level = cg->level;
	if (level > 0)
		parent = bpf_cgroup_ancestor(cg, level - 1);
	bpf_assert(level < MAX_DEPTH);
	w = bpf_map_lookup_elem(&weights, &id);
	if (w && parent) {
		pid = parent->kn->id;
		pw = bpf_map_lookup_elem(&weights, &pid);
		if (pw && pw->weight)
			w->share = w->weight * 1024 / pw->weight;
	}
	if (parent)
		bpf_cgroup_release(parent);
	bpf_cgroup_release(cg);
	return 0;
}
