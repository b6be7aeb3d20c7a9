/* Models: the tc_ingress "is there a local socket for this flow" check of load balancers
 * (katran's and Cilium's local-delivery shortcut): try bpf_skc_lookup_tcp (which also finds
 * request and timewait sockets), fall back to a UDP lookup for non-TCP traffic, so the same
 * variable holds a reference from one of two acquiring helpers.
 *
 * manifest: prog=skc_fallback resources=sock throws_holding=yes stress=conditional-acquire
 */
#include "../../../include/corpus.h"

char LICENSE[] SEC("license") = "GPL";

SEC("tc")
int skc_fallback(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data, *end = (void *)(long)skb->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip = data + sizeof(*eth);
	struct tcphdr *l4 = (void *)ip + sizeof(*ip);
	struct bpf_sock_tuple tup = {};
	struct bpf_sock *sk;
	u8 proto;

	if ((void *)(l4 + 1) > end || eth->h_proto != bpf_htons(ETH_P_IP))
		return TC_ACT_OK;
	proto = ip->protocol;
	tup.ipv4.saddr = ip->saddr;
	tup.ipv4.daddr = ip->daddr;
	tup.ipv4.sport = l4->source;
	tup.ipv4.dport = l4->dest;
	if (proto == IPPROTO_TCP)
		sk = bpf_skc_lookup_tcp(skb, &tup, sizeof(tup.ipv4), BPF_F_CURRENT_NETNS, 0);
	else if (proto == IPPROTO_UDP)
		sk = bpf_sk_lookup_udp(skb, &tup, sizeof(tup.ipv4), BPF_F_CURRENT_NETNS, 0);
	else
		return TC_ACT_OK;
	if (!sk)
		return TC_ACT_OK;
	bpf_assert(sk->dst_port == l4->source || proto == IPPROTO_UDP);
	bpf_sk_release(sk);
	return TC_ACT_OK;
}
