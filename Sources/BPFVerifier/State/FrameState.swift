import BPFISA
import BPFKernelModel

/// One active function: the kernel's `struct bpf_func_state` — registers R0-R10 and the
/// allocated stack slots of this frame.
public struct FrameState: Hashable, Sendable {
    /// R0 ... R10.
    public var regs: [RegState]
    /// Stack slots by spi: `stack[0]` is `fp-8`, `stack[1]` is `fp-16`, ...
    public var stack: [StackSlot]
    /// The frame number (0 for the main program), the kernel's `frameno`.
    public var frameNo: Int
    /// Index of the subprogram this frame executes.
    public var subprog: Int
    /// The pc of the call instruction that created the frame (-1 for frame 0).
    public var callSite: Int
    /// Set when this frame is a callback (`bpf_loop`): the allowed range of its return value.
    public var callbackReturnRange: ClosedRange<Int64>?
    /// Callback iterations entered from this frame (`callback_depth`), bounding `bpf_loop`.
    public var callbackDepth = 0

    public init(frameNo: Int, subprog: Int, callSite: Int) {
        regs = Array(repeating: .notInit, count: 11)
        stack = []
        self.frameNo = frameNo
        self.subprog = subprog
        self.callSite = callSite
        regs[10] = RegState(type: .stack(frame: frameNo), value: .known(UInt64(0)))
    }

    @inline(__always)
    public subscript(r: Register) -> RegState {
        get { regs[Int(r.index)] }
        set { regs[Int(r.index)] = newValue }
    }

    /// Bytes of stack this frame has touched (`allocated_stack`).
    public var allocatedStack: Int { stack.count * 8 }

    /// The slot holding the byte at `fp + off` (`off` negative), growing the stack as needed.
    public mutating func ensureSlots(downTo off: Int) {
        let needed = (-off + 7) / 8
        if needed > stack.count {
            stack.append(contentsOf: repeatElement(.invalid, count: needed - stack.count))
        }
    }

    /// spi and byte index of the stack byte at `fp + off` (`off` in [-512, -1]).
    @inline(__always)
    public static func slotIndex(ofByteAt off: Int) -> (spi: Int, byte: Int) {
        let slot = -off - 1
        return (slot / 8, slot % 8)
    }
}

/// An acquired reference or held lock: the kernel's `struct bpf_reference_state`.
public struct Reference: Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
        /// A kernel object the program must release (`REF_TYPE_PTR`).
        case pointer(ResourceKind)
        /// A `bpf_spin_lock` held (`REF_TYPE_LOCK`).
        case lock
    }

    public var id: UInt32
    public var kind: Kind
    /// The pc of the acquiring instruction (`insn_idx`, printed as `alloc_insn`).
    public var acquirePC: Int
    /// The frame that acquired it.
    public var frame: Int

    public init(id: UInt32, kind: Kind, acquirePC: Int, frame: Int) {
        self.id = id
        self.kind = kind
        self.acquirePC = acquirePC
        self.frame = frame
    }

    public var resource: ResourceKind? {
        if case .pointer(let r) = kind { return r }
        return nil
    }
}

/// A whole verifier state: the call chain, the reference table, lock and RCU depth — the
/// kernel's `struct bpf_verifier_state`. A value: forking a path copies it.
public struct VerifierState: Hashable, Sendable {
    public var frames: [FrameState]
    public var refs: [Reference]
    /// The id of the held `bpf_spin_lock`, 0 when none (`active_lock_id`).
    public var activeLockID: UInt32
    /// Nesting of `bpf_rcu_read_lock` (the kernel keeps a count).
    public var rcuDepth: Int
    /// Nesting of `bpf_preempt_disable`.
    public var preemptDepth: Int
    /// The pc about to be executed.
    public var pc: Int
    /// Remaining `may_goto` iterations modelled on this path (the kernel's loop budget is
    /// abstract: it explores the budget-exhausted branch at every `may_goto`).
    public var mayGotoDepth: Int
    /// Callback bodies entered on this path (`callback_unroll_depth`): two states that differ
    /// only here are successive callback iterations, not an infinite loop.
    public var callbackUnrollDepth: Int

    public init(entryFrame: FrameState, pc: Int) {
        frames = [entryFrame]
        refs = []
        activeLockID = 0
        rcuDepth = 0
        preemptDepth = 0
        self.pc = pc
        mayGotoDepth = 0
        callbackUnrollDepth = 0
    }

    /// The innermost frame (`cur_frame`).
    public var current: FrameState {
        get { frames[frames.count - 1] }
        set { frames[frames.count - 1] = newValue }
    }

    public var currentFrameNo: Int { frames.count - 1 }

    public func reference(_ id: UInt32) -> Reference? { refs.first { $0.id == id } }

    /// Live pointer references (not locks).
    public var pointerRefs: [Reference] { refs.filter { $0.resource != nil } }
}
