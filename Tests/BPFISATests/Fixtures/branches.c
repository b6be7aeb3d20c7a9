// If/else chains and a switch, signed and unsigned comparisons.
#include "bpf_defs.h"

SEC("tp/branches") int branches(__u64 *ctx) {
    __s64 a = ctx[0];
    __u64 b = ctx[1];
    int r = 0;
    if (a < -5) r = 1;
    else if (a > 100) r = 2;
    else if (b >= 7) r = 3;
    else if (b & 4) r = 4;
    switch (ctx[2]) {
    case 1: r += 10; break;
    case 2: r += 20; break;
    case 7: r *= 3; break;
    default: r -= 1;
    }
    return r;
}
