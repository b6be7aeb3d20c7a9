/// A relocatable ELF64 little-endian object for BPF (`e_machine` 247, `EM_BPF`), read the way
/// libbpf's `bpf_object__elf_init` / `bpf_object__elf_collect` read it: header checks, the
/// section table, one symbol table and its string table, and REL sections grouped by the
/// section they apply to.
///
/// This layer knows nothing about programs or maps; ``ObjectLoader`` builds those.
public struct ELFFile: Sendable {
    public let sections: [ELFSection]
    public let symbols: [ELFSymbol]
    /// Relocations by the index of the section they patch (`sh_info` of each `SHT_REL`).
    public let relocations: [Int: [ELFRelocation]]

    public static let machineBPF: UInt16 = 247
    /// `.bss` sections become map values held in memory; larger ones are refused, not
    /// allocated (the kernel caps map values far below this).
    public static let maximumNoBitsSize = 1 << 26

    /// True when the `.comment` section names GCC as the producer. GCC's BPF back end writes
    /// the symbol's offset into the instruction as well as relocating against the symbol
    /// (`lddw r1, 8` + `R_BPF_64_64 other` for `other` at offset 8), where clang leaves the
    /// immediate at 0 (or -1 for calls); the loader must not add the offset twice.
    public var producedByGCC: Bool {
        guard let comment = section(named: ".comment") else { return false }
        return String(decoding: comment.data, as: UTF8.self).contains("GCC:")
    }

    /// The section named `name`, if any (the first one when names repeat).
    public func section(named name: String) -> ELFSection? {
        sections.first { $0.name == name }
    }

    public func section(at index: Int) -> ELFSection? {
        sections.indices.contains(index) ? sections[index] : nil
    }

    /// Parses the whole file; every offset and count is checked against the file size.
    public init(bytes: [UInt8]) throws(ObjectError) {
        let r = ByteReader(bytes)
        guard bytes.count >= 4, bytes[0] == 0x7f, bytes[1] == 0x45, bytes[2] == 0x4c, bytes[3] == 0x46 else {
            throw ObjectError("not an ELF file (bad magic)")
        }
        guard bytes.count >= 64 else { throw ObjectError("truncated ELF header: \(bytes.count) bytes, need 64") }
        guard bytes[4] == 2 else { throw ObjectError("ELF class \(bytes[4]) is not ELFCLASS64") }
        guard bytes[5] == 1 else {
            throw ObjectError("ELF data encoding \(bytes[5]) is not little-endian (libbpf: endianness mismatch)")
        }
        let type = try r.u16(16, "e_type")
        guard type == 1 else { throw ObjectError("ELF type \(type) is not ET_REL (a relocatable object)") }
        let machine = try r.u16(18, "e_machine")
        guard machine == ELFFile.machineBPF else {
            throw ObjectError("e_machine \(machine) is not EM_BPF (247)")
        }
        guard let shoff = Int(file: try r.u64(40, "e_shoff")) else { throw ObjectError("e_shoff out of range") }
        let shentsize = Int(try r.u16(58, "e_shentsize"))
        var shnum = Int(try r.u16(60, "e_shnum"))
        var shstrndx = Int(try r.u16(62, "e_shstrndx"))
        guard shentsize == 64 || (shnum == 0 && shoff == 0) else {
            throw ObjectError("e_shentsize \(shentsize) is not 64")
        }
        if shoff == 0 { throw ObjectError("no section header table (e_shoff is 0)") }
        guard shoff <= bytes.count else {
            throw ObjectError("section header table at offset \(shoff) is outside the \(bytes.count)-byte file")
        }
        // Extended numbering: counts that do not fit live in section 0.
        if shnum == 0 {
            guard let n = Int(file: try r.u64(shoff + 32, "section 0 sh_size (extended e_shnum)")) else {
                throw ObjectError("extended section count out of range")
            }
            shnum = n
        }
        if shstrndx == 0xffff { shstrndx = Int(try r.u32(shoff + 40, "section 0 sh_link (extended e_shstrndx)")) }
        guard shnum <= (bytes.count - min(shoff, bytes.count)) / 64 else {
            throw ObjectError("section header table (\(shnum) entries at offset \(shoff)) is outside the \(bytes.count)-byte file")
        }

        struct Header {
            var nameOffset: UInt32, type: UInt32, flags: UInt64, offset: Int, size: Int
            var link: UInt32, info: UInt32, entrySize: Int
        }
        var headers: [Header] = []
        headers.reserveCapacity(shnum)
        for i in 0..<shnum {
            let base = shoff + i * 64
            let type = try r.u32(base + 4, "section \(i) header")
            let rawOffset = try r.u64(base + 24, "section \(i) sh_offset")
            let rawSize = try r.u64(base + 32, "section \(i) sh_size")
            guard let offset = Int(file: rawOffset), let size = Int(file: rawSize) else {
                throw ObjectError("section \(i): offset \(rawOffset) or size \(rawSize) out of range")
            }
            if type != ELFSection.typeNoBits && i != 0 {
                guard offset <= bytes.count, size <= bytes.count - offset else {
                    throw ObjectError("section \(i): data at offset \(offset) (+\(size) bytes) is outside the \(bytes.count)-byte file")
                }
            } else if size > ELFFile.maximumNoBitsSize {
                throw ObjectError("section \(i): SHT_NOBITS size \(size) is larger than bpfsim's limit of \(ELFFile.maximumNoBitsSize) bytes")
            }
            guard let entrySize = Int(file: try r.u64(base + 56, "section \(i) sh_entsize")) else {
                throw ObjectError("section \(i): sh_entsize out of range")
            }
            headers.append(
                Header(
                    nameOffset: try r.u32(base, "section \(i) sh_name"), type: type,
                    flags: try r.u64(base + 8, "section \(i) sh_flags"), offset: offset, size: size,
                    link: try r.u32(base + 40, "section \(i) sh_link"), info: try r.u32(base + 44, "section \(i) sh_info"),
                    entrySize: entrySize))
        }
        guard headers.indices.contains(shstrndx), headers[shstrndx].type == ELFSection.typeStrTab else {
            throw ObjectError("e_shstrndx \(shstrndx) is not a string table section")
        }
        let shstr = headers[shstrndx]
        let shstrtab = ByteReader(Array(bytes[shstr.offset..<shstr.offset + shstr.size]))

        var sections: [ELFSection] = []
        sections.reserveCapacity(shnum)
        for (i, h) in headers.enumerated() {
            let name: String
            if i == 0 {
                name = ""
            } else {
                guard let n = shstrtab.cString(at: Int(h.nameOffset)) else {
                    throw ObjectError("section \(i): name offset \(h.nameOffset) is outside the section name table")
                }
                name = n
            }
            let data = (h.type == ELFSection.typeNoBits || i == 0) ? [] : Array(bytes[h.offset..<h.offset + h.size])
            sections.append(
                ELFSection(
                    index: i, name: name, type: h.type, flags: h.flags, offset: h.offset, size: h.size, link: h.link,
                    info: h.info, entrySize: h.entrySize, data: data))
        }
        self.sections = sections

        // libbpf requires exactly one symbol table.
        let symtabs = sections.filter { $0.type == ELFSection.typeSymTab }
        guard symtabs.count <= 1 else { throw ObjectError("multiple SYMTAB sections found, not supported") }
        var symbols: [ELFSymbol] = []
        if let symtab = symtabs.first {
            symbols = try ELFFile.readSymbols(symtab, sections: sections)
        }
        self.symbols = symbols

        var relocations: [Int: [ELFRelocation]] = [:]
        for s in sections where s.type == ELFSection.typeRel || s.type == ELFSection.typeRela {
            let target = Int(s.info)
            guard let targetSection = sections.indices.contains(target) ? sections[target] : nil else {
                throw ObjectError(section: s.name, "relocation section applies to section \(s.info), which does not exist")
            }
            if targetSection.isDebug || s.isDebug { continue }
            guard s.type == ELFSection.typeRel else {
                throw ObjectError(section: s.name, "RELA relocations are not used by BPF objects")
            }
            guard let symtab = symtabs.first, Int(s.link) == symtab.index else {
                throw ObjectError(section: s.name, "relocation section does not link to the symbol table")
            }
            relocations[target, default: []] += try ELFFile.readRelocations(s, symbolCount: symbols.count)
        }
        self.relocations = relocations
    }

    private static func readSymbols(_ symtab: ELFSection, sections: [ELFSection]) throws(ObjectError) -> [ELFSymbol] {
        guard symtab.entrySize == 24 else {
            throw ObjectError(section: symtab.name, "symbol table entry size \(symtab.entrySize) is not 24")
        }
        guard sections.indices.contains(Int(symtab.link)), sections[Int(symtab.link)].type == ELFSection.typeStrTab else {
            throw ObjectError(section: symtab.name, "symbol table links to section \(symtab.link), which is not a string table")
        }
        let strtab = ByteReader(sections[Int(symtab.link)].data)
        let r = ByteReader(symtab.data, section: symtab.name)
        let count = symtab.size / 24
        var symbols: [ELFSymbol] = []
        symbols.reserveCapacity(count)
        for i in 0..<count {
            let base = i * 24
            let nameOffset = try r.u32(base, "symbol \(i)")
            let info = try r.u8(base + 4, "symbol \(i)")
            let other = try r.u8(base + 5, "symbol \(i)")
            let shndx = Int(try r.u16(base + 6, "symbol \(i)"))
            let value = try r.u64(base + 8, "symbol \(i)")
            let size = try r.u64(base + 16, "symbol \(i)")
            guard let name = strtab.cString(at: Int(nameOffset)) else {
                throw ObjectError(section: symtab.name, "symbol \(i): name offset \(nameOffset) is outside the string table")
            }
            let type = info & 0x0f
            var symbolName = name
            // Section symbols are nameless; llvm-objdump names them after their section.
            if type == ELFSymbol.typeSection, name.isEmpty, sections.indices.contains(shndx) {
                symbolName = sections[shndx].name
            }
            if shndx != 0, shndx < 0xff00, !sections.indices.contains(shndx) {
                throw ObjectError(section: symtab.name, "symbol '\(symbolName)' is in section \(shndx), which does not exist")
            }
            symbols.append(
                ELFSymbol(
                    index: i, name: symbolName, value: value, size: size, type: type, binding: info >> 4,
                    visibility: other & 0x3, sectionIndex: shndx))
        }
        return symbols
    }

    private static func readRelocations(_ s: ELFSection, symbolCount: Int) throws(ObjectError) -> [ELFRelocation] {
        guard s.entrySize == 16 else {
            throw ObjectError(section: s.name, "relocation entry size \(s.entrySize) is not 16")
        }
        let r = ByteReader(s.data, section: s.name)
        var out: [ELFRelocation] = []
        let count = s.size / 16
        out.reserveCapacity(count)
        for i in 0..<count {
            let offset = try r.u64(i * 16, "relocation \(i)")
            let info = try r.u64(i * 16 + 8, "relocation \(i)")
            let symbol = Int(info >> 32)
            guard symbol < symbolCount else {
                throw ObjectError(section: s.name, "relocation \(i) at offset \(offset): symbol \(symbol) not found")
            }
            out.append(ELFRelocation(offset: offset, symbolIndex: symbol, type: UInt32(truncatingIfNeeded: info)))
        }
        return out
    }
}
