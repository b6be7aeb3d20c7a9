import BPFISA
import BPFInterpreter
import BPFKernelModel
import BPFObject

/// Program-local objects and their graphs (`kernel/bpf/helpers.c`): `bpf_obj_new` allocates an
/// object of the program's BTF type (its size from BTF; 64 bytes when the program has no BTF
/// for it, as assembly programs do), `bpf_obj_drop` frees it; list and rbtree insertion move
/// the program's reference into the collection (a transfer), removal gives one back;
/// `bpf_kptr_xchg` moves a reference into a map value's kptr field and gives back the old one.
enum LocalObjectKfuncs {
    static let all: [KernelFunction] = [
        KernelFunction("bpf_obj_new_impl") { call, k in
            let typeID = BTFTypeID(UInt32(truncatingIfNeeded: call.argument(1)))
            if k.acquireFails(call, "bpf_obj_new_impl") { return .value(0) }
            let size = k.program.btf.size(of: typeID).map { Int(min($0, 1 << 20)) } ?? 64
            let name = k.program.btf.resolve(typeID).map { $0.type.name }.flatMap { $0.isEmpty ? nil : $0 } ?? "obj_\(typeID.rawValue)"
            guard let id = k.makeObject(typeName: name, resource: .object, label: "\(size) bytes", size: max(size, 1)) else {
                return .fault("the simulated kernel is out of address space")
            }
            k.acquire(id, resource: .object, call: call, function: "bpf_obj_new_impl")
            return .value(k.heap[id].address)
        },
        KernelFunction("bpf_obj_drop_impl") { call, k in
            k.release(call.argument(1), pc: call.pc, by: .program("bpf_obj_drop_impl"), expecting: .object)
            return .value(0)
        },
        KernelFunction("bpf_refcount_acquire_impl") { call, k in
            TaskCgroupKfuncs.reacquire(call, k, "bpf_refcount_acquire_impl", .object, mayFail: true)
        },
        KernelFunction("bpf_list_push_front_impl") { call, k in insert(&call, k, "bpf_list_push_front_impl", front: true) },
        KernelFunction("bpf_list_push_back_impl") { call, k in insert(&call, k, "bpf_list_push_back_impl", front: false) },
        KernelFunction("bpf_list_pop_front") { call, k in remove(call, k, "bpf_list_pop_front", root: call.argument(1), node: nil, front: true) },
        KernelFunction("bpf_list_pop_back") { call, k in remove(call, k, "bpf_list_pop_back", root: call.argument(1), node: nil, front: false) },
        KernelFunction("bpf_rbtree_add_impl") { call, k in rbtreeAdd(&call, k) },
        KernelFunction("bpf_rbtree_remove") { call, k in
            remove(call, k, "bpf_rbtree_remove", root: call.argument(1), node: call.argument(2), front: true)
        },
        KernelFunction("bpf_rbtree_first") { call, k in .value(k.graphs[call.argument(1)]?.first?.node ?? 0) },
    ]

    /// `bpf_list_push_{front,back}_impl(head, node, meta, off)`: the object holding `node`
    /// moves into the list.
    static func insert(_ call: inout HelperCall, _ k: SimulatedKernel, _ name: String, front: Bool) -> HelperResult {
        let root = call.argument(1)
        let node = call.argument(2)
        guard case .released(let id) = k.release(node, pc: call.pc, by: .transfer(name), expecting: .object) else {
            return .value(Errno.inval)
        }
        let entry = SimulatedKernel.GraphNode(object: id, node: node)
        if front { k.graphs[root, default: []].insert(entry, at: 0) } else { k.graphs[root, default: []].append(entry) }
        return .value(0)
    }

    /// `bpf_rbtree_add_impl(root, node, less, meta, off)`: inserted before the first node it is
    /// `less` than, asking the program's `less` callback as the kernel does.
    static func rbtreeAdd(_ call: inout HelperCall, _ k: SimulatedKernel) -> HelperResult {
        let root = call.argument(1)
        let node = call.argument(2)
        guard let less = KernelLayout.functionPC(call.argument(3)) else {
            return .fault("R3 \(hex(call.argument(3))) is not a callback address")
        }
        guard let id = k.liveObject(node, pc: call.pc, function: "bpf_rbtree_add_impl") else { return .value(Errno.inval) }
        var position = k.graphs[root]?.count ?? 0
        for (i, existing) in (k.graphs[root] ?? []).enumerated() {
            switch CallbackHelpers.callback(&call, k, entry: less, arguments: [node, existing.node]) {
            case .returned(let r0):
                if r0 & 1 != 0 { position = i }
            case .ended(let result):
                return result
            }
            if position == i { break }
        }
        guard case .released = k.release(node, pc: call.pc, by: .transfer("bpf_rbtree_add_impl"), expecting: .object) else {
            return .value(Errno.inval)
        }
        k.graphs[root, default: []].insert(SimulatedKernel.GraphNode(object: id, node: node), at: position)
        return .value(0)
    }

    /// Pops the first or last node (or removes `node`), giving the program a new reference.
    static func remove(_ call: HelperCall, _ k: SimulatedKernel, _ name: String, root: UInt64, node: UInt64?, front: Bool) -> HelperResult {
        guard var nodes = k.graphs[root], !nodes.isEmpty else { return .value(0) }
        let index: Int
        if let node {
            guard let i = nodes.firstIndex(where: { $0.node == node }) else { return .value(0) }
            index = i
        } else {
            index = front ? 0 : nodes.count - 1
        }
        let entry = nodes.remove(at: index)
        k.graphs[root] = nodes
        k.takeHold(entry.object, resource: .object, call: call, function: name)
        return .value(entry.node)
    }

    /// `bpf_kptr_xchg(map_value_kptr, new)` (helper 194): stores `new` (a transfer of its
    /// reference to the map) and returns the old value as a new reference of the program.
    static func kptrXchg(_ call: inout HelperCall, _ k: SimulatedKernel) -> HelperResult {
        let field = call.argument(1)
        let new = call.argument(2)
        guard let old = k.load64(field) else { return .fault("cannot read the kptr field at \(hex(field))") }
        if new != 0 {
            let kind = k.heap.object(at: new).flatMap { k.heap[$0].resource }
            guard case .released = k.release(new, pc: call.pc, by: .transfer("bpf_kptr_xchg"), expecting: kind) else {
                return .value(0)
            }
        }
        do {
            try k.memory.store(field, size: .double, value: new)
        } catch {
            return .fault("cannot write the kptr field at \(hex(field)): \(error.message)")
        }
        if old != 0, let id = k.heap.object(at: old), !k.heap[id].isFreed, let kind = k.heap[id].resource {
            k.takeHold(id, resource: kind, call: call, function: "bpf_kptr_xchg")
        }
        return .value(old)
    }
}
