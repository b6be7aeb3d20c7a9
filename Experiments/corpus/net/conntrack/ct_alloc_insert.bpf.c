/* Models: creating conntrack entries from BPF for flows a tc program admits (the ct_alloc /
 * ct_insert_entry part of test_bpf_nf.c, used by NAT and stateful firewalls): allocate an
 * entry, set its timeout, insert it (which consumes the allocated reference and returns a
 * new one), check and release.
 *
 * manifest: prog=ct_alloc_insert resources=nf_conn,nf_conn throws_holding=yes stress=release-returns-acquire
 */
#include "ct_common.h"

char LICENSE[] SEC("license") = "GPL";

SEC("tc")
int ct_alloc_insert(struct __sk_buff *skb)
{
	struct bpf_ct_opts opts = { .netns_id = BPF_F_CURRENT_NETNS };
	struct bpf_sock_tuple tup = {};
	struct nf_conn___init *nct;
	struct nf_conn *ct;

	if (ct_tuple((void *)(long)skb->data, (void *)(long)skb->data_end, &tup, &opts.l4proto))
		return TC_ACT_OK;
	ct = bpf_skb_ct_lookup(skb, &tup, sizeof(tup.ipv4), &opts, sizeof(opts));
	if (ct) {
		bpf_ct_release(ct);
		return TC_ACT_OK;
	}
	nct = bpf_skb_ct_alloc(skb, &tup, sizeof(tup.ipv4), &opts, sizeof(opts));
	if (!nct)
		return TC_ACT_SHOT;
	bpf_ct_set_timeout(nct, 10000);
	ct = bpf_ct_insert_entry(nct);
	if (!ct)
		return TC_ACT_SHOT;
	bpf_assert(ct->status & IPS_CONFIRMED);
	bpf_ct_release(ct);
	return TC_ACT_OK;
}
