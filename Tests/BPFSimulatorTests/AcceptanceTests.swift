import BPFCleanup
import BPFObject
import BPFSimulator
import Testing

/// Issue 9's acceptance: for every test program of the earlier issues, every backend and
/// variant that verifies it, the program's own throws and a forced throw at every throw
/// point, seeded runs with p = 0.2: no oracle violation, no fault, and the same ending and
/// return value as the original program in every run.
///
/// The issue's 100 seeds cost about two minutes of CPU in a debug build, too much for every
/// `swift test`: by default each combination runs ``Sweep/seeds`` (10) seeds, and
/// `BPFSIM_SWEEP_SEEDS=100` runs the issue's sweep and prints one tally line per program.
@Suite struct AcceptanceTests {
    @Test(arguments: TestCorpus.all)
    func zeroViolations(_ entry: TestCorpus.Entry) throws {
        let program = entry.program
        let throwModes: [Int?] = [nil] + ThrowPoints.of(program).map { Optional($0) }
        var tally = Sweep.Tally()
        for (backend, variant) in allConfigurations {
            let o = try outcome(program, backend, variant)
            guard o.isAccepted else { continue }
            tally.configurations += 1
            for throwAt in throwModes {
                let s = try simulate(o, baseline: program, runs: Sweep.seeds, seed: 2024, p: 0.2, throwAt: throwAt, keepRuns: false)
                tally.add(s)
                let place = "\(entry.name) \(backend)/\(variant)" + (throwAt.map { " throw at pc \($0)" } ?? "")
                #expect(s.oracleViolations == 0, "\(place): \(s.violations.first.map(String.init(describing:)) ?? "")")
                #expect(s.faults == 0, "\(place): \(s.firstFault ?? "")")
                #expect(s.divergences == 0, "\(place): \(s.divergences) runs end differently from the original")
                #expect(s.unwindProblems.isEmpty, "\(place): \(s.unwindProblems)")
            }
        }
        if Sweep.verbose { print("sweep: \(entry.name): \(tally.line(throwModes: throwModes.count))") }
    }

    /// The corpus is the earlier issues' (a missing folder would make the test above vacuous).
    @Test func corpusHoldsTheEarlierIssuesPrograms() {
        let names = TestCorpus.all.map(\.name)
        #expect(names.filter { $0.hasPrefix("simulator/") }.count == SimulatorPrograms.all.count)
        #expect(names.contains { $0.hasPrefix("references/") }, "no reference fixtures found")
        #expect(names.contains { $0.hasPrefix("exceptions/") }, "no exception fixtures found")
        #expect(names.contains { $0.hasPrefix("cleanup-tests/") }, "no cleanup test programs found")
        let tableFiles = TestCorpus.files("table", ".s").count + TestCorpus.files("table", ".c").count
        #expect(names.filter { $0.hasPrefix("table/") }.count == tableFiles, "the table backend's programs (one per file)")
    }
}

/// The unwinders checked against each other (issue 9): for the same program, seed and throw
/// point, `descriptors` and every `table` variant release the same objects.
@Suite struct CrossCheckTests {
    @Test(arguments: TestCorpus.all)
    func unwindersReleaseTheSameObjects(_ entry: TestCorpus.Entry) throws {
        let program = entry.program
        let configurations = allConfigurations.filter { $0.backend != "reject" }
        var outcomes: [(String, BackendOutcome)] = []
        for (backend, variant) in configurations {
            let o = try outcome(program, backend, variant)
            if o.isAccepted { outcomes.append(("\(backend)/\(variant)", o)) }
        }
        guard outcomes.count > 1 else { return }
        for throwAt in ThrowPoints.of(program) {
            var reference: (String, [[ObjectID]])?
            for (name, o) in outcomes {
                let s = try simulate(o, baseline: program, runs: 20, seed: 5, p: 0.2, throwAt: throwAt)
                let released = (s.perRun ?? []).map { ($0.unwind?.released ?? []).sorted() }
                if let (first, expected) = reference {
                    #expect(released == expected, "\(entry.name) throw at pc \(throwAt): \(name) released \(released), \(first) \(expected)")
                } else {
                    reference = (name, released)
                }
            }
        }
    }
}
