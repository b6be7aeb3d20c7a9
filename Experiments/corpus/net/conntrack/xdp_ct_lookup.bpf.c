/* Models: XDP DDoS filters that drop packets of flows conntrack does not know (the XDP half
 * of test_bpf_nf.c): bpf_xdp_ct_lookup, check the entry saw a reply, release.
 *
 * manifest: prog=xdp_ct_lookup resources=nf_conn throws_holding=yes stress=none
 */
#include "ct_common.h"

char LICENSE[] SEC("license") = "GPL";

SEC("xdp")
int xdp_ct_lookup(struct xdp_md *ctx)
{
	struct bpf_ct_opts opts = { .netns_id = BPF_F_CURRENT_NETNS };
	struct bpf_sock_tuple tup = {};
	struct nf_conn *ct;
	unsigned long status;

	if (ct_tuple((void *)(long)ctx->data, (void *)(long)ctx->data_end, &tup, &opts.l4proto))
		return XDP_PASS;
	ct = bpf_xdp_ct_lookup(ctx, &tup, sizeof(tup.ipv4), &opts, sizeof(opts));
	if (!ct)
		return XDP_DROP;
	status = ct->status;
	bpf_assert_with(opts.error == 0, XDP_ABORTED);
	bpf_ct_release(ct);
	return (status & IPS_SEEN_REPLY) ? XDP_PASS : XDP_DROP;
}
