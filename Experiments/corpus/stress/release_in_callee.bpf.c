/* Models: ownership handed to a helper function: the program acquires a task and a static
 * "consume" function releases it (as event emitters that take ownership of what they are
 * given), and a static "get" function acquires into the caller's stack through an out
 * pointer (the out-parameter style of scx helper libraries). References are released, or
 * acquired, in a different frame than the one that owns them at the throw: the per-frame
 * table backend's hard case (SPEC §5.3).
 *
 * manifest: prog=release_in_callee resources=task_struct,task_struct throws_holding=yes stress=cross-frame-release
 * manifest: prog=acquire_in_callee resources=cgroup throws_holding=yes stress=cross-frame-acquire
 */
#include "../../include/corpus.h"

char LICENSE[] SEC("license") = "GPL";

static __noinline int consume(struct task_struct *t)
{
	int pid = t->pid;

	bpf_task_release(t);
	return pid;
}

SEC("tp_btf/sched_process_fork")
int BPF_PROG(release_in_callee, struct task_struct *parent, struct task_struct *child)
{
	struct task_struct *p, *c;
	int pid;

	p = bpf_task_acquire(parent);
	if (!p)
		return 0;
	c = bpf_task_acquire(child);
	if (!c) {
		bpf_task_release(p);
		return 0;
	}
	pid = consume(c);
	bpf_assert(pid != p->pid);
	bpf_task_release(p);
	return pid;
}

static __noinline int get_cgroup(u64 id, struct cgroup **out)
{
	struct cgroup *cg = bpf_cgroup_from_id(id);

	if (!cg)
		return -1;
	*out = cg;
	return 0;
}

SEC("tp_btf/sched_process_fork")
int BPF_PROG(acquire_in_callee, struct task_struct *parent, struct task_struct *child)
{
	struct cgroup *cg = NULL;
	int level;

	if (get_cgroup(bpf_get_current_cgroup_id(), &cg) || !cg)
		return 0;
	level = cg->level;
	bpf_assert(level < 64);
	bpf_cgroup_release(cg);
	return level;
}
