// cpu v4: sign-extending loads and moves, signed division and modulo.
// cflags: -mcpu=v4
// llvm14: skip (cpu v4)
#include "bpf_defs.h"

SEC("tp/signext_v4") int signext_v4(void *ctx) {
    __s8 *p8 = ctx;
    __s16 *p16 = ctx;
    __s32 *p32 = ctx;
    __s64 a = p8[1];
    __s64 b = p16[2];
    __s64 c = p32[3];
    __s64 d = (__s8)(a + b);
    __s32 e = (__s16)(c * 3);
    return (a + b + c + d) / (e | 1) + (c % (b | 3));
}
