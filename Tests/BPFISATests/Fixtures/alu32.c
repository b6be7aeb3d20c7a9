// 32-bit ALU and JMP32 with -mcpu=v3.
// cflags: -mcpu=v3
#include "bpf_defs.h"

SEC("tp/alu32") int alu32(__u32 *ctx) {
    __u32 a = ctx[0], b = ctx[1];
    __s32 s = ctx[2];
    a = a * 3 + b;
    a ^= b << 3;
    a |= b >> 2;
    s >>= 1;
    a -= s;
    if (a > b) a &= 0xff00;
    if ((__s32)a < s) return -a;
    return a / (b | 1);
}
