import BPFISA
import BPFInterpreter
import BPFKernelModel

/// Conntrack kfuncs (`net/netfilter/nf_conntrack_bpf.c`): a lookup finds an entry unless the
/// workload makes it fail (then `opts->error` is `-ENOENT`), an allocation makes an
/// `nf_conn___init`, `bpf_ct_insert_entry` turns it into an `nf_conn` (releasing the one
/// reference, acquiring the other), `bpf_ct_release` ends a reference.
enum ConntrackKfuncs {
    static let all: [KernelFunction] = [
        KernelFunction("bpf_skb_ct_lookup") { call, k in make(call, k, "bpf_skb_ct_lookup", typeName: "nf_conn") },
        KernelFunction("bpf_xdp_ct_lookup") { call, k in make(call, k, "bpf_xdp_ct_lookup", typeName: "nf_conn") },
        KernelFunction("bpf_skb_ct_alloc") { call, k in make(call, k, "bpf_skb_ct_alloc", typeName: "nf_conn___init") },
        KernelFunction("bpf_xdp_ct_alloc") { call, k in make(call, k, "bpf_xdp_ct_alloc", typeName: "nf_conn___init") },
        KernelFunction("bpf_ct_insert_entry") { call, k in
            let pointer = call.argument(1)
            guard let id = k.liveObject(pointer, pc: call.pc, function: "bpf_ct_insert_entry") else { return .value(0) }
            let fails = k.acquireFails(call, "bpf_ct_insert_entry")
            if !fails { k.acquire(id, resource: .conntrack, call: call, function: "bpf_ct_insert_entry") }
            k.release(pointer, pc: call.pc, by: .program("bpf_ct_insert_entry"), expecting: .conntrack)
            return .value(fails ? 0 : pointer)
        },
        KernelFunction("bpf_ct_release") { call, k in
            k.release(call.argument(1), pc: call.pc, by: .program("bpf_ct_release"), expecting: .conntrack)
            return .value(0)
        },
        KernelFunction("bpf_ct_set_timeout") { call, k in
            _ = k.liveObject(call.argument(1), pc: call.pc, function: "bpf_ct_set_timeout")
            return .value(0)
        },
        KernelFunction("bpf_ct_change_timeout") { call, k in
            _ = k.liveObject(call.argument(1), pc: call.pc, function: "bpf_ct_change_timeout")
            return .value(0)
        },
    ]

    /// `struct bpf_ct_opts`: `s32 netns_id; s32 error; ...`.
    static let errorOffset: UInt64 = 4

    static func make(_ call: HelperCall, _ k: SimulatedKernel, _ name: String, typeName: String) -> HelperResult {
        let opts = call.argument(4)
        if k.acquireFails(call, name) {
            if opts != 0 { try? k.memory.store(opts + errorOffset, size: .word, value: Errno.noent) }
            return .value(0)
        }
        let label = name.hasSuffix("alloc") ? "new entry" : "entry"
        guard let id = k.makeTypedObject(typeName: typeName, resource: .conntrack, label: label) else {
            return .fault("the simulated kernel is out of address space")
        }
        k.acquire(id, resource: .conntrack, call: call, function: name)
        if opts != 0 { try? k.memory.store(opts + errorOffset, size: .word, value: 0) }
        return .value(k.heap[id].address)
    }
}
