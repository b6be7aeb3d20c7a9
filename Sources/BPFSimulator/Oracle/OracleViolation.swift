/// A broken exactly-once rule (SPEC §6): the object, the pc, and the backend whose run broke
/// it. A backend that passes verification but produces one is a bug in bpfsim, never a result.
public struct OracleViolation: Hashable, Sendable, Codable, CustomStringConvertible {
    public enum Kind: String, Hashable, Sendable, Codable {
        /// A reference acquired during the run and never released.
        case leak
        /// A second release of a reference, or of an object with no live reference left.
        case doubleRelease = "double_release"
        /// A release of an object the program never acquired a reference to.
        case releaseWithoutAcquire = "release_without_acquire"
        /// A load, store or call through a pointer to an object after its last release.
        case useAfterRelease = "use_after_release"
    }

    public let kind: Kind
    /// The run (0-based) of the workload.
    public let run: Int
    /// Where: the acquiring pc for a leak, the offending instruction otherwise, in the executed
    /// program.
    public let pc: Int
    /// The same place in the original program, when it can be mapped (calls always can).
    public let originalPC: Int?
    /// `task_struct#3 (pid 4242)`.
    public let object: String
    public let backend: String
    /// One line in kernel words: `leak: task_struct#3 (pid 4242) acquired by bpf_task_from_pid
    /// at pc 4 was never released`.
    public let message: String

    enum CodingKeys: String, CodingKey {
        case kind, run, pc, originalPC = "original_pc", object, backend, message
    }

    public var description: String { "run \(run): pc \(pc): \(kind.rawValue): \(message) [\(backend)]" }
}
