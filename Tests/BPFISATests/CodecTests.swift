import BPFISA
import Testing

/// Named decoder cases; the seeded round-trip and fuzz suites live beside this file.
@Suite struct CodecTests {
    @Test func lddwRoundTrip() throws {
        let words: [UInt64] = [0x5566_7788_0000_0018, 0x1122_3344_0000_0000, 0x0000_0000_0000_0095]
        let program = try Instruction.decodeProgram(words.map(RawInstruction.init(word:)))
        #expect(program == [.loadImm64(dst: .r0, .value(0x1122_3344_5566_7788)), .continuation, .exit])
        #expect(program.flatMap { $0.encode() }.map(\.word) == words)
    }

    @Test func truncatedLddwNamesThePC() {
        #expect(throws: DecodeError(pc: 1, message: "truncated lddw: the second slot is missing")) {
            try Instruction.decodeProgram([RawInstruction(word: 0x95), RawInstruction(word: 0x18)])
        }
    }

    @Test func unknownOpcode() {
        #expect(throws: DecodeError(pc: 0, message: "unknown opcode 0x8e")) {
            try Instruction.decodeProgram([RawInstruction(code: 0x8e)])
        }
    }

    @Test func registerAboveR10() {
        #expect(throws: DecodeError(pc: 0, message: "R11 is invalid")) {
            try Instruction.decodeProgram([RawInstruction(code: 0xb7, dst: 11)])
        }
    }
}
