import BPFTestSupport
import Foundation

/// One `.data` file of the shared bpf_conformance vectors (format: conformance/README.md).
struct ConformanceVector: CustomStringConvertible {
    var name: String
    var asm: String
    /// Line number in the file of the first `-- asm` line, so assembler errors point into it.
    var asmFirstLine: Int
    /// `-- raw`: the expected slots as 64-bit little-endian words.
    var raw: [UInt64]?

    var description: String { name }

    static let directory = TestPaths.conformance

    /// File names of every vector, sorted, for `@Test(arguments:)`.
    static let names: [String] = {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return files.filter { $0.hasSuffix(".data") }.sorted()
    }()

    static func load(_ name: String) throws -> ConformanceVector {
        let text = try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
        var sections: [String: [String]] = [:]
        var firstLine: [String: Int] = [:]
        var current: String?
        for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if line.hasPrefix("-- ") {
                let key = String(line.dropFirst(3))
                current = key
                sections[key] = []
                firstLine[key] = i + 2
            } else if let key = current {
                sections[key, default: []].append(String(line))
            }
        }
        let raw = sections["raw"].map { lines in
            lines.compactMap { line -> UInt64? in
                let t = line.trimmingCharacters(in: .whitespaces)
                guard t.hasPrefix("0x") else { return nil }
                return UInt64(t.dropFirst(2), radix: 16)
            }
        }
        return ConformanceVector(
            name: name, asm: (sections["asm"] ?? []).joined(separator: "\n"), asmFirstLine: firstLine["asm"] ?? 1,
            raw: raw)
    }
}
