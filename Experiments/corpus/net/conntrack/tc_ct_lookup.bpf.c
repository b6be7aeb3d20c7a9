/* Models: stateful filtering on tc with the netfilter conntrack kfuncs (test_bpf_nf.c, and
 * firewalls that consult the host's conntrack table): look the flow up, let confirmed
 * connections through, release the entry.
 *
 * manifest: prog=tc_ct_lookup resources=nf_conn throws_holding=no stress=none
 * manifest: prog=tc_ct_lookup_assert resources=nf_conn throws_holding=yes stress=none
 */
#include "ct_common.h"

char LICENSE[] SEC("license") = "GPL";

SEC("tc")
int tc_ct_lookup(struct __sk_buff *skb)
{
	struct bpf_ct_opts opts = { .netns_id = BPF_F_CURRENT_NETNS };
	struct bpf_sock_tuple tup = {};
	struct nf_conn *ct;
	unsigned long status;

	if (ct_tuple((void *)(long)skb->data, (void *)(long)skb->data_end, &tup, &opts.l4proto))
		return TC_ACT_OK;
	ct = bpf_skb_ct_lookup(skb, &tup, sizeof(tup.ipv4), &opts, sizeof(opts));
	if (!ct)
		return TC_ACT_SHOT;
	status = ct->status;
	bpf_ct_release(ct);
	return (status & IPS_CONFIRMED) ? TC_ACT_OK : TC_ACT_SHOT;
}

SEC("tc")
int tc_ct_lookup_assert(struct __sk_buff *skb)
{
	struct bpf_ct_opts opts = { .netns_id = BPF_F_CURRENT_NETNS };
	struct bpf_sock_tuple tup = {};
	struct nf_conn *ct;
	u32 mark;

	if (ct_tuple((void *)(long)skb->data, (void *)(long)skb->data_end, &tup, &opts.l4proto))
		return TC_ACT_OK;
	ct = bpf_skb_ct_lookup(skb, &tup, sizeof(tup.ipv4), &opts, sizeof(opts));
	if (!ct)
		return TC_ACT_OK;
	mark = ct->mark;
	/* Marks above 0xffff belong to another subsystem: treat as a policy bug. */
	bpf_assert_with(mark <= 0xffff, TC_ACT_SHOT);
	bpf_ct_release(ct);
	return mark ? TC_ACT_SHOT : TC_ACT_OK;
}
