/* Models: ops.running()/ops.stopping() accounting of a vruntime scheduler (scx_simple's
 * weighted vtime mode), done on sched_switch: take references on both the outgoing and the
 * incoming task, charge the outgoing one, and assert the incoming one's vruntime is not
 * behind the global clock by more than a slice before releasing both.
 *
 * manifest: prog=running_pair resources=task_struct,task_struct throws_holding=yes stress=callee-saved-across-calls
 */
#include "../../include/corpus.h"

char LICENSE[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, u32);
	__type(value, u64);
	__uint(max_entries, 1);
} vtime_now SEC(".maps");

#define SLICE_NS 20000000ULL

SEC("tp_btf/sched_switch")
int BPF_PROG(running_pair, bool preempt, struct task_struct *prev, struct task_struct *next)
{
	struct task_struct *out, *in;
	u64 *now, charged;
	u32 zero = 0;

	now = bpf_map_lookup_elem(&vtime_now, &zero);
	if (!now)
		return 0;
	out = bpf_task_acquire(prev);
	if (!out)
		return 0;
	in = bpf_task_acquire(next);
	if (!in) {
		bpf_task_release(out);
		return 0;
	}
	charged = out->se.sum_exec_runtime * 100 / (out->static_prio + 1);
	if (in->se.vruntime > *now)
		*now = in->se.vruntime;
	/* Both references are live in callee-saved registers across the helper call. */
	bpf_assert(*now - in->se.vruntime < SLICE_NS * 64 + bpf_ktime_get_ns() % 8);
	bpf_task_release(in);
	bpf_task_release(out);
	return charged & 1;
}
