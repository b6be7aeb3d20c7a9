import BPFISA
import BPFTestSupport
import Testing

/// Every shared conformance vector assembles in the uBPF dialect; where the vector gives its
/// bytecode (`-- raw`), the assembler reproduces it bit for bit.
@Suite struct ConformanceAssemblyTests {
    @Test(arguments: ConformanceVector.names)
    func assemblesAndMatchesRaw(_ name: String) throws {
        let vector = try ConformanceVector.load(name)
        let program: AssembledProgram
        do {
            program = try Assembler.assemble(vector.asm)
        } catch {
            Issue.record("\(name):\(error.line + vector.asmFirstLine - 1):\(error.column): \(error.message)")
            return
        }
        #expect(program.syntax == .ubpf, "\(name): dialect detected as \(program.syntax)")
        #expect(!program.instructions.isEmpty, "\(name): no instructions")
        let words = program.instructions.flatMap { $0.encode() }.map(\.word)
        if let raw = vector.raw {
            for (pc, (got, want)) in zip(words, raw).enumerated() where got != want {
                Issue.record("\(name): pc \(pc): assembled \(hex(got, width: 16)), -- raw has \(hex(want, width: 16))")
            }
            #expect(words.count == raw.count, "\(name): \(words.count) slots assembled, -- raw has \(raw.count)")
        }
        let decoded = try Instruction.decodeProgram(words.map(RawInstruction.init(word:)))
        #expect(decoded == program.instructions, "\(name): decode(encode(program)) differs")
        let text = Disassembler.listing(program.instructions, options: .roundTrip)
        let again = try Assembler.assemble(text, syntax: .llvm)
        for (pc, (want, got)) in zip(program.instructions, again.instructions).enumerated() where want != got {
            Issue.record("\(name): pc \(pc): disassembled and re-assembled to \(got), expected \(want)")
        }
        #expect(again.instructions.count == program.instructions.count, "\(name): round trip changed the length")
    }

    @Test func thereAreVectors() {
        #expect(ConformanceVector.names.count >= 313, "found \(ConformanceVector.names.count) vectors")
    }
}
