// Legacy packet loads (BPF_LD | BPF_ABS / BPF_IND) through the LLVM builtins.
#include "bpf_defs.h"

unsigned long long load_byte(void *skb, unsigned long long off) asm("llvm.bpf.load.byte");
unsigned long long load_half(void *skb, unsigned long long off) asm("llvm.bpf.load.half");
unsigned long long load_word(void *skb, unsigned long long off) asm("llvm.bpf.load.word");

SEC("socket") int legacy_ld(void *skb) {
    __u64 proto = load_half(skb, 12);
    __u64 ihl = load_byte(skb, 14) & 0xf;
    __u64 dst = load_word(skb, 30);
    return proto + load_byte(skb, ihl * 4 + 14) + dst;
}
