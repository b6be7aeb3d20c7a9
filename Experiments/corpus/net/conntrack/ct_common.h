/* Tuple parsing shared by the conntrack programs (IPv4 TCP/UDP, direct packet access). */
#ifndef CORPUS_CT_COMMON_H
#define CORPUS_CT_COMMON_H

#include "../../../include/corpus.h"

static __always_inline int ct_tuple(void *data, void *end, struct bpf_sock_tuple *tup, u8 *proto)
{
	struct ethhdr *eth = data;
	struct iphdr *ip = data + sizeof(*eth);
	struct udphdr *l4 = (void *)ip + sizeof(*ip);

	if ((void *)(l4 + 1) > end || eth->h_proto != bpf_htons(ETH_P_IP))
		return -1;
	if (ip->protocol != IPPROTO_TCP && ip->protocol != IPPROTO_UDP)
		return -1;
	*proto = ip->protocol;
	tup->ipv4.saddr = ip->saddr;
	tup->ipv4.daddr = ip->daddr;
	tup->ipv4.sport = l4->source;
	tup->ipv4.dport = l4->dest;
	return 0;
}

#endif
