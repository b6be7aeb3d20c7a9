// Global data in .data, .bss and .rodata.
#include "bpf_defs.h"

__u64 total = 7;
__u32 hits;
const volatile __u32 limit = 1000;

SEC("tp/globals") int globals(void *ctx) {
    hits++;
    total += hits;
    return total > limit;
}
