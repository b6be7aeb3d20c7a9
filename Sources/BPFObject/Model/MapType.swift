/// `enum bpf_map_type` of `include/uapi/linux/bpf.h`; raw values are the kernel's numbers.
public enum MapType: Int, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    case unspecified = 0
    case hash = 1
    case array = 2
    case progArray = 3
    case perfEventArray = 4
    case percpuHash = 5
    case percpuArray = 6
    case stackTrace = 7
    case cgroupArray = 8
    case lruHash = 9
    case lruPercpuHash = 10
    case lpmTrie = 11
    case arrayOfMaps = 12
    case hashOfMaps = 13
    case devmap = 14
    case sockmap = 15
    case cpumap = 16
    case xskmap = 17
    case sockhash = 18
    case cgroupStorage = 19
    case reuseportSockarray = 20
    case percpuCgroupStorage = 21
    case queue = 22
    case stack = 23
    case skStorage = 24
    case devmapHash = 25
    case structOps = 26
    case ringbuf = 27
    case inodeStorage = 28
    case taskStorage = 29
    case bloomFilter = 30
    case userRingbuf = 31
    case cgrpStorage = 32
    case arena = 33

    /// libbpf's `map_type_name` spelling (`hash`, `percpu_array`, `ringbuf`, ...).
    public var description: String {
        switch self {
        case .unspecified: return "unspec"
        case .hash: return "hash"
        case .array: return "array"
        case .progArray: return "prog_array"
        case .perfEventArray: return "perf_event_array"
        case .percpuHash: return "percpu_hash"
        case .percpuArray: return "percpu_array"
        case .stackTrace: return "stack_trace"
        case .cgroupArray: return "cgroup_array"
        case .lruHash: return "lru_hash"
        case .lruPercpuHash: return "lru_percpu_hash"
        case .lpmTrie: return "lpm_trie"
        case .arrayOfMaps: return "array_of_maps"
        case .hashOfMaps: return "hash_of_maps"
        case .devmap: return "devmap"
        case .sockmap: return "sockmap"
        case .cpumap: return "cpumap"
        case .xskmap: return "xskmap"
        case .sockhash: return "sockhash"
        case .cgroupStorage: return "cgroup_storage"
        case .reuseportSockarray: return "reuseport_sockarray"
        case .percpuCgroupStorage: return "percpu_cgroup_storage"
        case .queue: return "queue"
        case .stack: return "stack"
        case .skStorage: return "sk_storage"
        case .devmapHash: return "devmap_hash"
        case .structOps: return "struct_ops"
        case .ringbuf: return "ringbuf"
        case .inodeStorage: return "inode_storage"
        case .taskStorage: return "task_storage"
        case .bloomFilter: return "bloom_filter"
        case .userRingbuf: return "user_ringbuf"
        case .cgrpStorage: return "cgrp_storage"
        case .arena: return "arena"
        }
    }

    /// Parses `hash`, `BPF_MAP_TYPE_HASH` or a number.
    public init?(name: String) {
        let lower = name.lowercased()
        let bare = lower.hasPrefix("bpf_map_type_") ? String(lower.dropFirst("bpf_map_type_".count)) : lower
        if let n = Int(bare), let t = MapType(rawValue: n) {
            self = t
            return
        }
        guard let t = MapType.allCases.first(where: { $0.description == bare }) else { return nil }
        self = t
    }
}
