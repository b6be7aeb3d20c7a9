/// A decoded BPF instruction (RFC 9669 plus the kernel extensions in real use).
///
/// Raw 8-byte slots are decoded once into this enum; every later stage (verifier, interpreter,
/// patcher, printers) pattern-matches on meaning and never looks at opcode bits again. Programs
/// are arrays of `Instruction` indexed by *slot*, exactly as the kernel indexes `insn_idx`: a
/// 16-byte `lddw` is followed by a ``continuation`` entry standing for its second slot, so a pc
/// means the same thing here, in the kernel's log and in `llvm-objdump`.
public enum Instruction: Hashable, Sendable {
    /// `dst op= src`, 32- or 64-bit (classes `BPF_ALU`/`BPF_ALU64`).
    case alu(ALUOperation, Width, dst: Register, src: Operand)
    /// `dst = -dst`.
    case neg(Width, dst: Register)
    /// Sign-extending move `dst = (s8|s16|s32)src` (`BPF_MOV` with `off` 8, 16 or 32; the 32-bit
    /// form allows 8 and 16 only).
    case movsx(Width, dst: Register, src: Register, from: AccessSize)
    /// Byte-order conversion: `le16`/`be32`/... (class `BPF_ALU`) or `bswap16/32/64` (class
    /// `BPF_ALU64`), on 16, 32 or 64 bits.
    case byteSwap(ByteSwap, bits: Int, dst: Register)
    /// `dst = *(size *)(base + offset)`, zero- or sign-extended (`BPF_LDX` with `BPF_MEM` or
    /// `BPF_MEMSX`).
    case load(AccessSize, signExtend: Bool, dst: Register, base: Register, offset: Int16)
    /// `*(size *)(base + offset) = value` (`BPF_ST` with an immediate, `BPF_STX` with a register).
    case store(AccessSize, base: Register, offset: Int16, value: Operand)
    /// Atomic read-modify-write on `*(size *)(base + offset)` (`BPF_STX | BPF_ATOMIC`; word or
    /// double word).
    case atomic(AtomicOperation, AccessSize, base: Register, offset: Int16, src: Register)
    /// The 16-byte `lddw` (`BPF_LD | BPF_IMM | BPF_DW`) and its pseudo forms.
    case loadImm64(dst: Register, LoadImm64)
    /// Legacy packet load `r0 = *(size *)skb[imm]` (`BPF_LD | BPF_ABS`).
    case loadPacketAbsolute(AccessSize, offset: Int32)
    /// Legacy packet load `r0 = *(size *)skb[src + imm]` (`BPF_LD | BPF_IND`).
    case loadPacketIndirect(AccessSize, src: Register, offset: Int32)
    /// `goto +off` (`BPF_JMP | BPF_JA`), a 16-bit pc-relative jump.
    case ja(offset: Int16)
    /// `gotol +imm` (`BPF_JMP32 | BPF_JA`), a 32-bit pc-relative jump.
    case gotol(offset: Int32)
    /// `if dst cond src goto +off`, comparing 32 (`BPF_JMP32`) or 64 bits (`BPF_JMP`).
    case jump(JumpCondition, Width, dst: Register, src: Operand, offset: Int16)
    /// `may_goto +off` (`BPF_JMP | BPF_JCOND`): the kernel's bounded-loop escape hatch, taken
    /// when the loop budget runs out.
    case mayGoto(offset: Int16)
    /// A call of a helper, a bpf-to-bpf subprogram or a kfunc.
    case call(CallTarget)
    /// An indirect call through a register (`BPF_JMP | BPF_CALL | BPF_X`, register in `dst`).
    case callx(Register)
    /// `exit`: return `r0` from the current frame.
    case exit
    /// The second slot of the preceding `lddw`. Never executed, never a valid jump target.
    case continuation
}

/// 32-bit or 64-bit operation: `BPF_ALU` vs `BPF_ALU64`, `BPF_JMP32` vs `BPF_JMP`.
public enum Width: Hashable, Sendable {
    case w32
    case w64
}

/// The second operand of an ALU operation, a store or a conditional jump.
public enum Operand: Hashable, Sendable {
    case register(Register)
    /// A 32-bit immediate; sign-extended to 64 bits where the operation is 64-bit.
    case immediate(Int32)
}

/// `BPF_ALU` operation codes, with the signed division forms (`off` = 1) as operations of
/// their own.
public enum ALUOperation: Hashable, Sendable, CaseIterable {
    case add, sub, mul, div, sdiv, or, and, lsh, rsh, mod, smod, xor, mov, arsh
}

/// Memory access sizes (`BPF_B`, `BPF_H`, `BPF_W`, `BPF_DW`).
public enum AccessSize: Int, Hashable, Sendable, CaseIterable {
    case byte = 1
    case half = 2
    case word = 4
    case double = 8

    public var bytes: Int { rawValue }
    public var bits: Int { rawValue * 8 }
}

/// Byte-swap flavours: convert host order to little or big endian, or swap unconditionally.
public enum ByteSwap: Hashable, Sendable {
    /// `le16`/`le32`/`le64` (`BPF_END | BPF_TO_LE`, class `BPF_ALU`).
    case toLittleEndian
    /// `be16`/`be32`/`be64` (`BPF_END | BPF_TO_BE`, class `BPF_ALU`).
    case toBigEndian
    /// `bswap16`/`bswap32`/`bswap64` (`BPF_END`, class `BPF_ALU64`).
    case swap
}

/// Atomic operations (`imm` of `BPF_STX | BPF_ATOMIC`).
public enum AtomicOperation: Hashable, Sendable {
    /// `add`, `or`, `and`, `xor`, optionally returning the old value in `src` (`BPF_FETCH`).
    case add(fetch: Bool)
    case or(fetch: Bool)
    case and(fetch: Bool)
    case xor(fetch: Bool)
    /// `src = xchg(mem, src)`.
    case xchg
    /// `r0 = cmpxchg(mem, r0, src)`: store `src` if `mem == r0`; `r0` gets the old value.
    case cmpxchg

    /// Whether the instruction writes a register (`src`, or `r0` for `cmpxchg`).
    public var fetches: Bool {
        switch self {
        case .add(let f), .or(let f), .and(let f), .xor(let f): return f
        case .xchg, .cmpxchg: return true
        }
    }
}

/// Conditional jump conditions (`BPF_JEQ` ... `BPF_JSLE`).
public enum JumpCondition: Hashable, Sendable, CaseIterable {
    case eq, gt, ge, set, ne, sgt, sge, lt, le, slt, sle

    /// The condition that holds when this one does not (`JSET` has none).
    public var negated: JumpCondition? {
        switch self {
        case .eq: return .ne
        case .ne: return .eq
        case .gt: return .le
        case .le: return .gt
        case .ge: return .lt
        case .lt: return .ge
        case .sgt: return .sle
        case .sle: return .sgt
        case .sge: return .slt
        case .slt: return .sge
        case .set: return nil
        }
    }

    /// The condition with operands swapped: `a < b` iff `b > a`.
    public var swapped: JumpCondition {
        switch self {
        case .eq, .ne, .set: return self
        case .gt: return .lt
        case .lt: return .gt
        case .ge: return .le
        case .le: return .ge
        case .sgt: return .slt
        case .slt: return .sgt
        case .sge: return .sle
        case .sle: return .sge
        }
    }

    public var isSigned: Bool {
        switch self {
        case .sgt, .sge, .slt, .sle: return true
        default: return false
        }
    }
}

/// What a `call` instruction calls, by its `src_reg`.
public enum CallTarget: Hashable, Sendable {
    /// A helper by its id in `include/uapi/linux/bpf.h` (`src_reg` 0).
    case helper(Int32)
    /// A bpf-to-bpf call (`BPF_PSEUDO_CALL`): the callee starts at `pc + offset + 1`.
    case local(offset: Int32)
    /// A kfunc (`BPF_PSEUDO_KFUNC_CALL`) by BTF id; `module` is the `off` field, the index of
    /// the module BTF in the fd array (0: vmlinux). Names live in the program's symbol table.
    case kfunc(btfID: Int32, module: Int16)
}

/// The 64-bit immediate of `lddw`, by its pseudo kind (`src_reg`).
public enum LoadImm64: Hashable, Sendable {
    /// A plain constant (`src_reg` 0).
    case value(UInt64)
    /// `BPF_PSEUDO_MAP_FD`: a map, by fd (or, in objects and assembly, by map index).
    case mapFD(Int32)
    /// `BPF_PSEUDO_MAP_VALUE`: the address of a map value at an offset (global data).
    case mapValue(fd: Int32, offset: UInt32)
    /// `BPF_PSEUDO_BTF_ID`: the address of a kernel variable (`__ksym` typed variable).
    case btfID(Int32, module: Int32)
    /// `BPF_PSEUDO_FUNC`: the address of a subprogram at `pc + offset + 1` (callbacks).
    case function(offset: Int32)
    /// `BPF_PSEUDO_MAP_IDX`: a map by index into the fd array.
    case mapIndex(Int32)
    /// `BPF_PSEUDO_MAP_IDX_VALUE`.
    case mapIndexValue(index: Int32, offset: UInt32)
}

extension Instruction {
    /// Slots this instruction occupies: 2 for `lddw`, 0 for its continuation, 1 otherwise.
    @inlinable
    public var slotCount: Int {
        switch self {
        case .loadImm64: return 2
        case .continuation: return 0
        default: return 1
        }
    }

    /// The pc-relative displacement of a jump, `gotol`, `may_goto`, local call or `lddw` of a
    /// function: the target is `pc + displacement + 1`. `nil` for everything else.
    public var displacement: Int? {
        switch self {
        case .ja(let off): return Int(off)
        case .gotol(let off): return Int(off)
        case .jump(_, _, _, _, let off): return Int(off)
        case .mayGoto(let off): return Int(off)
        case .call(.local(let off)): return Int(off)
        case .loadImm64(_, .function(let off)): return Int(off)
        default: return nil
        }
    }

    /// The same instruction with its pc-relative displacement replaced; used by the patcher.
    /// Returns `nil` when the new displacement does not fit the field.
    public func withDisplacement(_ d: Int) -> Instruction? {
        switch self {
        case .ja:
            guard let o = Int16(exactly: d) else { return nil }
            return .ja(offset: o)
        case .gotol:
            guard let o = Int32(exactly: d) else { return nil }
            return .gotol(offset: o)
        case .jump(let c, let w, let dst, let src, _):
            guard let o = Int16(exactly: d) else { return nil }
            return .jump(c, w, dst: dst, src: src, offset: o)
        case .mayGoto:
            guard let o = Int16(exactly: d) else { return nil }
            return .mayGoto(offset: o)
        case .call(.local):
            guard let o = Int32(exactly: d) else { return nil }
            return .call(.local(offset: o))
        case .loadImm64(let dst, .function):
            guard let o = Int32(exactly: d) else { return nil }
            return .loadImm64(dst: dst, .function(offset: o))
        default:
            return self
        }
    }

    /// True for instructions after which execution never falls through to `pc + slotCount`.
    public var endsBlock: Bool {
        switch self {
        case .ja, .gotol, .exit: return true
        default: return false
        }
    }
}
