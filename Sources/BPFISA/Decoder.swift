/// An instruction encoding the model does not accept, with its place.
///
/// The decoder is as strict as the kernel's `bpf_check`/`do_check` reserved-field checks, so
/// that every accepted slot has exactly one typed meaning and re-encodes to the same bytes.
public struct DecodeError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Slot index (the kernel's insn idx).
    public let pc: Int
    public let message: String

    public init(pc: Int, message: String) {
        self.pc = pc
        self.message = message
    }

    /// Byte offset of the slot in the instruction stream.
    public var byteOffset: Int { pc * 8 }

    public var description: String { "pc \(pc) (byte offset \(byteOffset)): \(message)" }
}

extension Instruction {
    /// Decodes a whole instruction stream. The result is indexed by slot: each `lddw` is
    /// followed by a ``Instruction/continuation``.
    ///
    /// - Throws: ``DecodeError`` naming the first bad slot; a length that is not a multiple of
    ///   8 is reported at the trailing partial slot.
    public static func decodeProgram(_ bytes: [UInt8]) throws(DecodeError) -> [Instruction] {
        let count = bytes.count / 8
        var slots: [RawInstruction] = []
        slots.reserveCapacity(count)
        for i in 0..<count { slots.append(RawInstruction(bytes: bytes, at: i * 8)) }
        let program = try decodeProgram(slots)
        if bytes.count % 8 != 0 {
            throw DecodeError(pc: count, message: "truncated instruction: \(bytes.count % 8) trailing bytes")
        }
        return program
    }

    /// Decodes raw slots; see ``decodeProgram(_:)-(UInt8)``.
    public static func decodeProgram(_ slots: [RawInstruction]) throws(DecodeError) -> [Instruction] {
        var out: [Instruction] = []
        out.reserveCapacity(slots.count)
        var pc = 0
        while pc < slots.count {
            let insn = try decode(slots, at: pc)
            out.append(insn)
            if insn.slotCount == 2 { out.append(.continuation) }
            pc += insn.slotCount
        }
        return out
    }

    /// Decodes the instruction starting at slot `pc`, reading the second slot of an `lddw`.
    public static func decode(_ slots: [RawInstruction], at pc: Int) throws(DecodeError) -> Instruction {
        let raw = slots[pc]
        func fail(_ message: String) -> DecodeError { DecodeError(pc: pc, message: message) }
        func reg(_ n: UInt8) throws(DecodeError) -> Register {
            guard let r = Register(Int(n)) else { throw fail("R\(n) is invalid") }
            return r
        }
        let cls = raw.code & 0x07
        switch cls {
        case Opcode.classALU, Opcode.classALU64:
            return try decodeALU(raw, width: cls == Opcode.classALU64 ? .w64 : .w32, fail: fail, reg: reg)
        case Opcode.classJMP, Opcode.classJMP32:
            return try decodeJump(raw, width: cls == Opcode.classJMP ? .w64 : .w32, fail: fail, reg: reg)
        case Opcode.classLD:
            return try decodeLD(slots, at: pc, fail: fail, reg: reg)
        case Opcode.classLDX:
            let mode = raw.code & 0xe0
            let size = Opcode.size(fromBits: raw.code)
            guard mode == Opcode.modeMEM || (mode == Opcode.modeMEMSX && size != .double) else {
                throw fail(unknownOpcode(raw.code))
            }
            guard raw.imm == 0 else { throw fail("BPF_LDX uses reserved fields") }
            return .load(
                size, signExtend: mode == Opcode.modeMEMSX, dst: try reg(raw.dst), base: try reg(raw.src),
                offset: raw.off)
        case Opcode.classST:
            guard raw.code & 0xe0 == Opcode.modeMEM else { throw fail(unknownOpcode(raw.code)) }
            guard raw.src == 0 else { throw fail("BPF_ST uses reserved fields") }
            return .store(
                Opcode.size(fromBits: raw.code), base: try reg(raw.dst), offset: raw.off,
                value: .immediate(raw.imm))
        default:  // Opcode.classSTX
            let mode = raw.code & 0xe0
            let size = Opcode.size(fromBits: raw.code)
            if mode == Opcode.modeMEM {
                guard raw.imm == 0 else { throw fail("BPF_STX uses reserved fields") }
                return .store(size, base: try reg(raw.dst), offset: raw.off, value: .register(try reg(raw.src)))
            }
            guard mode == Opcode.modeATOMIC, size == .word || size == .double else {
                throw fail(unknownOpcode(raw.code))
            }
            let op: AtomicOperation
            switch raw.imm {
            case 0x00, 0x01: op = .add(fetch: raw.imm & Opcode.atomicFETCH != 0)
            case 0x40, 0x41: op = .or(fetch: raw.imm & Opcode.atomicFETCH != 0)
            case 0x50, 0x51: op = .and(fetch: raw.imm & Opcode.atomicFETCH != 0)
            case 0xa0, 0xa1: op = .xor(fetch: raw.imm & Opcode.atomicFETCH != 0)
            case Opcode.atomicXCHG: op = .xchg
            case Opcode.atomicCMPXCHG: op = .cmpxchg
            default: throw fail("BPF_ATOMIC uses invalid atomic opcode \(hex(UInt32(bitPattern: raw.imm)))")
            }
            return .atomic(op, size, base: try reg(raw.dst), offset: raw.off, src: try reg(raw.src))
        }
    }

    private static func decodeALU(
        _ raw: RawInstruction, width: Width, fail: (String) -> DecodeError,
        reg: (UInt8) throws(DecodeError) -> Register
    ) throws(DecodeError) -> Instruction {
        let opBits = raw.code & 0xf0
        let isX = raw.code & Opcode.sourceX != 0
        switch opBits {
        case Opcode.aluEND:
            guard raw.src == 0, raw.off == 0, [16, 32, 64].contains(raw.imm) else {
                throw fail("BPF_END uses reserved fields")
            }
            let kind: ByteSwap
            if width == .w32 {
                kind = isX ? .toBigEndian : .toLittleEndian
            } else {
                guard !isX else { throw fail(unknownOpcode(raw.code)) }
                kind = .swap
            }
            return .byteSwap(kind, bits: Int(raw.imm), dst: try reg(raw.dst))
        case Opcode.aluNEG:
            guard !isX, raw.src == 0, raw.off == 0, raw.imm == 0 else { throw fail("BPF_NEG uses reserved fields") }
            return .neg(width, dst: try reg(raw.dst))
        case 0xe0, 0xf0:
            throw fail(unknownOpcode(raw.code))
        default:
            break
        }
        var op: ALUOperation
        switch opBits {
        case 0x00: op = .add
        case 0x10: op = .sub
        case 0x20: op = .mul
        case 0x30: op = .div
        case 0x40: op = .or
        case 0x50: op = .and
        case 0x60: op = .lsh
        case 0x70: op = .rsh
        case 0x90: op = .mod
        case 0xa0: op = .xor
        case 0xb0: op = .mov
        default: op = .arsh  // 0xc0
        }
        let dst = try reg(raw.dst)
        if op == .mov, isX, raw.off != 0 {
            let from: AccessSize
            switch raw.off {
            case 8: from = .byte
            case 16: from = .half
            case 32 where width == .w64: from = .word
            default: throw fail("BPF_MOV uses reserved fields")
            }
            guard raw.imm == 0 else { throw fail("BPF_MOV uses reserved fields") }
            return .movsx(width, dst: dst, src: try reg(raw.src), from: from)
        }
        if op == .div || op == .mod {
            switch raw.off {
            case 0: break
            case 1: op = op == .div ? .sdiv : .smod
            default: throw fail("BPF_ALU uses reserved fields")
            }
        } else if raw.off != 0 {
            throw fail(op == .mov ? "BPF_MOV uses reserved fields" : "BPF_ALU uses reserved fields")
        }
        if isX {
            guard raw.imm == 0 else { throw fail(op == .mov ? "BPF_MOV uses reserved fields" : "BPF_ALU uses reserved fields") }
            return .alu(op, width, dst: dst, src: .register(try reg(raw.src)))
        }
        guard raw.src == 0 else { throw fail(op == .mov ? "BPF_MOV uses reserved fields" : "BPF_ALU uses reserved fields") }
        return .alu(op, width, dst: dst, src: .immediate(raw.imm))
    }

    private static func decodeJump(
        _ raw: RawInstruction, width: Width, fail: (String) -> DecodeError,
        reg: (UInt8) throws(DecodeError) -> Register
    ) throws(DecodeError) -> Instruction {
        let opBits = raw.code & 0xf0
        let isX = raw.code & Opcode.sourceX != 0
        switch opBits {
        case Opcode.jmpJA:
            guard !isX, raw.src == 0, raw.dst == 0 else { throw fail("BPF_JA uses reserved fields") }
            if width == .w64 {
                guard raw.imm == 0 else { throw fail("BPF_JA uses reserved fields") }
                return .ja(offset: raw.off)
            }
            guard raw.off == 0 else { throw fail("BPF_JA uses reserved fields") }
            return .gotol(offset: raw.imm)
        case Opcode.jmpCALL:
            guard width == .w64 else { throw fail(unknownOpcode(raw.code)) }
            if isX {
                guard raw.src == 0, raw.off == 0, raw.imm == 0 else { throw fail("BPF_CALL uses reserved fields") }
                return .callx(try reg(raw.dst))
            }
            guard raw.dst == 0 else { throw fail("BPF_CALL uses reserved fields") }
            switch raw.src {
            case 0:
                guard raw.off == 0 else { throw fail("BPF_CALL uses reserved fields") }
                return .call(.helper(raw.imm))
            case Opcode.pseudoCall:
                guard raw.off == 0 else { throw fail("BPF_CALL uses reserved fields") }
                return .call(.local(offset: raw.imm))
            case Opcode.pseudoKfuncCall:
                return .call(.kfunc(btfID: raw.imm, module: raw.off))
            default:
                throw fail("BPF_CALL uses reserved fields")
            }
        case Opcode.jmpEXIT:
            guard width == .w64, !isX, raw.src == 0, raw.dst == 0, raw.off == 0, raw.imm == 0 else {
                throw fail(width == .w64 && !isX ? "BPF_EXIT uses reserved fields" : unknownOpcode(raw.code))
            }
            return .exit
        case Opcode.jmpJCOND:
            guard width == .w64, !isX else { throw fail(unknownOpcode(raw.code)) }
            guard raw.src == 0, raw.dst == 0, raw.imm == 0 else { throw fail("invalid may_goto imm/src_reg") }
            return .mayGoto(offset: raw.off)
        default:
            guard let cond = Opcode.jumpCondition(fromBits: opBits) else { throw fail(unknownOpcode(raw.code)) }
            let dst = try reg(raw.dst)
            if isX {
                guard raw.imm == 0 else { throw fail("BPF_JMP/JMP32 uses reserved fields") }
                return .jump(cond, width, dst: dst, src: .register(try reg(raw.src)), offset: raw.off)
            }
            guard raw.src == 0 else { throw fail("BPF_JMP/JMP32 uses reserved fields") }
            return .jump(cond, width, dst: dst, src: .immediate(raw.imm), offset: raw.off)
        }
    }

    private static func decodeLD(
        _ slots: [RawInstruction], at pc: Int, fail: (String) -> DecodeError,
        reg: (UInt8) throws(DecodeError) -> Register
    ) throws(DecodeError) -> Instruction {
        let raw = slots[pc]
        let mode = raw.code & 0xe0
        let size = Opcode.size(fromBits: raw.code)
        switch mode {
        case Opcode.modeIMM where size == .double:
            guard pc + 1 < slots.count else { throw fail("truncated lddw: the second slot is missing") }
            let hi = slots[pc + 1]
            guard hi.code == 0, hi.dst == 0, hi.src == 0, hi.off == 0, raw.off == 0 else {
                throw fail("invalid BPF_LD_IMM insn")
            }
            let dst = try reg(raw.dst)
            let loWord = UInt32(bitPattern: raw.imm)
            let hiWord = UInt32(bitPattern: hi.imm)
            let value: LoadImm64
            switch raw.src {
            case 0: value = .value(UInt64(hiWord) << 32 | UInt64(loWord))
            case Opcode.pseudoMapValue: value = .mapValue(fd: raw.imm, offset: hiWord)
            case Opcode.pseudoMapIdxValue: value = .mapIndexValue(index: raw.imm, offset: hiWord)
            case Opcode.pseudoBTFID: value = .btfID(raw.imm, module: hi.imm)
            case Opcode.pseudoMapFD, Opcode.pseudoFunc, Opcode.pseudoMapIdx:
                guard hi.imm == 0 else { throw fail("invalid bpf_ld_imm64 insn") }
                switch raw.src {
                case Opcode.pseudoMapFD: value = .mapFD(raw.imm)
                case Opcode.pseudoFunc: value = .function(offset: raw.imm)
                default: value = .mapIndex(raw.imm)
                }
            default:
                throw fail("unrecognized bpf_ld_imm64 insn")
            }
            return .loadImm64(dst: dst, value)
        case Opcode.modeABS where size != .double:
            guard raw.dst == 0, raw.src == 0, raw.off == 0 else { throw fail("BPF_LD_[ABS|IND] uses reserved fields") }
            return .loadPacketAbsolute(size, offset: raw.imm)
        case Opcode.modeIND where size != .double:
            guard raw.dst == 0, raw.off == 0 else { throw fail("BPF_LD_[ABS|IND] uses reserved fields") }
            return .loadPacketIndirect(size, src: try reg(raw.src), offset: raw.imm)
        default:
            throw fail(unknownOpcode(raw.code))
        }
    }
}

func unknownOpcode(_ code: UInt8) -> String { "unknown opcode \(hex(code, width: 2))" }

/// `0x` and lower-case hex digits, optionally zero-padded.
public func hex<T: BinaryInteger>(_ v: T, width: Int = 0) -> String {
    let digits = String(v, radix: 16)
    return "0x" + String(repeating: "0", count: max(0, width - digits.count)) + digits
}
