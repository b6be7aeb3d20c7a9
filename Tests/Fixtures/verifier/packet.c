// Packet parsing as XDP and tc programs are written: every header read is preceded by a
// `data + n > data_end` check. The rejected ones carry the bugs users actually make: a
// forgotten check, an off-by-one check, a pointer kept across a helper that moves the packet.
// Expected kernel verdicts: manifest.json beside this file.
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

struct vlan_hdr {
	__be16 tci;
	__be16 proto;
};

/* Accepted: the classic Ethernet + IPv4 + TCP port filter. */
SEC("xdp")
int xdp_drop_tcp_port(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	if ((void *)(eth + 1) > data_end)
		return XDP_PASS;
	if (eth->h_proto != bpf_htons(ETH_P_IP))
		return XDP_PASS;
	struct iphdr *ip = (void *)(eth + 1);
	if ((void *)(ip + 1) > data_end)
		return XDP_PASS;
	if (ip->protocol != IPPROTO_TCP)
		return XDP_PASS;
	struct tcphdr *tcp = (void *)ip + ip->ihl * 4;
	if ((void *)(tcp + 1) > data_end)
		return XDP_PASS;
	return tcp->dest == bpf_htons(8080) ? XDP_DROP : XDP_PASS;
}

/* Accepted: IPv6 with UDP, both headers checked in one comparison. */
SEC("xdp")
int xdp_ipv6_udp(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct ipv6hdr *ip6 = data + sizeof(*eth);
	struct udphdr *udp = data + sizeof(*eth) + sizeof(*ip6);
	if ((void *)(udp + 1) > data_end)
		return XDP_PASS;
	if (eth->h_proto != bpf_htons(ETH_P_IPV6) || ip6->nexthdr != IPPROTO_UDP)
		return XDP_PASS;
	return udp->dest == bpf_htons(53) ? XDP_TX : XDP_PASS;
}

/* Accepted: up to two VLAN tags skipped in a bounded loop. */
SEC("xdp")
int xdp_skip_vlans(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	if ((void *)(eth + 1) > data_end)
		return XDP_ABORTED;
	__u16 proto = eth->h_proto;
	void *cursor = eth + 1;
#pragma unroll
	for (int i = 0; i < 2; i++) {
		if (proto != bpf_htons(ETH_P_8021Q) && proto != bpf_htons(ETH_P_8021AD))
			break;
		struct vlan_hdr *vlan = cursor;
		if ((void *)(vlan + 1) > data_end)
			return XDP_DROP;
		proto = vlan->proto;
		cursor = vlan + 1;
	}
	return proto == bpf_htons(ETH_P_ARP) ? XDP_DROP : XDP_PASS;
}

/* Accepted: tc reads the packet through __sk_buff's data/data_end and rewrites the TOS. */
SEC("tc")
int tc_set_tos(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data;
	void *data_end = (void *)(long)skb->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip = data + sizeof(*eth);
	if ((void *)(ip + 1) > data_end)
		return TC_ACT_OK;
	if (eth->h_proto != bpf_htons(ETH_P_IP))
		return TC_ACT_OK;
	ip->tos = 0x10;
	return TC_ACT_OK;
}

/* Accepted: a header copied out with bpf_skb_load_bytes instead of direct access. */
SEC("socket")
int socket_load_bytes(struct __sk_buff *skb)
{
	struct iphdr ip;
	if (bpf_skb_load_bytes(skb, ETH_HLEN, &ip, sizeof(ip)) < 0)
		return 0;
	return ip.protocol == IPPROTO_UDP ? skb->len : 0;
}

/* Accepted: the packet pointers are read again after bpf_xdp_adjust_head. */
SEC("xdp")
int xdp_pop_header(struct xdp_md *ctx)
{
	if (bpf_xdp_adjust_head(ctx, 4))
		return XDP_DROP;
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	if ((void *)(eth + 1) > data_end)
		return XDP_DROP;
	return eth->h_proto == bpf_htons(ETH_P_IP) ? XDP_PASS : XDP_DROP;
}

/* Rejected: the Ethernet header is read without any bounds check. */
SEC("xdp")
int xdp_no_bounds_check(struct xdp_md *ctx)
{
	struct ethhdr *eth = (void *)(long)ctx->data;
	return eth->h_proto == bpf_htons(ETH_P_IP) ? XDP_PASS : XDP_DROP;
}

/* Rejected: the check covers the Ethernet header, the read is in the IP header after it. */
SEC("xdp")
int xdp_check_too_short(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	if ((void *)(eth + 1) > data_end)
		return XDP_PASS;
	struct iphdr *ip = (void *)(eth + 1);
	return ip->protocol == IPPROTO_TCP ? XDP_DROP : XDP_PASS;
}

/* Rejected: the packet pointer is used after bpf_xdp_adjust_head invalidated it. */
SEC("xdp")
int xdp_stale_pointer(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	if ((void *)(eth + 1) > data_end)
		return XDP_PASS;
	if (bpf_xdp_adjust_head(ctx, 0))
		return XDP_DROP;
	return eth->h_proto == bpf_htons(ETH_P_IP) ? XDP_PASS : XDP_DROP;
}

/* Rejected: the TCP header offset comes from the packet (ihl) but the check used a fixed size. */
SEC("tc")
int tc_variable_offset_unchecked(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data;
	void *data_end = (void *)(long)skb->data_end;
	struct iphdr *ip = data + ETH_HLEN;
	if ((void *)(ip + 1) + sizeof(struct tcphdr) > data_end)
		return TC_ACT_OK;
	struct tcphdr *tcp = (void *)ip + ip->ihl * 4;
	return tcp->syn ? TC_ACT_SHOT : TC_ACT_OK;
}

/* Rejected: a socket filter may not read the packet directly. */
SEC("socket")
int socket_direct_access(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data;
	void *data_end = (void *)(long)skb->data_end;
	if (data + 1 > data_end)
		return 0;
	return *(__u8 *)data;
}

char _license[] SEC("license") = "GPL";
