import BPFKernelModel

/// Everything one verification found: the verdict with the kernel-style message, veristat's
/// statistics, stack accounting, and the reference facts the cleanup backends build on.
public struct VerificationResult: Sendable {
    public var error: VerifierError?
    public var isAccepted: Bool { error == nil }

    /// `processed N insns` (veristat `total_insns`).
    public var processedInstructions = 0
    public var totalStates = 0
    public var peakStates = 0
    public var maxStatesPerInstruction = 0
    /// Per subprogram (program order), the kernel's raw `stack_depth`.
    public var stackDepths: [Int] = []
    /// The deepest call chain's combined depth, each frame rounded up to 32 bytes.
    public var stackChainMax = 0
    public var durationMicroseconds = 0
    /// Where the types of a BTF-typed context's arguments came from (`attach_btf_source`):
    /// bpfsim's snapshot of Linux 6.18, or the running kernel's BTF; nil when the program has
    /// no BTF-typed context or its attach point was found in neither.
    public var attachPrototypeSource: AttachPrototypeSource?
    /// The verifier log at the requested level (kernel format).
    public var log = ""

    /// Most pointer references held at once on any path (`refs_max`).
    public var refsMax = 0
    /// Most references held at a throw point (`refs_at_throw_max`).
    public var refsAtThrowMax = 0
    /// Per subprogram: most references acquired in a frame of it and still held at once.
    public var refsMaxPerSubprog: [Int: Int] = [:]
    /// Throw points reached: `bpf_throw` calls and calls of global subprograms that may throw.
    public var throwPoints: Set<Int> = []
    /// Acquire sites: pc -> resource kind.
    public var acquireSites: [Int: ResourceKind] = [:]
    /// Release and ownership-transfer sites: pc -> resource kinds released there.
    public var releaseSites: [Int: Set<ResourceKind>] = [:]
    /// Releases of a reference acquired in another frame: pc of the release.
    public var crossFrameReleases: Set<Int> = []
    /// Where each release site found the object it released: pc -> the argument registers
    /// that pointed at it when the call was checked (`bpf_task_release(R1)`,
    /// `bpf_kptr_xchg(.., R2)`, `bpf_list_push_front(.., &n->node)` as R2 with its offset).
    /// The table backend saves this register before the call to pop the entry afterwards.
    public var releaseArguments: [Int: Set<ReleasedArgument>] = [:]
    /// Loads through BTF object pointers: the kernel rewrites them to `BPF_PROBE_MEM`, so a
    /// load that faults (a NULL field of a kernel object) reads 0 instead of crashing.
    public var probeLoads: Set<Int> = []
    /// Subprograms from which `bpf_throw` is reachable through calls.
    public var throwingSubprograms: Set<Int> = []
    /// Places where the upstream kernel accepts a program whose throw would leak
    /// (a reference held across a call of a global subprogram that may throw).
    public var upstreamGaps: [String] = []

    public init() {}

    /// veristat's `stack_depth` column: per-subprogram depths joined with `+`.
    public var stackDepthText: String { stackDepths.map(String.init).joined(separator: "+") }
}

/// One argument register through which a release call received the object it released.
public struct ReleasedArgument: Hashable, Sendable {
    /// R1-R5.
    public var register: UInt8
    /// Bytes from the object's start to where the register points (the register's `off`):
    /// `&n->node` is the object plus the node's offset. 0 for an iterator's stack slot.
    public var offset: Int

    public init(register: UInt8, offset: Int) {
        self.register = register
        self.offset = offset
    }
}
