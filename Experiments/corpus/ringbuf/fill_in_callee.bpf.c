/* Models: tools that factor record filling into a static function (bpftrace's and
 * tracee's event builders): the caller reserves, a static callee fills and validates the
 * record and throws on bad input, so at the throw the record lives in the caller's frame.
 *
 * manifest: prog=fill_in_callee resources=ringbuf_record throws_holding=yes stress=throw-in-static-callee
 */
#include "../../include/corpus.h"

char LICENSE[] SEC("license") = "GPL";

struct wake_event {
	s32 pid;
	s32 target_cpu;
	u64 ts;
	u32 prio;
	u32 pad;
};

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 1 << 18);
} wakeups SEC(".maps");

static __noinline void fill_wake(struct wake_event *e, struct task_struct *p)
{
	e->pid = p->pid;
	e->prio = p->prio;
	e->target_cpu = bpf_get_smp_processor_id();
	e->ts = bpf_ktime_get_ns();
	if (e->prio > 139)
		bpf_throw(e->prio);
}

SEC("tp_btf/sched_wakeup")
int BPF_PROG(fill_in_callee, struct task_struct *p)
{
	struct wake_event *e;

	e = bpf_ringbuf_reserve(&wakeups, sizeof(*e), 0);
	if (!e)
		return 0;
	fill_wake(e, p);
	bpf_ringbuf_submit(e, 0);
	return 0;
}
