// Conntrack entries in C (SPEC §2): bpf_skb_ct_lookup acquires, bpf_ct_release releases.
#include "bpfsim_kernel.h"

static __always_inline struct nf_conn *lookup(struct __sk_buff *skb, struct bpf_ct_opts *opts)
{
	struct bpf_sock_tuple tuple = {};

	return bpf_skb_ct_lookup(skb, &tuple, sizeof(tuple.ipv4), opts, sizeof(*opts));
}

SEC("tc")
int c_ct_lookup_release(struct __sk_buff *skb)
{
	struct bpf_ct_opts opts = { .netns_id = -1, .l4proto = 6 };
	struct nf_conn *ct = lookup(skb, &opts);

	if (!ct)
		return 0;
	bpf_ct_release(ct);
	return 0;
}

SEC("tc")
int c_ct_leak(struct __sk_buff *skb)
{
	struct bpf_ct_opts opts = { .netns_id = -1, .l4proto = 6 };
	struct nf_conn *ct = lookup(skb, &opts);

	return ct != 0;
}

SEC("tc")
int c_ct_double_release(struct __sk_buff *skb)
{
	struct bpf_ct_opts opts = { .netns_id = -1, .l4proto = 6 };
	struct nf_conn *ct = lookup(skb, &opts);

	if (!ct)
		return 0;
	bpf_ct_release(ct);
	bpf_ct_release(ct);
	return 0;
}

SEC("tc")
int c_ct_release_unacquired(struct __sk_buff *skb)
{
	bpf_ct_release((struct nf_conn *)bpf_get_current_task_btf());
	return 0;
}

SEC("tc")
int c_ct_use_after_release(struct __sk_buff *skb)
{
	struct bpf_ct_opts opts = { .netns_id = -1, .l4proto = 6 };
	struct nf_conn *ct = lookup(skb, &opts);

	if (!ct)
		return 0;
	bpf_ct_release(ct);
	return ct->status & 1;
}

SEC("tc")
int c_ct_throw_holding(struct __sk_buff *skb)
{
	struct bpf_ct_opts opts = { .netns_id = -1, .l4proto = 6 };
	struct nf_conn *ct = lookup(skb, &opts);

	if (!ct)
		return 0;
	bpf_throw(3);
	bpf_ct_release(ct);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
