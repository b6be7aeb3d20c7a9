import BPFISA
import Testing

/// Each uBPF mnemonic against its encoding, written out by hand from the opcode tables of
/// RFC 9669 (class | size/op | mode/source), `dst` in the low nibble of byte 1, `src` in the
/// high nibble, `off` in bytes 2-3 and `imm` in bytes 4-7, as one little-endian word.
@Suite struct UBPFMnemonicTests {
    static let cases: [(String, [UInt64])] = [
        ("mov32 %r0, 1", [0x0000_0001_0000_00b4]),
        ("mov %r1, -1", [0xffff_ffff_0000_01b7]),
        ("mov %r1, 0xffffffff", [0xffff_ffff_0000_01b7]),
        ("mov %r0, %r1", [0x0000_0000_0000_10bf]),
        ("add32 %r0, %r1", [0x0000_0000_0000_100c]),
        ("add64 %r2, 7", [0x0000_0007_0000_0207]),
        ("sub %r3, 1", [0x0000_0001_0000_0317]),
        ("mul32 %r0, 3", [0x0000_0003_0000_0024]),
        ("div %r0, %r2", [0x0000_0000_0000_203f]),
        ("sdiv %r0, %r2", [0x0000_0000_0001_203f]),
        ("sdiv32 %r0, -3", [0xffff_fffd_0001_0034]),
        ("mod32 %r0, 5", [0x0000_0005_0000_0094]),
        ("smod %r0, %r1", [0x0000_0000_0001_109f]),
        ("or %r0, 0x10", [0x0000_0010_0000_0047]),
        ("and32 %r0, %r1", [0x0000_0000_0000_105c]),
        ("lsh %r0, 32", [0x0000_0020_0000_0067]),
        ("rsh32 %r0, 4", [0x0000_0004_0000_0074]),
        ("arsh %r0, %r1", [0x0000_0000_0000_10cf]),
        ("xor %r0, %r0", [0x0000_0000_0000_00af]),
        ("neg %r0", [0x0000_0000_0000_0087]),
        ("neg32 %r1", [0x0000_0000_0000_0184]),
        ("movsx832 %r0, %r1", [0x0000_0000_0008_10bc]),
        ("movsx1664 %r8, %r7", [0x0000_0000_0010_78bf]),
        ("movsx3264 %r0, %r9", [0x0000_0000_0020_90bf]),
        ("be16 %r0", [0x0000_0010_0000_00dc]),
        ("le64 %r0", [0x0000_0040_0000_00d4]),
        ("swap32 %r0", [0x0000_0020_0000_00d7]),
        ("bswap64 %r0", [0x0000_0040_0000_00d7]),
        ("ldxb %r0, [%r1+0x2]", [0x0000_0000_0002_1071]),
        ("ldxh %r3, [%r1+12]", [0x0000_0000_000c_1369]),
        ("ldxw %r0, [%r1]", [0x0000_0000_0000_1061]),
        ("ldxdw %r0, [%r10-8]", [0x0000_0000_fff8_a079]),
        ("ldxsb %r0, [%r10-1]", [0x0000_0000_ffff_a091]),
        ("ldxsh %r0, [%r10-2]", [0x0000_0000_fffe_a089]),
        ("ldxsw %r0, [%r10-4]", [0x0000_0000_fffc_a081]),
        ("stb [%r1+2], 0x11", [0x0000_0011_0002_0172]),
        ("sth [%r1+2], 0x1122", [0x0000_1122_0002_016a]),
        ("stw [%r1+2], -1", [0xffff_ffff_0002_0162]),
        ("stdw [%r10-8], 5", [0x0000_0005_fff8_0a7a]),
        ("stxb [%r1+2], %r0", [0x0000_0000_0002_0173]),
        ("stxdw [%r10-8], %r0", [0x0000_0000_fff8_0a7b]),
        ("lddw %r0, 0x1122334455667788", [0x5566_7788_0000_0018, 0x1122_3344_0000_0000]),
        ("lddw %r1, -1", [0xffff_ffff_0000_0118, 0xffff_ffff_0000_0000]),
        ("ldabsw 0x10", [0x0000_0010_0000_0020]),
        ("ldindh %r2, 4", [0x0000_0004_0000_2048]),
        ("ja +2", [0x0000_0000_0002_0005]),
        ("ja -1", [0x0000_0000_ffff_0005]),
        ("ja32 +70000", [0x0001_1170_0000_0006]),
        ("jeq %r1, 0x80000000, +1", [0x8000_0000_0001_0115]),
        ("jne32 %r0, %r1, -2", [0x0000_0000_fffe_105e]),
        ("jsle %r0, -1, +3", [0xffff_ffff_0003_00d5]),
        ("jset %r1, 4, 1", [0x0000_0004_0001_0145]),
        ("call 5", [0x0000_0005_0000_0085]),
        ("call helper 1", [0x0000_0001_0000_0085]),
        ("call local +3", [0x0000_0003_0000_1085]),
        ("call runtime 7", [0x0000_0007_0000_2085]),
        ("call %r2", [0x0000_0000_0000_028d]),
        ("exit", [0x0000_0000_0000_0095]),
        ("lock add [%r10-8], %r1", [0x0000_0000_fff8_1adb]),
        ("lock fetch add32 [%r1+0], %r2", [0x0000_0001_0000_21c3]),
        ("lock or32 [%r10-4], %r1", [0x0000_0040_fffc_1ac3]),
        ("lock fetch and [%r10-8], %r3", [0x0000_0051_fff8_3adb]),
        ("lock fetch xor32 [%r10-4], %r3", [0x0000_00a1_fffc_3ac3]),
        ("lock xchg [%r10-8], %r1", [0x0000_00e1_fff8_1adb]),
        ("lock cmpxchg32 [%r10-8], %r1", [0x0000_00f1_fff8_1ac3]),
        ("mov r0, 1", [0x0000_0001_0000_00b7]),
    ]

    @Test(arguments: cases)
    func encodes(_ line: String, _ words: [UInt64]) throws {
        let program = try Assembler.assemble(line, syntax: .ubpf)
        let got = program.instructions.flatMap { $0.encode() }.map(\.word)
        #expect(got == words, "'\(line)': got \(got.map { hex($0, width: 16) }), want \(words.map { hex($0, width: 16) })")
    }

    /// A jump to `exit` with no `exit:` label goes to the first `exit` (the conformance
    /// assembler's rule); a defined `exit:` label wins.
    @Test func exitLabelDefaultsToFirstExit() throws {
        let implicit = try Assembler.assemble("jne %r0, 0, exit\nmov %r0, 1\nexit\nmov %r0, 2\nexit", syntax: .ubpf)
        #expect(implicit.instructions[0] == .jump(.ne, .w64, dst: .r0, src: .immediate(0), offset: 1))
        let explicit = try Assembler.assemble("jne %r0, 0, exit\nexit\nexit:\nexit", syntax: .ubpf)
        #expect(explicit.instructions[0] == .jump(.ne, .w64, dst: .r0, src: .immediate(0), offset: 1))
    }

    @Test func labelsAcrossLddw() throws {
        let program = try Assembler.assemble("ja done\nlddw %r0, 1\ndone:\nexit", syntax: .ubpf)
        #expect(program.instructions[0] == .ja(offset: 2))
        #expect(program.labels["done"] == 3)
        #expect(program.sourceLines == [1, 2, 2, 4])
    }

    @Test func callLocalLabel() throws {
        let program = try Assembler.assemble("call local func1\nexit\nfunc1:\nmov %r0, 1\nexit", syntax: .ubpf)
        #expect(program.instructions[0] == .call(.local(offset: 1)))
    }
}
