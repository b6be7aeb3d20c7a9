// A tail call through a program array.
#include "bpf_defs.h"

struct {
    __uint(type, BPF_MAP_TYPE_PROG_ARRAY);
    __uint(max_entries, 4);
    __type(key, __u32);
    __type(value, __u32);
} jump_table SEC(".maps");

SEC("tp/tail_call") int tail_call(__u32 *ctx) {
    bpf_tail_call(ctx, &jump_table, ctx[0] & 3);
    return -1;
}
