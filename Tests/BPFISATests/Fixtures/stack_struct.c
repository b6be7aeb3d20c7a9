// Structs on the stack: memset, memcpy, spills of several sizes.
#include "bpf_defs.h"

struct record { __u64 a; __u32 b; __u16 c; __u8 d; __u8 e; __u64 f[3]; };

static __noinline __u64 fold(struct record *r) { return r->a + r->b + r->c + r->d + r->e + r->f[2]; }

SEC("tp/stack_struct") int stack_struct(__u64 *ctx) {
    struct record r, s;
    __builtin_memset(&r, 0, sizeof(r));
    r.a = ctx[0];
    r.d = 3;
    r.f[2] = ctx[1];
    __builtin_memcpy(&s, &r, sizeof(s));
    s.c = 9;
    return fold(&s) + fold(&r);
}
