import GRDB

/// The table `compare` prints on stdout and the report opens with: per backend and variant,
/// programs accepted and rejected, errors, inserted instructions, stack, and (when executed)
/// the median normal-path overhead and the oracle's verdict.
public struct RunSummary: Sendable {
    public struct Line: Sendable, Hashable {
        public var backend: String
        public var variant: String
        public var programs: Int
        public var accepted: Int
        public var rejected: Int
        public var unsupported: Int
        public var insertedInsns: Int
        public var maxStackChain: Int?
        public var executed: Int
        public var medianOverheadPct: Double?
        public var oracleViolations: Int
    }

    public var lines: [Line]
    public var entries: Int
    public var readErrors: Int
    public var hasExecutions: Bool

    public static func load(_ database: ResultDatabase) throws(ResultDatabaseError) -> RunSummary {
        try database.read { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT backend, variant, COUNT(*) AS programs,
                      SUM(verdict = 'success') AS accepted,
                      SUM(verdict = 'failure' AND failure_kind IN ('verifier', 'backend', 'limit')) AS rejected,
                      SUM(verdict = 'failure' AND failure_kind IN ('unsupported', 'parse')) AS unsupported,
                      COALESCE(SUM(inserted_insns), 0) AS inserted, MAX(stack_chain_max) AS stack
                    FROM verifications GROUP BY backend, variant
                    """)
            var lines: [Line] = []
            for r in rows {
                let backend: String = r["backend"]
                let variant: String = r["variant"]
                let overheads = try Double.fetchAll(
                    db, sql: "SELECT overhead_pct FROM executions WHERE backend = ? AND variant = ? AND overhead_pct IS NOT NULL ORDER BY overhead_pct",
                    arguments: [backend, variant])
                let executed = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM executions WHERE backend = ? AND variant = ?", arguments: [backend, variant]) ?? 0
                let violations = try Int.fetchOne(
                    db, sql: "SELECT COALESCE(SUM(oracle_violations), 0) FROM executions WHERE backend = ? AND variant = ?",
                    arguments: [backend, variant]) ?? 0
                lines.append(
                    Line(
                        backend: backend, variant: variant, programs: r["programs"], accepted: r["accepted"] ?? 0,
                        rejected: r["rejected"] ?? 0, unsupported: r["unsupported"] ?? 0, insertedInsns: r["inserted"] ?? 0,
                        maxStackChain: r["stack"], executed: executed, medianOverheadPct: Statistics.median(overheads),
                        oracleViolations: violations))
            }
            let order = try String.fetchOne(db, sql: "SELECT backends FROM runs").map { $0.split(separator: ",").map(String.init) } ?? []
            lines.sort { a, b in
                let ia = order.firstIndex(of: "\(a.backend)/\(a.variant)") ?? Int.max
                let ib = order.firstIndex(of: "\(b.backend)/\(b.variant)") ?? Int.max
                return ia != ib ? ia < ib : (a.backend, a.variant) < (b.backend, b.variant)
            }
            let entries = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM (SELECT program_id FROM programs UNION SELECT program_id FROM errors)") ?? 0
            let readErrors = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM errors WHERE stage IN ('read', 'compile')") ?? 0
            let hasExecutions = (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM executions") ?? 0) > 0
            return RunSummary(lines: lines, entries: entries, readErrors: readErrors, hasExecutions: hasExecutions)
        }
    }

    public var table: TextTable {
        var header = ["backend", "variant", "programs", "accepted", "rejected", "unsupported", "inserted insns", "max stack"]
        if hasExecutions { header += ["executed", "median overhead", "oracle violations"] }
        let rows = lines.map { l -> [String] in
            var row = [
                l.backend, l.variant, "\(l.programs)", "\(l.accepted)", "\(l.rejected)", "\(l.unsupported)", "\(l.insertedInsns)",
                l.maxStackChain.map { "\($0) B" } ?? "-",
            ]
            if hasExecutions {
                row += ["\(l.executed)", l.medianOverheadPct.map { ValueText.fixed($0, 1) + "%" } ?? "-", "\(l.oracleViolations)"]
            }
            return row
        }
        return TextTable(header: header, rows: rows, rightAligned: Set(2..<header.count))
    }
}

/// Order statistics over program values, computed the same way everywhere in the report.
enum Statistics {
    /// The median of sorted values (mean of the middle two for an even count); nil when empty.
    static func median(_ sorted: [Double]) -> Double? {
        guard !sorted.isEmpty else { return nil }
        let n = sorted.count
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2
    }

    /// The p-quantile (0...1) by the nearest-rank method.
    static func quantile(_ sorted: [Double], _ p: Double) -> Double? {
        guard !sorted.isEmpty else { return nil }
        let rank = max(1, Int((p * Double(sorted.count)).rounded(.up)))
        return sorted[min(rank, sorted.count) - 1]
    }
}
