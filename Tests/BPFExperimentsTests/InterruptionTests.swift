import BPFExperiments
import BPFTestSupport
import Foundation
import Testing

/// Issue 10's interruption test: `bpfsim compare` killed with SIGKILL at several points leaves
/// a database that passes `PRAGMA integrity_check`, and `--resume` then ends with the rows of
/// an uninterrupted run.
@Suite struct InterruptionTests {
    /// `BPFSIM_TEST_KILL` points: inside the first transaction, inside a later one, and right
    /// after commits (one entry per batch with `BPFSIM_TEST_BATCH=1`).
    static let killPoints = ["rows:1", "rows:9", "rows:40", "batches:1", "batches:4", "batches:9"]

    @Test(arguments: killPoints)
    func killedRunResumesToTheSameRows(_ point: String) throws {
        let out = try TestPaths.temporaryDirectory("bpfsim-kill")
        let config = out.appendingPathComponent("mini.json")
        let encoder = JSONEncoder()
        try encoder.encode(MiniCorpus.config()).write(to: config)
        let arguments = ["compare", "--corpus", MiniCorpus.directory.path, "--out", out.path, "--config", config.path, "--jobs", "2", "--quiet"]

        let killed = try BPFSimProcess.run(arguments, environment: ["BPFSIM_TEST_KILL": point, "BPFSIM_TEST_BATCH": "1"])
        #expect(killed.signal == SIGKILL, "\(point): bpfsim was not killed (status \(killed.status)); stderr: \(killed.stderr)")
        let db = try MiniCorpus.database(out)
        #expect(try db.integrityCheck() == "ok", "\(point): integrity_check after SIGKILL")
        let stored = try db.completedEntries().count
        #expect(stored < 10, "\(point): the kill came after the whole corpus was stored")

        let resumed = try BPFSimProcess.run(["compare", "--corpus", MiniCorpus.directory.path, "--out", out.path, "--resume", "--quiet"])
        #expect(resumed.signal == nil && (resumed.status == 0 || resumed.status == 1), "\(point): --resume failed: \(resumed.stderr)")
        let after = try MiniCorpus.database(out)
        #expect(try after.integrityCheck() == "ok")
        var a = try MiniCorpus.reproducibleRows(MiniCorpus.database(MiniCorpus.baseline.get()))
        var b = try MiniCorpus.reproducibleRows(after)
        // Another engineer may commit between the two runs: the commit is not a result.
        for i in a["runs", default: []].indices { a["runs"]![i] = Self.withoutCommit(a["runs"]![i]) }
        for i in b["runs", default: []].indices { b["runs"]![i] = Self.withoutCommit(b["runs"]![i]) }
        #expect(MiniCorpus.firstDifference(a, b) == nil, "\(point): resumed run differs: \(MiniCorpus.firstDifference(a, b) ?? "")")
    }

    static func withoutCommit(_ row: String) -> String {
        row.split(separator: " ").filter { !$0.hasPrefix("git_commit=") }.joined(separator: " ")
    }

    @Test func resumeOfAForeignDatabaseIsOneClearLine() throws {
        let out = try TestPaths.temporaryDirectory("bpfsim-foreign")
        try Data("SQLite format 3\0 but not really".utf8).write(to: out.appendingPathComponent("results.sqlite"))
        let r = try BPFSimProcess.run(["compare", "--corpus", MiniCorpus.directory.path, "--out", out.path, "--resume", "--quiet"])
        let lines = r.stderr.split(separator: "\n")
        #expect(r.status == 1 || r.status == 2)
        #expect(lines.count == 1, "stderr: \(r.stderr)")
        #expect(r.stderr.contains("not a bpfsim results database"), "stderr: \(r.stderr)")
    }
}

/// Runs the `bpfsim` executable built beside the test bundle.
enum BPFSimProcess {
    struct Result {
        var status: Int32
        var signal: Int32?
        var stdout: String
        var stderr: String
    }

    static var executable: String {
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: exe).deletingLastPathComponent().appendingPathComponent("bpfsim").path
    }

    static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Result {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable)
        p.arguments = arguments
        p.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let errData = ErrBox()
        let thread = Thread { errData.data = err.fileHandleForReading.readDataToEndOfFile() }
        thread.start()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        while !errData.done { usleep(1000) }
        let signalled = p.terminationReason == .uncaughtSignal
        return Result(
            status: p.terminationStatus, signal: signalled ? p.terminationStatus : nil,
            stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData.data, as: UTF8.self))
    }
}

private final class ErrBox: @unchecked Sendable {
    private let lock = NSLock()
    private var _data: Data?
    var data: Data {
        get { lock.withLock { _data ?? Data() } }
        set { lock.withLock { _data = newValue } }
    }
    var done: Bool { lock.withLock { _data != nil } }
}
