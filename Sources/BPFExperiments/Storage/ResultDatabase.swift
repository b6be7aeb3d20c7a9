import Foundation
import GRDB

/// A results database (`results.sqlite`, SPEC §8): GRDB over the system SQLite, the schema of
/// ``ResultColumns`` created by migrations, written one transaction per batch so that a run
/// killed at any moment leaves a valid database holding whole entries only.
///
/// The file is marked with SQLite's `application_id` so that `report`, `diff` and `--resume`
/// can tell a bpfsim database from any other file in one line.
public final class ResultDatabase: Sendable {
    /// `bpfs` in ASCII: `PRAGMA application_id` of every results database.
    public static let applicationID: Int32 = 0x6270_6673
    public static let fileName = "results.sqlite"

    public let path: String
    let queue: DatabaseQueue

    private init(path: String, queue: DatabaseQueue) {
        self.path = path
        self.queue = queue
    }

    /// Creates a new database at `path` (the file must not exist) with the current schema.
    public static func create(path: String) throws(ResultDatabaseError) -> ResultDatabase {
        if FileManager.default.fileExists(atPath: path) {
            throw ResultDatabaseError(path: path, message: "already exists")
        }
        do {
            let queue = try DatabaseQueue(path: path, configuration: configuration(readOnly: false))
            try queue.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA application_id = \(applicationID)")
            }
            try migrator.migrate(queue)
            return ResultDatabase(path: path, queue: queue)
        } catch {
            throw ResultDatabaseError(path: path, message: describe(error))
        }
    }

    /// Opens an existing results database, checking that it is one (for `report`, `diff`,
    /// `--resume`); brings an older schema up to date only when `writable`.
    public static func open(path: String, writable: Bool) throws(ResultDatabaseError) -> ResultDatabase {
        guard FileManager.default.fileExists(atPath: path) else {
            throw ResultDatabaseError(path: path, message: "no such file")
        }
        do {
            let queue = try DatabaseQueue(path: path, configuration: configuration(readOnly: false))
            let (appID, tables) = try queue.read { db in
                (try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0,
                 Set(try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'")))
            }
            guard appID == applicationID else {
                throw ResultDatabaseError(
                    path: path,
                    message: tables.isEmpty
                        ? "not a bpfsim results database (empty or not SQLite)"
                        : "not a bpfsim results database (a SQLite file of another application)")
            }
            let applied = try queue.read { db in try migrator.appliedIdentifiers(db) }
            let known = Set(migrator.migrations)
            if let unknown = applied.first(where: { !known.contains($0) }) {
                throw ResultDatabaseError(path: path, message: "written by a newer bpfsim (schema migration '\(unknown)')")
            }
            if writable {
                try migrator.migrate(queue)
            } else if applied.count < known.count {
                throw ResultDatabaseError(path: path, message: "written by an older bpfsim; open it once with --resume to upgrade")
            }
            return ResultDatabase(path: path, queue: queue)
        } catch let error as ResultDatabaseError {
            throw error
        } catch {
            throw ResultDatabaseError(path: path, message: describe(error))
        }
    }

    private static func configuration(readOnly: Bool) -> Configuration {
        var config = Configuration()
        config.readonly = readOnly
        config.busyMode = .timeout(10)
        config.label = "bpfsim.results"
        return config
    }

    /// SQLite's own words for a corrupt or foreign file (`file is not a database`).
    static func describe(_ error: Error) -> String {
        if let e = error as? DatabaseError {
            switch e.resultCode {
            case .SQLITE_NOTADB: return "not a bpfsim results database (not an SQLite file)"
            case .SQLITE_CORRUPT: return "corrupt database: \(e.message ?? "database disk image is malformed")"
            default: return e.message ?? "\(e)"
            }
        }
        return "\(error)"
    }

    /// The schema, one migration per change; never edit a published migration.
    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1") { db in
            for table in ResultColumns.all {
                try db.execute(sql: createStatement(table))
            }
        }
        return m
    }

    static func createStatement(_ table: ResultColumns.Table) -> String {
        let columns = table.columns.map { col in
            "\(quote(col.name)) \(col.type.rawValue)\(col.notNull ? " NOT NULL" : "")"
        }
        let key = "PRIMARY KEY (\(table.primaryKey.map(quote).joined(separator: ", ")))"
        return "CREATE TABLE \(quote(table.name)) (\(columns.joined(separator: ", ")), \(key))"
    }

    static func quote(_ name: String) -> String { "\"\(name)\"" }

    // MARK: Reading and writing

    public func read<T>(_ body: (Database) throws -> T) throws(ResultDatabaseError) -> T {
        do {
            return try queue.read(body)
        } catch {
            throw ResultDatabaseError(path: path, message: ResultDatabase.describe(error))
        }
    }

    public func write<T>(_ body: (Database) throws -> T) throws(ResultDatabaseError) -> T {
        do {
            return try queue.write(body)
        } catch {
            throw ResultDatabaseError(path: path, message: ResultDatabase.describe(error))
        }
    }

    /// `PRAGMA integrity_check`: `ok`, or SQLite's first complaint.
    public func integrityCheck() throws(ResultDatabaseError) -> String {
        try read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") ?? "no answer" }
    }

    /// The run's row, when the run was started.
    public func run() throws(ResultDatabaseError) -> RunRecord? {
        try read { db in try RunRecord.fetchOne(db, sql: "SELECT * FROM runs ORDER BY run_id LIMIT 1") }
    }

    /// Every row of `table` in key order, each as column -> value, for CSV and comparisons.
    public func rows(of table: ResultColumns.Table) throws(ResultDatabaseError) -> [Row] {
        try read { db in try Row.fetchAll(db, sql: ResultDatabase.selectAll(table)) }
    }

    /// Every row of `table` in key order, columns in ``ResultColumns/Table/columnNames`` order,
    /// one at a time (a `Row` is only valid inside `body`).
    public func forEachRow(of table: ResultColumns.Table, _ body: (Row) throws -> Void) throws(ResultDatabaseError) {
        try read { db in
            let rows = try Row.fetchCursor(db, sql: ResultDatabase.selectAll(table))
            while let row = try rows.next() { try body(row) }
        }
    }

    static func selectAll(_ table: ResultColumns.Table) -> String {
        let cols = table.columns.map { quote($0.name) }.joined(separator: ", ")
        let order = table.primaryKey.map(quote).joined(separator: ", ")
        return "SELECT \(cols) FROM \(quote(table.name)) ORDER BY \(order)"
    }

    /// The corpus entries already stored: every `program_id` with a `programs` row or a read error.
    public func completedEntries() throws(ResultDatabaseError) -> Set<Int> {
        try read { db in
            Set(try Int.fetchAll(db, sql: "SELECT program_id FROM programs UNION SELECT program_id FROM errors WHERE stage IN ('read', 'compile')"))
        }
    }
}

/// A results database that cannot be used, in one line: `path: message`.
public struct ResultDatabaseError: Error, CustomStringConvertible, Sendable {
    public var path: String
    public var message: String
    public var description: String { "\(path): \(message)" }
}
