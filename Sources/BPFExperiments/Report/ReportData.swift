import GRDB

/// Everything the report shows, read from the database in a fixed order.
struct ReportData {
    var run: RunRecord
    var summary: RunSummary
    /// `backend/variant` labels in report order.
    var labels: [String]
    var verifications: [VerificationRow]
    /// Merge events counted per program, variant and resolution: the report never shows one
    /// event alone, and a loop-heavy corpus has 100,000+ of them.
    var mergeEventCounts: [MergeEventCount]
    var executions: [ExecutionRecord]
    var kernelChecks: [KernelCheckRecord]
    var errors: [ErrorRecord]
    var entries: Int

    var hasDescriptors: Bool { labels.contains { $0.hasPrefix("descriptors/") } }

    static func load(_ database: ResultDatabase) throws(ResultDatabaseError) -> ReportData {
        guard let run = try database.run() else {
            throw ResultDatabaseError(path: database.path, message: "the run never started (no runs row)")
        }
        let summary = try RunSummary.load(database)
        return try database.read { db in
            let verifications = try VerificationRow.fetchAll(db, sql: "SELECT * FROM verifications ORDER BY program_id, backend, variant")
            var labels = (run.backends ?? "").split(separator: ",").map(String.init)
            for v in verifications where !labels.contains(v.record.label) { labels.append(v.record.label) }
            return ReportData(
                run: run, summary: summary, labels: labels, verifications: verifications,
                mergeEventCounts: try MergeEventCount.fetchAll(db),
                executions: try ExecutionRecord.fetchAll(db, sql: "SELECT * FROM executions ORDER BY program_id, backend, variant"),
                kernelChecks: try KernelCheckRecord.fetchAll(db, sql: "SELECT * FROM kernel_checks ORDER BY program_id"),
                errors: try ErrorRecord.fetchAll(db, sql: "SELECT * FROM errors ORDER BY program_id"),
                entries: summary.entries)
        }
    }

    func verifications(_ label: String) -> [VerificationRow] { verifications.filter { $0.record.label == label } }
    func executions(_ label: String) -> [ExecutionRecord] { executions.filter { "\($0.backend)/\($0.variant)" == label } }

    /// Stack of each program's deepest chain with nothing added: its `reject` row when
    /// `reject` accepted it (a rejection stops the walk early, before the whole stack is
    /// seen), else a backend's own `stack_chain_before`.
    var stackBefore: [Int: Int] {
        var out: [Int: Int] = [:]
        for v in verifications where v.record.backend == "reject" && v.record.verdict == "success" {
            if let s = v.record.stackChainMax { out[v.programId] = s }
        }
        for v in verifications where out[v.programId] == nil {
            if let s = v.record.metrics.stackChainBefore { out[v.programId] = s }
        }
        return out
    }
}

/// How many merge events of one resolution a program had under one backend variant.
struct MergeEventCount {
    var programId: Int
    var label: String
    var resolution: String
    var count: Int

    static func fetchAll(_ db: Database) throws -> [MergeEventCount] {
        try Row.fetchAll(
            db,
            sql: """
                SELECT program_id, backend, variant, resolution, COUNT(*) AS n FROM merge_events
                GROUP BY program_id, backend, variant, resolution ORDER BY program_id, backend, variant, resolution
                """
        ).map { row in
            MergeEventCount(
                programId: row["program_id"], label: "\(row["backend"] as String)/\(row["variant"] as String)",
                resolution: row["resolution"], count: row["n"])
        }
    }
}

extension VerificationRecord {
    var label: String { "\(backend)/\(variant)" }
    /// The combined stack after the backend's additions.
    /// Nil when it was not measured: a rejection stops the verifier's walk before the whole
    /// stack is seen, so only an acceptance, or a backend's own static figure, counts.
    var stackAfter: Int? { metrics.stackChainAfter ?? (verdict == "success" ? stackChainMax : nil) }
}
