/* Models: the tc ingress socket lookup of Cilium's bpf_lxc / host firewall and of the
 * sk_lookup selftests: parse IPv4+TCP with direct packet access, look the 4-tuple up with
 * bpf_sk_lookup_tcp in the current netns, read the socket state and release it.
 *
 * manifest: prog=tc_established resources=sock throws_holding=no stress=none
 * manifest: prog=tc_established_assert resources=sock throws_holding=yes stress=none
 */
#include "../../../include/corpus.h"

char LICENSE[] SEC("license") = "GPL";

static __always_inline int parse_v4_tcp(struct __sk_buff *skb, struct bpf_sock_tuple *tup)
{
	void *data = (void *)(long)skb->data, *end = (void *)(long)skb->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip = data + sizeof(*eth);
	struct tcphdr *tcp = (void *)ip + sizeof(*ip);

	if ((void *)(tcp + 1) > end)
		return -1;
	if (eth->h_proto != bpf_htons(ETH_P_IP) || ip->protocol != IPPROTO_TCP || ip->ihl != 5)
		return -1;
	tup->ipv4.saddr = ip->saddr;
	tup->ipv4.daddr = ip->daddr;
	tup->ipv4.sport = tcp->source;
	tup->ipv4.dport = tcp->dest;
	return 0;
}

SEC("tc")
int tc_established(struct __sk_buff *skb)
{
	struct bpf_sock_tuple tup = {};
	struct bpf_sock *sk;
	u32 state;

	if (parse_v4_tcp(skb, &tup))
		return TC_ACT_OK;
	sk = bpf_sk_lookup_tcp(skb, &tup, sizeof(tup.ipv4), BPF_F_CURRENT_NETNS, 0);
	if (!sk)
		return TC_ACT_OK;
	state = sk->state;
	bpf_sk_release(sk);
	return state == 10 /* TCP_LISTEN */ ? TC_ACT_OK : TC_ACT_OK;
}

SEC("tc")
int tc_established_assert(struct __sk_buff *skb)
{
	struct bpf_sock_tuple tup = {};
	struct bpf_sock *sk;
	u32 family;

	if (parse_v4_tcp(skb, &tup))
		return TC_ACT_OK;
	sk = bpf_sk_lookup_tcp(skb, &tup, sizeof(tup.ipv4), BPF_F_CURRENT_NETNS, 0);
	if (!sk)
		return TC_ACT_OK;
	family = sk->family;
	bpf_assert_with(family == 2 /* AF_INET */, TC_ACT_SHOT);
	bpf_sk_release(sk);
	return TC_ACT_OK;
}
