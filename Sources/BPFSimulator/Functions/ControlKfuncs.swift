import BPFInterpreter

/// `bpf_throw` and the section kfuncs (`kernel/bpf/helpers.c`): RCU read-side sections and
/// preemption are no-ops on the simulated machine (one program runs at a time); the verifier
/// has already checked their pairing.
enum ControlKfuncs {
    static let all: [KernelFunction] = [
        KernelFunction("bpf_throw") { call, _ in .throwException(cookie: call.argument(1)) },
        KernelFunction("bpf_rcu_read_lock") { _, _ in .value(0) },
        KernelFunction("bpf_rcu_read_unlock") { _, _ in .value(0) },
        KernelFunction("bpf_preempt_disable") { _, _ in .value(0) },
        KernelFunction("bpf_preempt_enable") { _, _ in .value(0) },
    ]
}
