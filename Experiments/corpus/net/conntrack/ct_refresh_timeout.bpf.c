/* Models: keeping idle-but-wanted flows alive from tc (conntrack timeout refresh in
 * test_bpf_nf.c and service meshes): look up, bpf_ct_change_timeout, and validate the
 * kfunc's result in a static helper that throws, while the entry is held by the caller.
 *
 * manifest: prog=ct_refresh_timeout resources=nf_conn throws_holding=yes stress=throw-in-static-callee
 */
#include "ct_common.h"

char LICENSE[] SEC("license") = "GPL";

static __noinline int must_succeed(int err, u64 where)
{
	if (err)
		bpf_throw(where);
	return 0;
}

SEC("tc")
int ct_refresh_timeout(struct __sk_buff *skb)
{
	struct bpf_ct_opts opts = { .netns_id = BPF_F_CURRENT_NETNS };
	struct bpf_sock_tuple tup = {};
	struct nf_conn *ct;
	int err;

	if (ct_tuple((void *)(long)skb->data, (void *)(long)skb->data_end, &tup, &opts.l4proto))
		return TC_ACT_OK;
	ct = bpf_skb_ct_lookup(skb, &tup, sizeof(tup.ipv4), &opts, sizeof(opts));
	if (!ct)
		return TC_ACT_OK;
	err = bpf_ct_change_timeout(ct, 30000);
	must_succeed(err, 1);
	bpf_ct_release(ct);
	return TC_ACT_OK;
}
