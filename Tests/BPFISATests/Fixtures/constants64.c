// 64-bit constants (lddw) and 32-bit ones that need sign care.
#include "bpf_defs.h"

SEC("tp/constants64") int constants64(__u64 *ctx) {
    __u64 a = ctx[0] ^ 0x1122334455667788ULL;
    __u64 b = ctx[1] + 0xffffffff00000000ULL;
    __u64 c = ctx[2] & 0x7fffffff;
    __s64 d = (__s64)ctx[3] * -2147483647LL;
    return (a >> 60) + (b >> 40) + c + d + 0x80000000ULL;
}
