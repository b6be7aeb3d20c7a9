// A bpf_obj_new node handed to a list and taken back, both inside bpf_spin_lock regions, with
// a throw while each reference is held. Inside a lock region the kernel allows no call but the
// list/rbtree kfuncs: the table backend's kfunc pop (the push_back transfer) and kfunc push
// (pop_front's new reference) are deferred past bpf_spin_unlock; inlined ones stay in place.
#include "bpfsim_kernel.h"

#define private(name) SEC(".bss." #name) __attribute__((visibility("hidden"), aligned(8)))

struct elem {
	long key;
	struct bpf_list_node link;
};

private(A) struct bpf_spin_lock lock;
private(A) struct bpf_list_head list __contains(elem, link);

SEC("tc")
int list_in_lock(struct __sk_buff *skb)
{
	struct bpf_list_node *n;
	struct elem *e = bpf_obj_new(struct elem);

	if (!e)
		return 0;
	e->key = skb->len;
	if (skb->len & 1)
		bpf_throw(1);
	bpf_spin_lock(&lock);
	bpf_list_push_back(&list, &e->link);
	bpf_spin_unlock(&lock);

	bpf_spin_lock(&lock);
	n = bpf_list_pop_front(&list);
	bpf_spin_unlock(&lock);
	if (!n)
		return 0;
	if (skb->len & 2)
		bpf_throw(2);
	bpf_obj_drop(bpfsim_container_of(n, struct elem, link));
	return 0;
}

char _license[] SEC("license") = "GPL";
