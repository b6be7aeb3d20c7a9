/* Models: two nested open-coded loops (a 2-D table walk, as in the nested-iterator cases
 * of the iters selftests and per-CPU x per-DSQ loops in schedulers): the inner loop's check
 * can throw while both iterators are live in the same frame.
 *
 * manifest: prog=nested_grid resources=bpf_iter_num,bpf_iter_num throws_holding=yes stress=two-stack-objects
 */
#include "../../include/corpus.h"

char LICENSE[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, u32);
	__type(value, u32);
	__uint(max_entries, 64);
} grid SEC(".maps");

SEC("syscall")
int nested_grid(void *ctx)
{
	struct bpf_iter_num rows, cols;
	int *r, *c, nonzero = 0;
	u32 *cell;

	bpf_iter_num_new(&rows, 0, 8);
	while ((r = bpf_iter_num_next(&rows))) {
		int row = *r;

		bpf_iter_num_new(&cols, 0, 8);
		while ((c = bpf_iter_num_next(&cols))) {
			u32 k = row * 8 + *c;

			cell = bpf_map_lookup_elem(&grid, &k);
			if (!cell)
				continue;
			bpf_assert(*cell != 0xdead);
			nonzero += *cell != 0;
		}
		bpf_iter_num_destroy(&cols);
	}
	bpf_iter_num_destroy(&rows);
	return nonzero;
}
