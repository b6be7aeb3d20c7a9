// Ownership transfer into collections: bpf_list_push_* and bpf_rbtree_add end the program's
// reference (the list or tree owns the node); bpf_list_pop_* and bpf_rbtree_remove hand one
// back. Collections and their lock live in a .bss.A global, as the kernel selftests keep them.
#include "bpfsim_kernel.h"

#define private(name) SEC(".bss." #name) __attribute__((visibility("hidden"), aligned(8)))

/* A node type may sit in a list or in a tree, not both (unless it is refcounted). */
struct elem {
	long key;
	struct bpf_list_node link;
};

struct tnode {
	long key;
	struct bpf_rb_node rb;
};

private(A) struct bpf_spin_lock lock;
private(A) struct bpf_list_head list __contains(elem, link);
private(A) struct bpf_rb_root tree __contains(tnode, rb);

static _Bool less(struct bpf_rb_node *a, const struct bpf_rb_node *b)
{
	return bpfsim_container_of(a, struct tnode, rb)->key < bpfsim_container_of(b, struct tnode, rb)->key;
}

SEC("tc")
int c_list_push_pop(struct __sk_buff *skb)
{
	struct bpf_list_node *n;
	struct elem *e = bpf_obj_new(struct elem);

	if (!e)
		return 0;
	e->key = skb->len;
	bpf_spin_lock(&lock);
	bpf_list_push_back(&list, &e->link);
	bpf_spin_unlock(&lock);

	bpf_spin_lock(&lock);
	n = bpf_list_pop_front(&list);
	bpf_spin_unlock(&lock);
	if (n)
		bpf_obj_drop(bpfsim_container_of(n, struct elem, link));
	return 0;
}

SEC("tc")
int c_list_pop_leak(struct __sk_buff *skb)
{
	struct bpf_list_node *n;

	bpf_spin_lock(&lock);
	n = bpf_list_pop_front(&list);
	bpf_spin_unlock(&lock);
	return n != 0;
}

SEC("tc")
int c_list_push_without_lock(struct __sk_buff *skb)
{
	struct elem *e = bpf_obj_new(struct elem);

	if (!e)
		return 0;
	bpf_list_push_back(&list, &e->link);
	return 0;
}

SEC("tc")
int c_list_use_after_push(struct __sk_buff *skb)
{
	struct elem *e = bpf_obj_new(struct elem);

	if (!e)
		return 0;
	bpf_spin_lock(&lock);
	bpf_list_push_front(&list, &e->link);
	bpf_spin_unlock(&lock);
	e->key = 1;
	return 0;
}

SEC("tc")
int c_list_drop_after_push(struct __sk_buff *skb)
{
	struct elem *e = bpf_obj_new(struct elem);

	if (!e)
		return 0;
	bpf_spin_lock(&lock);
	bpf_list_push_front(&list, &e->link);
	bpf_spin_unlock(&lock);
	bpf_obj_drop(e);
	return 0;
}

SEC("tc")
int c_rbtree_add_remove(struct __sk_buff *skb)
{
	struct bpf_rb_node *n;
	struct tnode *e = bpf_obj_new(struct tnode);

	if (!e)
		return 0;
	e->key = skb->len;
	bpf_spin_lock(&lock);
	bpf_rbtree_add(&tree, &e->rb, less);
	n = bpf_rbtree_first(&tree);
	if (n)
		n = bpf_rbtree_remove(&tree, n);
	bpf_spin_unlock(&lock);
	if (n)
		bpf_obj_drop(bpfsim_container_of(n, struct tnode, rb));
	return 0;
}

SEC("tc")
int c_rbtree_remove_leak(struct __sk_buff *skb)
{
	struct bpf_rb_node *n;

	bpf_spin_lock(&lock);
	n = bpf_rbtree_first(&tree);
	if (n)
		n = bpf_rbtree_remove(&tree, n);
	bpf_spin_unlock(&lock);
	return n != 0;
}

char LICENSE[] SEC("license") = "GPL";
