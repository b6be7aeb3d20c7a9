import BPFExperiments
import Foundation
import GRDB
import Testing

/// Issue 10 item 6: a broken object, a `.c` that does not compile, a program that never
/// terminates and an unknown kfunc are each one error row (and one stderr line), and every
/// other entry's results are complete.
@Suite struct BadInputTests {
    static let expected: [(file: String, stage: String, kind: String)] = [
        ("asm/forever.s", "verify", "limit"),
        ("c/broken_syntax.c", "compile", "compile"),
        ("c/unknown_kfunc.bpf.c", "verify", "unsupported"),
        ("obj/broken.o", "read", "parse"),
    ]

    @Test func eachBadEntryIsOneErrorRow() throws {
        let errors = try MiniCorpus.database(MiniCorpus.baseline.get()).read { db in try ErrorRecord.fetchAll(db, sql: "SELECT * FROM errors ORDER BY file_name") }
        #expect(errors.map(\.fileName) == Self.expected.map(\.file))
        for (e, x) in zip(errors, Self.expected) {
            #expect(e.stage == x.stage && e.kind == x.kind, "\(e.fileName): \(e.stage)/\(e.kind), expected \(x.stage)/\(x.kind): \(e.message)")
        }
    }

    @Test func everyOtherEntryIsComplete() throws {
        let db = try MiniCorpus.database(MiniCorpus.baseline.get())
        let (programs, pairs, perProgram) = try db.read { db in
            (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM programs") ?? 0,
             try Int.fetchOne(db, sql: "SELECT COUNT(DISTINCT backend || '/' || variant) FROM verifications") ?? 0,
             try Int.fetchAll(db, sql: "SELECT COUNT(*) FROM verifications GROUP BY program_id"))
        }
        #expect(programs == 8, "8 readable programs in corpus-mini")
        #expect(perProgram.count == programs && perProgram.allSatisfy { $0 == pairs }, "each program verified under all \(pairs) backend/variant pairs: \(perProgram)")
        let accepted = try db.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM verifications WHERE verdict = 'success'") ?? 0
        }
        let executed = try db.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM executions") ?? 0 }
        #expect(accepted > 0 && executed == accepted, "every accepted outcome executed: \(executed) of \(accepted)")
    }

    @Test func eachBadEntryIsOneStderrLineAndExitStatusOne() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("bpfsim-bad-\(UUID().uuidString)")
        let config = FileManager.default.temporaryDirectory.appendingPathComponent("mini-\(UUID().uuidString).json")
        var c = MiniCorpus.config()
        c.workload.runs = 0
        c.backends = ["reject"]
        try JSONEncoder().encode(c).write(to: config)
        let r = try BPFSimProcess.run(["compare", "--corpus", MiniCorpus.directory.path, "--out", out.path, "--config", config.path, "--quiet"])
        #expect(r.status == 1, "unexpected failures make compare exit 1: \(r.status)")
        let lines = r.stderr.split(separator: "\n").filter { $0.hasPrefix("bpfsim: ") }
        for x in Self.expected {
            #expect(lines.filter { $0.contains(x.file) }.count == 1, "\(x.file): \(lines)")
        }
        #expect(lines.count == Self.expected.count, "\(lines)")
    }
}
