import Foundation
import GRDB

#if canImport(Glibc)
    import Glibc
#endif

/// Two result sets compared program by program, like `veristat -C` (issue 10 item 5): for each
/// program, backend and variant present in either database, each statistic's value in A, in
/// B, and their difference (absolute and percent for numbers, MATCH/MISMATCH for text).
public struct ResultDiff: Sendable {
    /// What identifies a row on both sides.
    public struct Key: Hashable, Comparable, Sendable {
        public var fileName: String
        public var section: String
        public var progName: String
        public var build: String
        public var backend: String
        public var variant: String

        public static func < (a: Key, b: Key) -> Bool {
            (a.fileName, a.section, a.progName, a.build, a.backend, a.variant)
                < (b.fileName, b.section, b.progName, b.build, b.backend, b.variant)
        }
    }

    public struct Cell: Sendable {
        public var stat: String
        public var a: DatabaseValue
        public var b: DatabaseValue
        public var changed: Bool { a != b }
    }

    public struct Line: Sendable {
        public var key: Key
        public var inA: Bool
        public var inB: Bool
        public var cells: [Cell]
        public var changed: Bool { !inA || !inB || cells.contains { $0.changed } }
    }

    public var stats: [String]
    public var lines: [Line]

    /// Statistics that can be compared: every reproducible column of `verifications` and
    /// `executions` that is not part of the key.
    public static var comparableStats: [String] {
        let keys: Set<String> = ["program_id", "build", "file_name", "prog_name", "prog_type", "section", "backend", "variant"]
        return (ResultColumns.verifications.columns + ResultColumns.executions.columns)
            .filter { !keys.contains($0.name) && !$0.volatile }.map(\.name)
    }

    public static let defaultVerificationStats = [
        "verdict", "total_insns", "total_states", "peak_states", "stack_chain_max", "inserted_insns",
    ]
    public static let defaultExecutionStats = ["throws", "cycles", "overhead_pct", "unwind_cycles", "oracle_violations"]

    /// Names of the statistics that change between any two rows.
    public var changedStats: Set<String> {
        var out = Set<String>()
        for l in lines where l.inA && l.inB { for c in l.cells where c.changed { out.insert(c.stat) } }
        return out
    }

    /// `stats` nil: the default set (execution statistics only when either side has executions);
    /// `["all"]`: every comparable statistic. `filters` are globs on `file`, `prog` or
    /// `file:prog` (a leading `!` excludes).
    public static func compare(
        _ a: ResultDatabase, _ b: ResultDatabase, stats: [String]? = nil, filters: [String] = [], backend: String? = nil,
        variant: String? = nil
    ) throws(DiffError) -> ResultDiff {
        let rowsA: [Key: [String: DatabaseValue]]
        let rowsB: [Key: [String: DatabaseValue]]
        do {
            rowsA = try load(a)
            rowsB = try load(b)
        } catch {
            throw DiffError(message: "\(error)")
        }
        let chosen: [String]
        if let stats, stats != ["all"] {
            let known = Set(comparableStats)
            if let bad = stats.first(where: { !known.contains($0) }) {
                throw DiffError(message: "unknown statistic '\(bad)' (known: \(comparableStats.joined(separator: ", ")))")
            }
            chosen = stats
        } else if stats == ["all"] {
            chosen = comparableStats
        } else {
            let executed = (rowsA.values.first { $0["runs"] != nil && !$0["runs"]!.isNull } != nil)
                || (rowsB.values.first { $0["runs"] != nil && !$0["runs"]!.isNull } != nil)
            chosen = defaultVerificationStats + (executed ? defaultExecutionStats : [])
        }
        var lines: [Line] = []
        for key in Set(rowsA.keys).union(rowsB.keys).sorted() {
            if let backend, key.backend != backend { continue }
            if let variant, key.variant != variant { continue }
            guard matches(key, filters) else { continue }
            let ra = rowsA[key], rb = rowsB[key]
            lines.append(
                Line(
                    key: key, inA: ra != nil, inB: rb != nil,
                    cells: chosen.map { Cell(stat: $0, a: ra?[$0] ?? .null, b: rb?[$0] ?? .null) }))
        }
        return ResultDiff(stats: chosen, lines: lines)
    }

    static func matches(_ key: Key, _ filters: [String]) -> Bool {
        let includes = filters.filter { !$0.hasPrefix("!") }
        let excludes = filters.filter { $0.hasPrefix("!") }.map { String($0.dropFirst()) }
        let names = [key.fileName, key.progName, "\(key.fileName):\(key.progName)", "\(key.fileName):\(key.section):\(key.progName)"]
        func hit(_ pattern: String) -> Bool {
            names.contains { name in fnmatch(pattern, name, 0) == 0 }
        }
        if excludes.contains(where: hit) { return false }
        return includes.isEmpty || includes.contains(where: hit)
    }

    /// Every verification row, with its execution's columns, by key.
    static func load(_ database: ResultDatabase) throws(ResultDatabaseError) -> [Key: [String: DatabaseValue]] {
        let verifications = try database.rows(of: ResultColumns.verifications)
        let executions = try database.rows(of: ResultColumns.executions)
        var byEntry: [String: [String: DatabaseValue]] = [:]
        for e in executions {
            let id = "\(e["program_id"] as Int? ?? -1)/\(e["backend"] as String? ?? "")/\(e["variant"] as String? ?? "")"
            var values: [String: DatabaseValue] = [:]
            for col in ResultColumns.executions.columnNames { values[col] = e[col] }
            byEntry[id] = values
        }
        var out: [Key: [String: DatabaseValue]] = [:]
        for v in verifications {
            let key = Key(
                fileName: v["file_name"] ?? "", section: v["section"] ?? "", progName: v["prog_name"] ?? "", build: v["build"] ?? "",
                backend: v["backend"] ?? "", variant: v["variant"] ?? "")
            var values: [String: DatabaseValue] = [:]
            for col in ResultColumns.verifications.columnNames { values[col] = v[col] }
            let id = "\(v["program_id"] as Int? ?? -1)/\(key.backend)/\(key.variant)"
            for (col, value) in byEntry[id] ?? [:] where values[col] == nil { values[col] = value }
            out[key] = values
        }
        return out
    }
}

/// Why two databases cannot be compared, in one line.
public struct DiffError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public var description: String { message }
}
