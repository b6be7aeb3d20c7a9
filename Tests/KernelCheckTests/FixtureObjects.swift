import Testing
import BPFTestSupport
import Foundation
@testable import KernelCheck

/// The C fixtures of this folder, compiled once per test run with the toolchain's clang
/// (`clang -target bpf -O2 -g`, as SPEC §3 compiles corpora).
enum FixtureObjects {
    static let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    /// The object built from `Fixtures/<name>.c`, or the compiler's complaint.
    static func object(_ name: String) throws -> String {
        guard let result = compiled[name] else { throw FixtureError(message: "no fixture \(name).c") }
        return try result.get()
    }

    private static let compiled: [String: Result<String, FixtureError>] = {
        let names = ["verdicts", "missing_kfunc", "missing_attach_target", "exception_callback"]
        guard let directory = try? TestPaths.temporaryDirectory("bpfsim-kernelcheck") else {
            return Dictionary(uniqueKeysWithValues: names.map { ($0, .failure(FixtureError(message: "no temp dir"))) })
        }
        return Dictionary(
            uniqueKeysWithValues: names.map { name in
                let source = sources.appendingPathComponent("\(name).c").path
                let object = directory.appendingPathComponent("\(name).o").path
                let arguments = [
                    "-target", "bpf", "-O2", "-g", "-I/usr/include/x86_64-linux-gnu", "-c", source, "-o", object,
                ]
                return (name, run(TestPaths.clang, arguments).map { _ in object })
            })
    }()

    /// Runs a tool and returns its stdout, or its stderr as the error.
    static func run(_ tool: String, _ arguments: [String]) -> Result<String, FixtureError> {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        do { try process.run() } catch {
            return .failure(FixtureError(message: "\(tool): \(error)"))
        }
        let stdout = output.fileHandleForReading.readDataToEndOfFile()
        let stderr = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            return .failure(FixtureError(message: "\(tool) failed: \(String(decoding: stderr, as: UTF8.self))"))
        }
        return .success(String(decoding: stdout, as: UTF8.self))
    }
}

struct FixtureError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

/// The kernel this test run may ask, decided once: tests that need it are skipped with the
/// reason when it cannot be asked.
enum KernelUnderTest {
    static let verifier = KernelVerifier()
    static let availability = verifier.availability()
    static var isAvailable: Bool { availability.isAvailable }
    static var skipReason: Comment {
        Comment(rawValue: "kernel cross-check skipped: \(availability.reason ?? "available")")
    }

    /// Whether the loader child can run at all (Linux, the helper built, privileges), which
    /// the watchdog tests need even where libbpf is missing.
    static let loaderRuns = verifier.preflightProblem() == nil
    static var loaderSkipReason: Comment {
        Comment(rawValue: "loader tests skipped: \(verifier.preflightProblem() ?? "loader runs")")
    }
}
