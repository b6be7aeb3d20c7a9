import BPFISA

/// How a run ended.
public enum ExecutionOutcome: Hashable, Sendable {
    /// The main program's `exit`, with `r0`; also a legacy `ld_abs`/`ld_ind` past the packet's
    /// end, which ends the program returning 0 as the kernel does.
    case exited(UInt64)
    /// A helper ended the program at once (``HelperResult/stop(returning:)``) at `pc`.
    case stopped(UInt64, pc: Int)
    /// A kfunc or helper threw (`bpf_throw`); the unwinder takes over.
    case thrown(ThrownException)
    case faulted(ExecutionFault)
}

/// The state a throw hands to an unwinder (SPEC §6): the cookie, the throwing pc and every
/// frame innermost first with the `R6`-`R9` each held at its descriptor pc. The stack bytes stay
/// in the run's ``Memory``.
public struct ThrownException: Hashable, Sendable {
    public let cookie: UInt64
    public let pc: Int
    public let frames: [UnwindFrame]
}

/// Everything a run produced.
public struct ExecutionResult: Hashable, Sendable {
    public let outcome: ExecutionOutcome
    public let counts: InstructionCounts
    /// The registers of the frame running at the end.
    public let registers: RegisterFile
    /// bpf-to-bpf calls executed, by the callee's entry pc (the cost model charges a
    /// subprogram's prologue and epilogue per call).
    public let subprogramCalls: [Int: UInt64]

    init(outcome: ExecutionOutcome, counts: InstructionCounts, registers: RegisterFile, subprogramCalls: [Int: UInt64] = [:]) {
        self.outcome = outcome
        self.counts = counts
        self.registers = registers
        self.subprogramCalls = subprogramCalls
    }

    /// `r0` at a normal exit or stop, `nil` after a throw or fault.
    public var returnValue: UInt64? {
        switch outcome {
        case .exited(let v), .stopped(let v, _): return v
        case .thrown, .faulted: return nil
        }
    }

    /// The fault, if the run ended with one.
    public var fault: ExecutionFault? {
        if case .faulted(let f) = outcome { return f }
        return nil
    }
}

/// A run that went wrong, with the pc of the instruction that could not complete and one line
/// in kernel words where the kernel has them.
public struct ExecutionFault: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Kind: Hashable, Sendable {
        /// A load, store or atomic outside mapped, permitted memory.
        case memory(MemoryFault)
        /// A bpf-to-bpf call beyond ``ExecutionLimits/maxFrames``.
        case callDepth
        case budgetExhausted
        case unknownHelper(Int32)
        case unknownKfunc(KfuncID)
        /// `callx` through a register holding no helper id.
        case badCallxTarget(UInt64)
        /// A helper or kfunc returned ``HelperResult/fault(_:)``.
        case helper
        /// `ld_abs`/`ld_ind` without a packet region.
        case noPacket
        /// The entry pc is not an instruction.
        case badEntry
        /// Execution ran past the last instruction (prevented by translation; kept as a guard).
        case fellOffEnd
    }

    public let pc: Int
    public let kind: Kind
    public let message: String

    public init(pc: Int, kind: Kind, message: String) {
        self.pc = pc
        self.kind = kind
        self.message = message
    }

    public var description: String { "pc \(pc): \(message)" }
}
