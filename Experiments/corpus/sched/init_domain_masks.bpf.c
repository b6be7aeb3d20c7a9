/* Models: a scheduler's ops.init() that builds its domain cpumasks once (scx_layered /
 * scx_flatcg create-and-assign pattern): create a mask, fill it, kptr_xchg it into a map
 * slot and release any mask that was already there. Runs as a BPF_PROG_TYPE_SYSCALL program,
 * the way user space triggers one-off setup.
 *
 * manifest: prog=init_domains resources=bpf_cpumask throws_holding=no stress=loop-with-acquire
 * manifest: prog=init_domains_strict resources=bpf_cpumask throws_holding=yes stress=none
 */
#include "../../include/corpus.h"

char LICENSE[] SEC("license") = "GPL";

struct domain {
	struct bpf_cpumask __kptr *cpus;
	u32 nr_cpus;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, u32);
	__type(value, struct domain);
	__uint(max_entries, 4);
} domains SEC(".maps");

struct init_args {
	u32 cpus_per_domain;
	u32 nr_domains;
};

static int assign_domain(u32 id, u32 first, u32 count)
{
	struct bpf_cpumask *mask, *old;
	struct domain *d;
	u32 i;

	d = bpf_map_lookup_elem(&domains, &id);
	if (!d)
		return -1;
	mask = bpf_cpumask_create();
	if (!mask)
		return -1;
	for (i = 0; i < 8 && i < count; i++)
		bpf_cpumask_set_cpu(first + i, mask);
	d->nr_cpus = bpf_cpumask_weight((const struct cpumask *)mask);
	old = bpf_kptr_xchg(&d->cpus, mask);
	if (old)
		bpf_cpumask_release(old);
	return 0;
}

SEC("syscall")
int init_domains(struct init_args *args)
{
	u32 per = args->cpus_per_domain, n = args->nr_domains, id;

	for (id = 0; id < 4 && id < n; id++)
		if (assign_domain(id, id * per, per))
			return 1;
	return 0;
}

/* As above but asserting each mask came out non-empty before storing it. */
SEC("syscall")
int init_domains_strict(struct init_args *args)
{
	struct bpf_cpumask *mask, *old;
	struct domain *d;
	u32 id = 0, i;

	d = bpf_map_lookup_elem(&domains, &id);
	if (!d)
		return 1;
	mask = bpf_cpumask_create();
	if (!mask)
		return 1;
	for (i = 0; i < 4; i++)
		if (i < args->cpus_per_domain)
			bpf_cpumask_set_cpu(i, mask);
	bpf_assert(!bpf_cpumask_empty((const struct cpumask *)mask));
	old = bpf_kptr_xchg(&d->cpus, mask);
	if (old)
		bpf_cpumask_release(old);
	return 0;
}
