// bpf-to-bpf calls of static functions, nested.
#include "bpf_defs.h"

static __noinline int square(int x) { return x * x; }
static __noinline int sum_of_squares(int a, int b) { return square(a) + square(b); }

SEC("tp/static_calls") int static_calls(__u64 *ctx) { return sum_of_squares(ctx[0], ctx[1]) + square(3); }
