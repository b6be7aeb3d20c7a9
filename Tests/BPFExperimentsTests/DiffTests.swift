import Foundation
import GRDB
import Testing

@testable import BPFExperiments

/// `bpfsim diff` like `veristat -C`: two runs that differ only in the workload seed differ only
/// in execution columns; a run against itself differs nowhere.
@Suite struct DiffTests {
    @Test func differentSeedsChangeOnlyExecutionColumns() throws {
        let a = try MiniCorpus.database(MiniCorpus.baseline.get())
        let b = try MiniCorpus.database(MiniCorpus.otherSeed.get())
        let diff = try ResultDiff.compare(a, b, stats: ["all"])
        let executionColumns = Set(ResultColumns.executions.columnNames)
        let changed = diff.changedStats
        #expect(!changed.isEmpty, "seeds 1 and 2 gave identical executions: the seed is not used")
        #expect(changed.isSubset(of: executionColumns), "non-execution columns changed: \(changed.subtracting(executionColumns).sorted())")
        #expect(diff.lines.allSatisfy { $0.inA && $0.inB })
    }

    @Test func runAgainstItselfHasNoDifference() throws {
        let a = try MiniCorpus.database(MiniCorpus.baseline.get())
        let diff = try ResultDiff.compare(a, a, stats: ["all"])
        #expect(diff.changedStats.isEmpty)
        #expect(diff.table(changedOnly: true).rows.isEmpty)
    }

    @Test(arguments: [
        (["asm/*"], 5), (["!asm/*"], 3), (["slot_conflict"], 1), (["c/task_pair.bpf.c:balanced"], 1), (["*:nothing"], 0),
    ])
    func filtersSelectPrograms(_ filters: [String], _ programs: Int) throws {
        let a = try MiniCorpus.database(MiniCorpus.baseline.get())
        let diff = try ResultDiff.compare(a, a, filters: filters, backend: "reject")
        #expect(diff.lines.count == programs, "filters \(filters): \(diff.lines.map(\.key.progName))")
    }

    @Test(arguments: [
        (1.0, 2.0, "+1 (+100.00%)"), (4.0, 3.0, "-1 (-25.00%)"), (5.0, 5.0, "+0 (+0.00%)"), (0.0, 7.0, "+7"),
    ])
    func numericDifferenceIsVeristatStyle(_ a: Double, _ b: Double, _ expected: String) throws {
        #expect(ResultDiff.difference(a.databaseValue, b.databaseValue) == expected)
    }

    @Test func unknownStatisticIsAUsageError() throws {
        let a = try MiniCorpus.database(MiniCorpus.baseline.get())
        #expect(throws: DiffError.self) { try ResultDiff.compare(a, a, stats: ["no_such_column"]) }
    }

    @Test func diffCommandPrintsOnlyChangedExecutionColumns() throws {
        let a = try MiniCorpus.baseline.get().appendingPathComponent("results.sqlite").path
        let b = try MiniCorpus.otherSeed.get().appendingPathComponent("results.sqlite").path
        let r = try BPFSimProcess.run(["diff", a, b, "--changed"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("with differences in:"), "\(r.stdout)")
        #expect(r.stdout.contains("verdict (DIFF)") && !r.stdout.contains("MISMATCH"), "\(r.stdout)")
    }
}
