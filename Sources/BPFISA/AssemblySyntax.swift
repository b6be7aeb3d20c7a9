/// The two assembly dialects bpfsim reads.
public enum AssemblySyntax: Hashable, Sendable, CaseIterable {
    /// Decide per file: uBPF when the first instruction line uses a `%rN` register, a memory
    /// operand in brackets, or a mnemonic only uBPF has (`mov32`, `ldxw`, `jne`, ...);
    /// LLVM otherwise.
    case auto
    /// The pseudo-C that `llvm-objdump -d`, `llvm-mc` and the kernel verifier log print
    /// (`r0 = *(u32 *)(r1 + 4)`, `if r1 s> 5 goto +2`).
    case llvm
    /// The mnemonic syntax of uBPF, rbpf and the bpf_conformance vectors (`ldxw %r0, [%r1+4]`).
    case ubpf
}
