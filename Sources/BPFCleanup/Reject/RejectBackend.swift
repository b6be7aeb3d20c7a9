import BPFObject
import BPFVerifier

/// The status quo (SPEC §5.1): a throw point reached with any live reference, lock or RCU
/// section is a verification error, in the kernel's words.
///
/// Like the 6.18 kernel it accepts a call of a global subprogram that may throw while the
/// caller holds a reference (the callee is verified alone, with no references); it records
/// each such place as an upstream gap, where a real throw would leak.
public struct RejectBackend: CleanupBackend {
    public init() {}
    public var name: String { "reject" }
    public var variant: String { "upstream" }

    public func apply(to program: BPFProgram, options: VerifierOptions) -> BackendOutcome {
        let hooks = RejectHooks()
        let result = Verifier.verify(program, options: options, hooks: hooks)
        var metrics = BackendMetrics()
        metrics.throwPoints = result.throwPoints.count
        metrics.refsMax = result.refsMax
        metrics.refsAtThrowMax = result.refsAtThrowMax
        metrics.stackChainMax = result.stackChainMax
        metrics.insertedInsns = 0
        metrics.upstreamGaps = result.upstreamGaps.count
        return BackendOutcome(
            backend: name, variant: variant, verification: result, failure: result.error, program: program,
            metrics: metrics, unwind: .none)
    }
}

/// The verifier hooks of ``RejectBackend``.
final class RejectHooks: VerifierHooks {
    /// Throwing calls are explored only to record the gap; the kernel's log has no line for it.
    var exploresThrowingCalls: Bool { true }
    var announcesThrowingCalls: Bool { false }

    func atThrowPoint(_ point: ThrowPoint, state: inout VerifierState, context: ThrowContext) -> VerifierError? {
        switch point.kind {
        case .throwCall:
            return state.resourceLeakError(prefix: "bpf_throw", pc: point.pc, checkLock: true)
        case .throwingCall(let callee):
            // The kernel does not know the callee may throw: accepted, but a throw would leak.
            let held = state.pointerRefs
            if !held.isEmpty {
                let name = callee < context.subprogramNames.count ? context.subprogramNames[callee] : "?"
                let refs = held.map { "\($0.resource?.rawValue ?? "?") id=\($0.id) alloc_insn=\($0.acquirePC)" }
                context.recordGap(
                    "pc \(point.pc): global function \(name) (func#\(callee)) may throw while \(refs.joined(separator: ", ")) "
                        + "\(held.count == 1 ? "is" : "are") held; the kernel accepts and a throw would leak \(held.count == 1 ? "it" : "them")")
            }
            return nil
        }
    }
}
