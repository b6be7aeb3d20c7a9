/* Models: a deadline queue on a bpf_rb_root (rbtree selftests; the vtime-ordered run queues
 * of sched_ext schedulers): insert with a less() callback, then take the earliest node out
 * with bpf_rbtree_first + bpf_rbtree_remove, check it has expired and free it.
 *
 * manifest: prog=timer_arm resources=obj_new throws_holding=no stress=callback
 * manifest: prog=timer_expire resources=obj_new throws_holding=yes stress=acquire-by-remove
 */
#include "../../include/corpus.h"

char LICENSE[] SEC("license") = "GPL";

struct timer_node {
	u64 deadline;
	u32 owner;
	struct bpf_rb_node rb;
};

private(TIMERS) struct bpf_spin_lock timers_lock;
private(TIMERS) struct bpf_rb_root timers __contains(timer_node, rb);

static bool deadline_less(struct bpf_rb_node *a, const struct bpf_rb_node *b)
{
	struct timer_node *ta = container_of(a, struct timer_node, rb);
	const struct timer_node *tb = container_of(b, struct timer_node, rb);

	return ta->deadline < tb->deadline;
}

SEC("tc")
int timer_arm(struct __sk_buff *skb)
{
	struct timer_node *t;

	t = bpf_obj_new(typeof(*t));
	if (!t)
		return TC_ACT_OK;
	t->deadline = bpf_ktime_get_ns() + (skb->len << 10);
	t->owner = skb->ifindex;
	bpf_spin_lock(&timers_lock);
	bpf_rbtree_add(&timers, &t->rb, deadline_less);
	bpf_spin_unlock(&timers_lock);
	return TC_ACT_OK;
}

SEC("tc")
int timer_expire(struct __sk_buff *skb)
{
	struct bpf_rb_node *first, *n;
	struct timer_node *t;
	u64 now = bpf_ktime_get_ns();
	u32 owner;

	bpf_spin_lock(&timers_lock);
	first = bpf_rbtree_first(&timers);
	if (!first) {
		bpf_spin_unlock(&timers_lock);
		return TC_ACT_OK;
	}
	n = bpf_rbtree_remove(&timers, first);
	bpf_spin_unlock(&timers_lock);
	if (!n)
		return TC_ACT_OK;
	t = container_of(n, struct timer_node, rb);
	bpf_assert(t->deadline <= now);
	owner = t->owner;
	bpf_obj_drop(t);
	return owner == 0 ? TC_ACT_SHOT : TC_ACT_OK;
}
