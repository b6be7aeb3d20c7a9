// gotol, may_goto and legacy packet loads, written as inline assembly (clang emits gotol only
// for jumps beyond 16 bits).
// cflags: -mcpu=v4
// llvm14: skip (cpu v4)
#include "bpf_defs.h"

SEC("socket") int gotol_v4(void *skb) {
    asm volatile(
        "r6 = r1;"
        "gotol +2;"
        "r0 = 1;"
        "r0 = 2;"
        "may_goto +1;"
        "r0 = 3;"
        "r0 = *(u8 *)skb[12];"
        "r0 = *(u16 *)skb[r0];"
        "gotol -2;"
        ::: "r0", "r6");
    return 0;
}
