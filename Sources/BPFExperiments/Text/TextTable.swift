/// A table for a terminal or a Markdown file: columns padded to their widest cell, numbers
/// right-aligned.
public struct TextTable: Sendable {
    public var header: [String]
    public var rows: [[String]]
    /// Columns aligned right (numbers).
    public var rightAligned: Set<Int>

    public init(header: [String], rows: [[String]] = [], rightAligned: Set<Int> = []) {
        self.header = header
        self.rows = rows
        self.rightAligned = rightAligned
    }

    /// Columns separated by two spaces, header underlined with dashes.
    public var plain: String {
        let widths = self.widths()
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, cell in pad(cell, widths[i], right: rightAligned.contains(i)) }
                .joined(separator: "  ").replacing(trailingSpaces, with: "")
        }
        var out = line(header) + "\n"
        out += widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") + "\n"
        for r in rows { out += line(r) + "\n" }
        return out
    }

    /// A GitHub-flavoured Markdown table.
    public var markdown: String {
        let widths = self.widths()
        func line(_ cells: [String]) -> String {
            "| " + cells.enumerated().map { i, cell in pad(cell, widths[i], right: rightAligned.contains(i)) }.joined(separator: " | ") + " |"
        }
        var out = line(header.map(escape)) + "\n"
        out += "|" + widths.enumerated().map { i, w in
            rightAligned.contains(i) ? String(repeating: "-", count: w + 1) + ":" : String(repeating: "-", count: w + 2)
        }.joined(separator: "|") + "|\n"
        for r in rows { out += line(r.map(escape)) + "\n" }
        return out
    }

    private func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " / ")
    }

    private func widths() -> [Int] {
        var w = header.map { escape($0).count }
        for r in rows {
            for (i, cell) in r.enumerated() where i < w.count { w[i] = max(w[i], escape(cell).count) }
        }
        return w
    }

    private func pad(_ s: String, _ width: Int, right: Bool) -> String {
        let fill = String(repeating: " ", count: max(0, width - s.count))
        return right ? fill + s : s + fill
    }

    private var trailingSpaces: Regex<Substring> { /\ +$/ }
}
