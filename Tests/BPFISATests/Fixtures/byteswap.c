// Byte-order conversions: be16/be32/be64 before cpu v4.
// cflags: -mcpu=v2
#include "bpf_defs.h"

SEC("tp/byteswap") int byteswap(__u64 *ctx) {
    __u16 a = __builtin_bswap16((__u16)ctx[0]);
    __u32 b = __builtin_bswap32((__u32)ctx[1]);
    __u64 c = __builtin_bswap64(ctx[2]);
    return a + b + (c >> 32);
}
