// A loop over a context buffer with 32-bit indices and JMP32 (cpu v3), unrolled by hand.
// cflags: -mcpu=v3
#include "bpf_defs.h"

SEC("tp/cpu_v3_loop") int cpu_v3_loop(__u8 *ctx) {
    __u32 h = 2166136261u;
#pragma clang loop unroll(disable)
    for (__u32 i = 0; i < 32; i++) h = (h ^ ctx[i]) * 16777619u;
    return h;
}
