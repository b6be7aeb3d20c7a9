import BPFISA
import BPFInterpreter
import BPFKernelModel

/// Ring buffer helpers (`kernel/bpf/ringbuf.c`): `bpf_ringbuf_reserve` returns a new record
/// of the requested size (NULL when the workload makes it fail, or when the buffer's
/// `max_entries` bytes are used up); `submit` hands it to the kernel (a transfer), `discard`
/// drops it; either ends the program's reference and frees the record's memory, so the
/// program cannot touch it afterwards. Submitted bytes are kept in the map.
enum RingbufHelpers {
    /// `BPF_RINGBUF_HDR_SZ`: each record's header, counted against the buffer.
    static let headerSize = 8

    static let all: [Int32: KernelFunction] = [
        130: KernelFunction("bpf_ringbuf_output") { call, k in
            guard let map = k.map(handle: call.argument(1)), case .ringbuf(let used, var records) = map.storage else {
                return MapHelpers.notAMap(call)
            }
            let size = Int(min(call.argument(3), 1 << 24))
            guard let bytes = k.bytes(call.argument(2), size) else { return .value(Errno.fault) }
            let needed = (size + headerSize + 7) & ~7
            guard used + needed <= map.maxEntries else { return .value(Errno.again) }
            records.append(bytes)
            map.storage = .ringbuf(used: used + needed, records: records)
            return .value(0)
        },
        131: KernelFunction("bpf_ringbuf_reserve") { call, k in
            guard let map = k.map(handle: call.argument(1)), case .ringbuf(let used, let records) = map.storage else {
                return MapHelpers.notAMap(call)
            }
            let size = Int(min(call.argument(2), 1 << 24))
            if k.acquireFails(call, "bpf_ringbuf_reserve") { return .value(0) }
            let needed = (size + headerSize + 7) & ~7
            guard call.argument(3) == 0, used + needed <= map.maxEntries else { return .value(0) }
            guard let id = k.makeObject(
                typeName: "ringbuf_record", resource: .ringbufRecord, label: "\(size) bytes in '\(map.name)'", size: size)
            else { return .fault("the simulated kernel is out of address space") }
            map.storage = .ringbuf(used: used + needed, records: records)
            k.ringbufOwners[id] = map.index
            k.acquire(id, resource: .ringbufRecord, call: call, function: "bpf_ringbuf_reserve")
            return .value(k.heap[id].address)
        },
        132: KernelFunction("bpf_ringbuf_submit") { call, k in
            end(call.argument(1), pc: call.pc, k, by: .transfer("bpf_ringbuf_submit"), submit: true)
            return .value(0)
        },
        133: KernelFunction("bpf_ringbuf_discard") { call, k in
            end(call.argument(1), pc: call.pc, k, by: .program("bpf_ringbuf_discard"), submit: false)
            return .value(0)
        },
        134: KernelFunction("bpf_ringbuf_query") { call, k in
            guard let map = k.map(handle: call.argument(1)), case .ringbuf(let used, _) = map.storage else {
                return MapHelpers.notAMap(call)
            }
            switch call.argument(2) {
            case 0: return .value(UInt64(used))  // BPF_RB_AVAIL_DATA
            case 1: return .value(UInt64(map.maxEntries))  // BPF_RB_RING_SIZE
            default: return .value(0)
            }
        },
    ]

    /// Submits or discards the record at `pointer`: its bytes go to the map when submitted,
    /// and its memory is freed either way (the kernel owns it now).
    static func end(_ pointer: UInt64, pc: Int?, _ k: SimulatedKernel, by releaser: Releaser, submit: Bool) {
        let object = k.heap.object(at: pointer)
        let bytes = object.flatMap { k.heap[$0].isFreed ? nil : k.bytes(k.heap[$0].address, k.heap[$0].size) }
        guard case .released(let id) = k.release(pointer, pc: pc, by: releaser, expecting: .ringbufRecord) else { return }
        if submit, let bytes, let index = k.ringbufOwners[id], case .ringbuf(let used, var records) = k.maps[index].storage {
            records.append(bytes)
            k.maps[index].storage = .ringbuf(used: used, records: records)
        }
        k.heap[id].holds = 0
        k.freeIfUnowned(id, Release(pc: pc, by: releaser))
    }
}
