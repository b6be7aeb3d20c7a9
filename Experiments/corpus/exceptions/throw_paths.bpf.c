/* Models: a policy program with several throw sites, each with its own cookie, where
 * different sites hold different sets of references (a socket, a conntrack entry, both, or
 * none), so one program exercises every descriptor shape a frame can have.
 *
 * manifest: prog=throw_paths resources=sock,nf_conn throws_holding=yes stress=many-throw-sites
 */
#include "../../include/corpus.h"

char LICENSE[] SEC("license") = "GPL";

SEC("tc")
int throw_paths(struct __sk_buff *skb)
{
	struct bpf_ct_opts opts = { .netns_id = BPF_F_CURRENT_NETNS, .l4proto = IPPROTO_TCP };
	void *data = (void *)(long)skb->data, *end = (void *)(long)skb->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip = data + sizeof(*eth);
	struct tcphdr *tcp = (void *)ip + sizeof(*ip);
	struct bpf_sock_tuple tup = {};
	struct bpf_sock *sk;
	struct nf_conn *ct;

	bpf_assert_with((void *)(tcp + 1) <= end, 1);
	bpf_assert_with(ip->protocol == IPPROTO_TCP, 2);
	tup.ipv4.saddr = ip->saddr;
	tup.ipv4.daddr = ip->daddr;
	tup.ipv4.sport = tcp->source;
	tup.ipv4.dport = tcp->dest;
	sk = bpf_sk_lookup_tcp(skb, &tup, sizeof(tup.ipv4), BPF_F_CURRENT_NETNS, 0);
	if (!sk)
		return TC_ACT_OK;
	bpf_assert_with(sk->family == 2, 3);
	ct = bpf_skb_ct_lookup(skb, &tup, sizeof(tup.ipv4), &opts, sizeof(opts));
	if (!ct) {
		bpf_sk_release(sk);
		return TC_ACT_OK;
	}
	bpf_assert_with(ct->mark != 0xdead, 4);
	bpf_sk_release(sk);
	bpf_assert_with(ct->status != 0, 5);
	bpf_ct_release(ct);
	return TC_ACT_OK;
}
