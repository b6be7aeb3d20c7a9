/// The running kernel's answers on a set of programs, stored beside them so that bpfsim can be
/// compared with the kernel where the kernel cannot be asked: `bpfsim xcheck
/// --write-manifest`, and the `manifest.json` of the kernel-checked test fixtures
/// (`Tests/Fixtures/{verifier,references,exceptions}`), which share this format.
public struct KernelVerdictManifest: Codable, Sendable {
    /// `uname -r` of the kernel that answered.
    public var kernelRelease: String
    public var libbpfVersion: String
    public var cases: [Entry]

    public init(kernelRelease: String, libbpfVersion: String, cases: [Entry]) {
        self.kernelRelease = kernelRelease
        self.libbpfVersion = libbpfVersion
        self.cases = cases
    }

    /// One program's kernel verdict: `success`, `failure` (the verifier rejected it, with its
    /// message lines and pc) or `load_error` (no verdict; the message says why).
    public struct Entry: Codable, Sendable, Hashable {
        /// `file:function`, the file relative to the manifest's folder.
        public var program: String
        public var verdict: String
        public var message: String?
        public var pc: Int?

        public init(program: String, verdict: String, message: String?, pc: Int?) {
            self.program = program
            self.verdict = verdict
            self.message = message
            self.pc = pc
        }

        /// The kernel's verifier verdict, nil when it gave none (a load error).
        public var kernelAccepted: Bool? {
            switch verdict {
            case "success": return true
            case "failure": return false
            default: return nil
            }
        }
    }

    enum CodingKeys: String, CodingKey {
        case kernelRelease = "kernel_release"
        case libbpfVersion = "libbpf_version"
        case cases
    }
}
