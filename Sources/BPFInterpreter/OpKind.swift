/// What one translated slot does, with operand kind and width folded in so that the loop
/// dispatches once per instruction on a single byte and never re-inspects an ``Instruction``.
///
/// Naming: `add64i` is `BPF_ALU64 | BPF_ADD | BPF_K`, `add32r` is `BPF_ALU | BPF_ADD | BPF_X`,
/// `jgt32i` is `BPF_JMP32 | BPF_JGT | BPF_K`. Kinds from `callLocal` on are executed by the
/// driver outside the loop (``Interpreter``): they change frames or call out.
enum OpKind: UInt8 {
    // BPF_ALU64, immediate (sign-extended to 64 bits).
    case add64i, sub64i, mul64i, div64i, sdiv64i, or64i, and64i, lsh64i, rsh64i, mod64i, smod64i, xor64i
    case mov64i, arsh64i
    // BPF_ALU64, register.
    case add64r, sub64r, mul64r, div64r, sdiv64r, or64r, and64r, lsh64r, rsh64r, mod64r, smod64r, xor64r
    case mov64r, arsh64r
    // BPF_ALU, immediate (low 32 bits), results zero-extended.
    case add32i, sub32i, mul32i, div32i, sdiv32i, or32i, and32i, lsh32i, rsh32i, mod32i, smod32i, xor32i
    case mov32i, arsh32i
    // BPF_ALU, register.
    case add32r, sub32r, mul32r, div32r, sdiv32r, or32r, and32r, lsh32r, rsh32r, mod32r, smod32r, xor32r
    case mov32r, arsh32r
    case neg64, neg32
    /// `lddw`: `mov64i` of the full 64-bit value, then skip the second slot.
    case lddw
    case movsx64b, movsx64h, movsx64w, movsx32b, movsx32h
    // Byte order on a little-endian host: `le` truncates, `be` and `bswap` swap.
    case le16, le32, le64, be16, be32, be64
    // BPF_LDX (MEM and MEMSX), BPF_ST, BPF_STX.
    case ldxb, ldxh, ldxw, ldxdw, ldxsb, ldxsh, ldxsw
    case stb, sth, stw, stdw, stxb, stxh, stxw, stxdw
    // BPF_STX | BPF_ATOMIC; the operation is in `imm` (an ``AtomicCode``).
    case atomic32, atomic64
    case ja
    // BPF_JMP, immediate then register; then BPF_JMP32.
    case jeq64i, jgt64i, jge64i, jset64i, jne64i, jsgt64i, jsge64i, jlt64i, jle64i, jslt64i, jsle64i
    case jeq64r, jgt64r, jge64r, jset64r, jne64r, jsgt64r, jsge64r, jlt64r, jle64r, jslt64r, jsle64r
    case jeq32i, jgt32i, jge32i, jset32i, jne32i, jsgt32i, jsge32i, jlt32i, jle32i, jslt32i, jsle32i
    case jeq32r, jgt32r, jge32r, jset32r, jne32r, jsgt32r, jsge32r, jlt32r, jle32r, jslt32r, jsle32r
    case mayGoto
    // Executed by the driver.
    case callLocal, callHelper, callKfunc, callx, exit, ldAbs, ldInd
    /// The slot after the last instruction: reached only by falling off the end.
    case fellOffEnd
}

/// Atomic operations as stored in a translated `atomic32`/`atomic64` slot.
enum AtomicCode: UInt64 {
    case add, or, and, xor, fetchAdd, fetchOr, fetchAnd, fetchXor, xchg, cmpxchg
}

/// One translated instruction: 16 bytes, everything precomputed.
///
/// - `off`: the memory offset of a load/store/atomic, or the target of a jump, `may_goto` or
///   local call relative to this slot (`target - pc`, so the loop advances its instruction
///   pointer without knowing where the program starts), the size in bytes of `ld_abs`/`ld_ind`, or a kfunc's module;
/// - `imm`: the immediate, sign-extended to 64 bits for 64-bit operations and zero-extended
///   from 32 bits for 32-bit ones (shift counts already masked), the full `lddw` value, a helper
///   id or kfunc BTF id, or an ``AtomicCode``.
struct Op {
    var kind: OpKind
    var dst: UInt8
    var src: UInt8
    /// `InstructionClass.rawValue`, the counter this instruction increments.
    var cls: UInt8
    var off: Int32
    var imm: UInt64

    init(_ kind: OpKind, _ cls: InstructionClass, dst: UInt8 = 0, src: UInt8 = 0, off: Int32 = 0, imm: UInt64 = 0) {
        self.kind = kind
        self.dst = dst
        self.src = src
        self.cls = UInt8(cls.rawValue)
        self.off = off
        self.imm = imm
    }
}
