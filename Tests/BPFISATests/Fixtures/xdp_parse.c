// Packet parsing with bounds checks against data_end, and network byte order.
#include "bpf_defs.h"

struct ethhdr { __u8 dst[6]; __u8 src[6]; __u16 proto; };
struct iphdr { __u8 ihl_version; __u8 tos; __u16 len; __u16 id; __u16 frag; __u8 ttl; __u8 protocol; __u16 check; __u32 saddr; __u32 daddr; };

SEC("xdp") int xdp_parse(struct xdp_md *ctx) {
    void *data = (void *)(long)ctx->data;
    void *end = (void *)(long)ctx->data_end;
    struct ethhdr *eth = data;
    if ((void *)(eth + 1) > end) return 1;
    if (eth->proto != __builtin_bswap16(0x0800)) return 2;
    struct iphdr *ip = (void *)(eth + 1);
    if ((void *)(ip + 1) > end) return 1;
    if (ip->protocol == 17 && __builtin_bswap32(ip->daddr) >> 24 == 10) return 1;
    return 2;
}
