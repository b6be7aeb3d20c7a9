/* Models: scope guards for kernel references (the __attribute__((cleanup)) guard helpers of
 * bpf_experimental.h and of scx's common headers): a small struct on the stack records what
 * is owned and a static release function frees it by kind. The guard lives in one stack
 * slot that holds a task_struct on one path and a cgroup on the other when the shared
 * assert runs: two resource types in the same slot (checked with llvm-objdump: fp-8).
 *
 * manifest: prog=slot_conflict_guard resources=task_struct,cgroup throws_holding=yes stress=slot-type-conflict
 */
#include "../../include/corpus.h"

char LICENSE[] SEC("license") = "GPL";

enum { OWN_NONE, OWN_TASK, OWN_CGROUP };

struct guard {
	u64 kind;
	void *obj;
};

static __noinline void guard_release(struct guard *g)
{
	if (g->kind == OWN_TASK && g->obj)
		bpf_task_release(g->obj);
	else if (g->kind == OWN_CGROUP && g->obj)
		bpf_cgroup_release(g->obj);
	g->obj = NULL;
}

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, u32);
	__type(value, u64);
	__uint(max_entries, 1);
} budget SEC(".maps");

SEC("tp_btf/sched_wakeup")
int BPF_PROG(slot_conflict_guard, struct task_struct *p)
{
	struct guard g = {};
	u32 zero = 0;
	u64 *left;

	if (p->pid & 1) {
		g.kind = OWN_TASK;
		g.obj = bpf_task_acquire(p);
	} else {
		g.kind = OWN_CGROUP;
		g.obj = bpf_cgroup_from_id(bpf_get_current_cgroup_id());
	}
	if (!g.obj)
		return 0;
	left = bpf_map_lookup_elem(&budget, &zero);
	bpf_assert(left && *left > 0);
	guard_release(&g);
	return 0;
}
