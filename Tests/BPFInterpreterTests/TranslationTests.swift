import BPFISA
import BPFInterpreter
import Testing

/// What the interpreter refuses before running: the checks without which execution is
/// ill-defined, in the kernel verifier's words.
@Suite struct TranslationTests {
    static let rejected: [(Snippet, pc: Int, message: String)] = [
        (Snippet("jump past the end", instructions: [.ja(offset: 4), .exit]), 0, "jump out of range from insn 0 to 5"),
        (Snippet("jump before the start", instructions: [.exit, .ja(offset: -3)]), 1, "jump out of range from insn 1 to -1"),
        (
            Snippet("conditional jump past the end", instructions: [.jump(.eq, .w64, dst: .r0, src: .immediate(0), offset: 1), .exit]),
            0, "jump out of range from insn 0 to 2"
        ),
        (
            Snippet("jump into lddw", instructions: [.ja(offset: 1), .loadImm64(dst: .r0, .value(1)), .continuation, .exit]), 0,
            "jump into the middle of ldimm64 insn 1"
        ),
        (Snippet("call past the end", instructions: [.call(.local(offset: 5)), .exit]), 0, "call to invalid destination 6"),
        (Snippet("mov to r10", "mov %r10, 1\nexit"), 0, "frame pointer is read only"),
        (Snippet("load into r10", "mov %r0, 0\nldxdw %r10, [%r1]\nexit"), 1, "frame pointer is read only"),
        (Snippet("fetch into r10", "lock fetch add [%r1], %r10\nexit"), 0, "frame pointer is read only"),
        (Snippet("falls off the end", "mov %r0, 0"), 0, "last insn is not an exit or jmp"),
        (Snippet("ends with a conditional jump", instructions: [.exit, .jump(.eq, .w64, dst: .r0, src: .immediate(0), offset: -2)]), 1, "last insn is not an exit or jmp"),
        (Snippet("lone continuation", instructions: [.continuation, .exit]), 0, "invalid BPF_LD_IMM insn: a second slot without its first"),
        (
            Snippet("map fd without a kernel", instructions: [.loadImm64(dst: .r1, .mapFD(3)), .continuation, .exit]), 0,
            "lddw of map fd 3 is not resolved (needs the kernel model)"
        ),
        (Snippet("empty", instructions: []), 0, "the program has no instructions"),
    ]

    @Test(arguments: rejected)
    func rejectedWithKernelWords(_ snippet: Snippet, pc: Int, message: String) {
        #expect(throws: TranslationError(pc: pc, message: message), "\(snippet.name)") {
            try TranslatedProgram(snippet.instructions)
        }
    }

    @Test func resolverGivesPseudoLoadsTheirValue() throws {
        let program = try TranslatedProgram([.loadImm64(dst: .r0, .mapFD(3)), .continuation, .exit]) { value, pc in
            value == .mapFD(3) && pc == 0 ? 0xa_0000_0000 : nil
        }
        let result = Interpreter(program).run(memory: Memory())
        #expect(result.returnValue == 0xa_0000_0000)
    }

    @Test func subprogramEntriesAreTheCallTargets() throws {
        let program = try TranslatedProgram(Snippet("two callees", "call local f\ncall local g\nexit\nf:\nexit\ng:\nexit").instructions)
        #expect(program.subprogramEntries == [0, 3, 4])
        #expect(program.subprogram(containing: 2) == 0)
        #expect(program.subprogram(containing: 4) == 4)
    }

    @Test func entryMustBeAnInstruction() throws {
        let interpreter = try Interpreter([.loadImm64(dst: .r0, .value(1)), .continuation, .exit])
        let result = interpreter.run(memory: Memory(), entry: 1)
        #expect(result.fault?.kind == .badEntry)
        #expect(result.fault?.pc == 1)
        #expect(interpreter.run(memory: Memory(), entry: 2).returnValue == 0)
    }
}
