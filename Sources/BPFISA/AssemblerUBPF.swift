/// The uBPF mnemonic dialect: one mnemonic, comma-separated operands, `%rN` registers (the
/// `%` is optional, as rbpf writes them), memory as `[%rN+off]`.
///
/// The reading follows the bpf_conformance suite's assembler, which the shared vectors were
/// written for: immediates are 32-bit bit patterns (`0xffffffff` is -1), a bare number or
/// `+N`/`-N` after a jump is an offset, anything else a label, and a jump to `exit` with no
/// `exit:` label goes to the program's first `exit` (resolved in ``SymbolResolution``).
enum UBPFParser {
    static func isMnemonic(_ word: String) -> Bool { mnemonics[word] != nil }

    static func parse(_ c: inout AssemblyCursor) throws(AssemblyError) -> ParsedInstruction {
        guard let (word, column) = c.identifier() else { throw c.expected("mnemonic") }
        guard let mnemonic = mnemonics[word] else {
            throw c.error("unknown mnemonic '\(word)'", column: column)
        }
        let parsed = try operands(of: mnemonic, &c)
        try c.expectEnd()
        return parsed
    }

    private static func operands(of mnemonic: Mnemonic, _ c: inout AssemblyCursor) throws(AssemblyError)
        -> ParsedInstruction
    {
        switch mnemonic {
        case .alu(let op, let width):
            let dst = try register(&c)
            try c.expect(",")
            if let src = try c.register(allowPercent: true) {
                return ParsedInstruction(.alu(op, width, dst: dst, src: .register(src.register)))
            }
            let imm = try c.expectLiteral("register or immediate").imm32()
            return ParsedInstruction(.alu(op, width, dst: dst, src: .immediate(imm)))
        case .neg(let width):
            return ParsedInstruction(.neg(width, dst: try register(&c)))
        case .movsx(let width, let from):
            let dst = try register(&c)
            try c.expect(",")
            return ParsedInstruction(.movsx(width, dst: dst, src: try register(&c), from: from))
        case .byteSwap(let kind, let bits):
            return ParsedInstruction(.byteSwap(kind, bits: bits, dst: try register(&c)))
        case .load(let size, let signExtend):
            let dst = try register(&c)
            try c.expect(",")
            let (base, offset) = try memory(&c)
            return ParsedInstruction(.load(size, signExtend: signExtend, dst: dst, base: base, offset: offset))
        case .store(let size):
            let (base, offset) = try memory(&c)
            try c.expect(",")
            let imm = try c.expectLiteral("immediate").imm32()
            return ParsedInstruction(.store(size, base: base, offset: offset, value: .immediate(imm)))
        case .storeRegister(let size):
            let (base, offset) = try memory(&c)
            try c.expect(",")
            return ParsedInstruction(.store(size, base: base, offset: offset, value: .register(try register(&c))))
        case .lddw:
            let dst = try register(&c)
            try c.expect(",")
            let value = try c.expectLiteral("64-bit immediate").imm64()
            return ParsedInstruction(.loadImm64(dst: dst, .value(value)))
        case .loadAbsolute(let size):
            return ParsedInstruction(.loadPacketAbsolute(size, offset: try c.expectLiteral("immediate").imm32()))
        case .loadIndirect(let size):
            let src = try register(&c)
            try c.expect(",")
            return ParsedInstruction(.loadPacketIndirect(size, src: src, offset: try c.expectLiteral("immediate").imm32()))
        case .ja:
            return try jumpTarget(.ja(offset: 0), &c)
        case .ja32:
            return try jumpTarget(.gotol(offset: 0), &c)
        case .jump(let cond, let width):
            let dst = try register(&c)
            try c.expect(",")
            let src: Operand
            if let r = try c.register(allowPercent: true) {
                src = .register(r.register)
            } else {
                src = .immediate(try c.expectLiteral("register or immediate").imm32())
            }
            try c.expect(",")
            return try jumpTarget(.jump(cond, width, dst: dst, src: src, offset: 0), &c)
        case .exit:
            return ParsedInstruction(.exit)
        case .call:
            return try call(&c)
        case .lock:
            return try lock(&c)
        }
    }

    private static func register(_ c: inout AssemblyCursor) throws(AssemblyError) -> Register {
        guard let r = try c.register(allowPercent: true) else { throw c.expected("register") }
        return r.register
    }

    /// `[%rN]`, `[%rN+off]`, `[%rN-off]`.
    private static func memory(_ c: inout AssemblyCursor) throws(AssemblyError) -> (Register, Int16) {
        try c.expect("[")
        let base = try register(&c)
        var offset: Int16 = 0
        if c.peek() == 0x2b || c.peek() == 0x2d {
            offset = try c.expectLiteral("offset").off16("offset", allowUnsigned: true)
        }
        try c.expect("]")
        return (base, offset)
    }

    /// A jump's target: a number (with or without sign) is the offset, a name is a label.
    private static func jumpTarget(_ insn: Instruction, _ c: inout AssemblyCursor) throws(AssemblyError)
        -> ParsedInstruction
    {
        if let literal = try c.literal() {
            let displacement: Int
            if case .gotol = insn {
                displacement = Int(try literal.signed32("jump offset"))
            } else {
                displacement = Int(try literal.off16("jump offset", allowUnsigned: true))
            }
            return ParsedInstruction(insn.withDisplacement(displacement) ?? insn)
        }
        guard let (name, column) = c.identifier() else { throw c.expected("jump offset or label") }
        return ParsedInstruction(insn, reference: SymbolReference(use: .jump, name: name, line: c.line, column: column))
    }

    /// `call N` / `call helper N` (helper), `call local LBL|N` (bpf-to-bpf), `call runtime N`
    /// (kfunc by BTF id), `call %rN` (callx, register in `dst` as the kernel encodes it), and,
    /// beyond the reference assembler, `call NAME` resolved like the LLVM dialect's.
    private static func call(_ c: inout AssemblyCursor) throws(AssemblyError) -> ParsedInstruction {
        if let r = try c.register(allowPercent: true) { return ParsedInstruction(.callx(r.register)) }
        if c.consume("local") {
            if let literal = try c.literal() {
                return ParsedInstruction(.call(.local(offset: try literal.signed32("call offset"))))
            }
            guard let (name, column) = c.identifier() else { throw c.expected("label") }
            return ParsedInstruction(
                .call(.local(offset: 0)), reference: SymbolReference(use: .localCall, name: name, line: c.line, column: column))
        }
        if c.consume("runtime") {
            return ParsedInstruction(.call(.kfunc(btfID: try c.expectLiteral("BTF id").imm32(), module: 0)))
        }
        _ = c.consume("helper")
        if let literal = try c.literal() { return ParsedInstruction(.call(.helper(try literal.imm32()))) }
        guard let (name, column) = c.identifier() else { throw c.expected("helper id, register or name") }
        return ParsedInstruction(.call(.helper(0)), reference: SymbolReference(use: .call, name: name, line: c.line, column: column))
    }

    /// `lock [fetch] OP[32] [%rN+off], %rM` with OP one of add, and, or, xor, xchg, cmpxchg.
    private static func lock(_ c: inout AssemblyCursor) throws(AssemblyError) -> ParsedInstruction {
        let fetch = c.consume("fetch")
        guard let (name, column) = c.identifier() else { throw c.expected("atomic operation") }
        var word = name
        var size = AccessSize.double
        if word.hasSuffix("32") {
            size = .word
            word.removeLast(2)
        } else if word.hasSuffix("64") {
            word.removeLast(2)
        }
        let op: AtomicOperation
        switch word {
        case "add": op = .add(fetch: fetch)
        case "and": op = .and(fetch: fetch)
        case "or": op = .or(fetch: fetch)
        case "xor": op = .xor(fetch: fetch)
        case "xchg": op = .xchg
        case "cmpxchg": op = .cmpxchg
        default: throw c.error("unknown atomic operation '\(word)'", column: column)
        }
        let (base, offset) = try memory(&c)
        try c.expect(",")
        return ParsedInstruction(.atomic(op, size, base: base, offset: offset, src: try register(&c)))
    }

    enum Mnemonic: Sendable {
        case alu(ALUOperation, Width)
        case neg(Width)
        case movsx(Width, AccessSize)
        case byteSwap(ByteSwap, Int)
        case load(AccessSize, signExtend: Bool)
        case store(AccessSize)
        case storeRegister(AccessSize)
        case lddw
        case loadAbsolute(AccessSize)
        case loadIndirect(AccessSize)
        case ja, ja32
        case jump(JumpCondition, Width)
        case exit, call, lock
    }

    /// Every mnemonic, built once: `add`/`add64`/`add32` ..., `ldxw`, `jne32`, `movsx1632`, ...
    static let mnemonics: [String: Mnemonic] = {
        var table: [String: Mnemonic] = [
            "lddw": .lddw, "ja": .ja, "ja32": .ja32, "exit": .exit, "call": .call, "lock": .lock,
            "neg": .neg(.w64), "neg64": .neg(.w64), "neg32": .neg(.w32),
        ]
        let alu: [(String, ALUOperation)] = [
            ("add", .add), ("sub", .sub), ("mul", .mul), ("div", .div), ("sdiv", .sdiv), ("or", .or),
            ("and", .and), ("lsh", .lsh), ("rsh", .rsh), ("mod", .mod), ("smod", .smod), ("xor", .xor),
            ("mov", .mov), ("arsh", .arsh),
        ]
        for (name, op) in alu {
            table[name] = .alu(op, .w64)
            table[name + "64"] = .alu(op, .w64)
            table[name + "32"] = .alu(op, .w32)
        }
        for (from, bits) in [(AccessSize.byte, "8"), (.half, "16"), (.word, "32")] {
            table["movsx\(bits)64"] = .movsx(.w64, from)
            if from != .word { table["movsx\(bits)32"] = .movsx(.w32, from) }
        }
        for bits in [16, 32, 64] {
            table["le\(bits)"] = .byteSwap(.toLittleEndian, bits)
            table["be\(bits)"] = .byteSwap(.toBigEndian, bits)
            table["swap\(bits)"] = .byteSwap(.swap, bits)
            table["bswap\(bits)"] = .byteSwap(.swap, bits)
        }
        let sizes: [(String, AccessSize)] = [("b", .byte), ("h", .half), ("w", .word), ("dw", .double)]
        for (suffix, size) in sizes {
            table["ldx" + suffix] = .load(size, signExtend: false)
            table["st" + suffix] = .store(size)
            table["stx" + suffix] = .storeRegister(size)
            if size != .double {
                table["ldxs" + suffix] = .load(size, signExtend: true)
                table["ldabs" + suffix] = .loadAbsolute(size)
                table["ldind" + suffix] = .loadIndirect(size)
            }
        }
        let jumps: [(String, JumpCondition)] = [
            ("jeq", .eq), ("jgt", .gt), ("jge", .ge), ("jset", .set), ("jne", .ne), ("jsgt", .sgt),
            ("jsge", .sge), ("jlt", .lt), ("jle", .le), ("jslt", .slt), ("jsle", .sle),
        ]
        for (name, cond) in jumps {
            table[name] = .jump(cond, .w64)
            table[name + "32"] = .jump(cond, .w32)
        }
        return table
    }()
}
