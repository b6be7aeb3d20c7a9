/// The source position of an instruction, from BTF.ext `line_info` (`struct bpf_line_info`),
/// relocated into the program's pcs so messages, logs and `disasm` can quote the source.
public struct SourcePosition: Hashable, Sendable, CustomStringConvertible {
    /// First slot this location applies to (it lasts until the next entry).
    public var pc: Int
    public var file: String
    public var line: Int
    public var column: Int
    /// The text of the source line as the compiler recorded it (may be empty).
    public var sourceLine: String

    public init(pc: Int, file: String, line: Int, column: Int, sourceLine: String) {
        self.pc = pc
        self.file = file
        self.line = line
        self.column = column
        self.sourceLine = sourceLine
    }

    /// `features.bpf.c:42:3`.
    public var description: String {
        let base = file.split(separator: "/").last.map(String.init) ?? file
        return "\(base):\(line)" + (column > 0 ? ":\(column)" : "")
    }
}

/// What a relocation or an assembly symbol resolved to, for a given pc of a program; kept so a
/// listing can name targets as llvm-objdump does and tests can check each one.
public struct ResolvedReference: Hashable, Sendable {
    public enum Target: Hashable, Sendable {
        /// A map (index into ``BPFObjectFile/maps``).
        case map(Int)
        /// A global variable: map index and byte offset inside its value.
        case globalData(map: Int, offset: UInt32)
        /// A `.kconfig` extern (inside the `.kconfig` map).
        case kconfig(map: Int, offset: UInt32)
        /// A kfunc, by the `imm` placed in the call (key of ``BPFProgram/kfuncs``).
        case kfunc(Int32)
        /// A typed or typeless ksym variable, by the `imm` placed in the `lddw`.
        case ksym(Int32)
        /// A bpf-to-bpf call; the callee is the named subprogram.
        case subprogram(String)
        /// `lddw` of a function address (callback).
        case callback(String)
    }

    public var pc: Int
    /// The ELF symbol the relocation named (the symbol llvm-objdump prints, e.g. `.text`
    /// for a static callee) or the assembly name.
    public var symbol: String
    public var target: Target

    public init(pc: Int, symbol: String, target: Target) {
        self.pc = pc
        self.symbol = symbol
        self.target = target
    }
}

/// A CO-RE relocation applied to a program instruction: the value libbpf would have
/// computed against the target kernel BTF, here against the object's own BTF.
public struct AppliedCORERelocation: Hashable, Sendable {
    public var pc: Int
    public var kind: CORERelocationKind
    public var typeID: BTFTypeID
    public var accessString: String
    /// `struct task_struct::pid`, `enum task_state_bits::TASK_DEAD_BIT`, as llvm-objdump shows.
    public var spec: String
    public var value: UInt64
}
