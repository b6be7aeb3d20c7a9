import BPFISA

/// What one relocation of an executable section refers to, classified the way libbpf's
/// `bpf_program__record_reloc` does, before any program is linked.
enum SectionReference {
    /// `lddw` of a map (`.maps`, legacy `maps`, `struct_ops`).
    case map(index: Int)
    /// `lddw` of a global variable: the data map and the symbol's offset (the instruction's
    /// own immediate is added when linking, as libbpf adds `insn[0].imm + sym_off`).
    case data(map: Int, symbolOffset: UInt64)
    /// `lddw` of a `.kconfig` extern.
    case kconfig(index: Int)
    /// `call` of a kfunc extern.
    case kfunc(imm: Int32)
    /// `lddw` of a `__ksym` variable.
    case ksym(imm: Int32)
    /// A bpf-to-bpf call into another (or the same) section, at a slot of it.
    case call(section: Int, index: Int)
    /// `lddw` of a function's address (a callback), at a slot of its section.
    case functionAddress(section: Int, index: Int)
}

/// All classified relocations of all executable sections: section index -> slot -> reference.
struct SectionReferences {
    struct Entry {
        let reference: SectionReference
        /// The ELF symbol's name, as llvm-objdump prints it.
        let symbol: String
    }

    private(set) var bySection: [Int: [Int: Entry]] = [:]

    init(elf: ELFFile, functions: FunctionTable, maps: MapCollector, externs: ExternCollector) throws(ObjectError) {
        let gcc = elf.producedByGCC
        // Section order, then file order: the first error reported is always the same one.
        for (sectionIndex, relocations) in elf.relocations.sorted(by: { $0.key < $1.key }) {
            guard let section = elf.section(at: sectionIndex), section.isExecutable,
                let slots = functions.slots[sectionIndex]
            else { continue }
            var entries: [Int: Entry] = [:]
            for r in relocations {
                if r.type == ELFRelocation.bpfNone { continue }
                func fail(_ message: String) -> ObjectError {
                    ObjectError(section: section.name, pc: Int(r.offset / 8), message)
                }
                guard r.offset % 8 == 0, let index = Int(file: r.offset / 8), index < slots.count else {
                    throw ObjectError(section: section.name, "relocation at offset \(r.offset) is outside the section or misaligned")
                }
                guard elf.symbols.indices.contains(r.symbolIndex) else {
                    throw fail("relocation against symbol \(r.symbolIndex), which does not exist")
                }
                let sym = elf.symbols[r.symbolIndex]
                let insn = slots[index]
                let reference: SectionReference
                switch r.type {
                case ELFRelocation.bpf64_32:
                    guard insn.code == 0x85 else {
                        throw fail("\(r.typeName) against '\(sym.name)' on insn code \(hex(insn.code, width: 2)), which is not a call")
                    }
                    reference = try SectionReferences.callReference(sym, insn, elf: elf, externs: externs, gcc: gcc, fail: fail)
                case ELFRelocation.bpf64_64:
                    guard insn.code == 0x18, index + 1 < slots.count else {
                        throw fail("invalid relo against '\(sym.name)' for insns[\(index)].code \(hex(insn.code, width: 2))")
                    }
                    reference = try SectionReferences.loadReference(
                        sym, insn, elf: elf, maps: maps, externs: externs, functions: functions, gcc: gcc, fail: fail)
                default:
                    throw fail("unsupported relocation type \(r.typeName) against '\(sym.name)'")
                }
                entries[index] = Entry(reference: reference, symbol: sym.name)
            }
            bySection[sectionIndex] = entries
        }
    }

    func entries(section: Int) -> [Int: Entry] { bySection[section] ?? [:] }

    private static func callReference(
        _ sym: ELFSymbol, _ insn: RawInstruction, elf: ELFFile, externs: ExternCollector, gcc: Bool,
        fail: (String) -> ObjectError
    ) throws(ObjectError) -> SectionReference {
        if sym.isUndefined {
            if sym.name.hasPrefix("__builtin_") {
                throw fail("call to '\(sym.name)': the compiler left this builtin unexpanded (GCC 12 does not implement it)")
            }
            switch externs.externs[sym.name] {
            case .kfunc(let imm)?: return .kfunc(imm: imm)
            default: throw fail("extern '\(sym.name)' is called but is not a kfunc (not in .ksyms)")
            }
        }
        guard let target = elf.section(at: sym.sectionIndex), target.isExecutable else {
            throw fail("call relocation against '\(sym.name)', which is not in an executable section")
        }
        guard insn.src == 1 else { throw fail("call relocation against '\(sym.name)' on a helper call (src_reg \(insn.src))") }
        guard sym.value % 8 == 0 else { throw fail("bad call relo against '\(sym.name)' at offset \(sym.value)") }
        // Global callee: st_value is its offset and imm -1; static callee: a section symbol
        // and imm is the offset in slots minus one. Both give st_value/8 + imm + 1 (libbpf's
        // formula). GCC fills imm for named symbols too; the symbol alone is the target then.
        let index = gcc && !sym.isSection ? Int(sym.value / 8) : Int(sym.value / 8) + Int(insn.imm) + 1
        return .call(section: sym.sectionIndex, index: index)
    }

    private static func loadReference(
        _ sym: ELFSymbol, _ insn: RawInstruction, elf: ELFFile, maps: MapCollector, externs: ExternCollector,
        functions: FunctionTable, gcc: Bool, fail: (String) -> ObjectError
    ) throws(ObjectError) -> SectionReference {
        if sym.isUndefined {
            switch externs.externs[sym.name] {
            case .kconfig(let i)?: return .kconfig(index: i)
            case .ksym(let imm)?: return .ksym(imm: imm)
            case .kfunc?: throw fail("taking the address of kfunc '\(sym.name)' is not supported")
            case nil: throw fail("relocation against unresolved extern '\(sym.name)'")
            }
        }
        guard let target = elf.section(at: sym.sectionIndex) else {
            throw fail("relocation against '\(sym.name)' in section \(sym.sectionIndex), which does not exist")
        }
        if target.isExecutable {
            guard let symbolOffset = Int64(exactly: sym.value) else {
                throw fail("function address relocation against '\(sym.name)' at offset \(sym.value) is out of range")
            }
            let byteOffset = (gcc && !sym.isSection ? 0 : symbolOffset) + Int64(insn.imm)
            guard byteOffset >= 0, byteOffset % 8 == 0 else {
                throw fail("bad subprog addr relo against '\(sym.name)' at offset \(sym.value)+\(insn.imm)")
            }
            return .functionAddress(section: sym.sectionIndex, index: Int(byteOffset / 8))
        }
        if let m = maps.mapsBySymbolPlace[MapCollector.SectionOffset(section: sym.sectionIndex, offset: sym.value)] {
            return .map(index: m)
        }
        if let m = maps.dataMaps[sym.sectionIndex] {
            // libbpf adds the immediate to st_value; GCC's immediate already holds st_value.
            return .data(map: m, symbolOffset: sym.isSection || gcc ? 0 : sym.value)
        }
        if target.name == ".maps" || target.name == "maps" {
            throw fail("map relo failed to find map for section '\(target.name)', offset \(sym.value) ('\(sym.name)')")
        }
        throw fail("bad map relo against '\(sym.name)' in section '\(target.name)'")
    }
}
