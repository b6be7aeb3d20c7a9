import BPFTestSupport
import Foundation

@testable import BPFObject

/// The C test programs under `Tests/Fixtures/object`, compiled once per test run (clang 21
/// and Debian's bpf-gcc), and helpers to run the LLVM tools on them.
enum Fixtures {
    static let sourceDirectory = TestPaths.repositoryRoot.appendingPathComponent("Tests/Fixtures/object")
    static let includeDirectory = TestPaths.repositoryRoot.appendingPathComponent("Tests/Fixtures/include")
    static let llvmObjdump = "/opt/swift/usr/bin/llvm-objdump"
    static let gcc = "/usr/bin/bpf-gcc"

    /// The fixture sources the loader must handle with clang.
    static let clangSources = ["features.bpf.c", "subprogs.bpf.c", "btfkinds.bpf.c", "legacy.bpf.c"]

    static let outputDirectory: URL = {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bpfsim-object-fixtures-\(getpid())")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }()

    static let commonFlags = ["-I", includeDirectory.path, "-I/usr/include/x86_64-linux-gnu"]

    /// Compiles `source` with clang (`-O2 -g`, plus `extra`); the result is cached per run.
    static func clangObject(_ source: String, extra: [String] = ["-Xclang", "-fno-split-cold-code"]) throws -> URL {
        let key = source + extra.joined(separator: " ")
        return try cache.object(key) {
            let out = outputDirectory.appendingPathComponent(
                source.replacingOccurrences(of: ".c", with: "") + "-\(abs(key.hashValue)).o")
            try run(
                TestPaths.clang,
                ["-target", "bpf", "-O2", "-g"] + extra + commonFlags + ["-c", sourceDirectory.appendingPathComponent(source).path, "-o", out.path])
            return out
        }
    }

    /// Compiles `source` with bpf-gcc (`-O2 -gbtf`).
    static func gccObject(_ source: String) throws -> URL {
        try cache.object("gcc:" + source) {
            let out = outputDirectory.appendingPathComponent(source.replacingOccurrences(of: ".c", with: "") + "-gcc.o")
            try run(gcc, ["-O2", "-gbtf", "-mco-re", "-I", includeDirectory.path, "-I/usr/include", "-I/usr/include/x86_64-linux-gnu"] + ["-c", sourceDirectory.appendingPathComponent(source).path, "-o", out.path])
            return out
        }
    }

    static func bytes(_ url: URL) throws -> [UInt8] { try [UInt8](Data(contentsOf: url)) }

    /// Runs a tool, returning stdout; throws with stderr on a non-zero exit.
    @discardableResult
    static func run(_ tool: String, _ arguments: [String]) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: tool)
        p.arguments = arguments
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else {
            throw FixtureError("\(tool) \(arguments.joined(separator: " ")) failed: \(String(decoding: errData, as: UTF8.self))")
        }
        return String(decoding: data, as: UTF8.self)
    }

    private static let cache = ObjectCache()
}

struct FixtureError: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}

/// Compiles each fixture once even when tests run in parallel.
final class ObjectCache: @unchecked Sendable {
    private let lock = NSLock()
    private var done: [String: Result<URL, Error>] = [:]

    func object(_ key: String, _ make: () throws -> URL) throws -> URL {
        lock.lock()
        defer { lock.unlock() }
        if let r = done[key] { return try r.get() }
        let r = Result { try make() }
        done[key] = r
        return try r.get()
    }
}
