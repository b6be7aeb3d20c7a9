// cpu v1: no JLT/JLE/JSLT/JSLE, so comparisons are rewritten with swapped operands.
// cflags: -mcpu=v1
#include "bpf_defs.h"

SEC("tp/v1_jumps") int v1_jumps(__u64 *ctx) {
    __u64 a = ctx[0], b = ctx[1];
    __s64 s = ctx[2];
    if (a < b) return 1;
    if (a <= 17) return 2;
    if (s < -3) return 3;
    if (s <= b) return 4;
    return 0;
}
