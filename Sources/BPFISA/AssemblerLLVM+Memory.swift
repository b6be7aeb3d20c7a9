/// Loads, stores and atomics of the pseudo-C dialect.
extension LLVMParser {
    /// `*(u32 *)` / `*(s8 *)`: the access size and whether it sign-extends.
    private static func pointerCast(_ c: inout AssemblyCursor, dereference: Bool) throws(AssemblyError)
        -> (size: AccessSize, signed: Bool, column: Int)
    {
        if dereference { try c.expect("*") }
        try c.expect("(")
        c.skipSpace()
        let column = c.column
        let type: (AccessSize, Bool)
        if c.consume("u8") {
            type = (.byte, false)
        } else if c.consume("u16") {
            type = (.half, false)
        } else if c.consume("u32") {
            type = (.word, false)
        } else if c.consume("u64") {
            type = (.double, false)
        } else if c.consume("s8") {
            type = (.byte, true)
        } else if c.consume("s16") {
            type = (.half, true)
        } else if c.consume("s32") {
            type = (.word, true)
        } else {
            throw c.expected("'u8', 'u16', 'u32', 'u64', 's8', 's16' or 's32'")
        }
        try c.expect("*")
        try c.expect(")")
        return (type.0, type.1, column)
    }

    /// `REG`, `REG + OFF`, `REG - OFF`, `REG +OFF` (the kernel log's `%+d`).
    static func baseAndOffset(_ c: inout AssemblyCursor) throws(AssemblyError) -> (Register, Int16) {
        let base = try register(&c, "base register")
        guard c.peek() == 0x2b || c.peek() == 0x2d else { return (base.register, 0) }
        let offset = try c.expectLiteral("offset").off16("offset", allowUnsigned: false)
        return (base.register, offset)
    }

    /// `(REG + OFF)`.
    private static func memoryOperand(_ c: inout AssemblyCursor) throws(AssemblyError) -> (Register, Int16) {
        try c.expect("(")
        let operand = try baseAndOffset(&c)
        try c.expect(")")
        return operand
    }

    /// `dst = *(u32 *)(r1 + 4)`, `dst = *(s16 *)(r1 - 2)`, `r0 = *(u8 *)skb[12]`,
    /// `r0 = *(u8 *)skb[r3]`, `r0 = *(u8 *)skb[r3 + 4]`.
    static func load(to dst: Register, _ c: inout AssemblyCursor) throws(AssemblyError) -> ParsedInstruction {
        let dstColumn = c.column
        let type = try pointerCast(&c, dereference: true)
        if c.consume("skb") {
            guard !type.signed, type.size != .double else {
                throw c.error("packet loads are u8, u16 or u32", column: type.column)
            }
            guard dst == .r0 else { throw c.error("packet loads write r0", column: dstColumn) }
            try c.expect("[")
            let insn: Instruction
            if let src = try c.register(prefixes: "r") {
                var imm: Int32 = 0
                if c.consume("+") {  // `skb[r3 + 4]`, and the kernel log's `skb[r3 + -4]`
                    imm = try c.expectLiteral("offset").imm32()
                } else if c.peek() == 0x2d {
                    imm = try c.expectLiteral("offset").imm32()
                }
                insn = .loadPacketIndirect(type.size, src: src.register, offset: imm)
            } else {
                insn = .loadPacketAbsolute(type.size, offset: try c.expectLiteral("offset or register").imm32())
            }
            try c.expect("]")
            try c.expectEnd()
            return ParsedInstruction(insn)
        }
        if type.signed, type.size == .double { throw c.error("there is no sign-extending 64-bit load", column: type.column) }
        let (base, offset) = try memoryOperand(&c)
        try c.expectEnd()
        return ParsedInstruction(.load(type.size, signExtend: type.signed, dst: dst, base: base, offset: offset))
    }

    /// `*(u32 *)(r10 - 4) = w1` and `*(u32 *)(r10 - 4) = 5`.
    static func store(_ c: inout AssemblyCursor) throws(AssemblyError) -> ParsedInstruction {
        let type = try pointerCast(&c, dereference: true)
        if type.signed { throw c.error("stores are written with u8, u16, u32 or u64", column: type.column) }
        let (base, offset) = try memoryOperand(&c)
        try c.expect("=")
        let value: Operand
        if let r = try c.register(prefixes: "rw") {
            value = .register(r.register)
        } else {
            value = .immediate(try c.expectLiteral("register or immediate").imm32())
        }
        try c.expectEnd()
        return ParsedInstruction(.store(type.size, base: base, offset: offset, value: value))
    }

    /// `lock *(u64 *)(r1 + 0) += r2` (also `|=`, `&=`, `^=`).
    static func lockedUpdate(_ c: inout AssemblyCursor) throws(AssemblyError) -> ParsedInstruction {
        let type = try pointerCast(&c, dereference: true)
        guard !type.signed, type.size == .word || type.size == .double else {
            throw c.error("atomic operations are u32 or u64", column: type.column)
        }
        let (base, offset) = try memoryOperand(&c)
        let op: AtomicOperation
        if c.consume("+=") {
            op = .add(fetch: false)
        } else if c.consume("|=") {
            op = .or(fetch: false)
        } else if c.consume("&=") {
            op = .and(fetch: false)
        } else if c.consume("^=") {
            op = .xor(fetch: false)
        } else {
            throw c.expected("'+=', '|=', '&=' or '^='")
        }
        let src = try register(&c, "register")
        try c.expectEnd()
        return ParsedInstruction(.atomic(op, type.size, base: base, offset: offset, src: src.register))
    }

    /// The atomics written as calls, with LLVM's spellings (`atomic_fetch_add((u64 *)(r1 +
    /// 0x0), r2)`, `xchg_64(r1 + 0x0, r2)`, `cmpxchg32_32(r1 + 0x0, w0, w2)`) and the kernel
    /// log's (`atomic64_fetch_add`, `atomic64_xchg`, `atomic_cmpxchg`). `nil` when `word` is
    /// not one of them.
    static func atomicCall(_ word: String, _ c: inout AssemblyCursor, column: Int, dst: Register)
        throws(AssemblyError) -> ParsedInstruction?
    {
        var name = Substring(word)
        var kernelSize: AccessSize?
        var llvmForm = false
        if name.hasPrefix("atomic64_") {
            kernelSize = .double
            name = name.dropFirst("atomic64_".count)
        } else if name.hasPrefix("atomic_") {
            name = name.dropFirst("atomic_".count)
        } else {
            llvmForm = true
        }
        let op: AtomicOperation
        var size: AccessSize?
        switch (name, llvmForm) {
        case ("fetch_add", false): op = .add(fetch: true)
        case ("fetch_or", false): op = .or(fetch: true)
        case ("fetch_and", false): op = .and(fetch: true)
        case ("fetch_xor", false): op = .xor(fetch: true)
        case ("xchg", false): op = .xchg
        case ("cmpxchg", false): op = .cmpxchg
        case ("xchg_64", true): (op, size) = (.xchg, .double)
        case ("xchg32_32", true): (op, size) = (.xchg, .word)
        case ("cmpxchg_64", true): (op, size) = (.cmpxchg, .double)
        case ("cmpxchg32_32", true): (op, size) = (.cmpxchg, .word)
        default: return nil
        }
        _ = c.identifier()
        try c.expect("(")
        let base: Register
        let offset: Int16
        if size == nil {  // `((u64 *)(r1 + 0), ...)`
            let type = try pointerCast(&c, dereference: false)
            guard !type.signed, type.size == .word || type.size == .double else {
                throw c.error("atomic operations are u32 or u64", column: type.column)
            }
            if let k = kernelSize, k != type.size { throw c.error("atomic64_ operations are u64", column: type.column) }
            size = type.size
            (base, offset) = try memoryOperand(&c)
        } else {
            (base, offset) = try baseAndOffset(&c)
        }
        try c.expect(",")
        if op == .cmpxchg {
            let r0 = try register(&c, "r0")
            guard r0.register == .r0, dst == .r0 else { throw c.error("cmpxchg compares with and writes r0", column: r0.column) }
            try c.expect(",")
        }
        let src = try register(&c, "register")
        try c.expect(")")
        try c.expectEnd()
        if op != .cmpxchg, src.register != dst {
            throw c.error("\(word) returns the old value in its source register \(src.register)", column: column)
        }
        return ParsedInstruction(.atomic(op, size ?? .double, base: base, offset: offset, src: src.register))
    }

    /// `ld_pseudo r1, SRC, IMM` as LLVM prints a `lddw` with a pseudo `src_reg`, plus an
    /// optional fourth operand for the second slot's `imm` (map value offset, BTF module),
    /// which LLVM's form drops.
    static func ldPseudo(_ c: inout AssemblyCursor) throws(AssemblyError) -> ParsedInstruction {
        let dst = try register(&c, "register")
        try c.expect(",")
        let srcLiteral = try c.expectLiteral("pseudo source")
        guard let src = UInt8(exactly: srcLiteral.signedValue ?? -1), src <= 15 else {
            throw srcLiteral.error("pseudo source \(srcLiteral.text) does not fit in 4 bits")
        }
        try c.expect(",")
        let imm = try c.expectLiteral("immediate").imm32()
        var high: Int32 = 0
        if c.consume(",") { high = try c.expectLiteral("immediate").imm32() }
        try c.expectEnd()
        let slots = [RawInstruction(code: 0x18, dst: dst.register.index, src: src, imm: imm), RawInstruction(code: 0, imm: high)]
        do {
            return ParsedInstruction(try Instruction.decode(slots, at: 0))
        } catch {
            throw srcLiteral.error(error.message)
        }
    }
}
