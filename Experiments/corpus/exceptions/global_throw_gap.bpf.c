/* Models: a helper library of global functions that validate inputs by throwing (the way
 * bpf_assert is meant to be used in shared code), called while the caller holds a
 * reference. The 6.18 verifier checks each global function in isolation, so it accepts
 * both programs although a throw at run time leaks the caller's reference
 * (kernel-verifier-facts §6.3); the second program holds two resources of different kinds.
 *
 * manifest: prog=global_throw_task resources=task_struct throws_holding=yes stress=global-callee-throws
 * manifest: prog=global_throw_two resources=task_struct,bpf_cpumask throws_holding=yes stress=global-callee-throws
 */
#include "../../include/corpus.h"

char LICENSE[] SEC("license") = "GPL";

__noinline int checked_prio(int prio)
{
	if (prio < 0 || prio > 139)
		bpf_throw(prio);
	return prio;
}

SEC("tp_btf/sched_wakeup")
int BPF_PROG(global_throw_task, struct task_struct *p)
{
	struct task_struct *t;
	int prio;

	t = bpf_task_acquire(p);
	if (!t)
		return 0;
	prio = checked_prio(t->prio);
	bpf_task_release(t);
	return prio;
}

SEC("tp_btf/sched_wakeup")
int BPF_PROG(global_throw_two, struct task_struct *p)
{
	struct bpf_cpumask *m;
	struct task_struct *t;
	int prio;

	t = bpf_task_acquire(p);
	if (!t)
		return 0;
	m = bpf_cpumask_create();
	if (!m) {
		bpf_task_release(t);
		return 0;
	}
	bpf_cpumask_copy(m, t->cpus_ptr);
	prio = checked_prio(t->static_prio);
	prio += checked_prio(t->prio);
	bpf_cpumask_release(m);
	bpf_task_release(t);
	return prio;
}
