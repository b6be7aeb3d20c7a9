import BPFISA
import BPFInterpreter
import Testing

/// The instruction budget and the kernel's `may_goto` loop budget.
@Suite struct BudgetTests {
    /// Ten iterations of a three-instruction loop: 1 + 3 * 10 + 1 = 32 instructions.
    static let loop = Snippet("counted loop", "mov %r0, 10\nloop:\nsub %r0, 1\nmov %r1, %r0\njne %r0, 0, loop\nexit")

    @Test func exactBudgetSucceeds() throws {
        let result = try Self.loop.run(limits: ExecutionLimits(instructionBudget: 32))
        #expect(result.returnValue == 0, "counted loop: \(result.outcome)")
        #expect(result.counts.total == 32)
    }

    /// (budget, pc of the first instruction refused): pc 0 runs first, then the loop body
    /// cycles through pcs 1-3 ten times, then the exit at pc 4.
    @Test(arguments: [(1, 1), (2, 2), (17, 2), (30, 3), (31, 4)] as [(UInt64, Int)])
    func exhaustedBudgetFaultsAtTheNextInstruction(budget: UInt64, pc: Int) throws {
        let result = try Self.loop.run(limits: ExecutionLimits(instructionBudget: budget))
        let fault = try #require(result.fault, "counted loop with budget \(budget): \(result.outcome)")
        #expect(fault.message == "instruction budget of \(budget) exhausted")
        #expect(fault.kind == .budgetExhausted)
        #expect(result.counts.total == budget, "counted loop: every budgeted instruction ran")
        #expect(fault.pc == pc, "counted loop with budget \(budget)")
    }

    /// `may_goto` falls through while the frame's counter is positive and jumps once it is
    /// spent: with a budget of 5 the loop body runs five times.
    static func mayGotoLoop(depthCall: Bool) -> Snippet {
        let loop: [Instruction] = [
            .alu(.mov, .w64, dst: .r0, src: .immediate(0)),  // 0
            .mayGoto(offset: 2),  // 1: taken when the budget is spent
            .alu(.add, .w64, dst: .r0, src: .immediate(1)),  // 2
            .ja(offset: -3),  // 3
        ]
        if !depthCall { return Snippet("may_goto loop", instructions: loop + [.exit]) }
        // main: r6 = f(); r0 = f() + r6 * 100: each frame entry gets a fresh counter.
        return Snippet(
            "may_goto loop in a callee, twice",
            instructions: [
                .call(.local(offset: 5)),  // 0 -> 6
                .alu(.mov, .w64, dst: .r6, src: .register(.r0)),  // 1
                .call(.local(offset: 3)),  // 2 -> 6
                .alu(.mul, .w64, dst: .r6, src: .immediate(100)),  // 3
                .alu(.add, .w64, dst: .r0, src: .register(.r6)),  // 4
                .exit,  // 5
            ] + loop + [.exit])
    }

    @Test func mayGotoRunsItsBudgetThenJumps() throws {
        let result = try Self.mayGotoLoop(depthCall: false).run(limits: ExecutionLimits(mayGotoIterations: 5))
        #expect(result.returnValue == 5)
        // mov, 5 x (may_goto, add, ja), the final may_goto, exit.
        #expect(result.counts.total == 1 + 15 + 1 + 1)
        #expect(result.counts[.branch] == 11)
    }

    @Test func everyFrameEntryResetsTheMayGotoBudget() throws {
        let result = try Self.mayGotoLoop(depthCall: true).run(limits: ExecutionLimits(mayGotoIterations: 3))
        #expect(result.returnValue == 303)
    }

    @Test func mayGotoDefaultIsTheKernelsLoopLimit() {
        #expect(ExecutionLimits().mayGotoIterations == 8 * 1024 * 1024, "BPF_MAX_LOOPS")
        #expect(ExecutionLimits().maxFrames == 8, "MAX_CALL_FRAMES")
    }
}
