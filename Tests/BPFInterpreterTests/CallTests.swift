import BPFISA
import BPFInterpreter
import Testing

/// bpf-to-bpf calls: frames, the callee-saved registers, per-frame stacks and the depth limit
/// (`MAX_CALL_FRAMES`).
@Suite struct CallTests {
    @Test func calleeSeesArgumentsAndCallerKeepsR6ToR9() throws {
        let snippet = Snippet(
            "r6-r9 survive a callee that clobbers them",
            """
            mov %r1, 40
            mov %r6, 6
            mov %r9, 9
            call local f
            add %r0, %r6
            add %r0, %r9
            exit
            f:
            mov %r0, %r1
            mov %r6, 100
            mov %r9, 100
            exit
            """)
        #expect(try snippet.r0() == 55)
    }

    @Test func eachFrameHasItsOwnStack() throws {
        let snippet = Snippet(
            "the callee's fp-8 is not the caller's",
            """
            stdw [%r10-8], 1
            mov %r1, %r10
            call local f
            ldxdw %r2, [%r10-8]
            add %r0, %r2
            exit
            f:
            stdw [%r10-8], 20
            ldxdw %r0, [%r1-8]
            lsh %r0, 8
            exit
            """)
        // The callee reads the caller's slot through the pointer in r1 (1 << 8), and the
        // caller's slot still holds 1 after the callee wrote its own fp-8.
        #expect(try snippet.r0() == 0x101)
    }

    @Test func r10DiffersPerFrameAndIsRestored() throws {
        let memory = Memory()
        let snippet = Snippet("r10 per frame", "mov %r6, %r10\ncall local f\nsub %r0, %r6\nexit\nf:\nmov %r0, %r10\nexit")
        let result = try snippet.run(in: memory)
        #expect(result.returnValue == memory.framePointer(frame: 1) &- memory.framePointer(frame: 0))
        #expect(result.registers[.r10] == memory.framePointer(frame: 0))
    }

    /// Recursion without a base case: seven calls succeed (frames 0-7), the eighth is the
    /// kernel's `the call stack of 9 frames is too deep`.
    @Test func theNinthFrameIsTooDeep() throws {
        let snippet = Snippet("endless recursion", "f:\nmov %r0, 1\ncall local f\nexit")
        let result = try snippet.run()
        let fault = try #require(result.fault, "endless recursion: \(result.outcome)")
        #expect(fault.pc == 1, "endless recursion: faulted at pc \(fault.pc)")
        #expect(fault.message == "the call stack of 9 frames is too deep")
        #expect(fault.kind == .callDepth)
        #expect(result.counts[.call] == 8)
    }

    @Test func eightFramesAreAllowed() throws {
        // f counts r1 down from 6: main's call and six recursive ones reach depth 7, the
        // eighth and last frame.
        let snippet = Snippet(
            "seven nested calls",
            """
            mov %r1, 6
            mov %r0, 0
            call local f
            exit
            f:
            jeq %r1, 0, done
            sub %r1, 1
            add %r0, 1
            call local f
            done:
            exit
            """)
        let result = try snippet.run()
        #expect(result.returnValue == 6, "seven nested calls: \(result.outcome)")
        #expect(result.counts[.call] == 7 + 7 + 1, "seven calls, their seven exits, main's exit")
    }

    @Test func theFrameLimitIsConfigurable() throws {
        let snippet = Snippet("endless recursion", "f:\ncall local f\nexit")
        let result = try snippet.run(limits: ExecutionLimits(maxFrames: 2))
        #expect(result.fault?.message == "the call stack of 3 frames is too deep")
        #expect(result.fault?.pc == 0)
    }
}
