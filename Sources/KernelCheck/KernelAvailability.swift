/// Whether the running kernel can be asked about BPF programs, and if not, one line why
/// (SPEC §4.1). bpffs is not needed: programs are loaded and closed, never pinned.
public enum KernelAvailability: Sendable, Equatable {
    case available(KernelEnvironment)
    case unavailable(reason: String)

    public var isAvailable: Bool {
        if case .available = self { return true }
        return false
    }

    /// The one-line reason, or nil when available.
    public var reason: String? {
        if case .unavailable(let reason) = self { return reason }
        return nil
    }
}

/// What a kernel cross-check ran against, for the run's record.
public struct KernelEnvironment: Sendable, Equatable, Codable {
    /// `uname -r`.
    public var kernelRelease: String?
    /// libbpf's `major.minor`.
    public var libbpfVersion: String
    /// The libbpf path or soname that was opened.
    public var libbpfPath: String
    /// The loader executable.
    public var loader: String

    enum CodingKeys: String, CodingKey {
        case kernelRelease = "kernel_release"
        case libbpfVersion = "libbpf_version"
        case libbpfPath = "libbpf_path"
        case loader
    }
}
