/* Models: a host firewall that consults both conntrack and the socket table for the same
 * packet (Cilium's host policy with BPF conntrack disabled): hold a conntrack entry and a
 * socket at once, cross-check them, release in reverse order.
 *
 * manifest: prog=ct_and_socket resources=nf_conn,sock throws_holding=yes stress=two-resource-types
 */
#include "ct_common.h"

char LICENSE[] SEC("license") = "GPL";

SEC("tc")
int ct_and_socket(struct __sk_buff *skb)
{
	struct bpf_ct_opts opts = { .netns_id = BPF_F_CURRENT_NETNS };
	struct bpf_sock_tuple tup = {};
	struct bpf_sock *sk;
	struct nf_conn *ct;
	int verdict = TC_ACT_OK;

	if (ct_tuple((void *)(long)skb->data, (void *)(long)skb->data_end, &tup, &opts.l4proto))
		return TC_ACT_OK;
	if (opts.l4proto != IPPROTO_TCP)
		return TC_ACT_OK;
	ct = bpf_skb_ct_lookup(skb, &tup, sizeof(tup.ipv4), &opts, sizeof(opts));
	if (!ct)
		return TC_ACT_OK;
	sk = bpf_sk_lookup_tcp(skb, &tup, sizeof(tup.ipv4), BPF_F_CURRENT_NETNS, 0);
	if (sk) {
		bpf_assert(!(ct->status & IPS_CONFIRMED) || sk->state != 0);
		if (sk->state == 7 /* TCP_CLOSE */)
			verdict = TC_ACT_SHOT;
		bpf_sk_release(sk);
	}
	bpf_ct_release(ct);
	return verdict;
}
