// 32-bit atomics (w registers with -mcpu=v3).
// cflags: -mcpu=v3
#include "bpf_defs.h"

__u32 counter32, flags32;

SEC("tp/atomics32") int atomics32(void *ctx) {
    __sync_fetch_and_add(&counter32, 1);
    __u32 old = __sync_fetch_and_add(&counter32, 5);
    __sync_fetch_and_or(&flags32, 2);
    old ^= __sync_fetch_and_xor(&flags32, 1);
    old += __sync_lock_test_and_set(&flags32, 9);
    old += __sync_val_compare_and_swap(&counter32, 6, 7);
    return old;
}
