import Foundation

/// Where tests find the repository, the shared conformance vectors and the toolchain.
///
/// Tests locate everything relative to this file, so they run the same from any working
/// directory and from a fresh clone beside `../shared` (as CI does).
public enum TestPaths {
    /// The repository root (the folder holding `Package.swift`).
    public static let repositoryRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }  // Paths.swift, BPFTestSupport, Sources
        return url
    }()

    /// `../shared` beside the repository, or `$BPFSIM_SHARED` when set.
    public static let shared: URL = {
        if let env = ProcessInfo.processInfo.environment["BPFSIM_SHARED"] {
            return URL(fileURLWithPath: env)
        }
        return repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared")
    }()

    public static let conformance = shared.appendingPathComponent("conformance")
    public static let bench = shared.appendingPathComponent("bench")

    /// The BPF-capable clang of the Swift toolchain (`$BPFSIM_CLANG` overrides).
    public static let clang: String =
        ProcessInfo.processInfo.environment["BPFSIM_CLANG"] ?? "/opt/swift/usr/bin/clang"

    /// A fresh temporary directory for one test.
    public static func temporaryDirectory(_ name: String = "bpfsim-test") throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
