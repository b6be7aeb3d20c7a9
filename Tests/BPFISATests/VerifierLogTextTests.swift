import BPFISA
import Testing

/// The kernel verifier log's spelling of instructions (`print_bpf_insn`, kernel/bpf/disasm.c).
@Suite struct VerifierLogTextTests {
    static let cases: [(Instruction, String)] = [
        (.alu(.mov, .w64, dst: .r6, src: .register(.r1)), "(bf) r6 = r1"),
        (.alu(.mov, .w64, dst: .r0, src: .immediate(-1)), "(b7) r0 = -1"),
        (.alu(.add, .w32, dst: .r0, src: .immediate(5)), "(04) w0 += 5"),
        (.alu(.sdiv, .w64, dst: .r0, src: .register(.r1)), "(3f) r0 s/= r1"),
        (.neg(.w32, dst: .r2), "(84) w2 = -w2"),
        (.movsx(.w64, dst: .r1, src: .r2, from: .word), "(bf) r1 = (s32)r2"),
        (.byteSwap(.toBigEndian, bits: 16, dst: .r0), "(dc) r0 = be16 r0"),
        (.byteSwap(.swap, bits: 64, dst: .r0), "(d7) r0 = bswap64 r0"),
        (.store(.word, base: .r10, offset: -4, value: .register(.r1)), "(63) *(u32 *)(r10 -4) = r1"),
        (.store(.double, base: .r10, offset: -8, value: .immediate(0)), "(7a) *(u64 *)(r10 -8) = 0"),
        (.load(.word, signExtend: false, dst: .r0, base: .r1, offset: 0), "(61) r0 = *(u32 *)(r1 +0)"),
        (.load(.byte, signExtend: true, dst: .r0, base: .r1, offset: 4), "(91) r0 = *(s8 *)(r1 +4)"),
        (.atomic(.add(fetch: false), .double, base: .r1, offset: 0, src: .r2), "(db) lock *(u64 *)(r1 +0) += r2"),
        (.atomic(.add(fetch: true), .double, base: .r1, offset: 0, src: .r2), "(db) r2 = atomic64_fetch_add((u64 *)(r1 +0), r2)"),
        (.atomic(.or(fetch: true), .word, base: .r1, offset: 8, src: .r3), "(c3) r3 = atomic_fetch_or((u32 *)(r1 +8), r3)"),
        (.atomic(.xchg, .double, base: .r1, offset: 0, src: .r2), "(db) r2 = atomic64_xchg((u64 *)(r1 +0), r2)"),
        (.atomic(.cmpxchg, .word, base: .r1, offset: 0, src: .r2), "(c3) r0 = atomic_cmpxchg((u32 *)(r1 +0), r0, r2)"),
        (.loadImm64(dst: .r1, .value(0x1122_3344_5566_7788)), "(18) r1 = 0x1122334455667788"),
        (.loadImm64(dst: .r1, .mapFD(3)), "(18) r1 = map[id:3]"),
        (.loadPacketAbsolute(.byte, offset: 12), "(30) r0 = *(u8 *)skb[12]"),
        (.loadPacketIndirect(.half, src: .r3, offset: 2), "(48) r0 = *(u16 *)skb[r3 + 2]"),
        (.jump(.ne, .w64, dst: .r1, src: .immediate(0), offset: 1), "(55) if r1 != 0x0 goto pc+1"),
        (.jump(.sgt, .w32, dst: .r1, src: .immediate(-7), offset: -2), "(66) if w1 s> 0xfffffff9 goto pc-2"),
        (.jump(.eq, .w64, dst: .r1, src: .register(.r2), offset: 0), "(1d) if r1 == r2 goto pc+0"),
        (.ja(offset: 3), "(05) goto pc+3"),
        (.gotol(offset: -100_000), "(06) gotol pc-100000"),
        (.mayGoto(offset: 2), "(e5) may_goto pc+2"),
        (.call(.helper(1)), "(85) call bpf_map_lookup_elem#1"),
        (.call(.helper(100_000)), "(85) call unknown#100000"),
        (.call(.local(offset: 5)), "(85) call pc+5"),
        (.call(.kfunc(btfID: 65913, module: 0)), "(85) call bpf_task_acquire#65913"),
        (.call(.kfunc(btfID: 7, module: 0)), "(85) call kernel-function#7"),
        (.exit, "(95) exit"),
    ]

    @Test(arguments: cases)
    func prints(_ insn: Instruction, _ expected: String) {
        let symbols = DisassemblySymbols(kfuncs: [65913: "bpf_task_acquire"])
        #expect(Disassembler.verifierLogText(of: insn, at: 0, symbols: symbols) == expected)
    }
}
