/* Models: a FIFO scheduler's ops.enqueue() that keeps a reference to each queued task in a
 * map slot (the task kptr stash of scx_central / scx_qmap-style schedulers and the
 * task_kfunc selftests): acquire, check the slot index, bpf_kptr_xchg into the map (the
 * kernel takes ownership), release what was displaced.
 *
 * manifest: prog=enqueue_stash resources=task_struct throws_holding=yes stress=ownership-transfer
 * manifest: prog=dispatch_unstash resources=task_struct throws_holding=yes stress=kptr-xchg-out
 */
#include "../../include/corpus.h"

char LICENSE[] SEC("license") = "GPL";

struct queued {
	struct task_struct __kptr *task;
	u64 enq_ns;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, u32);
	__type(value, struct queued);
	__uint(max_entries, 64);
} fifo SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, u32);
	__type(value, u32);
	__uint(max_entries, 2);
} cursors SEC(".maps");

SEC("tp_btf/sched_wakeup_new")
int BPF_PROG(enqueue_stash, struct task_struct *p)
{
	struct task_struct *t, *old;
	struct queued *q;
	u32 key = 0, *tail, slot;

	tail = bpf_map_lookup_elem(&cursors, &key);
	if (!tail)
		return 0;
	t = bpf_task_acquire(p);
	if (!t)
		return 0;
	slot = *tail;
	/* A corrupted cursor is a scheduler bug: abort rather than index out of the ring. */
	bpf_assert(slot < 64);
	q = bpf_map_lookup_elem(&fifo, &slot);
	if (!q) {
		bpf_task_release(t);
		return 0;
	}
	q->enq_ns = bpf_ktime_get_ns();
	old = bpf_kptr_xchg(&q->task, t);
	if (old)
		bpf_task_release(old);
	*tail = (slot + 1) & 63;
	return 0;
}

SEC("tp_btf/sched_switch")
int BPF_PROG(dispatch_unstash, bool preempt, struct task_struct *prev, struct task_struct *next)
{
	struct task_struct *t;
	struct queued *q;
	u32 key = 1, *head, slot;
	int pid;

	head = bpf_map_lookup_elem(&cursors, &key);
	if (!head)
		return 0;
	slot = *head & 63;
	q = bpf_map_lookup_elem(&fifo, &slot);
	if (!q)
		return 0;
	t = bpf_kptr_xchg(&q->task, NULL);
	if (!t)
		return 0;
	pid = t->pid;
	/* The stashed task must still be a live thread group member. */
	bpf_assert(pid > 0);
	bpf_task_release(t);
	*head = slot + 1;
	return 0;
}
