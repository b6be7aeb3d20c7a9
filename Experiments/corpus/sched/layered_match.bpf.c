/* Models: scx_layered's layer matching: a task is matched against a table of rules by a
 * global (separately verified) function; a rule table that user space left inconsistent
 * aborts the scheduler. The caller holds a task reference during the call. The kernel
 * verifies the global function alone, so it does not see that the throw would leak the
 * caller's reference (kernel-verifier-facts §6.3).
 *
 * manifest: prog=layered_match resources=task_struct throws_holding=yes stress=global-callee-throws
 */
#include "../../include/corpus.h"

char LICENSE[] SEC("license") = "GPL";

struct layer_rule {
	u32 min_prio;
	u32 max_prio;
	u32 layer;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, u32);
	__type(value, struct layer_rule);
	__uint(max_entries, 8);
} rules SEC(".maps");

__noinline int match_layer(int prio, u32 nr_rules)
{
	struct layer_rule *r;
	u64 i; /* 8 bytes, so its spill keeps its bounds; the array map reads the low 4 as key */

	for (i = 0; i < 8 && i < nr_rules; i++) {
		r = bpf_map_lookup_elem(&rules, &i);
		if (!r)
			return -1;
		if (r->min_prio > r->max_prio)
			bpf_throw(i + 100);
		if (prio >= r->min_prio && prio <= r->max_prio)
			return r->layer;
	}
	return -1;
}

SEC("tp_btf/sched_wakeup")
int BPF_PROG(layered_match, struct task_struct *p)
{
	struct task_struct *t;
	int layer;

	t = bpf_task_acquire(p);
	if (!t)
		return 0;
	layer = match_layer(t->prio, 8);
	bpf_task_release(t);
	return layer;
}
