/// The pseudo-C dialect of LLVM (`llvm-objdump -d`, `llvm-mc`) and of the kernel verifier log.
///
/// One grammar reads what LLVM 21 prints (hex immediates, `w` registers in narrow loads), what
/// LLVM 14 prints (decimal, `r` registers), and what `kernel/bpf/disasm.c` prints into the
/// verifier log (`goto pc+3`, `*(u32 *)(r10 -4) = r1`, `call bpf_task_acquire#65913`,
/// `r2 = atomic64_fetch_add((u64 *)(r1 +0), r2)`), so users can paste any of them. It also
/// reads the lossless spellings ``DisassemblyOptions/roundTrip`` prints where LLVM's text
/// loses bits (`call pc-4`, `call kernel-function#ID@module`, four-operand `ld_pseudo`).
enum LLVMParser {
    static func parse(_ c: inout AssemblyCursor) throws(AssemblyError) -> ParsedInstruction {
        let start = c
        if let (word, column) = c.identifier() {
            switch word {
            case "exit": return ParsedInstruction(.exit)
            case "goto": return try jumpTarget(.ja(offset: 0), &c)
            case "gotol": return try jumpTarget(.gotol(offset: 0), &c)
            case "may_goto": return try jumpTarget(.mayGoto(offset: 0), &c)
            case "if": return try conditionalJump(&c)
            case "call": return try call(&c)
            case "callx":
                let r = try register(&c, "register")
                try c.expectEnd()
                return ParsedInstruction(.callx(r.register))
            case "lock": return try lockedUpdate(&c)
            case "ld_pseudo": return try ldPseudo(&c)
            default:
                guard word.first == "r" || word.first == "w" else {
                    throw c.error("unknown instruction '\(word)'", column: column)
                }
                c = start
            }
        }
        if c.peek() == 0x2a { return try store(&c) }  // `*(u32 *)(...) = ...`
        guard let dst = try c.register(prefixes: "rw") else { throw c.expected("instruction") }
        return try assignment(to: dst.register, wide: dst.prefix == 0x72, &c)
    }

    static func register(_ c: inout AssemblyCursor, _ what: String) throws(AssemblyError)
        -> (register: Register, prefix: UInt8, column: Int)
    {
        guard let r = try c.register(prefixes: "rw") else { throw c.expected(what) }
        return r
    }

    /// `dst op= src`, `dst = src`, and every form whose destination comes first.
    private static func assignment(to dst: Register, wide: Bool, _ c: inout AssemblyCursor)
        throws(AssemblyError) -> ParsedInstruction
    {
        let width: Width = wide ? .w64 : .w32
        if let op = compoundOperator(&c) {
            let src = try aluOperand(&c, width: width)
            try c.expectEnd()
            return ParsedInstruction(.alu(op, width, dst: dst, src: src))
        }
        try c.expect("=")
        var probe = c
        if probe.consume("-"), let r = try probe.register(prefixes: "rw") {  // `r0 = -r0`
            guard r.register == dst else { throw probe.error("negation must name its destination register", column: r.column) }
            c = probe
            try c.expectEnd()
            return ParsedInstruction(.neg(width, dst: dst))
        }
        if c.peek() == 0x28 { return try signExtendingMove(to: dst, width: width, &c) }
        if c.peek() == 0x2a { return try load(to: dst, &c) }
        if let (word, column) = c.peekIdentifier() {
            if let swap = byteSwap(word) {
                _ = c.identifier()
                let r = try register(&c, "register")
                guard r.register == dst else { throw c.error("byte swap must name its destination register", column: r.column) }
                try c.expectEnd()
                return ParsedInstruction(.byteSwap(swap.kind, bits: swap.bits, dst: dst))
            }
            if let atomic = try atomicCall(word, &c, column: column, dst: dst) { return atomic }
        }
        if let r = try c.register(prefixes: "rw") {
            try expectSameWidth(r, width, &c)
            try c.expectEnd()
            return ParsedInstruction(.alu(.mov, width, dst: dst, src: .register(r.register)))
        }
        if let literal = try c.literal() {
            if c.consume("ll") || c.opcodeHint == 0x18 {
                try c.expectEnd()
                return ParsedInstruction(.loadImm64(dst: dst, .value(try literal.imm64())))
            }
            try c.expectEnd()
            return ParsedInstruction(.alu(.mov, width, dst: dst, src: .immediate(try literal.imm32())))
        }
        if let (name, column) = c.identifier() {  // `r1 = my_map ll`
            if name == "ll" { throw c.error("expected an immediate or a symbol before 'll'", column: column) }
            try c.expect("ll")
            try c.expectEnd()
            return ParsedInstruction(
                .loadImm64(dst: dst, .value(0)), reference: SymbolReference(use: .address, name: name, line: c.line, column: column))
        }
        throw c.expected("register, immediate or memory operand")
    }

    /// The ALU operators written `dst OP= src`, longest first so `s>>=` is not read as `s>`.
    private static func compoundOperator(_ c: inout AssemblyCursor) -> ALUOperation? {
        if c.consume("+=") { return .add }
        if c.consume("-=") { return .sub }
        if c.consume("*=") { return .mul }
        if c.consume("/=") { return .div }
        if c.consume("|=") { return .or }
        if c.consume("&=") { return .and }
        if c.consume("<<=") { return .lsh }
        if c.consume(">>=") { return .rsh }
        if c.consume("%=") { return .mod }
        if c.consume("^=") { return .xor }
        if c.consume("s>>=") { return .arsh }
        if c.consume("s/=") { return .sdiv }
        if c.consume("s%=") { return .smod }
        return nil
    }

    private static func aluOperand(_ c: inout AssemblyCursor, width: Width) throws(AssemblyError) -> Operand {
        if let r = try c.register(prefixes: "rw") {
            try expectSameWidth(r, width, &c)
            return .register(r.register)
        }
        return .immediate(try c.expectLiteral("register or immediate").imm32())
    }

    /// `w0 += r1` mixes widths; LLVM and the kernel never print it, so it is a typo.
    static func expectSameWidth(_ r: (register: Register, prefix: UInt8, column: Int), _ width: Width, _ c: inout AssemblyCursor)
        throws(AssemblyError)
    {
        let want: UInt8 = width == .w64 ? 0x72 : 0x77
        guard r.prefix == want else {
            throw c.error("expected a \(width == .w64 ? "64-bit r" : "32-bit w") register, found '\(Character(Unicode.Scalar(r.prefix)))\(r.register.index)'", column: r.column)
        }
    }

    /// `r0 = (s8)r1`, `w0 = (s16)w1`.
    private static func signExtendingMove(to dst: Register, width: Width, _ c: inout AssemblyCursor) throws(AssemblyError)
        -> ParsedInstruction
    {
        try c.expect("(")
        let from: AccessSize
        if c.consume("s8") {
            from = .byte
        } else if c.consume("s16") {
            from = .half
        } else if c.consume("s32") {
            from = .word
        } else {
            throw c.expected("'s8', 's16' or 's32'")
        }
        try c.expect(")")
        let src = try register(&c, "register")
        try expectSameWidth(src, width, &c)
        try c.expectEnd()
        return ParsedInstruction(.movsx(width, dst: dst, src: src.register, from: from))
    }

    private static func byteSwap(_ word: String) -> (kind: ByteSwap, bits: Int)? {
        let kinds: [(String, ByteSwap)] = [("le", .toLittleEndian), ("be", .toBigEndian), ("bswap", .swap)]
        for (prefix, kind) in kinds where word.hasPrefix(prefix) {
            switch word.dropFirst(prefix.count) {
            case "16": return (kind, 16)
            case "32": return (kind, 32)
            case "64": return (kind, 64)
            default: return nil
            }
        }
        return nil
    }
}

extension AssemblyCursor {
    /// The opcode byte of a kernel-log prefix `12: (18) ...`, which tells a 64-bit load of an
    /// immediate (`r1 = 0xffff...`, printed without `ll`) from a move.
    var opcodeHint: UInt8? {
        guard start >= 4, bytes[start - 1] == 0x29, bytes[start - 4] == 0x28,
            let hi = Self.hexValue(bytes[start - 3]), let lo = Self.hexValue(bytes[start - 2])
        else { return nil }
        return hi << 4 | lo
    }

    static func hexValue(_ b: UInt8) -> UInt8? {
        if isDigit(b) { return b - 0x30 }
        let l = b | 0x20
        return l >= 0x61 && l <= 0x66 ? l - 0x61 + 10 : nil
    }
}
