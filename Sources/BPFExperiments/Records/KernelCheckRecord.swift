import GRDB
import KernelCheck

/// A `kernel_checks` row: the running kernel's answer for one program beside bpfsim's verdict
/// under upstream rules (SPEC §4.1); agreement per corpus is a reported figure.
public struct KernelCheckRecord: Codable, Hashable, Sendable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "kernel_checks"

    public var programId: Int
    public var fileName: String
    public var section: String?
    public var progName: String?
    public var kernelVerdict: String
    public var kernelFailureKind: String?
    public var kernelMessage: String?
    public var kernelErrno: Int?
    public var kernelPc: Int?
    public var kernelTotalInsns: Int?
    public var kernelTotalStates: Int?
    public var kernelPeakStates: Int?
    public var kernelMaxStatesPerInsn: Int?
    public var kernelDuration: Int?
    public var kernelStackDepth: String?
    public var kernelRelease: String?
    public var libbpfVersion: String?
    public var bpfsimVerdict: String?
    /// `agree`, `disagree`, or `n/a` when either side gave no verifier verdict.
    public var agreement: String

    enum CodingKeys: String, CodingKey {
        case programId = "program_id", fileName = "file_name", section, progName = "prog_name"
        case kernelVerdict = "kernel_verdict", kernelFailureKind = "kernel_failure_kind", kernelMessage = "kernel_message"
        case kernelErrno = "kernel_errno", kernelPc = "kernel_pc", kernelTotalInsns = "kernel_total_insns"
        case kernelTotalStates = "kernel_total_states", kernelPeakStates = "kernel_peak_states"
        case kernelMaxStatesPerInsn = "kernel_max_states_per_insn", kernelDuration = "kernel_duration"
        case kernelStackDepth = "kernel_stack_depth", kernelRelease = "kernel_release", libbpfVersion = "libbpf_version"
        case bpfsimVerdict = "bpfsim_verdict", agreement
    }

    public init(programId: Int, fileName: String, kernel k: KernelVerification, bpfsimVerdict: String?) {
        self.programId = programId
        self.fileName = fileName
        section = k.section
        progName = k.progName
        kernelVerdict = k.kernelVerdict.rawValue
        kernelFailureKind = k.kernelFailureKind?.rawValue
        kernelMessage = k.kernelMessage
        kernelErrno = k.kernelErrno.map(Int.init)
        kernelPc = k.kernelPc
        kernelTotalInsns = k.kernelTotalInsns
        kernelTotalStates = k.kernelTotalStates
        kernelPeakStates = k.kernelPeakStates
        kernelMaxStatesPerInsn = k.kernelMaxStatesPerInsn
        kernelDuration = k.kernelDuration
        kernelStackDepth = k.kernelStackDepths.map { $0.map(String.init).joined(separator: "+") }
        kernelRelease = k.kernelRelease
        libbpfVersion = k.libbpfVersion
        self.bpfsimVerdict = bpfsimVerdict
        if k.kernelVerdict.isVerifierVerdict, let mine = bpfsimVerdict {
            agreement = mine == k.kernelVerdict.rawValue ? "agree" : "disagree"
        } else {
            agreement = "n/a"
        }
    }
}
