import BPFISA
import BPFInterpreter
import BPFKernelModel

/// The open-coded numeric iterator (`kernel/bpf/bpf_iter.c`, `bpf_iter_num_*`): an object in
/// the program's stack whose 8 bytes hold `cur` and `end` as the kernel's `bpf_iter_num_kern`
/// does. `new` makes it a referenced stack object of the run, `destroy` releases it; a `next`
/// on a destroyed iterator is a use after release.
enum IteratorKfuncs {
    static let all: [KernelFunction] = [
        KernelFunction("bpf_iter_num_new") { call, k in
            let it = call.argument(1)
            let start = Int64(Int32(truncatingIfNeeded: call.argument(2)))
            let end = Int64(Int32(truncatingIfNeeded: call.argument(3)))
            let id = k.makeStackObject(typeName: "bpf_iter_num", resource: .iterNum, label: "at \(stackPlace(it, k))", address: it, size: 8)
            k.acquire(id, resource: .iterNum, call: call, function: "bpf_iter_num_new")
            let valid = start <= end && end - start <= Int64(CallbackHelpers.maxLoops)
            guard store(k, it, cur: valid ? start - 1 : 0, end: valid ? end : 0) else {
                return .fault("the iterator at \(hex(it)) is not in writable memory")
            }
            return .value(valid ? 0 : Errno.inval)
        },
        KernelFunction("bpf_iter_num_next") { call, k in
            let it = call.argument(1)
            if let id = k.heap.object(at: it), k.heap[id].isFreed {
                k.reportUseAfterRelease(id, pc: call.pc, access: "passed to bpf_iter_num_next")
                return .value(0)
            }
            guard let word = k.load64(it) else { return .fault("the iterator at \(hex(it)) is not readable") }
            let cur = Int64(Int32(truncatingIfNeeded: word))
            let end = Int64(Int32(truncatingIfNeeded: word >> 32))
            if cur + 1 >= end {
                _ = store(k, it, cur: 0, end: 0)
                return .value(0)
            }
            _ = store(k, it, cur: cur + 1, end: end)
            return .value(it)
        },
        KernelFunction("bpf_iter_num_destroy") { call, k in
            let it = call.argument(1)
            if case .released = k.release(it, pc: call.pc, by: .program("bpf_iter_num_destroy"), expecting: .iterNum) {
                _ = store(k, it, cur: 0, end: 0)
            }
            return .value(0)
        },
    ]

    static func store(_ k: SimulatedKernel, _ it: UInt64, cur: Int64, end: Int64) -> Bool {
        let word = UInt64(UInt32(truncatingIfNeeded: cur)) | UInt64(UInt32(truncatingIfNeeded: end)) << 32
        return (try? k.memory.store(it, size: .double, value: word)) != nil
    }

    /// `fp-16 of frame 1` for a stack address.
    static func stackPlace(_ address: UInt64, _ k: SimulatedKernel) -> String {
        if let region = k.memory.region(containing: address), case .stack(let frame) = region.kind {
            return "fp\(Int64(bitPattern: address &- region.end)) of frame \(frame)"
        }
        return hex(address)
    }
}
