/* tc/XDP constants and packet parsing used by the socket and conntrack programs.
 *
 * Written for bpfsim's corpus; the header layouts are the IETF ones, declared here so that
 * the corpus does not depend on glibc's netinet headers (which clang -target bpf cannot
 * always include). */
#ifndef BPFSIM_CORPUS_NET_H
#define BPFSIM_CORPUS_NET_H

#include "kernel_types.h"
#include <bpf/bpf_endian.h>

#define TC_ACT_OK 0
#define TC_ACT_SHOT 2
#define ETH_P_IP 0x0800
#define ETH_P_IPV6 0x86DD
#define IPPROTO_TCP 6
#define IPPROTO_UDP 17

struct ethhdr {
	u8 h_dest[6];
	u8 h_source[6];
	u16 h_proto;
} __attribute__((packed));

struct iphdr {
	u8 ihl : 4, version : 4;
	u8 tos;
	u16 tot_len;
	u16 id;
	u16 frag_off;
	u8 ttl;
	u8 protocol;
	u16 check;
	u32 saddr;
	u32 daddr;
};

struct tcphdr {
	u16 source;
	u16 dest;
	u32 seq;
	u32 ack_seq;
	u16 flags;
	u16 window;
	u16 check;
	u16 urg_ptr;
};

struct udphdr {
	u16 source;
	u16 dest;
	u16 len;
	u16 check;
};

#endif
