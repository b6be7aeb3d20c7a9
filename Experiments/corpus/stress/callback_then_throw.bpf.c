/* Models: bpf_loop with a callback (the pre-iterator loop idiom of many tools and of the
 * bpf_loop selftests) while a reference is held by the caller: the callback frame sits on
 * top of a frame holding a task, the throw comes after the loop.
 *
 * manifest: prog=callback_then_throw resources=task_struct throws_holding=yes stress=callback
 */
#include "../../include/corpus.h"

char LICENSE[] SEC("license") = "GPL";

struct loop_ctx {
	u64 sum;
	u32 seed;
};

static long accumulate(u32 i, struct loop_ctx *lc)
{
	lc->sum += (lc->seed ^ i) & 0xff;
	return lc->sum > 100000;
}

SEC("tp_btf/sched_wakeup")
int BPF_PROG(callback_then_throw, struct task_struct *p)
{
	struct loop_ctx lc = {};
	struct task_struct *t;

	t = bpf_task_acquire(p);
	if (!t)
		return 0;
	lc.seed = t->pid;
	bpf_loop(64, accumulate, &lc, 0);
	bpf_assert(lc.sum < 4000);
	bpf_task_release(t);
	return 0;
}
