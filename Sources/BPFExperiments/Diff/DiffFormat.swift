import GRDB

/// The diff as veristat prints it: per statistic three columns, `(A)`, `(B)` and `(DIFF)`.
extension ResultDiff {
    public func table(changedOnly: Bool) -> TextTable {
        var header = ["file", "program", "backend/variant"]
        for s in stats { header += ["\(s) (A)", "\(s) (B)", "\(s) (DIFF)"] }
        var rows: [[String]] = []
        for l in lines where !changedOnly || l.changed {
            var row = [l.key.fileName, l.key.section.isEmpty ? l.key.progName : "\(l.key.section)/\(l.key.progName)", "\(l.key.backend)/\(l.key.variant)"]
            for c in l.cells {
                row += [
                    l.inA ? Self.text(c.a) : "N/A", l.inB ? Self.text(c.b) : "N/A",
                    l.inA && l.inB ? Self.difference(c.a, c.b) : "N/A",
                ]
            }
            rows.append(row)
        }
        var right = Set<Int>()
        for i in 0..<stats.count { right.formUnion([3 + 3 * i, 4 + 3 * i, 5 + 3 * i]) }
        return TextTable(header: header, rows: rows, rightAligned: right)
    }

    /// CSV with veristat's `_base`, `_comp`, `_diff`, `_pct` suffixes.
    public func csv(changedOnly: Bool) -> String {
        var header = ["file_name", "section", "prog_name", "build", "backend", "variant"]
        for s in stats { header += ["\(s)_base", "\(s)_comp", "\(s)_diff", "\(s)_pct"] }
        var out = header.joined(separator: ",") + "\n"
        for l in lines where !changedOnly || l.changed {
            var row = [l.key.fileName, l.key.section, l.key.progName, l.key.build, l.key.backend, l.key.variant].map(CSVExport.quote)
            for c in l.cells {
                let (d, p) = Self.numbers(c.a, c.b)
                row += [
                    l.inA ? CSVExport.field(c.a) : "", l.inB ? CSVExport.field(c.b) : "",
                    d.map(ValueText.real) ?? (l.inA && l.inB && !Self.isNumber(c.a) ? (c.a == c.b ? "MATCH" : "MISMATCH") : ""),
                    p.map { ValueText.fixed($0, 2) } ?? "",
                ]
            }
            out += row.joined(separator: ",") + "\n"
        }
        return out
    }

    static func isNumber(_ v: DatabaseValue) -> Bool {
        switch v.storage {
        case .int64, .double: return true
        default: return false
        }
    }

    static func double(_ v: DatabaseValue) -> Double? {
        switch v.storage {
        case .int64(let i): return Double(i)
        case .double(let d): return d
        default: return nil
        }
    }

    static func text(_ v: DatabaseValue) -> String {
        switch v.storage {
        case .null: return "-"
        case .int64(let i): return String(i)
        case .double(let d): return ValueText.real((d * 100).rounded() / 100)
        case .string(let s):
            let first = s.split(separator: "\n").first.map(String.init) ?? s
            return first.count > 40 ? String(first.prefix(39)) + "…" : first
        case .blob: return "<blob>"
        }
    }

    /// B - A and its percentage of A (nil when A is 0 or either is not a number).
    static func numbers(_ a: DatabaseValue, _ b: DatabaseValue) -> (Double?, Double?) {
        guard let x = double(a), let y = double(b) else { return (nil, nil) }
        return (y - x, x != 0 ? (y - x) / abs(x) * 100 : nil)
    }

    /// `+12 (+3.45%)`, `MATCH` / `MISMATCH` for text, as veristat.
    static func difference(_ a: DatabaseValue, _ b: DatabaseValue) -> String {
        if a.isNull && b.isNull { return "-" }
        let (d, p) = numbers(a, b)
        guard let d else { return a == b ? "MATCH" : "MISMATCH" }
        let sign = d > 0 ? "+" : d < 0 ? "-" : ""
        let magnitude = ValueText.real((abs(d) * 100).rounded() / 100)
        let percent = p.map { " (\($0 >= 0 ? "+" : "")\(ValueText.fixed($0, 2))%)" } ?? (d == 0 ? " (+0.00%)" : "")
        return d == 0 ? "+0\(percent)" : "\(sign)\(magnitude)\(percent)"
    }
}
