/* Models: fork tracking that keeps parent and child referenced while relating them (the
 * sched_process_fork handlers of process-tree tools); clang keeps both references in R6/R7
 * across three helper calls.
 *
 * manifest: prog=fork_pair resources=task_struct,task_struct throws_holding=yes stress=callee-saved-across-calls
 */
#include "../../include/corpus.h"

char LICENSE[] SEC("license") = "GPL";

struct fork_edge {
	s32 parent;
	s32 child;
	u64 ts;
	u32 cpu;
	u32 flags;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, s32);
	__type(value, struct fork_edge);
	__uint(max_entries, 4096);
} edges SEC(".maps");

SEC("tp_btf/sched_process_fork")
int BPF_PROG(fork_pair, struct task_struct *parent, struct task_struct *child)
{
	struct task_struct *p, *c;
	struct fork_edge e = {};

	p = bpf_task_acquire(parent);
	if (!p)
		return 0;
	c = bpf_task_acquire(child);
	if (!c) {
		bpf_task_release(p);
		return 0;
	}
	e.parent = p->tgid;
	e.child = c->pid;
	e.ts = bpf_ktime_get_ns();
	e.cpu = bpf_get_smp_processor_id();
	e.flags = c->flags;
	bpf_assert(e.child != e.parent || c->tgid == p->tgid);
	bpf_map_update_elem(&edges, &e.child, &e, BPF_ANY);
	bpf_task_release(c);
	bpf_task_release(p);
	return 0;
}
