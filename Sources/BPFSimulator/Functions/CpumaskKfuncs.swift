import BPFISA
import BPFInterpreter
import BPFKernelModel

/// `struct bpf_cpumask` kfuncs (`kernel/bpf/cpumask.c`) on a machine of
/// ``SimulatedKernel/cpuCount`` CPUs: the mask's bits are its first 8 bytes, so a plain
/// `struct cpumask *` (a task's `cpus_ptr`) reads the same way.
enum CpumaskKfuncs {
    static let all: [KernelFunction] = [
        KernelFunction("bpf_cpumask_create") { call, k in
            if k.acquireFails(call, "bpf_cpumask_create") { return .value(0) }
            let size = max(k.structSize("bpf_cpumask") ?? 16, 16)
            guard let id = k.makeObject(typeName: "bpf_cpumask", resource: .cpumask, label: "cpumask", size: size) else {
                return .fault("the simulated kernel is out of address space")
            }
            k.acquire(id, resource: .cpumask, call: call, function: "bpf_cpumask_create")
            return .value(k.heap[id].address)
        },
        KernelFunction("bpf_cpumask_acquire") { call, k in
            TaskCgroupKfuncs.reacquire(call, k, "bpf_cpumask_acquire", .cpumask, mayFail: false)
        },
        KernelFunction("bpf_cpumask_release") { call, k in
            k.release(call.argument(1), pc: call.pc, by: .program("bpf_cpumask_release"), expecting: .cpumask)
            return .value(0)
        },
        KernelFunction("bpf_cpumask_set_cpu") { call, k in
            update(call, k, "bpf_cpumask_set_cpu", mask: 2) { bits in
                call.argument(1) < UInt64(SimulatedKernel.cpuCount) ? bits | 1 << call.argument(1) : bits
            }
        },
        KernelFunction("bpf_cpumask_clear_cpu") { call, k in
            update(call, k, "bpf_cpumask_clear_cpu", mask: 2) { bits in
                call.argument(1) < UInt64(SimulatedKernel.cpuCount) ? bits & ~(1 << call.argument(1)) : bits
            }
        },
        KernelFunction("bpf_cpumask_test_cpu") { call, k in
            guard let bits = read(call, k, "bpf_cpumask_test_cpu", mask: 2) else { return .value(0) }
            return .value(call.argument(1) < UInt64(SimulatedKernel.cpuCount) ? bits >> call.argument(1) & 1 : 0)
        },
        KernelFunction("bpf_cpumask_first") { call, k in
            guard let bits = read(call, k, "bpf_cpumask_first", mask: 1) else { return .value(0) }
            let valid = bits & allCPUs
            return .value(valid == 0 ? UInt64(SimulatedKernel.cpuCount) : UInt64(valid.trailingZeroBitCount))
        },
        KernelFunction("bpf_cpumask_weight") { call, k in
            guard let bits = read(call, k, "bpf_cpumask_weight", mask: 1) else { return .value(0) }
            return .value(UInt64((bits & allCPUs).nonzeroBitCount))
        },
        KernelFunction("bpf_cpumask_empty") { call, k in
            guard let bits = read(call, k, "bpf_cpumask_empty", mask: 1) else { return .value(0) }
            return .value(bits & allCPUs == 0 ? 1 : 0)
        },
        KernelFunction("bpf_cpumask_setall") { call, k in update(call, k, "bpf_cpumask_setall", mask: 1) { _ in allCPUs } },
        KernelFunction("bpf_cpumask_clear") { call, k in update(call, k, "bpf_cpumask_clear", mask: 1) { _ in 0 } },
        KernelFunction("bpf_cpumask_and") { call, k in
            combine(call, k, "bpf_cpumask_and", returnsNonEmpty: true) { $0 & $1 }
        },
        KernelFunction("bpf_cpumask_or") { call, k in combine(call, k, "bpf_cpumask_or", returnsNonEmpty: false) { $0 | $1 } },
        KernelFunction("bpf_cpumask_copy") { call, k in
            guard let source = read(call, k, "bpf_cpumask_copy", mask: 2) else { return .value(0) }
            return update(call, k, "bpf_cpumask_copy", mask: 1) { _ in source }
        },
    ]

    /// Every CPU of the simulated machine.
    static let allCPUs: UInt64 = (1 << UInt64(SimulatedKernel.cpuCount)) - 1

    /// The mask bits of argument `mask` (1-based), nil (and a use-after-release record) when
    /// it points to a freed cpumask.
    static func read(_ call: HelperCall, _ k: SimulatedKernel, _ name: String, mask n: Int) -> UInt64? {
        let pointer = call.argument(n)
        if let id = k.heap.object(at: pointer), k.heap[id].isFreed {
            k.reportUseAfterRelease(id, pc: call.pc, access: "passed to \(name)")
            return nil
        }
        return k.load64(pointer)
    }

    static func update(
        _ call: HelperCall, _ k: SimulatedKernel, _ name: String, mask n: Int, _ change: (UInt64) -> UInt64
    ) -> HelperResult {
        guard let bits = read(call, k, name, mask: n) else { return .value(0) }
        do {
            try k.memory.store(call.argument(n), size: .double, value: change(bits))
        } catch {
            return .fault("\(name): \(error.message)")
        }
        return .value(0)
    }

    static func combine(
        _ call: HelperCall, _ k: SimulatedKernel, _ name: String, returnsNonEmpty: Bool, _ op: (UInt64, UInt64) -> UInt64
    ) -> HelperResult {
        guard let a = read(call, k, name, mask: 2), let b = read(call, k, name, mask: 3) else { return .value(0) }
        let result = op(a, b) & allCPUs
        if case .fault(let m) = update(call, k, name, mask: 1, { _ in result }) { return .fault(m) }
        return .value(returnsNonEmpty ? (result != 0 ? 1 : 0) : 0)
    }
}
