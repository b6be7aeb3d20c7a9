// cgroup references in C (SPEC §2). manifest.json holds the kernel's verdict on each program.
#include "bpfsim_kernel.h"

SEC("tc")
int c_cgroup_acquire_release(struct __sk_buff *skb)
{
	struct cgroup *cg = bpf_cgroup_from_id(skb->mark);

	if (!cg)
		return 0;
	bpf_cgroup_release(cg);
	return 0;
}

SEC("tc")
int c_cgroup_leak(struct __sk_buff *skb)
{
	struct cgroup *cg = bpf_cgroup_from_id(skb->mark);

	return cg != 0;
}

SEC("tc")
int c_cgroup_double_release(struct __sk_buff *skb)
{
	struct cgroup *cg = bpf_cgroup_from_id(skb->mark);

	if (!cg)
		return 0;
	bpf_cgroup_release(cg);
	bpf_cgroup_release(cg);
	return 0;
}

SEC("tc")
int c_cgroup_release_unacquired(struct __sk_buff *skb)
{
	bpf_cgroup_release((struct cgroup *)bpf_get_current_task_btf());
	return 0;
}

SEC("tc")
int c_cgroup_use_after_release(struct __sk_buff *skb)
{
	struct cgroup *cg = bpf_cgroup_from_id(skb->mark);
	struct cgroup *parent;

	if (!cg)
		return 0;
	bpf_cgroup_release(cg);
	parent = bpf_cgroup_ancestor(cg, 0);
	if (parent)
		bpf_cgroup_release(parent);
	return 0;
}

SEC("tc")
int c_cgroup_throw_holding(struct __sk_buff *skb)
{
	struct cgroup *cg = bpf_cgroup_from_id(skb->mark);

	if (!cg)
		return 0;
	if (skb->len > 100)
		bpf_throw(2);
	bpf_cgroup_release(cg);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
