import GRDB

/// A valid SQLite database that bpfsim did not write.
enum ForeignDatabase {
    static func make(path: String) throws {
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE runs (id INTEGER PRIMARY KEY, note TEXT)")
            try db.execute(sql: "INSERT INTO runs (note) VALUES ('someone else''s table')")
        }
    }
}
