/// One section header of a relocatable ELF64 object (`Elf64_Shdr`), with its bytes.
public struct ELFSection: Hashable, Sendable {
    /// Section header table index (`st_shndx` of symbols defined in it).
    public let index: Int
    public let name: String
    public let type: UInt32
    public let flags: UInt64
    public let offset: Int
    public let size: Int
    public let link: UInt32
    public let info: UInt32
    public let entrySize: Int
    /// The section's bytes; empty for `SHT_NOBITS` (`.bss`), whose size is still `size`.
    public let data: [UInt8]

    public static let typeProgBits: UInt32 = 1
    public static let typeSymTab: UInt32 = 2
    public static let typeStrTab: UInt32 = 3
    public static let typeRela: UInt32 = 4
    public static let typeNoBits: UInt32 = 8
    public static let typeRel: UInt32 = 9

    public static let flagWrite: UInt64 = 0x1
    public static let flagAlloc: UInt64 = 0x2
    public static let flagExecInstr: UInt64 = 0x4

    public var isExecutable: Bool { flags & ELFSection.flagExecInstr != 0 && type == ELFSection.typeProgBits }
    public var isNoBits: Bool { type == ELFSection.typeNoBits }

    /// DWARF and other non-loadable sections whose relocations libbpf ignores.
    public var isDebug: Bool {
        name.hasPrefix(".debug") || name.hasPrefix(".rel.debug") || name == ".eh_frame" || name.hasPrefix(".llvm")
    }
}

/// A symbol table entry (`Elf64_Sym`).
public struct ELFSymbol: Hashable, Sendable {
    public let index: Int
    public let name: String
    public let value: UInt64
    public let size: UInt64
    /// `STT_*`: 0 NOTYPE, 1 OBJECT, 2 FUNC, 3 SECTION, 4 FILE.
    public let type: UInt8
    /// `STB_*`: 0 LOCAL, 1 GLOBAL, 2 WEAK.
    public let binding: UInt8
    /// `STV_*` from `st_other`: 0 DEFAULT, 2 HIDDEN.
    public let visibility: UInt8
    /// `st_shndx`: 0 undefined, 0xfff1 absolute, 0xfff2 common.
    public let sectionIndex: Int

    public static let typeNoType: UInt8 = 0
    public static let typeObject: UInt8 = 1
    public static let typeFunc: UInt8 = 2
    public static let typeSection: UInt8 = 3
    public static let bindLocal: UInt8 = 0
    public static let bindGlobal: UInt8 = 1
    public static let bindWeak: UInt8 = 2
    public static let visibilityHidden: UInt8 = 2
    public static let undefinedSection = 0

    public var isFunction: Bool { type == ELFSymbol.typeFunc }
    public var isSection: Bool { type == ELFSymbol.typeSection }
    public var isGlobal: Bool { binding == ELFSymbol.bindGlobal || binding == ELFSymbol.bindWeak }
    public var isWeak: Bool { binding == ELFSymbol.bindWeak }
    public var isUndefined: Bool { sectionIndex == ELFSymbol.undefinedSection }
}

/// A relocation (`Elf64_Rel`; BPF objects use REL, not RELA).
public struct ELFRelocation: Hashable, Sendable {
    /// Byte offset in the target section.
    public let offset: UInt64
    public let symbolIndex: Int
    /// `R_BPF_*`.
    public let type: UInt32

    public static let bpfNone: UInt32 = 0
    /// `R_BPF_64_64`: the 64-bit immediate of `lddw`.
    public static let bpf64_64: UInt32 = 1
    public static let bpf64Abs64: UInt32 = 2
    public static let bpf64Abs32: UInt32 = 3
    public static let bpf64NoDyld32: UInt32 = 4
    /// `R_BPF_64_32`: the 32-bit immediate of a call.
    public static let bpf64_32: UInt32 = 10

    public var typeName: String {
        switch type {
        case ELFRelocation.bpfNone: return "R_BPF_NONE"
        case ELFRelocation.bpf64_64: return "R_BPF_64_64"
        case ELFRelocation.bpf64Abs64: return "R_BPF_64_ABS64"
        case ELFRelocation.bpf64Abs32: return "R_BPF_64_ABS32"
        case ELFRelocation.bpf64NoDyld32: return "R_BPF_64_NODYLD32"
        case ELFRelocation.bpf64_32: return "R_BPF_64_32"
        default: return "R_BPF_\(type)"
        }
    }
}
