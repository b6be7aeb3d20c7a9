import BPFSimulator
import Testing

/// Seeded workloads (SPEC §6, §9): the same seed gives the same runs bit for bit, seeds
/// differ, forced throws happen where asked, and a pc that is no throw point is refused.
@Suite struct WorkloadTests {
    @Test(arguments: SimulatorPrograms.all)
    func sameSeedSameRuns(_ program: SimProgram) throws {
        let p = try program.load()
        let o = try outcome(p, "descriptors")
        let a = try simulate(o, baseline: p, runs: 30, seed: 99, p: 0.3)
        let b = try simulate(o, baseline: p, runs: 30, seed: 99, p: 0.3)
        #expect(a == b, "\(program.name): two runs of seed 99 differ")
        let c = try simulate(o, baseline: p, runs: 30, seed: 100, p: 0.3)
        #expect(a.perRun != c.perRun, "\(program.name): seeds 99 and 100 gave the same 30 runs")
    }

    @Test func throwPointsAreFoundAndForced() throws {
        let p = try SimulatorPrograms.globalThrow.load()
        #expect(ThrowPoints.of(p) == [6, 10, 15])
        let o = try outcome(p, "descriptors")
        // A zero context: may_throw never throws on its own, so every run reaches both calls.
        for at in [6, 10] {
            let s = try simulate(o, baseline: p, runs: 10, throwAt: at, context: skb(len: 100))
            #expect(s.perRun?.allSatisfy { $0.ending == .thrown && $0.throwPC == at } == true, "throw at pc \(at)")
            #expect(s.oracleViolations == 0)
        }
    }

    @Test func aPCThatIsNoThrowPointIsRefused() throws {
        let p = try SimulatorPrograms.globalThrow.load()
        #expect {
            _ = try simulate(try outcome(p, "descriptors"), baseline: p, throwAt: 7)
        } throws: { error in
            "\(error)" == "tc:global_throw:7: pc 7 is not a throw point of the program (they are at pc 6, 10, 15)"
        }
    }

    /// A rewritten program's throw points map to the original's by rank.
    @Test(arguments: ["e16-frame-kfunc", "e8-program-inline"])
    func forcedThrowThroughRewriting(variant: String) throws {
        let p = try SimulatorPrograms.cgroupThreeFrames.load()
        let o = try outcome(p, "table", variant)
        try #require(o.isAccepted, "\(o.failure?.message ?? "")")
        let s = try simulate(o, baseline: p, runs: 10, throwAt: 33)
        #expect(s.throwAt == 33)
        #expect(s.throwAtExecuted != 33, "the table backend inserted code before the throw")
        #expect(s.oracleViolations == 0, "\(s.violations)")
        #expect(s.divergences == 0)
    }
}
