/* Models: the open-coded numeric iterator of the iters selftests and of sched_ext
 * dispatch loops (bpf_for): sum a histogram map, destroy the iterator, return. Accepted by
 * every design; the second program asserts on each bucket inside the loop, i.e. while the
 * iterator (a stack object) is live.
 *
 * manifest: prog=num_sum resources=bpf_iter_num throws_holding=no stress=none
 * manifest: prog=num_sum_assert resources=bpf_iter_num throws_holding=yes stress=stack-object-at-throw
 */
#include "../../include/corpus.h"

char LICENSE[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, u32);
	__type(value, u64);
	__uint(max_entries, 32);
} hist SEC(".maps");

SEC("syscall")
int num_sum(void *ctx)
{
	struct bpf_iter_num it;
	u64 sum = 0, *v;
	int *i;

	bpf_iter_num_new(&it, 0, 32);
	while ((i = bpf_iter_num_next(&it))) {
		u32 k = *i;

		v = bpf_map_lookup_elem(&hist, &k);
		if (v)
			sum += *v;
	}
	bpf_iter_num_destroy(&it);
	return sum > 0xffffffff ? -1 : (int)sum;
}

SEC("syscall")
int num_sum_assert(void *ctx)
{
	struct bpf_iter_num it;
	u64 sum = 0, *v;
	int *i;

	bpf_iter_num_new(&it, 0, 32);
	while ((i = bpf_iter_num_next(&it))) {
		u32 k = *i;

		v = bpf_map_lookup_elem(&hist, &k);
		if (!v)
			continue;
		bpf_assert(*v < (1ULL << 40));
		sum += *v;
	}
	bpf_iter_num_destroy(&it);
	return sum > 0xffffffff ? -1 : (int)sum;
}
