import BPFISA
import BPFInterpreter
import BPFObject

/// Map helpers on real storage (`kernel/bpf/arraymap.c`, `hashtab.c`, `queue_stack_maps.c`,
/// `helpers.c`): lookups return pointers into the map's memory, updates copy values in, with
/// the kernel's flags and error codes.
enum MapHelpers {
    static let all: [Int32: KernelFunction] = [
        1: KernelFunction("bpf_map_lookup_elem", lookup),
        2: KernelFunction("bpf_map_update_elem", update),
        3: KernelFunction("bpf_map_delete_elem", delete),
        12: KernelFunction("bpf_tail_call") { _, _ in .value(Errno.noent) },
        87: KernelFunction("bpf_map_push_elem", push),
        88: KernelFunction("bpf_map_pop_elem") { call, k in popOrPeek(&call, k, pop: true) },
        89: KernelFunction("bpf_map_peek_elem") { call, k in popOrPeek(&call, k, pop: false) },
        93: KernelFunction("bpf_spin_lock") { call, k in lock(call, k, value: 1) },
        94: KernelFunction("bpf_spin_unlock") { call, k in lock(call, k, value: 0) },
        194: KernelFunction("bpf_kptr_xchg", LocalObjectKfuncs.kptrXchg),
    ]

    /// `BPF_NOEXIST`, `BPF_EXIST`.
    static let noExist: UInt64 = 1
    static let exist: UInt64 = 2

    static func map(_ call: HelperCall, _ k: SimulatedKernel) -> SimulatedMap? { k.map(handle: call.argument(1)) }

    static func notAMap(_ call: HelperCall) -> HelperResult { .fault("R1 \(hex(call.argument(1))) is not a map") }

    static func key(_ call: HelperCall, _ k: SimulatedKernel, _ map: SimulatedMap) -> [UInt8]? {
        k.bytes(call.argument(2), map.keySize)
    }

    static func arrayIndex(_ key: [UInt8]) -> UInt32 {
        key.prefix(4).enumerated().reduce(0) { $0 | UInt32($1.element) << UInt32(8 * $1.offset) }
    }

    static func lookup(_ call: inout HelperCall, _ k: SimulatedKernel) -> HelperResult {
        guard let map = map(call, k) else { return notAMap(call) }
        guard let key = key(call, k, map) else { return .fault("cannot read the \(map.keySize)-byte key at \(hex(call.argument(2)))") }
        switch map.storage {
        case .array: return .value(map.arrayElement(arrayIndex(key)) ?? 0)
        case .hash(let elements, _): return .value(elements[key]?.base ?? 0)
        default: return unsupported(map, "lookup")
        }
    }

    static func update(_ call: inout HelperCall, _ k: SimulatedKernel) -> HelperResult {
        guard let map = map(call, k) else { return notAMap(call) }
        guard let key = key(call, k, map) else { return .fault("cannot read the \(map.keySize)-byte key at \(hex(call.argument(2)))") }
        guard let value = k.bytes(call.argument(3), map.valueSize) else {
            return .fault("cannot read the \(map.valueSize)-byte value at \(hex(call.argument(3)))")
        }
        let flags = call.argument(4) & 0xff
        guard flags <= exist else { return .value(Errno.inval) }
        switch map.storage {
        case .array:
            guard let element = map.arrayElement(arrayIndex(key)) else { return .value(Errno.e2big) }
            if flags == noExist { return .value(Errno.exist) }
            return .value(k.write(value, at: element) ? 0 : Errno.fault)
        case .hash(var elements, var order):
            if let region = elements[key] {
                if flags == noExist { return .value(Errno.exist) }
                return .value(k.write(value, at: region.base) ? 0 : Errno.fault)
            }
            if flags == exist { return .value(Errno.noent) }
            if elements.count >= map.maxEntries {
                guard map.definition.type == .lruHash || map.definition.type == .lruPercpuHash, let oldest = order.first else {
                    return .value(Errno.e2big)
                }
                elements[oldest] = nil
                order.removeFirst()
            }
            guard let region = try? k.memory.map("map '\(map.name)' element", size: max(map.valueSize, 1), bytes: value) else {
                return .value(Errno.nomem)
            }
            elements[key] = region
            order.append(key)
            map.storage = .hash(elements: elements, order: order)
            return .value(0)
        default:
            return unsupported(map, "update")
        }
    }

    static func delete(_ call: inout HelperCall, _ k: SimulatedKernel) -> HelperResult {
        guard let map = map(call, k) else { return notAMap(call) }
        guard let key = key(call, k, map) else { return .fault("cannot read the \(map.keySize)-byte key at \(hex(call.argument(2)))") }
        switch map.storage {
        case .array: return .value(Errno.inval)
        case .hash(var elements, var order):
            // The element's memory stays mapped: RCU keeps it alive for the running program.
            guard elements.removeValue(forKey: key) != nil else { return .value(Errno.noent) }
            order.removeAll { $0 == key }
            map.storage = .hash(elements: elements, order: order)
            return .value(0)
        default:
            return unsupported(map, "delete")
        }
    }

    static func push(_ call: inout HelperCall, _ k: SimulatedKernel) -> HelperResult {
        guard let map = map(call, k) else { return notAMap(call) }
        guard case .queue(var values) = map.storage else { return unsupported(map, "push") }
        guard let value = k.bytes(call.argument(2), map.valueSize) else {
            return .fault("cannot read the \(map.valueSize)-byte value at \(hex(call.argument(2)))")
        }
        if values.count >= map.maxEntries {
            guard call.argument(3) & exist != 0, !values.isEmpty else { return .value(Errno.e2big) }
            values.removeFirst()
        }
        values.append(value)
        map.storage = .queue(values)
        return .value(0)
    }

    static func popOrPeek(_ call: inout HelperCall, _ k: SimulatedKernel, pop: Bool) -> HelperResult {
        guard let map = map(call, k) else { return notAMap(call) }
        guard case .queue(var values) = map.storage else { return unsupported(map, pop ? "pop" : "peek") }
        guard !values.isEmpty else { return .value(Errno.noent) }
        let index = map.definition.type == .stack ? values.count - 1 : 0
        guard k.write(values[index], at: call.argument(2)) else { return .value(Errno.fault) }
        if pop {
            values.remove(at: index)
            map.storage = .queue(values)
        }
        return .value(0)
    }

    static func lock(_ call: HelperCall, _ k: SimulatedKernel, value: UInt64) -> HelperResult {
        do {
            try k.memory.store(call.argument(1), size: .word, value: value)
        } catch {
            return .fault("the bpf_spin_lock at \(hex(call.argument(1))): \(error.message)")
        }
        return .value(0)
    }

    static func unsupported(_ map: SimulatedMap, _ operation: String) -> HelperResult {
        .fault("\(operation) on map '\(map.name)' of type \(map.definition.type) is not modelled by the simulated kernel")
    }
}
