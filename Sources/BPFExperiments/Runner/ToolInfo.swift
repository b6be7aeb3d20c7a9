import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// What a `runs` row records about the tool and the machine (SPEC §8, §9).
public enum ToolInfo {
    public static let version = "0.1.0"

    /// The repository this binary was built from (`Sources/BPFExperiments/Runner/ToolInfo.swift`
    /// four levels down), or the working directory when that tree is gone.
    static var sourceRoot: URL {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }
        return FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path)
            ? url : URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    }

    /// `git rev-parse HEAD` of the source tree, `-dirty` appended when it had changes; `unknown`
    /// without git or outside a repository.
    public static let gitCommit: String = {
        let root = sourceRoot.path
        guard let head = run("/usr/bin/git", ["-C", root, "rev-parse", "HEAD"]), !head.isEmpty else { return "unknown" }
        let status = run("/usr/bin/git", ["-C", root, "status", "--porcelain", "--untracked-files=no"]) ?? ""
        return status.isEmpty ? head : head + "-dirty"
    }()

    public static var hostName: String { ProcessInfo.processInfo.hostName }

    public static var kernelRelease: String {
        var names = utsname()
        guard uname(&names) == 0 else { return "unknown" }
        return withUnsafeBytes(of: &names.release) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
    }

    /// The process's peak resident set in bytes (`getrusage` `ru_maxrss`).
    public static var peakMemoryBytes: Int {
        var usage = rusage()
        guard getrusage(RUSAGE_SELF.rawValue, &usage) == 0 else { return 0 }
        return Int(usage.ru_maxrss) * 1024
    }

    /// UTC, to the second: `2026-11-25T09:22:01Z`.
    public static func timestamp(_ date: Date = Date()) -> String {
        let f = ISO8601DateFormatter()
        f.timeZone = TimeZone(identifier: "UTC")
        return f.string(from: date)
    }

    /// The trimmed standard output of a command that succeeded.
    static func run(_ tool: String, _ arguments: [String]) -> String? {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: tool)
        p.arguments = arguments
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        do { try p.run() } catch { return nil }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { return nil }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
