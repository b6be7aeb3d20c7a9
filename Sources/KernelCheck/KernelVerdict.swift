/// What the running kernel said about one program (SPEC §4.1).
///
/// `success` and `failure` are the verifier's own answers, comparable with bpfsim's verdicts
/// (veristat's `verdict` values). `load_error` means no verifier verdict was obtained because
/// something before or around the verifier failed; `unavailable` means the kernel could not be
/// asked at all on this machine.
public enum KernelVerdict: String, Codable, Sendable, CaseIterable {
    case success
    case failure
    case loadError = "load_error"
    case unavailable

    /// Whether the verifier itself answered, so the verdict may be compared with bpfsim's.
    public var isVerifierVerdict: Bool { self == .success || self == .failure }
}

/// Why a load did not end in `success`, finer than ``KernelVerdict``.
///
/// Only ``verifier`` is a rejection by the kernel verifier; every other kind is about libbpf,
/// the machine or bpfsim's loader process and must never be counted as a rejection.
public enum KernelFailureKind: String, Codable, Sendable, CaseIterable {
    /// The verifier rejected the program; `kernel_message` holds its words.
    case verifier
    /// libbpf or the kernel failed before the verifier spoke: an extern or kfunc missing from
    /// vmlinux BTF, a map the kernel cannot create, EPERM from lockdown, ...
    case loadError = "load_error"
    /// The kernel refused the attach target (fentry/fexit/freplace/lsm/struct_ops) before
    /// verifying any instruction, e.g. a function this kernel lacks.
    case attachTarget = "attach_target"
    /// The object uses a feature the libbpf in use predates (e.g. `exception_callback:`
    /// declaration tags before libbpf 1.3), so the kernel saw a different program.
    case libbpfUnsupported = "libbpf_unsupported"
    /// libbpf could not resolve a CO-RE relocation, map or weak kfunc for this kernel and
    /// poisoned the instruction; the verifier's complaint is about the poison, not the program.
    case unresolvedRelocation = "unresolved_relocation"
    /// libbpf could not open or parse the object file.
    case openError = "open_error"
    /// The object holds no program of the requested name (and section).
    case programNotFound = "program_not_found"
    /// The load did not finish within the time limit and the loader process was killed.
    case timeout
    /// The loader process died (a signal or an unexpected exit) before reporting.
    case crash
    /// The verifier log outgrew the largest buffer the kernel accepts, so the kernel
    /// answered ENOSPC and the verdict is unknown.
    case logTruncated = "log_truncated"
    /// The kernel cannot be asked here (no libbpf, not Linux, no CAP_BPF, no loader helper).
    case unavailable
}
