// Program-local objects in C (SPEC §2): bpf_obj_new acquires, bpf_obj_drop releases;
// bpf_refcount_acquire takes a second reference to a refcounted object.
#include "bpfsim_kernel.h"

struct item {
	long key;
	long value;
};

struct shared_item {
	long value;
	struct bpf_refcount ref;
};

static struct item not_allocated;

SEC("tc")
int c_obj_new_drop(struct __sk_buff *skb)
{
	struct item *it = bpf_obj_new(struct item);

	if (!it)
		return 0;
	it->key = skb->len;
	bpf_obj_drop(it);
	return 0;
}

SEC("tc")
int c_obj_leak(struct __sk_buff *skb)
{
	struct item *it = bpf_obj_new(struct item);

	if (!it)
		return 0;
	it->key = skb->len;
	return 0;
}

SEC("tc")
int c_obj_double_drop(struct __sk_buff *skb)
{
	struct item *it = bpf_obj_new(struct item);

	if (!it)
		return 0;
	bpf_obj_drop(it);
	bpf_obj_drop(it);
	return 0;
}

SEC("tc")
int c_obj_drop_unacquired(struct __sk_buff *skb)
{
	bpf_obj_drop(&not_allocated);
	return 0;
}

SEC("tc")
int c_obj_use_after_drop(struct __sk_buff *skb)
{
	struct item *it = bpf_obj_new(struct item);

	if (!it)
		return 0;
	bpf_obj_drop(it);
	it->value = 1;
	return 0;
}

SEC("tc")
int c_obj_throw_holding(struct __sk_buff *skb)
{
	struct item *it = bpf_obj_new(struct item);

	if (!it)
		return 0;
	bpf_throw(0);
	bpf_obj_drop(it);
	return 0;
}

SEC("tc")
int c_obj_refcount_acquire(struct __sk_buff *skb)
{
	struct shared_item *a = bpf_obj_new(struct shared_item), *b;

	if (!a)
		return 0;
	b = bpf_refcount_acquire(a);
	bpf_obj_drop(a);
	if (b)
		bpf_obj_drop(b);
	return 0;
}

SEC("tc")
int c_obj_refcount_acquire_leak(struct __sk_buff *skb)
{
	struct shared_item *a = bpf_obj_new(struct shared_item), *b;

	if (!a)
		return 0;
	b = bpf_refcount_acquire(a);
	bpf_obj_drop(a);
	return b != 0;
}

char LICENSE[] SEC("license") = "GPL";
