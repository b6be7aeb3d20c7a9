extension Disassembler {
    /// The instruction as the kernel verifier log prints it (`print_bpf_insn` in
    /// `kernel/bpf/disasm.c`): the opcode byte in parentheses, then decimal ALU immediates,
    /// `(r10 -8)` offsets, `goto pc+3`, `if r1 != 0x0 goto pc+1` (jump immediates as unsigned
    /// 32-bit hex), `call bpf_map_lookup_elem#1`, `call bpf_task_acquire#65913` (kfunc names
    /// from `symbols`, else `kernel-function#ID`), `call pc+5`.
    ///
    /// Two forms the kernel has no words for are bpfsim's: `callx r2` (the kernel rejects
    /// the opcode) and map loads, which the kernel prints as the map's address and bpfsim as
    /// `map[id:N]` / `map[id:N][0]+OFF`, bpftool's spelling.
    public static func verifierLogText(of insn: Instruction, at pc: Int, symbols: DisassemblySymbols = .none) -> String {
        guard let first = insn.encode().first else { return "" }
        let code = hex2(first.code)
        return "(\(code)) " + verifierLogBody(insn, symbols: symbols)
    }

    private static func verifierLogBody(_ insn: Instruction, symbols: DisassemblySymbols) -> String {
        func reg(_ r: Register, _ width: Width) -> String { (width == .w64 ? "r" : "w") + String(r.index) }
        func mem(_ base: Register, _ offset: Int16) -> String { "(r\(base.index) \(offset < 0 ? "" : "+")\(offset))" }
        func pcRelative(_ d: Int64) -> String { "pc\(d < 0 ? "" : "+")\(d)" }
        switch insn {
        case .alu(let op, let width, let dst, let src):
            switch src {
            case .register(let r): return "\(reg(dst, width)) \(op.llvmOperator) \(reg(r, width))"
            case .immediate(let imm): return "\(reg(dst, width)) \(op.llvmOperator) \(imm)"
            }
        case .neg(let width, let dst):
            return "\(reg(dst, width)) = -\(reg(dst, width))"
        case .movsx(let width, let dst, let src, let from):
            return "\(reg(dst, width)) = (s\(from.bits))\(reg(src, width))"
        case .byteSwap(let kind, let bits, let dst):
            return "r\(dst.index) = \(kind.mnemonicPrefix)\(bits) r\(dst.index)"
        case .load(let size, let signExtend, let dst, let base, let offset):
            return "r\(dst.index) = *(\(signExtend ? "s" : "u")\(size.bits) *)\(mem(base, offset))"
        case .store(let size, let base, let offset, .register(let r)):
            return "*(u\(size.bits) *)\(mem(base, offset)) = r\(r.index)"
        case .store(let size, let base, let offset, .immediate(let imm)):
            return "*(u\(size.bits) *)\(mem(base, offset)) = \(imm)"
        case .atomic(let op, let size, let base, let offset, let src):
            let wide = size == .double ? "64" : ""
            let place = "(u\(size.bits) *)\(mem(base, offset))"
            switch op {
            case .add(false), .or(false), .and(false), .xor(false):
                return "lock *\(place) \(op.lockOperator) r\(src.index)"
            case .add(true), .or(true), .and(true), .xor(true):
                return "r\(src.index) = atomic\(wide)_fetch_\(op.name)(\(place), r\(src.index))"
            case .xchg:
                return "r\(src.index) = atomic\(wide)_xchg(\(place), r\(src.index))"
            case .cmpxchg:
                return "r0 = atomic\(wide)_cmpxchg(\(place), r0, r\(src.index))"
            }
        case .loadImm64(let dst, let value):
            switch value {
            case .value(let v): return "r\(dst.index) = \(hex(v))"
            case .mapFD(let i), .mapIndex(let i): return "r\(dst.index) = map[id:\(i)]"
            case .mapValue(let i, let off), .mapIndexValue(let i, let off): return "r\(dst.index) = map[id:\(i)][0]+\(off)"
            case .btfID(let id, _): return "r\(dst.index) = \(hex(UInt32(bitPattern: id)))"
            case .function(let off): return "r\(dst.index) = \(hex(UInt32(bitPattern: off)))"
            }
        case .loadPacketAbsolute(let size, let offset):
            return "r0 = *(u\(size.bits) *)skb[\(offset)]"
        case .loadPacketIndirect(let size, let src, let offset):
            return "r0 = *(u\(size.bits) *)skb[r\(src.index) + \(offset)]"
        case .ja(let offset):
            return "goto \(pcRelative(Int64(offset)))"
        case .gotol(let offset):
            return "gotol \(pcRelative(Int64(offset)))"
        case .mayGoto(let offset):
            return "may_goto \(pcRelative(Int64(offset)))"
        case .jump(let cond, let width, let dst, let src, let offset):
            let rhs: String
            switch src {
            case .register(let r): rhs = reg(r, width)
            case .immediate(let imm): rhs = hex(UInt32(bitPattern: imm))
            }
            return "if \(reg(dst, width)) \(cond.llvmOperator) \(rhs) goto \(pcRelative(Int64(offset)))"
        case .call(.helper(let id)):
            return "call \(HelperNames.name(of: id) ?? "unknown")#\(id)"
        case .call(.local(let offset)):
            return "call \(pcRelative(Int64(offset)))"
        case .call(.kfunc(let id, _)):
            return "call \(symbols.kfuncs[id] ?? "kernel-function")#\(id)"
        case .callx(let r):
            return "callx r\(r.index)"
        case .exit:
            return "exit"
        case .continuation:
            return ""
        }
    }

    private static func hex2(_ b: UInt8) -> String {
        let digits = String(b, radix: 16)
        return digits.count == 1 ? "0" + digits : digits
    }
}
