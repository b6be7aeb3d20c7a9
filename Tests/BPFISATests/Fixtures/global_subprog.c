// A global (non-static) subprogram, verified on its own by the kernel.
#include "bpf_defs.h"

__noinline int clamp(int x, int lo, int hi) {
    if (x < lo) return lo;
    if (x > hi) return hi;
    return x;
}

SEC("tp/global_subprog") int global_subprog(__u64 *ctx) { return clamp(ctx[0], 0, 255); }
