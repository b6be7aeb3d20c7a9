import BPFInterpreter

/// What `bpfsim run --trace` shows (issue 9 item 6): each executed instruction, each kernel
/// function with its effect on objects, and on a throw each frame unwound and each object
/// released, then the exception callback.
public enum SimulationEvent: Sendable {
    case runStarted(run: Int)
    case instruction(TraceRecord)
    /// A helper or kfunc returned `r0` (nil: it threw, stopped or faulted).
    case call(pc: Int, depth: Int, function: String, result: UInt64?)
    case acquired(pc: Int, function: String, object: String, reference: Int)
    /// A maybe-NULL acquire made to fail (the workload's `p`).
    case acquireFailed(pc: Int, function: String)
    case released(pc: Int?, by: Releaser, object: String, reference: Int)
    case thrown(pc: Int, cookie: UInt64, frames: Int)
    /// The unwinder reached a frame: its depth, the pc keying it, its subprogram.
    case unwindFrame(depth: Int, pc: Int, subprogram: String, detail: String)
    /// One descriptor or table entry: where it lives, what it holds (nil: not read), what was
    /// done.
    case unwindEntry(location: String, value: UInt64?, action: String)
    case exceptionCallback(entry: Int?, cookie: UInt64)
    case violation(OracleViolation)
    case finished(run: Int, outcome: String)
}
