// bpf_loop with a static callback: the callback's address is an lddw of a function.
#include "bpf_defs.h"

static int step(__u32 index, void *data) {
    *(__u64 *)data += index;
    return 0;
}

SEC("tp/callback") int callback(void *ctx) {
    __u64 sum = 0;
    bpf_loop(10, step, &sum, 0);
    return sum;
}
