import BPFInterpreter
import BPFObject

/// One map of the simulated kernel with real storage (SPEC §6): array-like maps (array,
/// per-CPU array as seen from CPU 0, global data sections) in one region of `max_entries`
/// elements rounded up to 8 bytes as `array_map_alloc` does; hash-like maps (hash, LRU hash,
/// per-CPU hash from CPU 0) with one region per element, kept mapped after deletion as RCU
/// keeps an element alive for the running program; a ring buffer as a byte budget with the
/// submitted records; queue and stack maps as value lists. Other map types exist (their
/// handle can be passed around) but their operations fault with a clear message.
final class SimulatedMap {
    enum Storage {
        case array(MemoryRegion)
        case hash(elements: [[UInt8]: MemoryRegion], order: [[UInt8]])
        case ringbuf(used: Int, records: [[UInt8]])
        case queue([[UInt8]])
        case other
    }

    let index: Int
    let definition: MapDefinition
    let handle: MemoryRegion
    var storage: Storage

    init(index: Int, definition: MapDefinition, handle: MemoryRegion, storage: Storage) {
        self.index = index
        self.definition = definition
        self.handle = handle
        self.storage = storage
    }

    var name: String { definition.name }
    var keySize: Int { Int(definition.keySize) }
    var valueSize: Int { Int(definition.valueSize) }
    var maxEntries: Int { Int(definition.maxEntries) }
    /// `round_up(value_size, 8)`: the stride of array elements.
    var elementSize: Int { (valueSize + 7) & ~7 }

    static func isArrayLike(_ type: MapType) -> Bool {
        switch type {
        case .array, .percpuArray, .cgroupArray, .progArray, .perfEventArray: return true
        default: return false
        }
    }

    static func isHashLike(_ type: MapType) -> Bool {
        switch type {
        case .hash, .lruHash, .percpuHash, .lruPercpuHash: return true
        default: return false
        }
    }

    /// The array element for a 32-bit key, or nil out of range.
    func arrayElement(_ key: UInt32) -> UInt64? {
        guard case .array(let region) = storage, Int(key) < maxEntries else { return nil }
        return region.base + UInt64(key) * UInt64(elementSize)
    }
}
