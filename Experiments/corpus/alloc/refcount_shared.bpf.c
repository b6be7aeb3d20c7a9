/* Models: the refcounted_kptr selftests' pattern of one object in two collections at once
 * (a flow both in an rbtree by key and in an LRU list): allocate, take a second owning
 * reference with bpf_refcount_acquire, validate, insert the two references in the two
 * collections under one lock.
 *
 * manifest: prog=refcount_shared resources=obj_new,obj_new throws_holding=yes stress=two-refs-one-object
 */
#include "../../include/corpus.h"

char LICENSE[] SEC("license") = "GPL";

struct flow {
	u64 key;
	u64 bytes;
	struct bpf_rb_node by_key;
	struct bpf_list_node lru;
	struct bpf_refcount ref;
};

private(FLOWS) struct bpf_spin_lock flows_lock;
private(FLOWS) struct bpf_rb_root flows_by_key __contains(flow, by_key);
private(FLOWS) struct bpf_list_head flows_lru __contains(flow, lru);

static bool flow_less(struct bpf_rb_node *a, const struct bpf_rb_node *b)
{
	return container_of(a, struct flow, by_key)->key < container_of(b, struct flow, by_key)->key;
}

SEC("tc")
int refcount_shared(struct __sk_buff *skb)
{
	struct flow *f, *f2;

	f = bpf_obj_new(typeof(*f));
	if (!f)
		return TC_ACT_OK;
	f->key = ((u64)skb->hash << 32) | skb->protocol;
	f->bytes = skb->len;
	f2 = bpf_refcount_acquire(f);
	if (!f2) {
		bpf_obj_drop(f);
		return TC_ACT_OK;
	}
	bpf_assert(f->key != 0);
	bpf_spin_lock(&flows_lock);
	bpf_rbtree_add(&flows_by_key, &f->by_key, flow_less);
	bpf_list_push_front(&flows_lru, &f2->lru);
	bpf_spin_unlock(&flows_lock);
	return TC_ACT_OK;
}
