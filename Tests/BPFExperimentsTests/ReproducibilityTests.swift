import BPFExperiments
import Foundation
import Testing

/// SPEC §9 and issue 10's acceptance: the same corpus, configuration and seed give identical
/// rows, timing columns aside, with `--jobs 1` and `--jobs 2` and on a second run.
@Suite struct ReproducibilityTests {
    @Test func jobsTwoGivesTheRowsOfJobsOne() throws {
        let a = try MiniCorpus.reproducibleRows(MiniCorpus.database(MiniCorpus.baseline.get()))
        let b = try MiniCorpus.reproducibleRows(MiniCorpus.database(MiniCorpus.parallel.get()))
        #expect(MiniCorpus.firstDifference(a, b) == nil, "corpus-mini --jobs 1 vs --jobs 2: \(MiniCorpus.firstDifference(a, b) ?? "")")
        #expect((a["verifications"] ?? []).count > 0)
    }

    @Test func secondRunGivesTheSameRows() throws {
        let a = try MiniCorpus.reproducibleRows(MiniCorpus.database(MiniCorpus.baseline.get()))
        let again = try MiniCorpus.run(jobs: 1, name: "again")
        let b = try MiniCorpus.reproducibleRows(MiniCorpus.database(again))
        #expect(MiniCorpus.firstDifference(a, b) == nil, "corpus-mini second run: \(MiniCorpus.firstDifference(a, b) ?? "")")
    }

    /// Every table the issue names is filled: a reproducibility check over empty tables proves nothing.
    @Test(arguments: ["runs", "programs", "verifications", "merge_events", "executions", "errors"])
    func tableIsFilled(_ table: String) throws {
        let rows = try MiniCorpus.reproducibleRows(MiniCorpus.database(MiniCorpus.baseline.get()))
        #expect((rows[table] ?? []).count > 0, "corpus-mini: table \(table) is empty")
    }

    /// CSV files mirror the tables: a header of the documented columns and one line per row.
    @Test(arguments: ResultColumns.all.map(\.name))
    func csvMirrorsTable(_ name: String) throws {
        let folder = try MiniCorpus.baseline.get()
        let text = try String(contentsOf: folder.appendingPathComponent("\(name).csv"), encoding: .utf8)
        let table = try #require(ResultColumns.table(name))
        let rows = try MiniCorpus.database(folder).rows(of: table)
        #expect(text.hasPrefix(table.columnNames.joined(separator: ",") + "\n"))
        #expect(CSVLines.count(text) == rows.count + 1, "\(name).csv has \(CSVLines.count(text)) records for \(rows.count) rows")
    }
}

/// Counts CSV records (quoted fields may hold newlines).
enum CSVLines {
    static func count(_ text: String) -> Int {
        var n = 0, quoted = false
        for ch in text {
            if ch == "\"" { quoted.toggle() } else if ch == "\n" && !quoted { n += 1 }
        }
        return n
    }
}
