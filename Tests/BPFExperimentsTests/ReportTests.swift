import BPFExperiments
import BPFTestSupport
import Foundation
import Testing

/// `bpfsim report DB` rewrites report.md and its figures byte for byte from the database
/// alone; a corrupt or foreign database is one clear line.
@Suite struct ReportTests {
    @Test func reportFromTheDatabaseIsByteForByteTheRunsReport() throws {
        let folder = try MiniCorpus.baseline.get()
        let elsewhere = try TestPaths.temporaryDirectory("bpfsim-report")
        let files = try ReportWriter.write(database: MiniCorpus.database(folder), to: elsewhere)
        #expect(files.count >= 5, "report.md and at least four figures")
        for file in files {
            let relative = file.path.replacingOccurrences(of: elsewhere.path + "/", with: "")
            let original = try Data(contentsOf: folder.appendingPathComponent(relative))
            let again = try Data(contentsOf: file)
            #expect(original == again, "corpus-mini: \(relative) differs when regenerated from results.sqlite")
        }
    }

    @Test func reportCommandWritesBesideTheDatabase() throws {
        let folder = try MiniCorpus.baseline.get()
        let copy = try TestPaths.temporaryDirectory("bpfsim-report-cli")
        try FileManager.default.copyItem(at: folder.appendingPathComponent("results.sqlite"), to: copy.appendingPathComponent("results.sqlite"))
        let r = try BPFSimProcess.run(["report", copy.appendingPathComponent("results.sqlite").path])
        #expect(r.status == 0, "bpfsim report: \(r.stderr)")
        let a = try Data(contentsOf: folder.appendingPathComponent("report.md"))
        let b = try Data(contentsOf: copy.appendingPathComponent("report.md"))
        #expect(a == b)
    }

    /// The report has the sections and figures issue 10 asks for.
    @Test(arguments: [
        "## Programs accepted and rejected, and why", "## Merge failures (descriptors)", "## Stack overhead",
        "## Inserted instructions and metadata", "## Normal-path and throw-path cost", "figures/overhead.svg",
        "figures/stack.svg", "figures/merge-events.svg", "## Errors",
    ])
    func reportHasSection(_ heading: String) throws {
        let text = try String(contentsOf: MiniCorpus.baseline.get().appendingPathComponent("report.md"), encoding: .utf8)
        #expect(text.contains(heading), "report.md lacks \(heading)")
    }

    static let badDatabases: [(name: String, bytes: [UInt8], expected: String)] = [
        ("text file", Array("hello, I am not a database\n".utf8), "not a bpfsim results database"),
        ("empty file", [], "not a bpfsim results database"),
        ("truncated header", Array("SQLite format 3\0".utf8) + [UInt8](repeating: 0xff, count: 200), "not a bpfsim results database"),
    ]

    @Test(arguments: badDatabases.indices)
    func badDatabaseIsOneClearLine(_ i: Int) throws {
        let bad = Self.badDatabases[i]
        let dir = try TestPaths.temporaryDirectory("bpfsim-bad-db")
        let path = dir.appendingPathComponent("results.sqlite").path
        _ = FileManager.default.createFile(atPath: path, contents: Data(bad.bytes))
        #expect(throws: ResultDatabaseError.self) { try ResultDatabase.open(path: path, writable: false) }
        let r = try BPFSimProcess.run(["report", path])
        #expect(r.status == 1, "\(bad.name): status \(r.status)")
        #expect(r.stderr.split(separator: "\n").count == 1 && r.stderr.contains(bad.expected), "\(bad.name): \(r.stderr)")
    }

    @Test func foreignSQLiteDatabaseIsRefused() throws {
        let dir = try TestPaths.temporaryDirectory("bpfsim-foreign-db")
        let path = dir.appendingPathComponent("other.sqlite").path
        // A real SQLite database of another application, made with GRDB's own SQLite.
        try ForeignDatabase.make(path: path)
        do {
            _ = try ResultDatabase.open(path: path, writable: false)
            Issue.record("a foreign SQLite database was accepted")
        } catch {
            #expect(error.message.contains("another application"), "\(error)")
        }
        let r = try BPFSimProcess.run(["diff", path, path])
        #expect(r.status != 0 && r.stderr.split(separator: "\n").count == 1, "bpfsim diff on a foreign database: \(r.stderr)")
    }
}
