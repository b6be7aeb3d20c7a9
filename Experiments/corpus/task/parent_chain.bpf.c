/* Models: process-tree tools (e.g. tracking the parent of each new task) that take a
 * reference on an RCU-protected parent: acquire the task, then inside an RCU read-side
 * section acquire task->real_parent, leave the section and check the pair while holding both.
 *
 * manifest: prog=parent_chain resources=task_struct,task_struct throws_holding=yes stress=rcu-then-refs
 * manifest: prog=parent_chain_in_rcu resources=task_struct throws_holding=yes stress=throw-inside-rcu
 */
#include "../../include/corpus.h"

char LICENSE[] SEC("license") = "GPL";

SEC("tp_btf/task_newtask")
int BPF_PROG(parent_chain, struct task_struct *task, u64 clone_flags)
{
	struct task_struct *t, *parent;
	int ppid;

	t = bpf_task_acquire(task);
	if (!t)
		return 0;
	bpf_rcu_read_lock();
	parent = t->real_parent;
	if (parent)
		parent = bpf_task_acquire(parent);
	bpf_rcu_read_unlock();
	if (!parent) {
		bpf_task_release(t);
		return 0;
	}
	ppid = parent->tgid;
	bpf_assert(ppid != t->tgid || (clone_flags & 0x10000));
	bpf_task_release(parent);
	bpf_task_release(t);
	return ppid;
}

/* The throw sits inside the RCU section: rejected by every design (SPEC §5.2: RCU sections
 * are not unwound). */
SEC("tp_btf/task_newtask")
int BPF_PROG(parent_chain_in_rcu, struct task_struct *task, u64 clone_flags)
{
	struct task_struct *t, *parent;
	int ppid = 0;

	t = bpf_task_acquire(task);
	if (!t)
		return 0;
	bpf_rcu_read_lock();
	parent = t->real_parent;
	if (parent) {
		ppid = parent->tgid;
		bpf_assert(ppid > 0);
	}
	bpf_rcu_read_unlock();
	bpf_task_release(t);
	return ppid;
}
