// A bounded loop over a stack array.
#include "bpf_defs.h"

SEC("tp/loop_sum") int loop_sum(void *ctx) {
    volatile __u32 values[16];
    __u32 sum = 0;
    for (int i = 0; i < 16; i++) values[i] = i * 7;
    for (int i = 0; i < 16; i++) sum += values[i];
    return sum;
}
