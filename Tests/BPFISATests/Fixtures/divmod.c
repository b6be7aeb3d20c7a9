// Unsigned division and modulo, 64 and 32 bits.
#include "bpf_defs.h"

SEC("tp/divmod") int divmod(__u64 *ctx) {
    __u64 a = ctx[0], b = ctx[1] | 1;
    __u32 c = ctx[2], d = ctx[3] | 1;
    return a / b + a % b + c / d + c % d + a / 10 + c % 7;
}
