extension Instruction {
    /// The raw slots of this instruction: two for `lddw`, none for a ``continuation``, one
    /// otherwise. `decode(encode(i)) == i` for every instruction the enum can hold.
    public func encode() -> [RawInstruction] {
        switch self {
        case .alu(let op, let width, let dst, let src):
            let cls = width == .w64 ? Opcode.classALU64 : Opcode.classALU
            let off: Int16 = (op == .sdiv || op == .smod) ? 1 : 0
            switch src {
            case .register(let s):
                return [RawInstruction(code: cls | Opcode.aluBits(op) | Opcode.sourceX, dst: dst.index, src: s.index, off: off)]
            case .immediate(let imm):
                return [RawInstruction(code: cls | Opcode.aluBits(op), dst: dst.index, off: off, imm: imm)]
            }
        case .neg(let width, let dst):
            let cls = width == .w64 ? Opcode.classALU64 : Opcode.classALU
            return [RawInstruction(code: cls | Opcode.aluNEG, dst: dst.index)]
        case .movsx(let width, let dst, let src, let from):
            let cls = width == .w64 ? Opcode.classALU64 : Opcode.classALU
            return [
                RawInstruction(
                    code: cls | Opcode.aluBits(.mov) | Opcode.sourceX, dst: dst.index, src: src.index,
                    off: Int16(from.bits))
            ]
        case .byteSwap(let kind, let bits, let dst):
            let code: UInt8
            switch kind {
            case .toLittleEndian: code = Opcode.classALU | Opcode.aluEND | Opcode.sourceK
            case .toBigEndian: code = Opcode.classALU | Opcode.aluEND | Opcode.sourceX
            case .swap: code = Opcode.classALU64 | Opcode.aluEND | Opcode.sourceK
            }
            return [RawInstruction(code: code, dst: dst.index, imm: Int32(bits))]
        case .load(let size, let signExtend, let dst, let base, let offset):
            let mode = signExtend ? Opcode.modeMEMSX : Opcode.modeMEM
            return [
                RawInstruction(
                    code: Opcode.classLDX | mode | Opcode.sizeBits(size), dst: dst.index, src: base.index,
                    off: offset)
            ]
        case .store(let size, let base, let offset, let value):
            switch value {
            case .immediate(let imm):
                return [
                    RawInstruction(
                        code: Opcode.classST | Opcode.modeMEM | Opcode.sizeBits(size), dst: base.index, off: offset,
                        imm: imm)
                ]
            case .register(let r):
                return [
                    RawInstruction(
                        code: Opcode.classSTX | Opcode.modeMEM | Opcode.sizeBits(size), dst: base.index,
                        src: r.index, off: offset)
                ]
            }
        case .atomic(let op, let size, let base, let offset, let src):
            let imm: Int32
            switch op {
            case .add(let f): imm = 0x00 | (f ? Opcode.atomicFETCH : 0)
            case .or(let f): imm = 0x40 | (f ? Opcode.atomicFETCH : 0)
            case .and(let f): imm = 0x50 | (f ? Opcode.atomicFETCH : 0)
            case .xor(let f): imm = 0xa0 | (f ? Opcode.atomicFETCH : 0)
            case .xchg: imm = Opcode.atomicXCHG
            case .cmpxchg: imm = Opcode.atomicCMPXCHG
            }
            return [
                RawInstruction(
                    code: Opcode.classSTX | Opcode.modeATOMIC | Opcode.sizeBits(size), dst: base.index,
                    src: src.index, off: offset, imm: imm)
            ]
        case .loadImm64(let dst, let value):
            let code = Opcode.classLD | Opcode.modeIMM | Opcode.sizeBits(.double)
            let (src, lo, hi): (UInt8, Int32, Int32)
            switch value {
            case .value(let v):
                (src, lo, hi) = (0, Int32(bitPattern: UInt32(v & 0xffff_ffff)), Int32(bitPattern: UInt32(v >> 32)))
            case .mapFD(let fd): (src, lo, hi) = (Opcode.pseudoMapFD, fd, 0)
            case .mapValue(let fd, let off): (src, lo, hi) = (Opcode.pseudoMapValue, fd, Int32(bitPattern: off))
            case .btfID(let id, let module): (src, lo, hi) = (Opcode.pseudoBTFID, id, module)
            case .function(let off): (src, lo, hi) = (Opcode.pseudoFunc, off, 0)
            case .mapIndex(let i): (src, lo, hi) = (Opcode.pseudoMapIdx, i, 0)
            case .mapIndexValue(let i, let off): (src, lo, hi) = (Opcode.pseudoMapIdxValue, i, Int32(bitPattern: off))
            }
            return [RawInstruction(code: code, dst: dst.index, src: src, imm: lo), RawInstruction(code: 0, imm: hi)]
        case .loadPacketAbsolute(let size, let offset):
            return [RawInstruction(code: Opcode.classLD | Opcode.modeABS | Opcode.sizeBits(size), imm: offset)]
        case .loadPacketIndirect(let size, let src, let offset):
            return [
                RawInstruction(code: Opcode.classLD | Opcode.modeIND | Opcode.sizeBits(size), src: src.index, imm: offset)
            ]
        case .ja(let offset):
            return [RawInstruction(code: Opcode.classJMP | Opcode.jmpJA, off: offset)]
        case .gotol(let offset):
            return [RawInstruction(code: Opcode.classJMP32 | Opcode.jmpJA, imm: offset)]
        case .jump(let cond, let width, let dst, let src, let offset):
            let cls = width == .w64 ? Opcode.classJMP : Opcode.classJMP32
            switch src {
            case .register(let s):
                return [
                    RawInstruction(
                        code: cls | Opcode.jumpBits(cond) | Opcode.sourceX, dst: dst.index, src: s.index, off: offset)
                ]
            case .immediate(let imm):
                return [RawInstruction(code: cls | Opcode.jumpBits(cond), dst: dst.index, off: offset, imm: imm)]
            }
        case .mayGoto(let offset):
            return [RawInstruction(code: Opcode.classJMP | Opcode.jmpJCOND, off: offset)]
        case .call(let target):
            let code = Opcode.classJMP | Opcode.jmpCALL
            switch target {
            case .helper(let id): return [RawInstruction(code: code, imm: id)]
            case .local(let off): return [RawInstruction(code: code, src: Opcode.pseudoCall, imm: off)]
            case .kfunc(let id, let module):
                return [RawInstruction(code: code, src: Opcode.pseudoKfuncCall, off: module, imm: id)]
            }
        case .callx(let r):
            return [RawInstruction(code: Opcode.classJMP | Opcode.jmpCALL | Opcode.sourceX, dst: r.index)]
        case .exit:
            return [RawInstruction(code: Opcode.classJMP | Opcode.jmpEXIT)]
        case .continuation:
            return []
        }
    }

    /// Encodes a slot-indexed program back to little-endian bytes.
    public static func encodeProgram(_ program: [Instruction]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(program.count * 8)
        for insn in program {
            for slot in insn.encode() { out.append(contentsOf: slot.bytes) }
        }
        return out
    }
}
