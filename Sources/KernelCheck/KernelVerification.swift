/// The running kernel's answer for one program, as recorded beside bpfsim's (SPEC §4.1, §7).
///
/// Keys are snake_case and prefixed `kernel_` so a row can sit beside bpfsim's own metrics in
/// one JSON object, table or CSV; the identifying keys (`file_name`, `prog_name`, `section`,
/// `prog_type`) use veristat's names. The statistics come from the verifier log's closing
/// lines (`print_verification_stats` in `kernel/bpf/verifier.c`):
/// `verification time N usec`, `stack depth A+B`, and
/// `processed N insns (limit L) max_states_per_insn M total_states T peak_states P ...`.
public struct KernelVerification: Codable, Sendable, Equatable {
    /// The object file as given by the caller.
    public var fileName: String
    /// The program's function name; nil when the record describes the whole object (it could
    /// not be opened or listed).
    public var progName: String?
    /// The program's ELF section (`socket`, `fentry/do_unlinkat`, ...), as libbpf reports it.
    public var section: String?
    /// libbpf's name for the program type (`socket_filter`, `sched_cls`, `tracing`, ...).
    public var progType: String?
    public var kernelVerdict: KernelVerdict
    /// nil on success.
    public var kernelFailureKind: KernelFailureKind?
    /// The verifier's message (its last lines before the statistics, one per line) for a
    /// rejection; libbpf's or bpfsim's one-line reason for any other failure.
    public var kernelMessage: String?
    /// The positive errno of the failed load (`EACCES` 13, `EINVAL` 22, ...), when one exists.
    public var kernelErrno: Int32?
    /// The instruction the verifier was at when it rejected the program: the last
    /// `N: (op) ...` line of the log before the message. Counted in the program as libbpf
    /// loaded it, where subprograms from `.text` are appended after the entry program.
    public var kernelPc: Int?
    /// `processed N insns`.
    public var kernelTotalInsns: Int?
    public var kernelTotalStates: Int?
    public var kernelPeakStates: Int?
    public var kernelMaxStatesPerInsn: Int?
    /// `verification time N usec`, in microseconds.
    public var kernelDuration: Int?
    /// The entry subprogram's stack depth, the first number of `stack depth N+M` (as veristat
    /// reports it).
    public var kernelStackDepth: Int?
    /// Every subprogram's stack depth, in the kernel's subprogram order.
    public var kernelStackDepths: [Int]?
    /// `uname -r` of the kernel asked.
    public var kernelRelease: String?
    /// The libbpf that loaded the program, `major.minor`.
    public var libbpfVersion: String?
    /// The whole verifier log, when the caller asked for it.
    public var kernelLog: String?
    /// libbpf's warnings and notes during the load (`libbpf_set_print`, levels WARN and INFO),
    /// when the caller asked for the log: where a load error's full story is.
    public var libbpfLog: String?

    enum CodingKeys: String, CodingKey {
        case fileName = "file_name"
        case progName = "prog_name"
        case section
        case progType = "prog_type"
        case kernelVerdict = "kernel_verdict"
        case kernelFailureKind = "kernel_failure_kind"
        case kernelMessage = "kernel_message"
        case kernelErrno = "kernel_errno"
        case kernelPc = "kernel_pc"
        case kernelTotalInsns = "kernel_total_insns"
        case kernelTotalStates = "kernel_total_states"
        case kernelPeakStates = "kernel_peak_states"
        case kernelMaxStatesPerInsn = "kernel_max_states_per_insn"
        case kernelDuration = "kernel_duration"
        case kernelStackDepth = "kernel_stack_depth"
        case kernelStackDepths = "kernel_stack_depths"
        case kernelRelease = "kernel_release"
        case libbpfVersion = "libbpf_version"
        case kernelLog = "kernel_log"
        case libbpfLog = "libbpf_log"
    }

    public init(
        fileName: String, progName: String?, section: String? = nil, progType: String? = nil,
        verdict: KernelVerdict, failureKind: KernelFailureKind?, message: String?,
        errno: Int32? = nil, kernelRelease: String? = nil, libbpfVersion: String? = nil
    ) {
        self.fileName = fileName
        self.progName = progName
        self.section = section
        self.progType = progType
        self.kernelVerdict = verdict
        self.kernelFailureKind = failureKind
        self.kernelMessage = message
        self.kernelErrno = errno
        self.kernelRelease = kernelRelease
        self.libbpfVersion = libbpfVersion
    }

    /// Copies the statistics of a parsed verifier log into this record.
    mutating func record(_ summary: VerifierLogSummary) {
        kernelTotalInsns = summary.processedInsns
        kernelTotalStates = summary.totalStates
        kernelPeakStates = summary.peakStates
        kernelMaxStatesPerInsn = summary.maxStatesPerInsn
        kernelDuration = summary.verificationTimeMicroseconds
        kernelStackDepths = summary.stackDepths
        kernelStackDepth = summary.stackDepths?.first
    }

    /// One line for a terminal: `file:section:prog: verdict (kind): message [N insns]`.
    public var summaryLine: String {
        var place = fileName
        if let section { place += ":\(section)" }
        if let progName { place += ":\(progName)" }
        var line = "\(place): kernel \(kernelVerdict.rawValue)"
        if let kind = kernelFailureKind, kind.rawValue != kernelVerdict.rawValue {
            line += " (\(kind.rawValue))"
        }
        if let message = kernelMessage, !message.isEmpty {
            let pc = kernelPc.map { "pc \($0): " } ?? ""
            line += ": \(pc)\(message.split(separator: "\n").joined(separator: " / "))"
        }
        if let insns = kernelTotalInsns { line += " [processed \(insns) insns]" }
        return line
    }
}
