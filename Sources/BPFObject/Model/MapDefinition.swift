/// A map the program refers to, as libbpf would create it (`struct bpf_map_def` plus BTF ids):
/// BTF-defined maps from `.maps`, legacy `maps` definitions, and the internal one-element
/// array maps libbpf makes for global data (`.data`, `.rodata`, `.bss`, `.data.*`,
/// `.rodata.*`) and `.kconfig` externs.
///
/// In ``BPFProgram/instructions`` a map is named by its index in ``BPFObjectFile/maps``
/// (`lddw` with `BPF_PSEUDO_MAP_FD` / `BPF_PSEUDO_MAP_VALUE`), where the kernel sees an fd.
public struct MapDefinition: Hashable, Sendable {
    /// Where the definition came from.
    public enum Origin: Hashable, Sendable {
        /// A variable of the `.maps` section (`__uint(type, ...)` ... `SEC(".maps")`).
        case btfDefined
        /// A `struct bpf_map_def` in the legacy `maps` section.
        case legacy
        /// Global variables of a data section (`.data`, `.rodata.str1.1`, `.bss`, ...).
        case globalData(section: String)
        /// The `.kconfig` extern values.
        case kconfig
        /// A `struct_ops` variable of `.struct_ops` / `.struct_ops.link`.
        case structOps(section: String)
        /// The inner-map template of a map-in-map (`__array(values, ...)`).
        case inner(outer: String)
    }

    /// The map's name: the variable name for BTF-defined and legacy maps, the section name
    /// (`.rodata`, `.data.custom`, `.kconfig`) for internal maps.
    public var name: String
    public var type: MapType
    public var keySize: UInt32
    public var valueSize: UInt32
    public var maxEntries: UInt32
    /// `BPF_F_*` map flags (`map_flags`), including libbpf's `BPF_F_RDONLY_PROG` and
    /// `BPF_F_MMAPABLE` on internal maps.
    public var flags: UInt32
    /// `map_extra` (bloom filter hash count, arena address).
    public var mapExtra: UInt64
    /// BTF ids of key and value in the object's BTF, 0 when given by size only.
    public var btfKeyTypeID: BTFTypeID
    public var btfValueTypeID: BTFTypeID
    /// Initial contents of the single value of a global-data or `.kconfig` map.
    public var initialValue: [UInt8]?
    /// `.rodata*` and `.kconfig`: the program may not write them (`BPF_F_RDONLY_PROG`).
    public var isReadOnly: Bool
    /// Index in ``BPFObjectFile/maps`` of the inner map template of a map-in-map.
    public var innerMapIndex: Int?
    public var origin: Origin
    /// `pinning` attribute (0 none, 1 `LIBBPF_PIN_BY_NAME`).
    public var pinning: UInt32

    public init(
        name: String, type: MapType, keySize: UInt32, valueSize: UInt32, maxEntries: UInt32, flags: UInt32 = 0,
        mapExtra: UInt64 = 0, btfKeyTypeID: BTFTypeID = .void, btfValueTypeID: BTFTypeID = .void,
        initialValue: [UInt8]? = nil, isReadOnly: Bool = false, innerMapIndex: Int? = nil, origin: Origin = .btfDefined,
        pinning: UInt32 = 0
    ) {
        self.name = name
        self.type = type
        self.keySize = keySize
        self.valueSize = valueSize
        self.maxEntries = maxEntries
        self.flags = flags
        self.mapExtra = mapExtra
        self.btfKeyTypeID = btfKeyTypeID
        self.btfValueTypeID = btfValueTypeID
        self.initialValue = initialValue
        self.isReadOnly = isReadOnly
        self.innerMapIndex = innerMapIndex
        self.origin = origin
        self.pinning = pinning
    }

    /// `BPF_F_RDONLY_PROG`.
    public static let flagReadOnlyProg: UInt32 = 1 << 7
    /// `BPF_F_MMAPABLE`.
    public static let flagMmapable: UInt32 = 1 << 10

    /// True for the array maps libbpf synthesises for global data and `.kconfig`.
    public var isInternal: Bool {
        switch origin {
        case .globalData, .kconfig: return true
        default: return false
        }
    }
}
