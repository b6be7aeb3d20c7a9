/* Models: a sched_ext ops.select_cpu() that intersects the waking task's allowed CPUs with
 * a scheduler-owned idle mask kept as a kptr in a map (the create-then-kptr_xchg cpumask
 * pattern of the scx schedulers), picks the first candidate and asserts it is in range.
 * sched_ext is not built into the reference kernel, so the callback is attached where the
 * same task pointer is trusted: the sched_waking BTF tracepoint.
 *
 * manifest: prog=select_cpu_idle resources=bpf_cpumask throws_holding=yes stress=assert-after-rcu-section
 * manifest: prog=select_cpu_fallback resources=bpf_cpumask throws_holding=no stress=none
 */
#include "../../include/corpus.h"

char LICENSE[] SEC("license") = "GPL";

struct idle_state {
	struct bpf_cpumask __kptr *idle;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, u32);
	__type(value, struct idle_state);
	__uint(max_entries, 1);
} idle_map SEC(".maps");

#define NR_CPUS_MODEL 256

SEC("tp_btf/sched_waking")
int BPF_PROG(select_cpu_idle, struct task_struct *p)
{
	struct bpf_cpumask *cand, *idle;
	struct idle_state *st;
	u32 zero = 0, cpu;

	st = bpf_map_lookup_elem(&idle_map, &zero);
	if (!st)
		return 0;
	cand = bpf_cpumask_create();
	if (!cand)
		return 0;
	bpf_rcu_read_lock();
	idle = st->idle;
	if (idle)
		bpf_cpumask_and(cand, p->cpus_ptr, (const struct cpumask *)idle);
	bpf_rcu_read_unlock();
	cpu = bpf_cpumask_first((const struct cpumask *)cand);
	bpf_assert(cpu < NR_CPUS_MODEL);
	bpf_cpumask_release(cand);
	return cpu;
}

/* The same selection without the assert: an out-of-range CPU falls back to the previous one,
 * the style schedulers use today because a throw cannot release the mask. */
SEC("tp_btf/sched_waking")
int BPF_PROG(select_cpu_fallback, struct task_struct *p)
{
	struct bpf_cpumask *cand;
	u32 cpu;

	cand = bpf_cpumask_create();
	if (!cand)
		return 0;
	bpf_cpumask_copy(cand, p->cpus_ptr);
	cpu = bpf_cpumask_first((const struct cpumask *)cand);
	if (cpu >= NR_CPUS_MODEL)
		cpu = bpf_get_smp_processor_id();
	bpf_cpumask_release(cand);
	return cpu;
}
