/// Opcode field values of RFC 9669 and `include/uapi/linux/bpf_common.h` / `bpf.h`.
///
/// Internal to the codec: the rest of bpfsim never sees opcode bits.
enum Opcode {
    // Instruction classes (low 3 bits).
    static let classLD: UInt8 = 0x00
    static let classLDX: UInt8 = 0x01
    static let classST: UInt8 = 0x02
    static let classSTX: UInt8 = 0x03
    static let classALU: UInt8 = 0x04
    static let classJMP: UInt8 = 0x05
    static let classJMP32: UInt8 = 0x06
    static let classALU64: UInt8 = 0x07

    // Source bit of ALU and JMP classes.
    static let sourceK: UInt8 = 0x00
    static let sourceX: UInt8 = 0x08

    // Load/store modes (bits 5-7) and sizes (bits 3-4).
    static let modeIMM: UInt8 = 0x00
    static let modeABS: UInt8 = 0x20
    static let modeIND: UInt8 = 0x40
    static let modeMEM: UInt8 = 0x60
    static let modeMEMSX: UInt8 = 0x80
    static let modeATOMIC: UInt8 = 0xc0

    static func sizeBits(_ s: AccessSize) -> UInt8 {
        switch s {
        case .word: return 0x00
        case .half: return 0x08
        case .byte: return 0x10
        case .double: return 0x18
        }
    }

    static func size(fromBits bits: UInt8) -> AccessSize {
        switch bits & 0x18 {
        case 0x00: return .word
        case 0x08: return .half
        case 0x10: return .byte
        default: return .double
        }
    }

    // ALU operation codes (bits 4-7).
    static let aluNEG: UInt8 = 0x80
    static let aluEND: UInt8 = 0xd0

    static func aluBits(_ op: ALUOperation) -> UInt8 {
        switch op {
        case .add: return 0x00
        case .sub: return 0x10
        case .mul: return 0x20
        case .div, .sdiv: return 0x30
        case .or: return 0x40
        case .and: return 0x50
        case .lsh: return 0x60
        case .rsh: return 0x70
        case .mod, .smod: return 0x90
        case .xor: return 0xa0
        case .mov: return 0xb0
        case .arsh: return 0xc0
        }
    }

    // Jump operation codes (bits 4-7).
    static let jmpJA: UInt8 = 0x00
    static let jmpCALL: UInt8 = 0x80
    static let jmpEXIT: UInt8 = 0x90
    static let jmpJCOND: UInt8 = 0xe0

    static func jumpBits(_ c: JumpCondition) -> UInt8 {
        switch c {
        case .eq: return 0x10
        case .gt: return 0x20
        case .ge: return 0x30
        case .set: return 0x40
        case .ne: return 0x50
        case .sgt: return 0x60
        case .sge: return 0x70
        case .lt: return 0xa0
        case .le: return 0xb0
        case .slt: return 0xc0
        case .sle: return 0xd0
        }
    }

    static func jumpCondition(fromBits bits: UInt8) -> JumpCondition? {
        switch bits {
        case 0x10: return .eq
        case 0x20: return .gt
        case 0x30: return .ge
        case 0x40: return .set
        case 0x50: return .ne
        case 0x60: return .sgt
        case 0x70: return .sge
        case 0xa0: return .lt
        case 0xb0: return .le
        case 0xc0: return .slt
        case 0xd0: return .sle
        default: return nil
        }
    }

    // Atomic operation codes (`imm` of `BPF_STX | BPF_ATOMIC`).
    static let atomicFETCH: Int32 = 0x01
    static let atomicXCHG: Int32 = 0xe1
    static let atomicCMPXCHG: Int32 = 0xf1

    // `src_reg` of pseudo instructions.
    static let pseudoMapFD: UInt8 = 1
    static let pseudoMapValue: UInt8 = 2
    static let pseudoBTFID: UInt8 = 3
    static let pseudoFunc: UInt8 = 4
    static let pseudoMapIdx: UInt8 = 5
    static let pseudoMapIdxValue: UInt8 = 6
    static let pseudoCall: UInt8 = 1
    static let pseudoKfuncCall: UInt8 = 2
}
