import BPFVerifier

/// The table backend's verifier hooks (SPEC §5.3): a throw may hold any number of references,
/// because the tables of the live frames name them all at run time. Locks and RCU or
/// preemption sections are not undone by the unwinder: a throw inside one stays rejected with
/// the kernel's message, as upstream.
public final class TableHooks: VerifierHooks {
    public init() {}
    public var exploresThrowingCalls: Bool { true }

    public func atThrowPoint(_ point: ThrowPoint, state: inout VerifierState, context: ThrowContext) -> VerifierError? {
        let prefix = "bpf_throw"
        if state.activeLockID != 0 {
            return VerifierError("\(prefix) cannot be used inside bpf_spin_lock-ed region", pc: point.pc)
        }
        if state.rcuDepth > 0 {
            return VerifierError("\(prefix) cannot be used inside bpf_rcu_read_lock-ed region", pc: point.pc)
        }
        if state.preemptDepth > 0 {
            return VerifierError("\(prefix) cannot be used inside bpf_preempt_disable-ed region", pc: point.pc)
        }
        return nil
    }
}
