/* Models: load balancing in a sched_ext scheduler: when a task migrates, build the set of
 * CPUs it may run on within the destination's domain and validate the decision in a static
 * helper that aborts the scheduler (here: throws) on an inconsistent mask, the way
 * scx_bpf_error() is used in scx_layered's cpumask checks.
 *
 * manifest: prog=migrate_affinity resources=task_struct,bpf_cpumask throws_holding=yes stress=throw-in-static-callee
 */
#include "../../include/corpus.h"

char LICENSE[] SEC("license") = "GPL";

static __noinline int validate_target(const struct cpumask *allowed, int dest_cpu)
{
	if (dest_cpu < 0)
		bpf_throw(1);
	if (!bpf_cpumask_test_cpu(dest_cpu, allowed))
		bpf_throw(2);
	return dest_cpu;
}

SEC("tp_btf/sched_migrate_task")
int BPF_PROG(migrate_affinity, struct task_struct *p, int dest_cpu)
{
	struct task_struct *t;
	struct bpf_cpumask *span;
	int cpu;

	t = bpf_task_acquire(p);
	if (!t)
		return 0;
	span = bpf_cpumask_create();
	if (!span) {
		bpf_task_release(t);
		return 0;
	}
	bpf_cpumask_copy(span, t->cpus_ptr);
	bpf_cpumask_set_cpu(dest_cpu & 255, span);
	cpu = validate_target((const struct cpumask *)span, dest_cpu);
	bpf_cpumask_release(span);
	bpf_task_release(t);
	return cpu;
}
