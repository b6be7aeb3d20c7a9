import BPFISA

/// SplitMix64: a tiny seeded generator, so every random test is reproducible from its seed.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}

/// Random well-formed instructions covering every case of ``Instruction`` (except the
/// `continuation`, which only follows an `lddw`) and every field's range, with the edge
/// values of each field drawn more often than chance would.
struct InstructionGenerator {
    var rng: SplitMix64

    init(seed: UInt64) { rng = SplitMix64(seed: seed) }

    /// The kinds drawn uniformly; `kindCount` of them.
    static let kindCount = 19

    mutating func next() -> Instruction {
        next(kind: Int.random(in: 0..<Self.kindCount, using: &rng))
    }

    mutating func next(kind: Int) -> Instruction {
        switch kind {
        case 0:
            return .alu(pick(ALUOperation.allCases), width(), dst: register(), src: .register(register()))
        case 1:
            return .alu(pick(ALUOperation.allCases), width(), dst: register(), src: .immediate(imm32()))
        case 2:
            return .neg(width(), dst: register())
        case 3:
            let w = width()
            return .movsx(w, dst: register(), src: register(), from: pick(w == .w64 ? [.byte, .half, .word] : [.byte, .half]))
        case 4:
            return .byteSwap(pick([.toLittleEndian, .toBigEndian, .swap]), bits: pick([16, 32, 64]), dst: register())
        case 5:
            let size = pick(AccessSize.allCases)
            return .load(size, signExtend: size != .double && bool(), dst: register(), base: register(), offset: off16())
        case 6:
            return .store(pick(AccessSize.allCases), base: register(), offset: off16(), value: .immediate(imm32()))
        case 7:
            return .store(pick(AccessSize.allCases), base: register(), offset: off16(), value: .register(register()))
        case 8:
            let f = bool()
            let op = pick([AtomicOperation.add(fetch: f), .or(fetch: f), .and(fetch: f), .xor(fetch: f), .xchg, .cmpxchg])
            return .atomic(op, pick([.word, .double]), base: register(), offset: off16(), src: register())
        case 9:
            let value: LoadImm64
            switch Int.random(in: 0..<8, using: &rng) {
            case 0, 1: value = .value(imm64())
            case 2: value = .mapFD(imm32())
            case 3: value = .mapValue(fd: imm32(), offset: UInt32(bitPattern: imm32()))
            case 4: value = .btfID(imm32(), module: imm32())
            case 5: value = .function(offset: imm32())
            case 6: value = .mapIndex(imm32())
            default: value = .mapIndexValue(index: imm32(), offset: UInt32(bitPattern: imm32()))
            }
            return .loadImm64(dst: register(), value)
        case 10:
            return .loadPacketAbsolute(pick([.byte, .half, .word]), offset: imm32())
        case 11:
            return .loadPacketIndirect(pick([.byte, .half, .word]), src: register(), offset: imm32())
        case 12:
            return .ja(offset: off16())
        case 13:
            return .gotol(offset: imm32())
        case 14:
            let src: Operand = bool() ? .register(register()) : .immediate(imm32())
            return .jump(pick(JumpCondition.allCases), width(), dst: register(), src: src, offset: off16())
        case 15:
            return .mayGoto(offset: off16())
        case 16:
            switch Int.random(in: 0..<3, using: &rng) {
            case 0: return .call(.helper(bool() ? Int32.random(in: 0...220, using: &rng) : imm32()))
            case 1: return .call(.local(offset: imm32()))
            default: return .call(.kfunc(btfID: imm32(), module: bool() ? 0 : off16()))
            }
        case 17:
            return .callx(register())
        default:
            return .exit
        }
    }

    mutating func bool() -> Bool { Bool.random(using: &rng) }
    mutating func pick<T>(_ values: [T]) -> T { values[Int.random(in: 0..<values.count, using: &rng)] }
    mutating func width() -> Width { bool() ? .w64 : .w32 }
    mutating func register() -> Register { Register.all[Int.random(in: 0...10, using: &rng)] }

    mutating func imm32() -> Int32 {
        if Int.random(in: 0..<4, using: &rng) == 0 {
            return pick([0, 1, -1, Int32.min, Int32.max, Int32.min + 1, 0x7fff, -0x8000, 0xffff, 255, -256])
        }
        return Int32(truncatingIfNeeded: rng.next())
    }

    mutating func off16() -> Int16 {
        if Int.random(in: 0..<4, using: &rng) == 0 { return pick([0, 1, -1, Int16.min, Int16.max, -8, 8]) }
        return Int16(truncatingIfNeeded: rng.next())
    }

    mutating func imm64() -> UInt64 {
        if Int.random(in: 0..<4, using: &rng) == 0 {
            return pick([0, 1, UInt64.max, 1 << 63, (1 << 63) - 1, 0xffff_ffff, 0x1_0000_0000])
        }
        return rng.next()
    }
}
