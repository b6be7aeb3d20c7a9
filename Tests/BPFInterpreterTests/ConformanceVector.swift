import BPFTestSupport
import Foundation

/// One `.data` file of the BPF conformance suite (see `../shared/conformance/README.md`):
/// uBPF-syntax assembly, optional input memory, the expected `r0`.
struct ConformanceVector {
    let name: String
    let assembly: String
    let memory: [UInt8]
    let result: UInt64

    /// Every vector file name, sorted; empty if the folder is missing (a test checks the count).
    static let fileNames: [String] = {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: TestPaths.conformance.path)) ?? []
        return files.filter { $0.hasSuffix(".data") }.sorted()
    }()

    init(fileName: String) throws {
        name = fileName
        let text = try String(contentsOf: TestPaths.conformance.appendingPathComponent(fileName), encoding: .utf8)
        var sections: [String: [String]] = [:]
        var current: String?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("-- ") {
                current = String(line.dropFirst(3)).trimmingCharacters(in: .whitespaces)
                sections[current ?? "", default: []] = []
            } else if let section = current {
                sections[section, default: []].append(String(line))
            }
        }
        assembly = (sections["asm"] ?? []).joined(separator: "\n")
        memory = (sections["mem"] ?? []).flatMap { $0.split(separator: " ") }.compactMap { UInt8($0, radix: 16) }
        guard let resultLine = sections["result"]?.first(where: { !$0.isEmpty }),
            let value = UInt64(resultLine.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "0x", with: ""), radix: 16)
        else { throw VectorError("\(fileName): no -- result section") }
        result = value
    }
}

struct VectorError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
