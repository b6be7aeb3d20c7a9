/// Undefined global symbols resolved the libbpf way (`bpf_object__collect_externs`): each is
/// found by name in the `.kconfig` or `.ksyms` DATASEC of the BTF. `.kconfig` externs get
/// values and a place in the `.kconfig` map; `.ksyms` functions become kfuncs and `.ksyms`
/// variables become ksym variables.
struct ExternCollector {
    enum Extern {
        case kconfig(index: Int)
        case kfunc(imm: Int32)
        case ksym(imm: Int32)
    }

    /// By symbol name.
    private(set) var externs: [String: Extern] = [:]
    private(set) var kfuncs: [Int32: ExternFunction] = [:]
    private(set) var ksyms: [Int32: KsymVariable] = [:]
    private(set) var kconfig: [KconfigExtern] = []
    /// The `.kconfig` map's value (empty when there are no kconfig externs).
    private(set) var kconfigValue: [UInt8] = []
    private(set) var kconfigBTFType: BTFTypeID = .void
    private(set) var diagnostics: [ObjectError] = []
    private var nextSynthetic: Int32

    init(elf: ELFFile, btf: BTF?, options: LoadOptions) throws(ObjectError) {
        nextSynthetic = Int32(clamping: (btf?.count ?? 1) + 0x1000)
        let externSymbols = elf.symbols.filter {
            $0.isUndefined && $0.isGlobal && !$0.name.isEmpty
                && ($0.type == ELFSymbol.typeNoType || $0.type == ELFSymbol.typeFunc || $0.type == ELFSymbol.typeObject)
        }
        var pendingKconfig: [(name: String, type: BTFTypeID, weak: Bool, size: Int, align: Int)] = []
        // How each symbol is used: GCC's BTF has no .ksyms DATASEC, so usage decides
        // between kfunc (called) and ksym variable (address loaded) there.
        var called = Set<Int>()
        for relocations in elf.relocations.values {
            for r in relocations where r.type == ELFRelocation.bpf64_32 { called.insert(r.symbolIndex) }
        }
        for sym in externSymbols {
            guard let btf, let place = ExternCollector.find(sym.name, in: btf) else {
                let why = btf == nil ? "the object has no BTF" : "it is in no .ksyms/.kconfig DATASEC"
                if called.contains(sym.index) {
                    diagnostics.append(ObjectError("extern '\(sym.name)': \(why); treated as a kfunc by name"))
                    addKfunc(sym.name, function: nil, proto: nil, weak: sym.isWeak)
                } else {
                    let variable = btf?.firstID(named: sym.name) { if case .variable = $0 { return true } else { return false } }
                    var type: BTFTypeID?
                    if let variable, case .variable(_, let t, _)? = btf?[variable], btf?.resolve(t)?.type != .void { type = t }
                    diagnostics.append(ObjectError("extern '\(sym.name)': \(why); treated as a ksym variable"))
                    addKsym(sym.name, id: variable, type: type, weak: sym.isWeak)
                }
                continue
            }
            switch (place.section, btf[place.id]) {
            case (".ksyms", .function(_, let proto, _)?):
                addKfunc(sym.name, function: place.id, proto: proto, weak: sym.isWeak)
            case (".ksyms", .variable(_, let type, _)?):
                addKsym(sym.name, id: place.id, type: btf.resolve(type)?.type == .void ? nil : type, weak: sym.isWeak)
            case (".kconfig", .variable(_, let type, _)?):
                guard let size = btf.size(of: type), size > 0, size <= 4096 else {
                    throw ObjectError(section: ".kconfig", "extern (kcfg) '\(sym.name)': cannot determine size")
                }
                pendingKconfig.append(
                    (sym.name, type, sym.isWeak, Int(size), ExternCollector.alignment(of: type, btf: btf)))
            default:
                throw ObjectError("extern '\(sym.name)' in DATASEC '\(place.section)' is not supported")
            }
        }
        if !pendingKconfig.isEmpty, let btf {
            try layOutKconfig(pendingKconfig, btf: btf, options: options)
            kconfigBTFType = btf.dataSection(named: ".kconfig") ?? .void
        }
    }

    /// The `imm` for an extern: its BTF id, or the next synthetic id when it has none.
    private mutating func immediate(_ id: BTFTypeID?) -> Int32 {
        if let id { return Int32(clamping: id.rawValue) }
        defer { nextSynthetic += 1 }
        return nextSynthetic
    }

    private mutating func addKsym(_ name: String, id: BTFTypeID?, type: BTFTypeID?, weak: Bool) {
        let imm = immediate(id)
        ksyms[imm] = KsymVariable(name: name, btfTypeID: type, isWeak: weak)
        externs[name] = .ksym(imm: imm)
    }

    private mutating func addKfunc(_ name: String, function: BTFTypeID?, proto: BTFTypeID?, weak: Bool) {
        let imm = immediate(function)
        kfuncs[imm] = ExternFunction(name: name, btfFunctionID: function, btfPrototypeID: proto, isWeak: weak)
        externs[name] = .kfunc(imm: imm)
    }

    /// The VAR or FUNC named `name` in the `.kconfig` or `.ksyms` DATASEC.
    static func find(_ name: String, in btf: BTF) -> (section: String, id: BTFTypeID)? {
        for section in [".kconfig", ".ksyms"] {
            guard let ds = btf.dataSection(named: section), case .dataSection(_, _, let vars)? = btf[ds] else { continue }
            for v in vars where btf[v.type]?.name == name { return (section, v.type) }
        }
        return nil
    }

    static func alignment(of type: BTFTypeID, btf: BTF) -> Int {
        switch btf.resolve(type)?.type {
        case .array(let element, _, _)?: return alignment(of: element, btf: btf)
        case .int(_, let s, _, _, _)?: return max(1, min(8, Int(s)))
        case .enumeration(let e)?: return max(1, min(8, Int(e.size)))
        case .enumeration64?: return 8
        default: return Int(max(1, min(8, btf.size(of: type) ?? 1)))
        }
    }

    /// libbpf's layout: sort by alignment (descending), size (ascending), name; place each at
    /// the next aligned offset; then write the configured values.
    private mutating func layOutKconfig(
        _ list: [(name: String, type: BTFTypeID, weak: Bool, size: Int, align: Int)], btf: BTF, options: LoadOptions
    ) throws(ObjectError) {
        let sorted = list.sorted {
            if $0.align != $1.align { return $0.align > $1.align }
            if $0.size != $1.size { return $0.size < $1.size }
            return $0.name < $1.name
        }
        var offset = 0
        var placed: [(entry: (name: String, type: BTFTypeID, weak: Bool, size: Int, align: Int), offset: Int)] = []
        for e in sorted {
            offset = (offset + e.align - 1) / e.align * e.align
            placed.append((e, offset))
            offset += e.size
        }
        var value = [UInt8](repeating: 0, count: offset)
        for (e, off) in placed {
            let configured = options.kconfig[e.name]
            if configured == nil && !e.weak {
                throw ObjectError(section: ".kconfig", "extern \(e.name) (strong) not resolved")
            }
            if let configured {
                let bytes = try ExternCollector.encode(configured, name: e.name, type: e.type, size: e.size, btf: btf)
                value.replaceSubrange(off..<off + bytes.count, with: bytes)
            }
            externs[e.name] = .kconfig(index: kconfig.count)
            kconfig.append(KconfigExtern(name: e.name, offset: off, size: e.size, isWeak: e.weak, value: configured))
        }
        kconfigValue = value
    }

    /// libbpf's `set_kcfg_value_*`: bool, char, `enum libbpf_tristate`, integers, char arrays.
    static func encode(_ v: KconfigValue, name: String, type: BTFTypeID, size: Int, btf: BTF) throws(ObjectError) -> [UInt8] {
        func fail(_ m: String) -> ObjectError { ObjectError(section: ".kconfig", "extern (kcfg) '\(name)': \(m)") }
        func little(_ x: UInt64) -> [UInt8] { (0..<size).map { UInt8(truncatingIfNeeded: x >> (8 * UInt64($0))) } }
        let resolved = btf.resolve(type)?.type
        switch (resolved, v) {
        case (.int(_, _, let enc, _, _)?, .tristate(let c)) where enc.contains(.bool):
            guard c != "m" else { throw fail("value 'm' for a bool") }
            return little(c == "y" ? 1 : 0)
        case (.int(_, 1, let enc, _, _)?, .tristate(let c)) where enc.contains(.char):
            return [c.asciiValue ?? 0]
        case (.enumeration(let e)?, .tristate(let c)) where e.name == "libbpf_tristate":
            return little(c == "y" ? 1 : c == "m" ? 2 : 0)
        case (.int(_, _, let enc, _, _)?, .number(let n)):
            if size < 8 {
                let signedFits = enc.contains(.signed) && Int64(bitPattern: n) >= -(Int64(1) << (size * 8 - 1))
                    && Int64(bitPattern: n) < Int64(1) << (size * 8 - 1)
                guard n >> UInt64(size * 8) == 0 || signedFits else { throw fail("value \(n) does not fit \(size) bytes") }
            }
            return little(n)
        case (.int(_, _, _, _, _)?, .tristate(let c)):
            return little(c == "y" ? 1 : c == "m" ? 2 : 0)
        case (.array(let element, _, _)?, .string(let s)):
            guard case .int(_, 1, _, _, _)? = btf.resolve(element)?.type else { throw fail("type is unsupported") }
            var bytes = Array(s.utf8.prefix(size - 1))
            bytes += [UInt8](repeating: 0, count: size - bytes.count)
            return bytes
        default:
            throw fail("value \(v) does not match the extern's type \(btf.typeName(type))")
        }
    }
}
