import Foundation

/// One `.data` file of the shared BPF ISA conformance vectors (format: `../shared/conformance/README.md`):
/// uBPF-syntax assembly, optional input memory and expected raw encoding, the expected `r0`.
public struct ConformanceVector: CustomStringConvertible, Sendable {
    public var name: String
    /// The `-- asm` section.
    public var asm: String
    /// Line number in the file of the first `-- asm` line, so assembler errors point into it.
    public var asmFirstLine: Int
    /// `-- raw`: the expected slots as 64-bit little-endian words.
    public var raw: [UInt64]?
    /// `-- mem`: the input bytes (address in r1, length in r2).
    public var memory: [UInt8]
    /// `-- result`: the expected r0.
    public var result: UInt64?

    public var description: String { name }

    /// File names of every vector, sorted (empty when the folder is missing: tests check the count).
    public static let names: [String] = {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: TestPaths.conformance.path)) ?? []
        return files.filter { $0.hasSuffix(".data") }.sorted()
    }()

    public static func load(_ name: String) throws -> ConformanceVector {
        let text = try String(contentsOf: TestPaths.conformance.appendingPathComponent(name), encoding: .utf8)
        var sections: [String: [String]] = [:]
        var firstLine: [String: Int] = [:]
        var current: String?
        for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if line.hasPrefix("-- ") {
                let key = String(line.dropFirst(3)).trimmingCharacters(in: .whitespaces)
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
        let memory = (sections["mem"] ?? []).flatMap { $0.split(separator: " ") }.compactMap { UInt8($0, radix: 16) }
        let result = sections["result"]?.first { !$0.trimmingCharacters(in: .whitespaces).isEmpty }.flatMap {
            UInt64($0.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "0x", with: ""), radix: 16)
        }
        return ConformanceVector(
            name: name, asm: (sections["asm"] ?? []).joined(separator: "\n"), asmFirstLine: firstLine["asm"] ?? 1,
            raw: raw, memory: memory, result: result)
    }
}
