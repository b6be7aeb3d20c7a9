/* Models: a migration decision that compares the source and destination context of a task
 * (load balancers in scx_rusty / scx_lavd look at both tasks' cgroups and both domains'
 * masks): six references of four kinds live at once in one frame, more than the four
 * callee-saved registers, so clang parks some in stack slots across calls.
 *
 * manifest: prog=many_refs_one_frame resources=task_struct,task_struct,cgroup,cgroup,bpf_cpumask,bpf_cpumask throws_holding=yes stress=refs-in-stack-slots
 */
#include "../../include/corpus.h"

char LICENSE[] SEC("license") = "GPL";

SEC("tp_btf/sched_switch")
int BPF_PROG(many_refs_one_frame, bool preempt, struct task_struct *prev, struct task_struct *next)
{
	struct task_struct *a, *b;
	struct cgroup *ca, *cb;
	struct bpf_cpumask *ma, *mb;
	int ret = 0;

	a = bpf_task_acquire(prev);
	if (!a)
		return 0;
	b = bpf_task_acquire(next);
	if (!b)
		goto out_a;
	ca = bpf_cgroup_from_id(bpf_get_current_cgroup_id());
	if (!ca)
		goto out_b;
	cb = bpf_cgroup_ancestor(ca, 1);
	if (!cb)
		goto out_ca;
	ma = bpf_cpumask_create();
	if (!ma)
		goto out_cb;
	mb = bpf_cpumask_create();
	if (!mb)
		goto out_ma;
	bpf_cpumask_copy(ma, a->cpus_ptr);
	bpf_cpumask_copy(mb, b->cpus_ptr);
	ret = bpf_cpumask_and(ma, (const struct cpumask *)ma, (const struct cpumask *)mb);
	bpf_assert(ca->level >= cb->level);
	bpf_assert(ret || a->nr_cpus_allowed + b->nr_cpus_allowed > 0);
	bpf_cpumask_release(mb);
out_ma:
	bpf_cpumask_release(ma);
out_cb:
	bpf_cgroup_release(cb);
out_ca:
	bpf_cgroup_release(ca);
out_b:
	bpf_task_release(b);
out_a:
	bpf_task_release(a);
	return ret;
}
