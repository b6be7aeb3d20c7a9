/* Models: batching work items with an open-coded loop (bpf_for over bpf_iter_num, as in the
 * iters selftests and scx dispatch loops): each iteration allocates a node, validates the
 * slot it is built from and pushes it to a list, so a failed check happens while both the
 * iterator and the fresh object are live.
 *
 * manifest: prog=batch_alloc resources=bpf_iter_num,obj_new throws_holding=yes stress=loop-with-acquire
 */
#include "../../include/corpus.h"

char LICENSE[] SEC("license") = "GPL";

struct work {
	u32 idx;
	u32 cost;
	struct bpf_list_node node;
};

private(WORK) struct bpf_spin_lock work_lock;
private(WORK) struct bpf_list_head work_list __contains(work, node);

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, u32);
	__type(value, u32);
	__uint(max_entries, 16);
} costs SEC(".maps");

SEC("syscall")
int batch_alloc(void *ctx)
{
	struct bpf_iter_num it;
	struct work *w;
	u32 *cost;
	int *i, made = 0;

	bpf_iter_num_new(&it, 0, 16);
	while ((i = bpf_iter_num_next(&it))) {
		u32 key = *i;

		cost = bpf_map_lookup_elem(&costs, &key);
		if (!cost || !*cost)
			continue;
		w = bpf_obj_new(typeof(*w));
		if (!w)
			break;
		w->idx = key;
		w->cost = *cost;
		bpf_assert(w->cost < 1000000);
		bpf_spin_lock(&work_lock);
		bpf_list_push_back(&work_list, &w->node);
		bpf_spin_unlock(&work_lock);
		made++;
	}
	bpf_iter_num_destroy(&it);
	return made;
}
