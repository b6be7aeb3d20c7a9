import Foundation
import GRDB

/// One CSV file per table (SPEC §8): `<table>.csv` with a header of ``ResultColumns`` names,
/// rows in key order, RFC 4180 quoting, NULL as an empty field.
public enum CSVExport {
    public static func write(database: ResultDatabase, to directory: URL) throws(ResultDatabaseError) {
        for table in ResultColumns.all {
            let text = try csv(table, database: database)
            let url = directory.appendingPathComponent("\(table.name).csv")
            do {
                try Data(text.utf8).write(to: url, options: .atomic)
            } catch {
                throw ResultDatabaseError(path: url.path, message: "cannot write: \(error.localizedDescription)")
            }
        }
    }

    public static func csv(_ table: ResultColumns.Table, database: ResultDatabase) throws(ResultDatabaseError) -> String {
        var out = table.columnNames.joined(separator: ",") + "\n"
        try database.forEachRow(of: table) { row in
            // Columns by position: the query selects them in `columnNames` order.
            for i in 0..<row.count {
                if i > 0 { out += "," }
                out += field(row[i] as DatabaseValue)
            }
            out += "\n"
        }
        return out
    }

    /// A value as CSV text: integers and reals in their shortest exact form, text quoted when needed.
    static func field(_ value: DatabaseValue) -> String {
        switch value.storage {
        case .null: return ""
        case .int64(let i): return String(i)
        case .double(let d): return ValueText.real(d)
        case .string(let s): return quote(s)
        case .blob(let b): return quote(b.base64EncodedString())
        }
    }

    static func quote(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

/// Numbers as text, the same on every machine.
enum ValueText {
    /// Shortest round-trip form, without a trailing `.0` for whole numbers.
    static func real(_ d: Double) -> String {
        if d == d.rounded() && abs(d) < 1e15 { return String(Int64(d)) }
        return "\(d)"
    }

    /// Fixed decimals for reports.
    static func fixed(_ d: Double, _ decimals: Int) -> String {
        String(format: "%.\(decimals)f", d)
    }
}
