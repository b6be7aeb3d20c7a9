/* Models: building a cpumask from a per-CPU table in a loop (scx_layered's layer cpumask
 * refresh, scx_flatcg's idle tracking): create a mask, iterate CPUs with bpf_for and set
 * the ones whose load is below a threshold, assert the table was complete.
 *
 * manifest: prog=cpumask_build resources=bpf_cpumask,bpf_iter_num throws_holding=yes stress=loop-with-acquire
 */
#include "../../include/corpus.h"

char LICENSE[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, u32);
	__type(value, u32);
	__uint(max_entries, 64);
} cpu_load SEC(".maps");

struct mask_slot {
	struct bpf_cpumask __kptr *mask;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, u32);
	__type(value, struct mask_slot);
	__uint(max_entries, 1);
} light_cpus SEC(".maps");

SEC("syscall")
int cpumask_build(void *ctx)
{
	struct bpf_cpumask *mask, *old;
	struct mask_slot *slot;
	struct bpf_iter_num it;
	u32 zero = 0, *load;
	int *cpu;

	slot = bpf_map_lookup_elem(&light_cpus, &zero);
	if (!slot)
		return 0;
	mask = bpf_cpumask_create();
	if (!mask)
		return 0;
	bpf_iter_num_new(&it, 0, 64);
	while ((cpu = bpf_iter_num_next(&it))) {
		u32 k = *cpu;

		load = bpf_map_lookup_elem(&cpu_load, &k);
		bpf_assert(load != NULL);
		if (*load < 512)
			bpf_cpumask_set_cpu(k, mask);
	}
	bpf_iter_num_destroy(&it);
	old = bpf_kptr_xchg(&slot->mask, mask);
	if (old)
		bpf_cpumask_release(old);
	return 0;
}
