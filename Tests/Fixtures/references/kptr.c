// Ownership transfer into a map: bpf_kptr_xchg stores a referenced pointer in a map value's
// __kptr field (the map owns it) and hands back the old one, a new reference of the field's
// type, which the verifier takes from the map value's BTF.
#include "bpfsim_kernel.h"

struct stash {
	struct task_struct __kptr *task;
	struct cgroup __kptr *cgrp;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, u32);
	__type(value, struct stash);
} stashes SEC(".maps");

SEC("tc")
int c_kptr_stash_task(struct __sk_buff *skb)
{
	struct task_struct *t, *old;
	struct stash *s;
	u32 zero = 0;

	s = bpf_map_lookup_elem(&stashes, &zero);
	if (!s)
		return 0;
	t = bpf_task_from_pid(skb->len);
	if (!t)
		return 0;
	old = bpf_kptr_xchg(&s->task, t);
	if (old)
		bpf_task_release(old);
	return 0;
}

SEC("tc")
int c_kptr_old_value_leak(struct __sk_buff *skb)
{
	struct task_struct *t, *old;
	struct stash *s;
	u32 zero = 0;

	s = bpf_map_lookup_elem(&stashes, &zero);
	if (!s)
		return 0;
	t = bpf_task_from_pid(skb->len);
	if (!t)
		return 0;
	old = bpf_kptr_xchg(&s->task, t);
	return old != 0;
}

SEC("tc")
int c_kptr_use_after_stash(struct __sk_buff *skb)
{
	struct task_struct *t, *old;
	struct stash *s;
	u32 zero = 0;

	s = bpf_map_lookup_elem(&stashes, &zero);
	if (!s)
		return 0;
	t = bpf_task_from_pid(skb->len);
	if (!t)
		return 0;
	old = bpf_kptr_xchg(&s->task, t);
	if (old)
		bpf_task_release(old);
	return t->pid;
}

/* Taking the cgroup out with a NULL: the old value's type comes from the field. */
SEC("tc")
int c_kptr_take_cgroup(struct __sk_buff *skb)
{
	struct cgroup *old;
	struct stash *s;
	u32 zero = 0;

	s = bpf_map_lookup_elem(&stashes, &zero);
	if (!s)
		return 0;
	old = bpf_kptr_xchg(&s->cgrp, 0);
	if (old)
		bpf_cgroup_release(old);
	return 0;
}

SEC("tc")
int c_kptr_take_cgroup_wrong_release(struct __sk_buff *skb)
{
	struct cgroup *old;
	struct stash *s;
	u32 zero = 0;

	s = bpf_map_lookup_elem(&stashes, &zero);
	if (!s)
		return 0;
	old = bpf_kptr_xchg(&s->cgrp, 0);
	if (old)
		bpf_task_release((struct task_struct *)old);
	return 0;
}

SEC("tc")
int c_kptr_stash_wrong_type(struct __sk_buff *skb)
{
	struct task_struct *t, *old;
	struct stash *s;
	u32 zero = 0;

	s = bpf_map_lookup_elem(&stashes, &zero);
	if (!s)
		return 0;
	t = bpf_task_from_pid(skb->len);
	if (!t)
		return 0;
	old = bpf_kptr_xchg(&s->cgrp, t);
	if (old)
		bpf_task_release(old);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
