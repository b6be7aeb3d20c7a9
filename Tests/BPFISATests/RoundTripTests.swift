import BPFISA
import Testing

/// `decode(encode(i)) == i` and `assemble(disassemble(i)) == i` over seeded random
/// instructions of every kind, in every printed form that is meant to re-assemble.
@Suite struct RoundTripTests {
    static let count = 100_000
    static let batch = 2_000

    @Test func codecRoundTrip() throws {
        var gen = InstructionGenerator(seed: 0x6270_6673_696d)
        var seen = Set<Int>()
        for i in 0..<Self.count {
            let kind = i % InstructionGenerator.kindCount
            seen.insert(kind)
            let insn = gen.next(kind: kind)
            let slots = insn.encode()
            let decoded = try Instruction.decodeProgram(slots)
            let expected = insn.slotCount == 2 ? [insn, .continuation] : [insn]
            if decoded != expected {
                Issue.record("random instruction #\(i): \(insn) decoded as \(decoded)")
                return
            }
        }
        #expect(seen.count == InstructionGenerator.kindCount)
    }

    /// The forms, which instructions each must give back exactly, and how many are tried: the
    /// symbol-free round-trip form gets the full 100,000, the others 40,000 each to keep the
    /// suite fast in debug builds.
    static let forms: [(String, DisassemblyOptions, @Sendable (Instruction) -> Bool, Int)] = [
        ("roundTrip", .roundTrip, { _ in true }, count),
        ("readable", .readable, { _ in true }, 40_000),
        ("hex lossless", DisassemblyOptions(annotateTargets: false, lossless: true), { _ in true }, 40_000),
        ("llvm21", .llvm21, { $0.llvmTextIsLossless }, 40_000),
        ("llvm14 style", .llvm14, { $0.llvmTextIsLossless }, 40_000),
    ]

    @Test(arguments: 0..<forms.count)
    func textRoundTrip(_ formIndex: Int) throws {
        let (name, options, lossless, count) = Self.forms[formIndex]
        var gen = InstructionGenerator(seed: 0x7465_7874 &+ UInt64(formIndex))
        var done = 0
        while done < count {
            var insns: [Instruction] = []
            while insns.count < Self.batch {
                let insn = gen.next()
                if lossless(insn) { insns.append(insn) }
            }
            done += insns.count
            let lines = insns.map { Disassembler.text(of: $0, at: 0, options: options) }
            let program: AssembledProgram
            do {
                program = try Assembler.assemble(lines.joined(separator: "\n"), syntax: .llvm)
            } catch {
                Issue.record("\(name): '\(lines[error.line - 1])' (\(insns[error.line - 1])): \(error)")
                return
            }
            let back = program.instructions.filter { $0 != .continuation }
            #expect(back.count == insns.count, "\(name): \(insns.count) lines gave \(back.count) instructions")
            for (i, (want, got)) in zip(insns, back).enumerated() where want != got {
                Issue.record("\(name): '\(lines[i])' assembled to \(got), expected \(want)")
                return
            }
        }
    }

    /// The kernel-log form reads back for everything the log spells without loss (it prints
    /// map loads as addresses and drops a kfunc's module).
    @Test func verifierLogRoundTrip() throws {
        var gen = InstructionGenerator(seed: 0x6b65_726e)
        var insns: [Instruction] = []
        while insns.count < 20_000 {
            let insn = gen.next()
            if insn.verifierLogIsLossless { insns.append(insn) }
        }
        let lines = insns.enumerated().map { "\($0.offset): " + Disassembler.verifierLogText(of: $0.element, at: $0.offset) }
        let program = try Assembler.assemble(lines.joined(separator: "\n"), syntax: .llvm)
        let back = program.instructions.filter { $0 != .continuation }
        for (i, (want, got)) in zip(insns, back).enumerated() where want != got {
            Issue.record("'\(lines[i])' assembled to \(got), expected \(want)")
            return
        }
        #expect(back.count == insns.count)
    }
}

extension Instruction {
    /// Whether LLVM's own text keeps every bit: not for bpf-to-bpf calls and kfunc calls
    /// (printed as `call N` like helpers), pseudo `lddw` with a second-slot immediate or
    /// indirect packet loads with an offset.
    var llvmTextIsLossless: Bool {
        switch self {
        case .call(.local), .call(.kfunc): return false
        case .loadImm64(_, let v):
            switch v {
            case .mapValue(_, let off), .mapIndexValue(_, let off): return off == 0
            case .btfID(_, let module): return module == 0
            default: return true
            }
        case .loadPacketIndirect(_, _, let off): return off == 0
        default: return true
        }
    }

    var verifierLogIsLossless: Bool {
        switch self {
        case .loadImm64(_, .value): return true
        case .loadImm64: return false
        case .call(.kfunc(_, let module)): return module == 0
        default: return true
        }
    }
}
