import BPFKernelModel

/// A resource kind the synthetic generator can acquire and release: one per row of SPEC §2
/// that can be written without BTF for program-local types (so `bpf_obj_new` is left to the
/// bundled corpus). Each kind knows the assembly that acquires and releases it.
public enum GeneratedKind: String, CaseIterable, Codable, Sendable, Comparable {
    case task
    case cgroup
    case socket = "sock"
    case ringbuf
    case iterator = "iter"
    case cpumask
    case conntrack = "ct"

    /// The kinds `bpfsim gen` uses when none are named: every kind a `tc` program may use
    /// without extra setup (conntrack needs options on the stack, cpumasks a tracing or
    /// syscall program).
    public static let defaults: [GeneratedKind] = [.task, .cgroup, .socket, .ringbuf, .iterator]

    /// The catalog's name for what this kind holds (SPEC §2).
    public var resource: ResourceKind {
        switch self {
        case .task: return .task
        case .cgroup: return .cgroup
        case .socket: return .socket
        case .ringbuf: return .ringbufRecord
        case .iterator: return .iterNum
        case .cpumask: return .cpumask
        case .conntrack: return .conntrack
        }
    }

    /// Iterators live in the stack slots they were created in; the others are pointers that
    /// may sit in a register or be spilled.
    public var isStackObject: Bool { self == .iterator }

    /// Whether the acquire may return NULL (every pointer kind here may).
    public var mayBeNull: Bool { self != .iterator }

    /// Program types that may call this kind's acquire and release functions in Linux 6.18.
    public func allowed(in section: GeneratorSection) -> Bool {
        switch (self, section) {
        case (.socket, .syscall), (.conntrack, .syscall), (.cpumask, .tc): return false
        default: return true
        }
    }

    /// Scratch stack bytes the acquire needs for its arguments (a bpf_sock_tuple; a tuple
    /// plus struct bpf_ct_opts).
    public var scratchBytes: Int {
        switch self {
        case .socket: return 16
        case .conntrack: return 32
        default: return 0
        }
    }

    public static func < (a: GeneratedKind, b: GeneratedKind) -> Bool { a.rawValue < b.rawValue }
}

/// The program type generated programs are written for.
public enum GeneratorSection: String, CaseIterable, Codable, Sendable {
    /// `SEC("tc")`: sockets and conntrack available, cpumasks not.
    case tc
    /// `SEC("syscall")`: cpumasks available, socket and conntrack lookups not.
    case syscall
}
