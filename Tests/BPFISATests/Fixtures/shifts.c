// Logical and arithmetic shifts by registers and constants.
#include "bpf_defs.h"

SEC("tp/shifts") int shifts(__u64 *ctx) {
    __s64 s = ctx[0];
    __u64 u = ctx[1];
    unsigned n = ctx[2] & 63;
    return (s >> 3) + (s >> n) + (u << 5) + (u >> n) + (u << n) + ((__s32)u >> 7);
}
