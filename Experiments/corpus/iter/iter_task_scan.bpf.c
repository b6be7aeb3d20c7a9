/* Models: a scheduler's periodic scan over its per-slot pid table (scx_central's timer scan,
 * load balancers walking queued pids): iterate with bpf_for, take a task reference for each
 * slot, check it, release; the check runs holding both the iterator and a task.
 *
 * manifest: prog=iter_task_scan resources=bpf_iter_num,task_struct throws_holding=yes stress=loop-with-acquire
 */
#include "../../include/corpus.h"

char LICENSE[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, u32);
	__type(value, s32);
	__uint(max_entries, 16);
} slots SEC(".maps");

SEC("syscall")
int iter_task_scan(void *ctx)
{
	struct bpf_iter_num it;
	struct task_struct *t;
	int *i, live = 0;
	s32 *pid;

	bpf_iter_num_new(&it, 0, 16);
	while ((i = bpf_iter_num_next(&it))) {
		u32 k = *i;

		pid = bpf_map_lookup_elem(&slots, &k);
		if (!pid || *pid <= 0)
			continue;
		t = bpf_task_from_pid(*pid);
		if (!t)
			continue;
		bpf_assert(t->pid == *pid);
		live++;
		bpf_task_release(t);
	}
	bpf_iter_num_destroy(&it);
	return live;
}
