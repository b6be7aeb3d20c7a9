// bpf_spin_lock rules: no calls while the lock is held, one lock at a time, unlocked before
// exit.
#include "bpfsim_kernel.h"

struct counter {
	struct bpf_spin_lock lock;
	u64 value;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2);
	__type(key, u32);
	__type(value, struct counter);
} counters SEC(".maps");

static __always_inline struct counter *counter(u32 key)
{
	return bpf_map_lookup_elem(&counters, &key);
}

SEC("tc")
int c_lock_unlock(struct __sk_buff *skb)
{
	struct counter *c = counter(0);

	if (!c)
		return 0;
	bpf_spin_lock(&c->lock);
	c->value += skb->len;
	bpf_spin_unlock(&c->lock);
	return 0;
}

SEC("tc")
int c_lock_exit_locked(struct __sk_buff *skb)
{
	struct counter *c = counter(0);

	if (!c)
		return 0;
	bpf_spin_lock(&c->lock);
	c->value += skb->len;
	return 0;
}

SEC("tc")
int c_lock_call_helper(struct __sk_buff *skb)
{
	struct counter *c = counter(0);

	if (!c)
		return 0;
	bpf_spin_lock(&c->lock);
	c->value = bpf_ktime_get_ns();
	bpf_spin_unlock(&c->lock);
	return 0;
}

SEC("tc")
int c_lock_twice(struct __sk_buff *skb)
{
	struct counter *a = counter(0), *b = counter(1);

	if (!a || !b)
		return 0;
	bpf_spin_lock(&a->lock);
	bpf_spin_lock(&b->lock);
	bpf_spin_unlock(&b->lock);
	bpf_spin_unlock(&a->lock);
	return 0;
}

SEC("tc")
int c_unlock_without_lock(struct __sk_buff *skb)
{
	struct counter *c = counter(0);

	if (!c)
		return 0;
	bpf_spin_unlock(&c->lock);
	return 0;
}

SEC("tc")
int c_lock_acquire_inside(struct __sk_buff *skb)
{
	struct counter *c = counter(0);
	struct task_struct *t;

	if (!c)
		return 0;
	bpf_spin_lock(&c->lock);
	t = bpf_task_from_pid(1);
	bpf_spin_unlock(&c->lock);
	if (t)
		bpf_task_release(t);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
