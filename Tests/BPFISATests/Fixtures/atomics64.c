// 64-bit atomics: lock +=, fetch forms, xchg, cmpxchg.
// cflags: -mcpu=v3
#include "bpf_defs.h"

__u64 counter, bits, seen;

SEC("tp/atomics64") int atomics64(void *ctx) {
    __sync_fetch_and_add(&counter, 1);
    __u64 old = __sync_fetch_and_add(&counter, 2);
    __sync_fetch_and_or(&bits, 4);
    old += __sync_fetch_and_and(&bits, 0xff);
    old += __sync_fetch_and_xor(&bits, old);
    old += __sync_lock_test_and_set(&seen, 1);
    old += __sync_val_compare_and_swap(&seen, 1, 2);
    return old;
}
