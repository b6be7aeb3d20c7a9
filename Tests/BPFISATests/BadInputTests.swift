import BPFISA
import BPFTestSupport
import Testing

/// Bad input never crashes: random bytes to the decoder, random mutations of real assembly to
/// the assembler; each either succeeds or fails with a one-line error that has its place.
@Suite struct BadInputTests {
    @Test func randomBytesToDecoder() {
        var rng = SplitMix64(seed: 0x6465_636f_6465)
        var accepted = 0
        for i in 0..<100_000 {
            let length = Int.random(in: 0...48, using: &rng)
            var bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &rng) }
            // Half the strings start from a valid opcode byte, so the decoder gets past the class.
            if i % 2 == 0, length >= 8 { bytes[0] = Self.validCodes[Int.random(in: 0..<Self.validCodes.count, using: &rng)] }
            do {
                let program = try Instruction.decodeProgram(bytes)
                accepted += 1
                if Instruction.encodeProgram(program) != bytes {
                    Issue.record("random string #\(i) \(bytes) decoded but re-encodes differently")
                    return
                }
            } catch {
                if !(0...(length / 8)).contains(error.pc) || error.message.isEmpty || error.message.contains("\n") {
                    Issue.record("random string #\(i): bad error '\(error)' for \(length) bytes")
                    return
                }
            }
        }
        #expect(accepted > 1_000, "only \(accepted) random strings decoded; the generator is not reaching valid code")
    }

    /// Opcode bytes the kernel accepts, to aim the random strings at the decoder's field checks.
    static let validCodes: [UInt8] = {
        var gen = InstructionGenerator(seed: 1)
        return Array(Set((0..<2_000).compactMap { _ in gen.next().encode().first?.code })).sorted()
    }()

    @Test(arguments: [AssemblySyntax.ubpf, .llvm])
    func mutatedAssembly(_ syntax: AssemblySyntax) throws {
        var texts: [String] = []
        for name in ConformanceVector.names {
            let vector = try ConformanceVector.load(name)
            if syntax == .ubpf {
                texts.append(vector.asm)
            } else if let program = try? Assembler.assemble(vector.asm) {
                texts.append(Disassembler.listing(program.instructions, options: .roundTrip))
            }
        }
        try #require(!texts.isEmpty)
        var rng = SplitMix64(seed: syntax == .ubpf ? 0x6d75_7461 : 0x7465_7874)
        var failures = 0
        for i in 0..<10_000 {
            let original = texts[i % texts.count]
            let mutated = Self.mutate(original, &rng)
            let lineCount = mutated.split(separator: "\n", omittingEmptySubsequences: false).count
            do {
                _ = try Assembler.assemble(mutated, syntax: syntax)
            } catch {
                failures += 1
                let placed = (1...max(1, lineCount)).contains(error.line) && error.column >= 1
                if !placed || error.message.isEmpty || error.description.contains("\n") {
                    Issue.record("mutation #\(i): error '\(error)' has no valid place in \(lineCount) lines:\n\(mutated)")
                    return
                }
            }
        }
        #expect(failures > 1_000, "only \(failures) of 10000 mutations failed: the mutator is too gentle")
    }

    /// One to three edits: replace, insert or delete a byte (from a BPF-flavoured alphabet),
    /// duplicate or drop a line, or swap two tokens.
    static func mutate(_ text: String, _ rng: inout SplitMix64) -> String {
        var bytes = Array(text.utf8)
        let alphabet = Array("%r0123456789xabcdefw[]()+-*=<>,:;#/&|^s ull\n\t".utf8) + [0x00, 0xff, 0xc3]
        for _ in 0..<Int.random(in: 1...3, using: &rng) {
            guard !bytes.isEmpty else { bytes = [alphabet[0]]; continue }
            let at = Int.random(in: 0..<bytes.count, using: &rng)
            switch Int.random(in: 0..<6, using: &rng) {
            case 0: bytes[at] = alphabet[Int.random(in: 0..<alphabet.count, using: &rng)]
            case 1: bytes.insert(alphabet[Int.random(in: 0..<alphabet.count, using: &rng)], at: at)
            case 2: bytes.remove(at: at)
            case 3:
                var lines = bytes.split(separator: 0x0a, omittingEmptySubsequences: false)
                let l = Int.random(in: 0..<lines.count, using: &rng)
                lines.insert(lines[l], at: l)
                bytes = Array(lines.joined(separator: [0x0a]))
            case 4:
                var lines = bytes.split(separator: 0x0a, omittingEmptySubsequences: false)
                lines.remove(at: Int.random(in: 0..<lines.count, using: &rng))
                bytes = Array(lines.joined(separator: [0x0a]))
            default:
                var tokens = bytes.split(separator: 0x20, omittingEmptySubsequences: false)
                guard tokens.count > 1 else { continue }
                tokens.swapAt(Int.random(in: 0..<tokens.count, using: &rng), Int.random(in: 0..<tokens.count, using: &rng))
                bytes = Array(tokens.joined(separator: [0x20]))
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    // MARK: Named cases

    @Test func truncatedLddw() {
        #expect(throws: DecodeError(pc: 0, message: "truncated lddw: the second slot is missing")) {
            try Instruction.decodeProgram(RawInstruction(code: 0x18, dst: 1, imm: 5).bytes)
        }
        #expect(throws: AssemblyError(line: 1, column: 10, message: "expected ',', found '0x5'")) {
            try Assembler.assemble("lddw %r0 0x5", syntax: .ubpf)
        }
        #expect(throws: AssemblyError(line: 1, column: 6, message: "expected an immediate or a symbol before 'll'")) {
            try Assembler.assemble("r1 = ll", syntax: .llvm)
        }
    }

    @Test func unknownOpcode() {
        #expect(throws: DecodeError(pc: 1, message: "unknown opcode 0xff")) {
            try Instruction.decodeProgram([RawInstruction(code: 0x95), RawInstruction(code: 0xff)])
        }
        #expect(throws: AssemblyError(line: 1, column: 1, message: "unknown mnemonic 'ldxq'")) {
            try Assembler.assemble("ldxq %r0, [%r1]", syntax: .ubpf)
        }
    }

    /// The assembler checks that a label's distance fits the jump's field; a numeric jump
    /// beyond the program's end is left to the verifier ("jump out of range") and the
    /// interpreter, which see the whole program.
    @Test func jumpTargetOutOfRange() {
        let far = "ja far\n" + String(repeating: "mov %r0, 0\n", count: 33_000) + "far:\nexit"
        #expect(throws: AssemblyError(line: 1, column: 4, message: "jump offset to 'far' does not fit in 16 bits")) {
            try Assembler.assemble(far, syntax: .ubpf)
        }
        #expect(throws: AssemblyError(line: 1, column: 6, message: "jump offset +40000 does not fit in 16 bits")) {
            try Assembler.assemble("goto +40000", syntax: .llvm)
        }
        #expect((try? Assembler.assemble("ja +5\nexit", syntax: .ubpf))?.instructions.first == .ja(offset: 5))
    }

    @Test func registerAboveR10() {
        #expect(throws: DecodeError(pc: 0, message: "R11 is invalid")) {
            try Instruction.decodeProgram(RawInstruction(code: 0xbf, dst: 0, src: 11).bytes)
        }
        #expect(throws: AssemblyError(line: 1, column: 10, message: "register %r12 does not exist")) {
            try Assembler.assemble("mov %r0, %r12", syntax: .ubpf)
        }
        #expect(throws: AssemblyError(line: 1, column: 7, message: "register w15 does not exist")) {
            try Assembler.assemble("w0 += w15", syntax: .llvm)
        }
    }

    /// `r10 = 1` and `mov %r10, 1` encode and assemble, as with llvm-mc: the frame pointer
    /// being read-only is a verifier rule ("frame pointer is read only"), and the decoder
    /// accepts the encoding too.
    @Test func writeToR10() throws {
        let insn = Instruction.alu(.mov, .w64, dst: .r10, src: .immediate(1))
        #expect(try Assembler.assemble("r10 = 1", syntax: .llvm).instructions == [insn])
        #expect(try Assembler.assemble("mov %r10, 1", syntax: .ubpf).instructions == [insn])
        #expect(try Instruction.decodeProgram(insn.encode()) == [insn])
    }
}
