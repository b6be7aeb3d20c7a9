#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// How bpfsim asks the running kernel (SPEC §4.1): which libbpf, how verbose a log, how long
/// to wait, and which executable does the loading.
public struct KernelCheckOptions: Sendable {
    /// The libbpf to `dlopen`: a soname searched the usual way, or a path to a newer build.
    public var libbpfPath = "libbpf.so.1"
    public var logLevel = KernelLogLevel.level1
    /// Return the whole verifier log in `kernel_log`.
    public var keepLog = false
    /// Wall-clock limit for one load (or listing), after which the loader is killed.
    public var timeLimit = Duration.seconds(60)
    /// The loader executable; nil finds `bpfsim-kernel-load` (see ``KernelLoaderCommand``).
    public var loader: KernelLoaderCommand?
    /// A misbehaviour for the loader to fake, to test the watchdog.
    package var fault: LoaderFault?
    /// The first log buffer size, instead of the level's default (to test the ENOSPC regrowth).
    package var initialLogSize: Int?

    public init() {}
}

/// The verifier log level requested, as veristat and `bpftool -d` name them.
///
/// Both add `BPF_LOG_STATS` (4) so the log ends with `verification time` and `stack depth`.
public enum KernelLogLevel: Int, Sendable, Codable {
    /// The failing path only (the kernel rewinds the log when it backtracks).
    case level1 = 1
    /// Every instruction of every explored path, with register states.
    case level2 = 2

    var kernelBits: UInt32 { UInt32(rawValue) | 4 }
    /// The first log buffer to try; level 2 logs are much larger.
    var initialLogSize: Int { self == .level1 ? 1 << 20 : 16 << 20 }
}

/// The command that runs ``KernelLoader``: the `bpfsim-kernel-load` helper built beside bpfsim,
/// or any executable that forwards its arguments to ``KernelLoader/main(arguments:)`` (a
/// hidden subcommand of `bpfsim` itself would do).
public struct KernelLoaderCommand: Sendable, Equatable {
    public var executable: String
    /// Arguments placed before the request (a hidden subcommand's name, say).
    public var leadingArguments: [String]

    public init(executable: String, leadingArguments: [String] = []) {
        self.executable = executable
        self.leadingArguments = leadingArguments
    }

    public static let helperName = "bpfsim-kernel-load"

    /// `$BPFSIM_KERNEL_LOADER`, else `bpfsim-kernel-load` in the directory of the running
    /// executable (SwiftPM builds every executable, test bundles included, into one folder).
    public static func locate() -> KernelLoaderCommand {
        if let path = ProcessInfo.processInfo.environment["BPFSIM_KERNEL_LOADER"], !path.isEmpty {
            return KernelLoaderCommand(executable: path)
        }
        let executable = currentExecutablePath()
        let directory = executable.lastIndex(of: "/").map { String(executable[..<$0]) } ?? "."
        return KernelLoaderCommand(executable: "\(directory)/\(helperName)")
    }

    private static func currentExecutablePath() -> String {
        #if os(Linux)
            if let path = FileIO.symbolicLinkTarget("/proc/self/exe") { return path }
        #endif
        return CommandLine.arguments.first ?? helperName
    }
}
