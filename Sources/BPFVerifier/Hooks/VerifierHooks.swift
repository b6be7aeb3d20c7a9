import BPFKernelModel

/// A throw point (SPEC §5.2): where the verifier asks the active cleanup backend whether the
/// state can be unwound.
public struct ThrowPoint: Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
        /// A `bpf_throw` call.
        case throwCall
        /// A call of a global subprogram (by index) that may throw, on the path where it does.
        case throwingCall(callee: Int)
    }
    public var pc: Int
    public var kind: Kind
}

/// What the verifier asks of a cleanup backend while it explores a program (SPEC §5): the
/// backend sees every throw point with the full state, and acquires and releases as they
/// happen. Implementations live in `BPFCleanup`; the verifier knows only this protocol.
public protocol VerifierHooks: AnyObject {
    /// Whether calls of global subprograms that may throw are explored as throw points (the
    /// RFC's "exploring program path where exception is thrown").
    var exploresThrowingCalls: Bool { get }

    /// Whether the log says so at each such call (`Func#N ('name') may throw exception,
    /// exploring program path where exception is thrown`): the RFC prints it, the kernel
    /// (`reject`) does not. Default: when throwing calls are explored.
    var announcesThrowingCalls: Bool { get }

    /// Whether pruning must compare where references live (registers, dead or not, and stack
    /// slots holding referenced pointers) exactly. A backend that records per-pc layouts at
    /// throw points needs it: a pruned path's layout would otherwise never be seen.
    var requiresExactReferenceLocations: Bool { get }

    /// At a throw point. The hook may release references it takes responsibility for (the
    /// RFC describes each reference, then drops it from the state). Returns the rejection, in
    /// the kernel's words, or nil to let the path end.
    func atThrowPoint(_ point: ThrowPoint, state: inout VerifierState, context: ThrowContext) -> VerifierError?

    /// A reference was acquired at `pc` (after the instruction).
    func acquired(_ ref: Reference, at pc: Int, state: VerifierState)
    /// A reference was released or transferred at `pc`.
    func released(_ ref: Reference, at pc: Int, state: VerifierState)
}

extension VerifierHooks {
    public var requiresExactReferenceLocations: Bool { false }
    public var announcesThrowingCalls: Bool { exploresThrowingCalls }
    public func acquired(_ ref: Reference, at pc: Int, state: VerifierState) {}
    public func released(_ ref: Reference, at pc: Int, state: VerifierState) {}
}

/// What a hook may need besides the state: the catalog, the program's subprograms, and a
/// way to record a warning.
public struct ThrowContext {
    public let catalog: Catalog
    /// Subprogram index of each frame, innermost last.
    public let frameSubprogs: [Int]
    /// Subprogram names by index, for messages.
    public let subprogramNames: [String]
    /// Records an upstream gap (a leak the kernel would accept).
    public let recordGap: (String) -> Void
}

/// Upstream's rules, used when no backend is given: a throw with any reference, lock or RCU
/// section is rejected (`check_resource_leak` with the `bpf_throw` prefix); a throwing global
/// call is not a throw point (the kernel does not know it may throw).
public final class UpstreamHooks: VerifierHooks {
    public init() {}
    public var exploresThrowingCalls: Bool { false }

    public func atThrowPoint(_ point: ThrowPoint, state: inout VerifierState, context: ThrowContext) -> VerifierError? {
        state.resourceLeakError(prefix: "bpf_throw", pc: point.pc, checkLock: true)
    }
}

extension VerifierState {
    /// `check_resource_leak`: the kernel's messages for leaving the program (by `exit` or
    /// `bpf_throw`) while holding a lock, references, or an RCU / preempt section.
    public func resourceLeakError(prefix: String, pc: Int, checkLock: Bool) -> VerifierError? {
        if checkLock && activeLockID != 0 {
            return VerifierError("\(prefix) cannot be used inside bpf_spin_lock-ed region", pc: pc)
        }
        let leaked = pointerRefs
        if !leaked.isEmpty {
            let lines = leaked.map { "Unreleased reference id=\($0.id) alloc_insn=\($0.acquirePC)" }
            return VerifierError((lines + ["\(prefix) would lead to reference leak"]).joined(separator: "\n"), pc: pc)
        }
        if rcuDepth > 0 {
            return VerifierError("\(prefix) cannot be used inside bpf_rcu_read_lock-ed region", pc: pc)
        }
        if preemptDepth > 0 {
            return VerifierError("\(prefix) cannot be used inside bpf_preempt_disable-ed region", pc: pc)
        }
        return nil
    }
}
