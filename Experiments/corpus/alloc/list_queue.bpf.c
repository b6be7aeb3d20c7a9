/* Models: a BPF-side packet/event queue on a bpf_list_head guarded by a bpf_spin_lock, as in
 * the linked_list selftests and scx schedulers' internal FIFOs: enqueue allocates a node and
 * validates it before pushing; dequeue pops under the lock and validates the popped node.
 *
 * manifest: prog=list_enqueue resources=obj_new throws_holding=yes stress=ownership-transfer
 * manifest: prog=list_dequeue resources=obj_new throws_holding=yes stress=acquire-by-pop
 */
#include "../../include/corpus.h"

char LICENSE[] SEC("license") = "GPL";

struct qelem {
	u64 seq;
	u32 len;
	u32 prio;
	struct bpf_list_node node;
};

private(QUEUE) struct bpf_spin_lock queue_lock;
private(QUEUE) struct bpf_list_head queue __contains(qelem, node);
private(QUEUE) u64 next_seq;

SEC("tc")
int list_enqueue(struct __sk_buff *skb)
{
	struct qelem *e;

	e = bpf_obj_new(typeof(*e));
	if (!e)
		return TC_ACT_OK;
	e->len = skb->len;
	e->prio = skb->priority;
	e->seq = __sync_fetch_and_add(&next_seq, 1);
	bpf_assert(e->prio < 8);
	bpf_spin_lock(&queue_lock);
	bpf_list_push_back(&queue, &e->node);
	bpf_spin_unlock(&queue_lock);
	return TC_ACT_OK;
}

SEC("tc")
int list_dequeue(struct __sk_buff *skb)
{
	struct bpf_list_node *n;
	struct qelem *e;
	u32 len;

	bpf_spin_lock(&queue_lock);
	n = bpf_list_pop_front(&queue);
	bpf_spin_unlock(&queue_lock);
	if (!n)
		return TC_ACT_OK;
	e = container_of(n, struct qelem, node);
	bpf_assert(e->len != 0);
	len = e->len;
	bpf_obj_drop(e);
	return len > 1500 ? TC_ACT_SHOT : TC_ACT_OK;
}
