/// The bounds a run executes under. Explicit values, like WasmKit's parsing limits, so a
/// reader sees every limit in one place.
public struct ExecutionLimits: Hashable, Sendable {
    /// Executed instructions before the run faults with `instruction budget of N exhausted`.
    /// The kernel has no such limit (verified programs terminate); the simulator needs one for
    /// unverified input and for workloads.
    public var instructionBudget: UInt64
    /// `MAX_CALL_FRAMES`: call depth at which a further bpf-to-bpf call faults with
    /// `the call stack of 9 frames is too deep`. At most ``Memory/maxFrames``.
    public var maxFrames: Int
    /// Iterations each frame's `may_goto` allows before it takes its jump: the kernel's
    /// `BPF_MAX_LOOPS` (8M), kept in a per-frame counter set on frame entry and decremented by
    /// every `may_goto` of that frame, as the kernel's rewrite of `may_goto` into a stack slot
    /// counter does. (Kernels with timed `may_goto` bound loops by time instead; the
    /// simulator keeps the count, which is deterministic.)
    public var mayGotoIterations: UInt64

    public init(instructionBudget: UInt64 = .max, maxFrames: Int = Memory.maxFrames, mayGotoIterations: UInt64 = 8 << 20) {
        self.instructionBudget = instructionBudget
        self.maxFrames = min(max(maxFrames, 1), Memory.maxFrames)
        self.mayGotoIterations = mayGotoIterations
    }
}
