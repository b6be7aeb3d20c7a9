/// The conversation between bpfsim and its loader process (`bpfsim-kernel-load`).
///
/// Each load runs in a child so that a hang or crash inside libbpf or the kernel cannot take
/// the run down: the parent passes one ``LoaderRequest`` as a JSON argument, the child does the
/// libbpf calls and writes a ``LoaderReport`` (JSON) and the raw verifier log to the files the
/// request names, and the parent turns them into a ``KernelVerification``. The child judges
/// nothing; all interpretation happens in the parent, where it can be unit-tested.
struct LoaderRequest: Codable, Equatable {
    enum Mode: String, Codable {
        /// Open libbpf, report its version and whether the kernel loads a trivial program.
        case probe
        /// Open the object and list its programs.
        case list
        /// Open the object, disable autoload for every other program and load this one.
        case load
    }

    var mode: Mode
    var libbpfPath: String
    var objectPath: String?
    var programName: String?
    var section: String?
    /// The kernel's `log_level` bits (1 or 2, plus 4 for `BPF_LOG_STATS`).
    var logLevel: UInt32 = 5
    /// The first log buffer tried; the child grows it on ENOSPC up to ``maximumLogSize``.
    var initialLogSize: Int = 1 << 20
    var reportPath: String
    var logPath: String
    /// Misbehaviour to simulate, so tests can exercise the watchdog.
    var fault: LoaderFault?

    /// The largest `log_size` the kernel accepts (`UINT_MAX >> 2`, `kernel/bpf/log.c`).
    static let maximumLogSize = Int(UInt32.max >> 2)
}

/// A failure the loader fakes on request (tests of the time limit and crash handling).
package enum LoaderFault: String, Codable, Sendable {
    /// Sleep instead of loading, until killed.
    case hang
    /// Die of SIGSEGV before loading.
    case crash
}

/// What the loader process did, written as JSON for the parent.
struct LoaderReport: Codable, Equatable {
    enum Stage: String, Codable {
        /// libbpf could not be opened; `error` says why.
        case libbpf
        /// `bpf_object__open_file` failed.
        case open
        /// The requested program is not in the object.
        case find
        /// `bpf_object__load` ran; `loadResult` holds its return value.
        case load
        /// A probe or listing finished.
        case done
    }

    var stage: Stage
    var libbpfVersion: String?
    var error: String?
    /// `errno` after a failed `bpf_object__open_file`.
    var openErrno: Int32?
    var programs: [KernelProgram] = []
    /// The return value of `bpf_object__load`: 0, or a negative errno (libbpf's own codes
    /// start at 4000).
    var loadResult: Int32?
    /// libbpf's description of `loadResult` (`libbpf_strerror`).
    var loadResultDescription: String?
    /// The size of the buffer the final load used, and how many loads were needed (the log
    /// buffer is grown after an ENOSPC).
    var logBufferSize: Int?
    var loadAttempts: Int = 0
    /// The final load still hit ENOSPC with a full buffer of the largest size.
    var logTruncated = false
    /// `libbpf_probe_bpf_prog_type(BPF_PROG_TYPE_SOCKET_FILTER)`: 1 when the kernel loads
    /// programs for this process.
    var probeResult: Int32?
    var libbpfMessages: [LibBPFMessage] = []
}

/// One program of an object as libbpf sees it (subprograms in `.text` are not listed).
public struct KernelProgram: Codable, Sendable, Equatable {
    public var name: String
    public var section: String
    /// libbpf's program type name (`libbpf_bpf_prog_type_str`).
    public var type: String?
    /// Instructions before libbpf appends subprograms.
    public var insnCount: Int
}

/// One message libbpf printed through `libbpf_set_print`.
struct LibBPFMessage: Codable, Equatable {
    /// `enum libbpf_print_level`.
    enum Level: Int, Codable {
        case warn = 0
        case info = 1
        case debug = 2
    }

    var level: Level
    var text: String

    /// The message without libbpf's `libbpf: ` prefix and trailing newline.
    var reason: String {
        var line = Substring(text)
        if line.hasPrefix("libbpf: ") { line = line.dropFirst("libbpf: ".count) }
        while line.last == "\n" { line = line.dropLast() }
        return String(line)
    }
}
