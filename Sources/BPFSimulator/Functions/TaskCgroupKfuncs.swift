import BPFISA
import BPFInterpreter
import BPFKernelModel

/// Task and cgroup references (`kernel/bpf/helpers.c`): lookups by pid or id find the current
/// task or cgroup, or a task or cgroup the run creates for that pid or id (freed when its last
/// reference goes, as an exited task is); `*_acquire` takes another reference to the same
/// object. Each may-fail acquire returns NULL with the workload's probability `p`.
enum TaskCgroupKfuncs {
    static let all: [KernelFunction] = [
        KernelFunction("bpf_task_acquire") { call, k in reacquire(call, k, "bpf_task_acquire", .task, mayFail: true) },
        KernelFunction("bpf_task_release") { call, k in
            k.release(call.argument(1), pc: call.pc, by: .program("bpf_task_release"), expecting: .task)
            return .value(0)
        },
        KernelFunction("bpf_task_from_pid") { call, k in task(call, k, "bpf_task_from_pid") },
        KernelFunction("bpf_task_from_vpid") { call, k in task(call, k, "bpf_task_from_vpid") },
        KernelFunction("bpf_cgroup_acquire") { call, k in reacquire(call, k, "bpf_cgroup_acquire", .cgroup, mayFail: true) },
        KernelFunction("bpf_cgroup_release") { call, k in
            k.release(call.argument(1), pc: call.pc, by: .program("bpf_cgroup_release"), expecting: .cgroup)
            return .value(0)
        },
        KernelFunction("bpf_cgroup_from_id") { call, k in cgroup(call, k, "bpf_cgroup_from_id", id: call.argument(1)) },
        KernelFunction("bpf_cgroup_ancestor") { call, k in
            guard k.liveObject(call.argument(1), pc: call.pc, function: "bpf_cgroup_ancestor") != nil else { return .value(0) }
            return cgroup(call, k, "bpf_cgroup_ancestor", id: SimulatedKernel.currentCgroupID - 1 - (call.argument(2) & 0xff))
        },
        KernelFunction("bpf_task_under_cgroup") { call, k in
            let cgroup = k.liveObject(call.argument(2), pc: call.pc, function: "bpf_task_under_cgroup")
            _ = k.liveObject(call.argument(1), pc: call.pc, function: "bpf_task_under_cgroup")
            return .value(cgroup == k.currentCgroup ? 1 : 0)
        },
    ]

    /// Another reference to the object the argument points to (`bpf_task_acquire(p)`).
    static func reacquire(
        _ call: HelperCall, _ k: SimulatedKernel, _ name: String, _ kind: ResourceKind, mayFail: Bool
    ) -> HelperResult {
        let pointer = call.argument(1)
        guard let id = k.liveObject(pointer, pc: call.pc, function: name) else {
            if k.heap.object(at: pointer) == nil { return .fault("R1 \(hex(pointer)) is no object of the simulated kernel") }
            return .value(0)
        }
        if mayFail && k.acquireFails(call, name) { return .value(0) }
        k.acquire(id, resource: kind, call: call, function: name)
        return .value(pointer)
    }

    static func task(_ call: HelperCall, _ k: SimulatedKernel, _ name: String) -> HelperResult {
        let pid = call.argument(1) & 0xffff_ffff
        if k.acquireFails(call, name) { return .value(0) }
        let id: ObjectID
        if pid == UInt64(SimulatedKernel.currentPID) {
            id = k.currentTask
        } else if let known = k.tasksByPID[pid], !k.heap[known].isFreed {
            id = known
        } else {
            guard let made = k.makeTypedObject(typeName: "task_struct", resource: .task, label: "pid \(pid)", fields: ["pid": pid, "tgid": pid])
            else { return .fault("the simulated kernel is out of address space") }
            k.tasksByPID[pid] = made
            id = made
        }
        k.acquire(id, resource: .task, call: call, function: name)
        return .value(k.heap[id].address)
    }

    static func cgroup(_ call: HelperCall, _ k: SimulatedKernel, _ name: String, id cgroupID: UInt64) -> HelperResult {
        if k.acquireFails(call, name) { return .value(0) }
        let id: ObjectID
        if cgroupID == SimulatedKernel.currentCgroupID {
            id = k.currentCgroup
        } else if let known = k.cgroupsByID[cgroupID], !k.heap[known].isFreed {
            id = known
        } else {
            guard let made = k.makeTypedObject(typeName: "cgroup", resource: .cgroup, label: "id \(cgroupID)") else {
                return .fault("the simulated kernel is out of address space")
            }
            k.cgroupsByID[cgroupID] = made
            id = made
        }
        k.acquire(id, resource: .cgroup, call: call, function: name)
        return .value(k.heap[id].address)
    }
}
