import BPFISA
import BPFInterpreter
import Testing

/// Executed instructions by class (SPEC §6): each class, and the documented choices (`lddw`
/// is one ALU instruction; every `exit` is a call; `callx` is a helper call).
@Suite struct CountTests {
    static let cases: [(Snippet, [InstructionClass: UInt64])] = [
        (Snippet("lddw counts once", "lddw %r0, 0x1122334455667788\nexit"), [.alu: 1, .call: 1]),
        (
            Snippet(
                "one of each",
                """
                mov %r0, 0
                stdw [%r10-8], 1
                ldxdw %r1, [%r10-8]
                lock add [%r10-8], %r1
                jeq %r1, 0, out
                call 5
                call local f
                out:
                exit
                f:
                exit
                """),
            [.alu: 1, .store: 1, .load: 1, .atomic: 1, .branch: 1, .helper: 1, .call: 3]
        ),
        (Snippet("callx is a helper call", "mov %r1, 1\nmov %r2, 5\ncall %r2\nexit"), [.alu: 2, .helper: 1, .call: 1]),
        (Snippet("a faulting load is counted", "mov %r1, 0\nldxdw %r0, [%r1]\nexit"), [.alu: 1, .load: 1]),
        (Snippet("ja and gotol are branches", "ja l1\nl1:\nja32 l2\nl2:\nexit"), [.branch: 2, .call: 1]),
        (
            Snippet("signed loads, byte swaps and movsx", "ldxsb %r0, [%r10-1]\nbe16 %r0\nmovsx864 %r0, %r0\nstxb [%r10-1], %r0\nexit"),
            [.load: 1, .alu: 2, .store: 1, .call: 1]
        ),
    ]

    @Test(arguments: cases)
    func countsByClass(_ snippet: Snippet, expected: [InstructionClass: UInt64]) throws {
        let counts = try snippet.run().counts
        for cls in InstructionClass.allCases {
            #expect(counts[cls] == expected[cls] ?? 0, "\(snippet.name): \(cls)")
        }
        #expect(counts.total == expected.values.reduce(0, +), "\(snippet.name): total")
    }

    @Test func countsAccumulateAcrossLoopIterations() throws {
        // mov; 4 x (sub, stxdw, jne); exit.
        let snippet = Snippet("store loop", "mov %r0, 4\nl:\nsub %r0, 1\nstxdw [%r10-8], %r0\njne %r0, 0, l\nexit")
        let counts = try snippet.run().counts
        #expect(counts[.alu] == 5)
        #expect(counts[.store] == 4)
        #expect(counts[.branch] == 4)
        #expect(counts[.call] == 1)
        #expect(counts.description == "alu=5 load=0 store=4 atomic=0 branch=4 call=1 helper=0 kfunc=0")
    }
}
