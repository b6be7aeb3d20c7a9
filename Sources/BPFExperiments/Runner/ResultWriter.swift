import Foundation
import GRDB

#if canImport(Glibc)
    import Glibc
#endif

/// Stores entry results in batches, one transaction each (SPEC §8): a batch is committed when
/// it holds `batchEntries` entries or `batchSeconds` have passed, so a killed run loses at most
/// the batch in flight and never leaves half an entry.
///
/// For the interruption tests, `BPFSIM_TEST_KILL=rows:N` (after the N-th row inserted, inside
/// a transaction) or `batches:N` (after the N-th commit) makes the process SIGKILL itself, and
/// `BPFSIM_TEST_BATCH=N` commits every N entries.
final class ResultWriter {
    let database: ResultDatabase
    var batchEntries = 32
    var batchSeconds = 0.5
    private var pending: [EntryResult] = []
    private var lastCommit = Date()
    private var rowsWritten = 0
    private var batchesWritten = 0
    private let kill: (rows: Int?, batches: Int?)

    init(database: ResultDatabase, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.database = database
        kill = ResultWriter.killPoint(environment["BPFSIM_TEST_KILL"])
        if let n = environment["BPFSIM_TEST_BATCH"].flatMap(Int.init), n > 0 {
            batchEntries = n
            batchSeconds = .infinity
        }
    }

    static func killPoint(_ text: String?) -> (rows: Int?, batches: Int?) {
        guard let text else { return (nil, nil) }
        let parts = text.split(separator: ":")
        guard parts.count == 2, let n = Int(parts[1]) else { return (nil, nil) }
        return parts[0] == "rows" ? (n, nil) : parts[0] == "batches" ? (nil, n) : (nil, nil)
    }

    func add(_ result: EntryResult) throws(ResultDatabaseError) {
        pending.append(result)
        if pending.count >= batchEntries || Date().timeIntervalSince(lastCommit) >= batchSeconds { try flush() }
    }

    func flush() throws(ResultDatabaseError) {
        guard !pending.isEmpty else { return }
        let batch = pending
        try database.write { db in
            for r in batch {
                if let p = r.program { try insert(p, db) }
                for v in r.verifications { try insert(v, db) }
                try insertMergeEvents(r.mergeEvents, db)
                for e in r.executions { try insert(e, db) }
                if let k = r.kernelCheck { try insert(k, db) }
                if let e = r.error { try insert(e, db) }
            }
        }
        pending.removeAll(keepingCapacity: true)
        lastCommit = Date()
        batchesWritten += 1
        if let n = kill.batches, batchesWritten >= n { raise(SIGKILL) }
    }

    /// Merge events are most of a loop-heavy corpus's rows (100,000+ for one program that does
    /// not converge): one prepared statement with positional arguments instead of a Codable
    /// record per row keeps the writer's single thread from holding up the workers.
    private func insertMergeEvents(_ events: [MergeEventRecord], _ db: Database) throws {
        guard !events.isEmpty else { return }
        let statement = try db.cachedStatement(sql: Self.mergeEventInsert)
        for m in events {
            statement.setUncheckedArguments([
                m.programId, m.backend, m.variant, m.seq, m.pc, m.frame, m.subprog, m.location, m.oldSide, m.newSide, m.resolution, m.round,
            ])
            try statement.execute()
            rowsWritten += 1
            if let n = kill.rows, rowsWritten >= n { raise(SIGKILL) }
        }
    }

    private static let mergeEventInsert =
        "INSERT INTO merge_events (program_id, backend, variant, seq, pc, frame, subprog, location, old_side, new_side, resolution, round) "
        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"

    private func insert<R: PersistableRecord>(_ record: R, _ db: Database) throws {
        try record.insert(db)
        rowsWritten += 1
        if let n = kill.rows, rowsWritten >= n { raise(SIGKILL) }
    }
}
