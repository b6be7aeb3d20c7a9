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
    /// Subprograms from which `bpf_throw` is reachable through calls.
    public var throwingSubprograms: Set<Int> = []
    /// Places where the upstream kernel accepts a program whose throw would leak
    /// (a reference held across a call of a global subprogram that may throw).
    public var upstreamGaps: [String] = []

    public init() {}

    /// veristat's `stack_depth` column: per-subprogram depths joined with `+`.
    public var stackDepthText: String { stackDepths.map(String.init).joined(separator: "+") }
}
