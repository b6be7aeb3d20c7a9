/// Jumps and calls of the pseudo-C dialect.
extension LLVMParser {
    /// `+3`, `-0x2`, `3`, `pc+3` (kernel log) or a label; objdump's trailing `<sym+0x38>`
    /// annotation is ignored.
    static func jumpTarget(_ insn: Instruction, _ c: inout AssemblyCursor) throws(AssemblyError) -> ParsedInstruction {
        let parsed: ParsedInstruction
        var probe = c
        if probe.consume("pc"), probe.peek() == 0x2b || probe.peek() == 0x2d { c = probe }
        if let literal = try c.literal() {
            let displacement: Int
            if case .gotol = insn {
                displacement = Int(try literal.signed32("jump offset"))
            } else {
                displacement = Int(try literal.off16("jump offset", allowUnsigned: false))
            }
            parsed = ParsedInstruction(insn.withDisplacement(displacement) ?? insn)
        } else if let (name, column) = c.identifier() {
            parsed = ParsedInstruction(insn, reference: SymbolReference(use: .jump, name: name, line: c.line, column: column))
        } else {
            throw c.expected("jump offset or label")
        }
        try skipAnnotation(&c)
        try c.expectEnd()
        return parsed
    }

    /// objdump's `<prog+0x78>` after a jump.
    private static func skipAnnotation(_ c: inout AssemblyCursor) throws(AssemblyError) {
        guard c.consume("<") else { return }
        while let b = c.peek(), b != 0x3e { c.advance() }
        try c.expect(">")
    }

    /// `if r1 s> 5 goto +2`, `if w1 == w2 goto LBL`, `if r1 != 0x0 goto pc+1`.
    static func conditionalJump(_ c: inout AssemblyCursor) throws(AssemblyError) -> ParsedInstruction {
        let dst = try register(&c, "register")
        let width: Width = dst.prefix == 0x72 ? .w64 : .w32
        guard let cond = comparison(&c) else {
            throw c.expected("comparison ('==', '!=', '>', '>=', '<', '<=', '&', 's>', 's>=', 's<', 's<=')")
        }
        let src: Operand
        if let r = try c.register(prefixes: "rw") {
            try expectSameWidth(r, width, &c)
            src = .register(r.register)
        } else {
            src = .immediate(try c.expectLiteral("register or immediate").imm32())
        }
        try c.expect("goto")
        return try jumpTarget(.jump(cond, width, dst: dst.register, src: src, offset: 0), &c)
    }

    private static func comparison(_ c: inout AssemblyCursor) -> JumpCondition? {
        if c.consume("==") { return .eq }
        if c.consume("!=") { return .ne }
        if c.consume("s>=") { return .sge }
        if c.consume("s<=") { return .sle }
        if c.consume("s>") { return .sgt }
        if c.consume("s<") { return .slt }
        if c.consume(">=") { return .ge }
        if c.consume("<=") { return .le }
        if c.consume(">") { return .gt }
        if c.consume("<") { return .lt }
        if c.consume("&") { return .set }
        return nil
    }

    /// `call 1` (helper by id), `call bpf_map_lookup_elem` (helper by name), `call LABEL`
    /// (bpf-to-bpf), `call bpf_task_acquire` (kfunc), and the kernel log's `call pc+5`,
    /// `call bpf_map_lookup_elem#1`, `call bpf_task_acquire#65913`, `call unknown#999`,
    /// `call kernel-function#65913`; a kfunc from a module BTF is `...#ID@MODULE`.
    static func call(_ c: inout AssemblyCursor) throws(AssemblyError) -> ParsedInstruction {
        var probe = c
        if probe.consume("pc"), probe.peek() == 0x2b || probe.peek() == 0x2d {
            c = probe
            let offset = try c.expectLiteral("call offset").signed32("call offset")
            try c.expectEnd()
            return ParsedInstruction(.call(.local(offset: offset)))
        }
        if let literal = try c.literal() {
            try c.expectEnd()
            return ParsedInstruction(.call(.helper(try literal.imm32())))
        }
        let name: String
        let column: Int
        c.skipSpace()
        if c.consume("kernel-function") {
            (name, column) = ("kernel-function", c.column)
        } else if let id = c.identifier() {
            (name, column) = id
        } else {
            throw c.expected("helper id, function name or label")
        }
        guard c.consume("#") else {
            try c.expectEnd()
            return ParsedInstruction(.call(.helper(0)), reference: SymbolReference(use: .call, name: name, line: c.line, column: column))
        }
        let id = try c.expectLiteral("BTF or helper id").imm32()
        var module: Int16 = 0
        if c.consume("@") { module = try c.expectLiteral("module index").off16("module index", allowUnsigned: false) }
        try c.expectEnd()
        if name == "unknown" || (module == 0 && HelperNames.id(of: name) != nil) {
            return ParsedInstruction(.call(.helper(id)))
        }
        let kfunc = Instruction.call(.kfunc(btfID: id, module: module))
        return ParsedInstruction(kfunc, kfuncName: name == "kernel-function" ? nil : name)
    }
}
