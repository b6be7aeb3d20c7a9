/// Builds the object's map list in libbpf's order (`bpf_object__init_maps`): legacy `maps`
/// definitions, BTF-defined `.maps`, global data sections, `.kconfig`, `struct_ops`; inner
/// map templates of map-in-maps go last so the outer indices match libbpf's.
///
/// Also records where each map lives in the ELF file, so `R_BPF_64_64` relocations against a
/// map symbol or a data section find their map.
struct MapCollector {
    private(set) var maps: [MapDefinition] = []
    /// (section index, byte offset of the definition) -> map index, for `.maps` and `maps`.
    private(set) var mapsBySymbolPlace: [SectionOffset: Int] = [:]
    /// Data section index -> its internal map.
    private(set) var dataMaps: [Int: Int] = [:]

    struct SectionOffset: Hashable {
        let section: Int
        let offset: UInt64
    }

    /// `BPF_F_LINK` for `.struct_ops.link`.
    static let flagLink: UInt32 = 1 << 13

    init(elf: ELFFile, btf: BTF?) throws(ObjectError) {
        var inner: [(outer: Int, def: MapDefinition)] = []
        if let legacy = elf.section(named: "maps") {
            try collectLegacy(legacy, elf: elf)
        }
        if let section = elf.section(named: ".maps") {
            guard let btf, let datasecID = btf.dataSection(named: ".maps"),
                case .dataSection(_, _, let vars)? = btf[datasecID]
            else {
                throw ObjectError(section: ".maps", "BTF is required, but is missing or corrupted (no DATASEC '.maps')")
            }
            for v in vars {
                guard case .variable(let name, let type, _)? = btf[v.type] else {
                    throw ObjectError(section: ".maps", "DATASEC entry \(v.type) is not a VAR")
                }
                var def = try MapCollector.parseBTFMap(name: name, type: type, btf: btf, depth: 0)
                if let innerDef = def.innerTemplate {
                    inner.append((maps.count, innerDef))
                }
                def.map.origin = .btfDefined
                mapsBySymbolPlace[SectionOffset(section: section.index, offset: UInt64(v.offset))] = maps.count
                maps.append(def.map)
            }
        }
        for s in elf.sections where MapCollector.isDataSection(s) && s.size > 0 {
            let readOnly = s.name == ".rodata" || s.name.hasPrefix(".rodata.")
            var flags = MapDefinition.flagMmapable
            if readOnly { flags |= MapDefinition.flagReadOnlyProg }
            let valueType = btf?.dataSection(named: s.name) ?? .void
            dataMaps[s.index] = maps.count
            maps.append(
                MapDefinition(
                    name: s.name, type: .array, keySize: 4, valueSize: UInt32(clamping: s.size), maxEntries: 1, flags: flags,
                    btfValueTypeID: valueType, initialValue: s.isNoBits ? [UInt8](repeating: 0, count: s.size) : s.data,
                    isReadOnly: readOnly, origin: .globalData(section: s.name)))
        }
        for (outer, var def) in inner {
            maps[outer].innerMapIndex = maps.count
            def.origin = .inner(outer: maps[outer].name)
            maps.append(def)
        }
        if let btf {
            for name in [".struct_ops", ".struct_ops.link"] {
                guard let section = elf.section(named: name), let id = btf.dataSection(named: name),
                    case .dataSection(_, _, let vars)? = btf[id]
                else { continue }
                for v in vars {
                    guard case .variable(let varName, let type, _)? = btf[v.type] else { continue }
                    mapsBySymbolPlace[SectionOffset(section: section.index, offset: UInt64(v.offset))] = maps.count
                    maps.append(
                        MapDefinition(
                            name: varName, type: .structOps, keySize: 4, valueSize: v.size, maxEntries: 1,
                            flags: name == ".struct_ops.link" ? MapCollector.flagLink : 0,
                            btfValueTypeID: btf.resolve(type)?.id ?? type,
                            initialValue: Array(section.data.dropFirst(Int(v.offset)).prefix(Int(v.size))),
                            origin: .structOps(section: name)))
                }
            }
        }
    }

    /// libbpf's data sections: `.data`, `.data.*`, `.rodata`, `.rodata.*` with contents, and
    /// `.bss`, `.bss.*` as NOBITS.
    static func isDataSection(_ s: ELFSection) -> Bool {
        func named(_ base: String) -> Bool { s.name == base || s.name.hasPrefix(base + ".") }
        if s.isNoBits { return named(".bss") }
        return s.type == ELFSection.typeProgBits && !s.isExecutable && (named(".data") || named(".rodata"))
    }

    /// Adds the `.kconfig` map (after the data maps, as libbpf does) and returns its index.
    mutating func addKconfigMap(value: [UInt8], btfType: BTFTypeID) -> Int {
        maps.append(
            MapDefinition(
                name: ".kconfig", type: .array, keySize: 4, valueSize: UInt32(value.count), maxEntries: 1,
                flags: MapDefinition.flagMmapable | MapDefinition.flagReadOnlyProg, btfValueTypeID: btfType,
                initialValue: value, isReadOnly: true, origin: .kconfig))
        return maps.count - 1
    }

    // MARK: legacy maps

    /// `struct bpf_map_def { type, key_size, value_size, max_entries, map_flags }`, one per
    /// symbol of the section, each `section size / symbol count` bytes (libbpf's rule).
    private mutating func collectLegacy(_ section: ELFSection, elf: ELFFile) throws(ObjectError) {
        let symbols = elf.symbols.filter { $0.sectionIndex == section.index && !$0.isSection && !$0.name.isEmpty }
            .sorted { $0.value < $1.value }
        guard !symbols.isEmpty else { return }
        let defSize = section.size / symbols.count
        guard defSize >= 16, section.size % symbols.count == 0 else {
            throw ObjectError(section: "maps", "unable to determine legacy map definition size: section size \(section.size), \(symbols.count) maps")
        }
        let r = ByteReader(section.data, section: "maps")
        for sym in symbols {
            guard let base = Int(file: sym.value), base + 16 <= section.size else {
                throw ObjectError(section: "maps", "map '\(sym.name)' at offset \(sym.value) is outside the section")
            }
            let rawType = try r.u32(base, "map '\(sym.name)' type")
            guard let type = MapType(rawValue: Int(rawType)) else {
                throw ObjectError(section: "maps", "map '\(sym.name)': unknown map type \(rawType)")
            }
            let flags = base + 20 <= section.size && defSize >= 20 ? try r.u32(base + 16, "map flags") : 0
            mapsBySymbolPlace[SectionOffset(section: section.index, offset: sym.value)] = maps.count
            maps.append(
                MapDefinition(
                    name: sym.name, type: type, keySize: try r.u32(base + 4, "key_size"),
                    valueSize: try r.u32(base + 8, "value_size"), maxEntries: try r.u32(base + 12, "max_entries"),
                    flags: flags, origin: .legacy))
        }
    }

    // MARK: BTF-defined maps

    struct ParsedMap {
        var map: MapDefinition
        var innerTemplate: MapDefinition?
    }

    /// libbpf's `parse_btf_map_def`: `__uint(x, N)` is `int (*x)[N]`, `__type(x, T)` is
    /// `typeof(T) *x`, `__array(values, struct {...})` is an array of pointers to an inner
    /// definition.
    static func parseBTFMap(name: String, type: BTFTypeID, btf: BTF, depth: Int) throws(ObjectError) -> ParsedMap {
        func fail(_ message: String) -> ObjectError { ObjectError(section: ".maps", "map '\(name)': \(message)") }
        guard let def = btf.composite(type), case .structure? = btf.resolve(type)?.type else {
            throw fail("unexpected def kind \(btf[type]?.kindName ?? "?") (expected a struct)")
        }
        var map = MapDefinition(name: name, type: .unspecified, keySize: 0, valueSize: 0, maxEntries: 0)
        var inner: MapDefinition?
        var keySizeGiven: UInt32?, valueSizeGiven: UInt32?
        func intField(_ m: BTFMember) throws(ObjectError) -> UInt32 {
            guard case .pointer(let to)? = btf.resolve(m.type)?.type, case .array(_, _, let n)? = btf[to] else {
                throw fail("attr '\(m.name)': expected PTR -> ARRAY (an __uint() field)")
            }
            return n
        }
        func typeField(_ m: BTFMember) throws(ObjectError) -> (BTFTypeID, UInt32) {
            guard case .pointer(let to)? = btf.resolve(m.type)?.type else {
                throw fail("\(m.name) spec is not PTR: \(btf[m.type]?.kindName ?? "?")")
            }
            guard let size = btf.size(of: to), size <= UInt64(UInt32.max) else {
                throw fail("can't determine \(m.name) size for type \(to)")
            }
            return (to, UInt32(size))
        }
        for m in def.members {
            switch m.name {
            case "type":
                let raw = try intField(m)
                guard let t = MapType(rawValue: Int(raw)) else { throw fail("unknown map type \(raw)") }
                map.type = t
            case "max_entries": map.maxEntries = try intField(m)
            case "map_flags": map.flags = try intField(m)
            case "numa_node": _ = try intField(m)
            case "map_extra": map.mapExtra = UInt64(try intField(m))
            case "pinning": map.pinning = try intField(m)
            case "key_size": keySizeGiven = try intField(m)
            case "value_size": valueSizeGiven = try intField(m)
            case "key": (map.btfKeyTypeID, map.keySize) = try typeField(m)
            case "value": (map.btfValueTypeID, map.valueSize) = try typeField(m)
            case "values":
                guard case .array(let element, _, _)? = btf.resolve(m.type)?.type,
                    case .pointer(let to)? = btf.resolve(element)?.type
                else { throw fail("values spec is not an array of pointers") }
                if case .functionProto? = btf.resolve(to)?.type {
                    continue  // prog_array initial values: program pointers.
                }
                guard depth == 0 else { throw fail("multi-level map-in-map is not supported") }
                inner = try parseBTFMap(name: name + ".inner", type: to, btf: btf, depth: depth + 1).map
                map.valueSize = 4
            default:
                throw fail("unknown field '\(m.name)'")
            }
        }
        if let k = keySizeGiven {
            guard map.btfKeyTypeID.isVoid || map.keySize == k else {
                throw fail("conflicting key size \(k) != \(map.keySize)")
            }
            map.keySize = k
        }
        if let v = valueSizeGiven {
            guard map.btfValueTypeID.isVoid || map.valueSize == v else {
                throw fail("conflicting value size \(v) != \(map.valueSize)")
            }
            map.valueSize = v
        }
        if inner != nil, keySizeGiven == nil, map.keySize == 0 { map.keySize = 4 }
        return ParsedMap(map: map, innerTemplate: inner)
    }
}
