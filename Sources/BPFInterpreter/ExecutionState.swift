import BPFISA

/// A caller frame suspended at a bpf-to-bpf call: what the kernel keeps per frame in
/// `struct bpf_func_state` (its `callsite`, `frameno`) plus what the JIT saves on the call
/// (the caller's `R6`-`R9` and frame pointer), which ``Interpreter`` restores at the callee's
/// `exit`.
public struct CallFrame: Hashable, Sendable {
    /// The caller's call depth (0: the main program).
    public let depth: Int
    /// The entry pc of the caller's subprogram.
    public let subprogram: Int
    /// The pc of the `call` instruction; execution resumes at `callSite + 1`.
    public let callSite: Int
    /// The caller's `R6`-`R9` at the call.
    public let calleeSaved: CalleeSavedRegisters
    /// The caller's `r10`.
    public let framePointer: UInt64
    /// The caller's remaining `may_goto` budget.
    let mayGotoRemaining: UInt64
}

/// One frame as an unwinder sees it at a throw, innermost first (SPEC §5.2): the pc that keys
/// its frame descriptor (the throwing call for the innermost frame, the call instruction for
/// each caller), its `R6`-`R9` at that pc and its frame pointer, so stack slots `fp-N` can be
/// read from ``Memory``.
public struct UnwindFrame: Hashable, Sendable {
    public let depth: Int
    public let subprogram: Int
    public let pc: Int
    public let calleeSaved: CalleeSavedRegisters
    public let framePointer: UInt64
}

/// The complete machine state between two instructions, as helpers, kfuncs and unwinders see
/// it: the running frame's registers and pc, and the suspended callers.
public struct ExecutionState: Hashable, Sendable {
    /// The instruction about to execute (during a helper call: the call instruction).
    public var pc: Int
    public var registers: RegisterFile
    /// Suspended callers, outermost first; empty in the main program.
    public var callers: [CallFrame]
    /// The entry pc of the running subprogram.
    public var subprogram: Int
    /// The running frame's remaining `may_goto` budget (see ``ExecutionLimits``).
    public var mayGotoRemaining: UInt64

    /// The running frame's call depth (0: the main program).
    public var depth: Int { callers.count }

    /// Every active frame, innermost first, as an unwinder walks them at a throw from `pc`.
    public var unwindFrames: [UnwindFrame] {
        var frames = [
            UnwindFrame(
                depth: depth, subprogram: subprogram, pc: pc, calleeSaved: registers.calleeSaved,
                framePointer: registers[.r10])
        ]
        for caller in callers.reversed() {
            frames.append(
                UnwindFrame(
                    depth: caller.depth, subprogram: caller.subprogram, pc: caller.callSite,
                    calleeSaved: caller.calleeSaved, framePointer: caller.framePointer))
        }
        return frames
    }
}
