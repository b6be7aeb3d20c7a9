import BPFSimulator
import Foundation

/// How many seeds the corpus sweeps run: `BPFSIM_SWEEP_SEEDS` (issue 9 asks for 100), else 10
/// so that every `swift test` stays cheap; a set variable also prints one tally per program.
enum Sweep {
    static let configured = ProcessInfo.processInfo.environment["BPFSIM_SWEEP_SEEDS"].flatMap { Int($0) }.flatMap { $0 > 0 ? $0 : nil }
    static var seeds: Int { configured ?? 10 }
    static var verbose: Bool { configured != nil }

    /// What one program's sweep ran, for the printed line.
    struct Tally {
        var configurations = 0
        var runs = 0
        var throwsCount = 0
        var unwinderReleases = 0
        var violations = 0
        var faults = 0
        var divergences = 0
        /// Leaks the kernel itself has (reject accepting a throwing global call while a
        /// reference is held), counted apart from bpfsim's violations.
        var upstreamGapLeaks = 0

        mutating func add(_ s: ExecutionSummary) {
            runs += s.runs
            throwsCount += s.throwsCount
            unwinderReleases += s.unwinderReleases
            violations += s.oracleViolations
            faults += s.faults
            divergences += s.divergences
            upstreamGapLeaks += s.upstreamGapLeaks
        }

        func line(throwModes: Int) -> String {
            "\(configurations) configurations x \(throwModes) throw modes x \(Sweep.seeds) seeds p=0.2: \(runs) runs, "
                + "\(throwsCount) throws, \(unwinderReleases) unwinder releases, \(violations) oracle violations, "
                + "\(faults) faults, \(divergences) divergences, \(upstreamGapLeaks) upstream-gap leaks"
        }
    }
}
