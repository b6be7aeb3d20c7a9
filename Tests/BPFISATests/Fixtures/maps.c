// Map lookups and updates: lddw of a map (relocated), helper calls, NULL checks.
#include "bpf_defs.h"

struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, 64);
    __type(key, __u32);
    __type(value, __u64);
} counts SEC(".maps");

SEC("tp/maps") int maps(__u32 *ctx) {
    __u32 key = ctx[0];
    __u64 *v = bpf_map_lookup_elem(&counts, &key);
    if (v) {
        *v += 1;
        return 0;
    }
    __u64 one = 1;
    bpf_map_update_elem(&counts, &key, &one, 0);
    return 1;
}
