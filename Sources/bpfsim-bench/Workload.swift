import BPFISA
import BPFInterpreter
import Foundation

/// One interpreter workload of `../shared/bench` (see its README): a `prog` section compiled by
/// clang, run with `r1` pointing at a `struct wctx` (workloads.h).
struct Workload: Sendable {
    let name: String
    /// Default loop count, from the README.
    let defaultN: UInt64
    /// The README's expected `r0` at the default `n`.
    let expectedResult: UInt64
    /// Executed BPF instructions as a function of `n` (README: `6 + 8n`, `8 + 21n`).
    let expectedInstructions: @Sendable (UInt64) -> UInt64

    static let all: [Workload] = [
        Workload(name: "arith_loop", defaultN: 10_000_000, expectedResult: 0xe348_0965_a8f0_220d) { 6 + 8 * $0 },
        Workload(name: "mem_loop", defaultN: 4_000_000, expectedResult: 0xb4_a618_b0a9) { 8 + 21 * $0 },
    ]

    /// `struct wctx { u64 n; u64 seed; u64 buf[512]; }` with the README's seed and buffer.
    static func context(n: UInt64) -> [UInt8] {
        var words: [UInt64] = [n, 0x1234_5678]
        for i in 0..<UInt64(512) { words.append(i &* 2_654_435_761) }
        return words.flatMap { w in (0..<8).map { UInt8(truncatingIfNeeded: w >> (8 * $0)) } }
    }

    /// Compiles `<name>.bpf.c` and extracts its `prog` section (the workloads have no
    /// relocations, so the section bytes are the program).
    func compile(benchDirectory: URL, clang: String, objcopy: String) throws -> [Instruction] {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("bpfsim-bench-\(getpid())")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        let source = benchDirectory.appendingPathComponent("\(name).bpf.c").path
        let object = work.appendingPathComponent("\(name).o").path
        let binary = work.appendingPathComponent("\(name).bin").path
        try run(clang, ["-target", "bpf", "-O2", "-c", source, "-o", object])
        try run(objcopy, ["-O", "binary", "--only-section=prog", object, binary])
        return try Workload.decode(URL(fileURLWithPath: binary))
    }

    /// Decodes a raw instruction file (8-byte slots).
    static func decode(_ file: URL) throws -> [Instruction] {
        let bytes = try [UInt8](Data(contentsOf: file))
        do {
            return try Instruction.decodeProgram(bytes)
        } catch {
            throw BenchError("\(file.path): \(error)")
        }
    }

    private func run(_ tool: String, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw BenchError("\(tool) \(arguments.joined(separator: " ")) failed with status \(process.terminationStatus)")
        }
    }
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
