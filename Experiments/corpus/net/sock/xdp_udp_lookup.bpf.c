/* Models: an XDP fast path that drops UDP datagrams nobody listens for (the XDP socket
 * lookups of the xdp/sk_lookup selftests and DNS/QUIC front ends): parse, bpf_sk_lookup_udp,
 * check the socket's protocol and port, release.
 *
 * manifest: prog=xdp_udp_lookup resources=sock throws_holding=yes stress=none
 */
#include "../../../include/corpus.h"

char LICENSE[] SEC("license") = "GPL";

SEC("xdp")
int xdp_udp_lookup(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip = data + sizeof(*eth);
	struct udphdr *udp = (void *)ip + sizeof(*ip);
	struct bpf_sock_tuple tup = {};
	struct bpf_sock *sk;
	u32 port;

	if ((void *)(udp + 1) > end)
		return XDP_PASS;
	if (eth->h_proto != bpf_htons(ETH_P_IP) || ip->protocol != IPPROTO_UDP)
		return XDP_PASS;
	tup.ipv4.saddr = ip->saddr;
	tup.ipv4.daddr = ip->daddr;
	tup.ipv4.sport = udp->source;
	tup.ipv4.dport = udp->dest;
	sk = bpf_sk_lookup_udp(ctx, &tup, sizeof(tup.ipv4), BPF_F_CURRENT_NETNS, 0);
	if (!sk)
		return XDP_DROP;
	port = sk->src_port;
	bpf_assert_with(sk->protocol == IPPROTO_UDP, XDP_ABORTED);
	bpf_sk_release(sk);
	return port ? XDP_PASS : XDP_DROP;
}
