import BPFISA
import Testing

/// The pseudo-C dialect, line by line: what llvm-objdump 21 and 14 print, what the kernel
/// verifier log prints, and the names (helpers, kfuncs, maps, labels) only assembly has.
@Suite struct LLVMSyntaxTests {
    static let lines: [(String, Instruction)] = [
        ("r0 = *(u32 *)(r1 + 4)", .load(.word, signExtend: false, dst: .r0, base: .r1, offset: 4)),
        ("w0 = *(u8 *)(r1 + 0x0)", .load(.byte, signExtend: false, dst: .r0, base: .r1, offset: 0)),
        ("r0 = *(s16 *)(r1 - 2)", .load(.half, signExtend: true, dst: .r0, base: .r1, offset: -2)),
        ("*(u64 *)(r10 - 8) = r1", .store(.double, base: .r10, offset: -8, value: .register(.r1))),
        ("*(u32 *)(r10 - 4) = 5", .store(.word, base: .r10, offset: -4, value: .immediate(5))),
        ("*(u8 *)(r10 - 0x8) = w1", .store(.byte, base: .r10, offset: -8, value: .register(.r1))),
        ("w0 += w1", .alu(.add, .w32, dst: .r0, src: .register(.r1))),
        ("r0 s/= r1", .alu(.sdiv, .w64, dst: .r0, src: .register(.r1))),
        ("r0 s%= r1", .alu(.smod, .w64, dst: .r0, src: .register(.r1))),
        ("r0 s>>= 3", .alu(.arsh, .w64, dst: .r0, src: .immediate(3))),
        ("r0 %= -0x5", .alu(.mod, .w64, dst: .r0, src: .immediate(-5))),
        ("w1 = 0xffffffff", .alu(.mov, .w32, dst: .r1, src: .immediate(-1))),
        ("r0 = -r0", .neg(.w64, dst: .r0)),
        ("w0 = -w0", .neg(.w32, dst: .r0)),
        ("r0 = (s8)r1", .movsx(.w64, dst: .r0, src: .r1, from: .byte)),
        ("w0 = (s16)w1", .movsx(.w32, dst: .r0, src: .r1, from: .half)),
        ("r0 = be16 r0", .byteSwap(.toBigEndian, bits: 16, dst: .r0)),
        ("r0 = le64 r0", .byteSwap(.toLittleEndian, bits: 64, dst: .r0)),
        ("r0 = bswap32 r0", .byteSwap(.swap, bits: 32, dst: .r0)),
        ("if r1 s> 5 goto +2", .jump(.sgt, .w64, dst: .r1, src: .immediate(5), offset: 2)),
        ("if r1 & 0x4 goto -3", .jump(.set, .w64, dst: .r1, src: .immediate(4), offset: -3)),
        ("if w1 <= w2 goto +0x2 <prog+0x78>", .jump(.le, .w32, dst: .r1, src: .register(.r2), offset: 2)),
        ("goto +3", .ja(offset: 3)),
        ("gotol +100000", .gotol(offset: 100_000)),
        ("may_goto +2", .mayGoto(offset: 2)),
        ("r1 = 0x123 ll", .loadImm64(dst: .r1, .value(0x123))),
        ("r1 = -0x1 ll", .loadImm64(dst: .r1, .value(UInt64.max))),
        ("ld_pseudo\tr2, 0x1, 0x3", .loadImm64(dst: .r2, .mapFD(3))),
        ("ld_pseudo r2, 2, 3, 16", .loadImm64(dst: .r2, .mapValue(fd: 3, offset: 16))),
        ("call 1", .call(.helper(1))),
        ("call bpf_map_lookup_elem", .call(.helper(1))),
        ("call bpf_ringbuf_reserve", .call(.helper(131))),
        ("callx r2", .callx(.r2)),
        ("exit", .exit),
        ("lock *(u64 *)(r1 + 0) += r2", .atomic(.add(fetch: false), .double, base: .r1, offset: 0, src: .r2)),
        ("lock *(u32 *)(r1 + 0) |= w2", .atomic(.or(fetch: false), .word, base: .r1, offset: 0, src: .r2)),
        ("r2 = atomic_fetch_add((u64 *)(r1 + 0), r2)", .atomic(.add(fetch: true), .double, base: .r1, offset: 0, src: .r2)),
        ("w2 = atomic_fetch_xor((u32 *)(r1 - 0x8), w2)", .atomic(.xor(fetch: true), .word, base: .r1, offset: -8, src: .r2)),
        ("w2 = xchg32_32(r1 + 0, w2)", .atomic(.xchg, .word, base: .r1, offset: 0, src: .r2)),
        ("r2 = xchg_64(r1 + 0, r2)", .atomic(.xchg, .double, base: .r1, offset: 0, src: .r2)),
        ("r0 = cmpxchg_64(r1 + 0, r0, r2)", .atomic(.cmpxchg, .double, base: .r1, offset: 0, src: .r2)),
        ("w0 = cmpxchg32_32(r1 - 0x8, w0, w2)", .atomic(.cmpxchg, .word, base: .r1, offset: -8, src: .r2)),
        ("r0 = *(u8 *)skb[12]", .loadPacketAbsolute(.byte, offset: 12)),
        ("r0 = *(u16 *)skb[r3]", .loadPacketIndirect(.half, src: .r3, offset: 0)),
        // The kernel verifier log (kernel/bpf/disasm.c), pc and opcode prefix included.
        ("12: (bf) r6 = r1", .alu(.mov, .w64, dst: .r6, src: .register(.r1))),
        ("3: (63) *(u32 *)(r10 -4) = r1", .store(.word, base: .r10, offset: -4, value: .register(.r1))),
        ("5: (55) if r1 != 0x0 goto pc+1", .jump(.ne, .w64, dst: .r1, src: .immediate(0), offset: 1)),
        ("6: (56) if w1 != 0xfffffff9 goto pc-2", .jump(.ne, .w32, dst: .r1, src: .immediate(-7), offset: -2)),
        ("7: (05) goto pc+3", .ja(offset: 3)),
        ("8: (85) call bpf_map_lookup_elem#1", .call(.helper(1))),
        ("9: (85) call unknown#999", .call(.helper(999))),
        ("10: (85) call pc+5", .call(.local(offset: 5))),
        ("11: (85) call kernel-function#77", .call(.kfunc(btfID: 77, module: 0))),
        ("12: (18) r1 = 0xffff888100ab1c00", .loadImm64(dst: .r1, .value(0xffff_8881_00ab_1c00))),
        ("13: (db) r2 = atomic64_fetch_add((u64 *)(r1 +0), r2)", .atomic(.add(fetch: true), .double, base: .r1, offset: 0, src: .r2)),
        ("14: (c3) r0 = atomic_cmpxchg((u32 *)(r10 -8), r0, r1)", .atomic(.cmpxchg, .word, base: .r10, offset: -8, src: .r1)),
        ("15: (50) r0 = *(u8 *)skb[r3 + -2]", .loadPacketIndirect(.byte, src: .r3, offset: -2)),
        ("16: (b7) r0 = 0                       ; R0_w=0", .alu(.mov, .w64, dst: .r0, src: .immediate(0))),
        // llvm-objdump with raw bytes.
        ("      12:\tbf 16 00 00 00 00 00 00\tr6 = r1", .alu(.mov, .w64, dst: .r6, src: .register(.r1))),
    ]

    @Test(arguments: lines)
    func parses(_ line: String, _ expected: Instruction) throws {
        let program = try Assembler.assemble(line, syntax: .llvm)
        #expect(program.instructions.first == expected, "'\(line)' assembled to \(program.instructions)")
    }

    @Test(arguments: lines)
    func autoDetectsLLVM(_ line: String, _ expected: Instruction) throws {
        #expect(try Assembler.assemble(line).syntax == .llvm, "'\(line)'")
    }

    @Test func labelsCallsAndKfuncs() throws {
        let text = """
            // a bpf-to-bpf call, a kfunc, a helper by name, a map and a callback address
            main:
                r1 = my_map ll
                call bpf_task_acquire
                call sub
                r2 = sub ll
                call bpf_task_release
                call bpf_task_acquire        # same kfunc, same id
                if r0 == 0 goto out
                goto out
            out: exit
            sub:
                r0 = 0
                exit
            """
        let program = try Assembler.assemble(text, resolver: SymbolResolver(maps: ["my_map": 3]))
        let acquire = SymbolResolver.defaultFirstSyntheticKfuncID
        #expect(
            program.instructions == [
                .loadImm64(dst: .r1, .mapFD(3)), .continuation,
                .call(.kfunc(btfID: acquire, module: 0)),
                .call(.local(offset: 7)),
                .loadImm64(dst: .r2, .function(offset: 6)), .continuation,
                .call(.kfunc(btfID: acquire + 1, module: 0)),
                .call(.kfunc(btfID: acquire, module: 0)),
                .jump(.eq, .w64, dst: .r0, src: .immediate(0), offset: 1),
                .ja(offset: 0),
                .exit,
                .alu(.mov, .w64, dst: .r0, src: .immediate(0)),
                .exit,
            ])
        #expect(program.kfuncs == [acquire: "bpf_task_acquire", acquire + 1: "bpf_task_release"])
        #expect(program.maps == [3: "my_map"])
        #expect(program.labels == ["main": 0, "out": 10, "sub": 11])
    }

    @Test func resolverKfuncIDsAndKernelLogNames() throws {
        let program = try Assembler.assemble(
            "call bpf_task_acquire\n0: (85) call bpf_cgroup_release#4242",
            resolver: SymbolResolver(kfuncs: ["bpf_task_acquire": 65913]))
        #expect(program.instructions == [.call(.kfunc(btfID: 65913, module: 0)), .call(.kfunc(btfID: 4242, module: 0))])
        #expect(program.kfuncs == [65913: "bpf_task_acquire", 4242: "bpf_cgroup_release"])
    }

    /// `r10 = 1` encodes, so the assembler takes it, as llvm-mc does; rejecting writes to
    /// the frame pointer is the verifier's job ("frame pointer is read only").
    @Test func writeToR10IsEncodable() throws {
        let program = try Assembler.assemble("r10 = 1\nexit")
        #expect(program.instructions[0] == .alu(.mov, .w64, dst: .r10, src: .immediate(1)))
    }

    /// A raw jump past the end assembles (the assembler checks only that the offset fits
    /// its field); the verifier reports "jump out of range".
    @Test func jumpBeyondProgramIsEncodable() throws {
        let program = try Assembler.assemble("goto +100\nexit")
        #expect(program.instructions[0] == .ja(offset: 100))
    }
}
