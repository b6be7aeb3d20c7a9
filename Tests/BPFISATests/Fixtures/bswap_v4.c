// Unconditional byte swaps (bswap16/32/64) of cpu v4.
// cflags: -mcpu=v4
// llvm14: skip (cpu v4)
#include "bpf_defs.h"

SEC("tp/bswap_v4") int bswap_v4(__u64 *ctx) {
    __u16 a = __builtin_bswap16((__u16)ctx[0]);
    __u32 b = __builtin_bswap32((__u32)ctx[1]);
    __u64 c = __builtin_bswap64(ctx[2]);
    return a + b + (c >> 32);
}
