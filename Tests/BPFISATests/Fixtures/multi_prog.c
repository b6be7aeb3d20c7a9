// Several programs in several sections sharing a .text subprogram.
#include "bpf_defs.h"

static __noinline __u64 mix(__u64 x) { return (x * 0x9e3779b97f4a7c15ULL) >> 29; }

SEC("tp/first") int first(__u64 *ctx) { return mix(ctx[0]); }
SEC("tp/second") int second(__u64 *ctx) { return mix(ctx[1]) ^ bpf_get_prandom_u32(); }
SEC("kprobe/third") int third(__u64 *ctx) { return bpf_ktime_get_ns() & 0xffff; }
