import BPFISA
import BPFSimulator
import Testing

/// The oracle catches what a backend leaves behind, on every test program of the earlier
/// issues (issue 9): under the no-cleanup test backend, a forced throw at each throw point
/// leaks exactly the objects the `descriptors` unwinder (or, for a program descriptors
/// rejects, the `table` one) releases for the same seed, each leak named at the call that
/// acquired it.
@Suite struct NoCleanupCorpusTests {
    @Test(arguments: TestCorpus.all)
    func leaksAreWhatDescriptorsReleases(_ entry: TestCorpus.Entry) throws {
        let program = entry.program
        let bare = NoCleanupBackend().apply(to: program, options: .init())
        guard bare.isAccepted else { return }
        var reference = try outcome(program, "descriptors")
        if !reference.isAccepted { reference = try outcome(program, "table", "e16-frame-kfunc") }
        guard reference.isAccepted else { return }
        var thrown = 0
        var leakCount = 0
        for at in ThrowPoints.of(program) {
            let expected = try simulate(reference, baseline: program, runs: Sweep.seeds, seed: 11, p: 0.2, throwAt: at)
            let got = try simulate(bare, baseline: program, runs: Sweep.seeds, seed: 11, p: 0.2, throwAt: at)
            for (want, run) in zip(try #require(expected.perRun), try #require(got.perRun)) where want.ending == .thrown {
                let place = "\(entry.name) throw at pc \(at), run \(run.run)"
                #expect(run.ending == .thrown, "\(place): no-cleanup run ended \(run.ending)")
                let leaks = run.violations.filter { $0.kind == .leak }
                thrown += 1
                leakCount += leaks.count
                #expect(leaks.count == run.violations.count, "\(place): \(run.violations)")
                let leaked = leaks.compactMap { Self.objectID($0.object) }.sorted()
                let released = (want.unwind?.released ?? []).sorted()
                #expect(leaked == released, "\(place): no-cleanup leaked \(leaked), \(reference.backend) released \(released)")
                for v in leaks {
                    #expect(v.backend == "no-cleanup", "\(place): \(v)")
                    let insn = v.pc < program.instructions.count ? program.instructions[v.pc] : nil
                    #expect(Self.isCall(insn), "\(place): the leak of \(v.object) names pc \(v.pc), which is no call: \(v.message)")
                }
            }
        }
        if Sweep.verbose {
            print("no-cleanup: \(entry.name): \(ThrowPoints.of(program).count) throw points, \(thrown) thrown runs, \(leakCount) leaks named")
        }
    }

    /// `task_struct#3 (pid 7)` -> 3.
    static func objectID(_ object: String) -> ObjectID? {
        guard let hash = object.firstIndex(of: "#") else { return nil }
        let digits = object[object.index(after: hash)...].prefix { $0.isNumber }
        return Int(digits).map(ObjectID.init)
    }

    static func isCall(_ insn: Instruction?) -> Bool {
        if case .call(.helper) = insn { return true }
        if case .call(.kfunc) = insn { return true }
        return false
    }
}
