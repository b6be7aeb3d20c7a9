/// The running kernel's answers on a set of programs, stored beside them so that bpfsim can be
/// compared with the kernel where the kernel cannot be asked (`bpfsim xcheck
/// --write-manifest`; `Tests/Fixtures/verifier/manifest.json`).
public struct KernelVerdictManifest: Codable, Sendable {
    /// `uname -r` of the kernel that answered.
    public var kernelRelease: String
    public var libbpfVersion: String
    public var programs: [Entry]

    public init(kernelRelease: String, libbpfVersion: String, programs: [Entry]) {
        self.kernelRelease = kernelRelease
        self.libbpfVersion = libbpfVersion
        self.programs = programs
    }

    /// One program's kernel verdict (`success`, `failure`, `load_error`), message and pc.
    public struct Entry: Codable, Sendable, Hashable {
        public var file: String
        public var section: String
        public var program: String
        public var kernelVerdict: String
        public var kernelFailureKind: String?
        public var kernelMessage: String?
        public var kernelPC: Int?
        public var kernelTotalInsns: Int?

        public init(
            file: String, section: String, program: String, kernelVerdict: String, kernelFailureKind: String?,
            kernelMessage: String?, kernelPC: Int?, kernelTotalInsns: Int?
        ) {
            self.file = file
            self.section = section
            self.program = program
            self.kernelVerdict = kernelVerdict
            self.kernelFailureKind = kernelFailureKind
            self.kernelMessage = kernelMessage
            self.kernelPC = kernelPC
            self.kernelTotalInsns = kernelTotalInsns
        }

        /// The kernel's verifier verdict, nil when it gave none (a load error).
        public var kernelAccepted: Bool? {
            switch kernelVerdict {
            case "success": return true
            case "failure": return false
            default: return nil
            }
        }

        enum CodingKeys: String, CodingKey {
            case file, section, program
            case kernelVerdict = "kernel_verdict"
            case kernelFailureKind = "kernel_failure_kind"
            case kernelMessage = "kernel_message"
            case kernelPC = "kernel_pc"
            case kernelTotalInsns = "kernel_total_insns"
        }
    }

    enum CodingKeys: String, CodingKey {
        case kernelRelease = "kernel_release"
        case libbpfVersion = "libbpf_version"
        case programs
    }
}
