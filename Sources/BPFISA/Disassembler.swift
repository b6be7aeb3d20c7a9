/// Prints instructions as `llvm-objdump -d` does for BPF (see ``DisassemblyOptions``), or as
/// the kernel verifier log does (``verifierLogText(of:at:symbols:)``).
public enum Disassembler {
    /// The instruction text of one instruction at `pc`, without the `pc:` column. A
    /// ``Instruction/continuation`` has no text of its own (objdump prints `lddw` once).
    public static func text(
        of insn: Instruction, at pc: Int, options: DisassemblyOptions = .llvm21, symbols: DisassemblySymbols = .none
    ) -> String {
        let n = NumberSpelling(style: options.immediates)
        func reg(_ r: Register, _ width: Width) -> String { (width == .w64 ? "r" : "w") + String(r.index) }
        /// `w` for narrow memory operands on LLVM >= 18.
        func memReg(_ r: Register, _ size: AccessSize) -> String {
            reg(r, size != .double && options.subregisterMemoryOperands ? .w32 : .w64)
        }
        func mem(_ base: Register, _ offset: Int16) -> String { "(r\(base.index) \(n.memoryOffset(Int64(offset))))" }
        func target(_ displacement: Int, label: Bool = true) -> String {
            let to = pc + displacement + 1
            if options.names, label, let name = symbols.labels[to] { return name }
            var s = n.displacement(Int64(displacement))
            if options.annotateTargets, let a = symbols.annotation(for: to) { s += " " + a }
            return s
        }
        switch insn {
        case .alu(let op, let width, let dst, let src):
            return "\(reg(dst, width)) \(op.llvmOperator) \(operand(src, width, n))"
        case .neg(let width, let dst):
            return "\(reg(dst, width)) = -\(reg(dst, width))"
        case .movsx(let width, let dst, let src, let from):
            return "\(reg(dst, width)) = (s\(from.bits))\(reg(src, width))"
        case .byteSwap(let kind, let bits, let dst):
            return "r\(dst.index) = \(kind.mnemonicPrefix)\(bits) r\(dst.index)"
        case .load(let size, let signExtend, let dst, let base, let offset):
            let d = signExtend ? reg(dst, .w64) : memReg(dst, size)
            return "\(d) = *(\(signExtend ? "s" : "u")\(size.bits) *)\(mem(base, offset))"
        case .store(let size, let base, let offset, let value):
            let v: String
            switch value {
            case .register(let r): v = memReg(r, size)
            case .immediate(let imm): v = n.signed(Int64(imm))
            }
            return "*(u\(size.bits) *)\(mem(base, offset)) = \(v)"
        case .atomic(let op, let size, let base, let offset, let src):
            return atomicText(op, size, base, offset, src, n: n, memReg: memReg)
        case .loadImm64(let dst, let value):
            return loadImm64Text(dst, value, pc: pc, options: options, symbols: symbols, n: n)
        case .loadPacketAbsolute(let size, let offset):
            return "r0 = *(u\(size.bits) *)skb[\(n.signed(Int64(offset)))]"
        case .loadPacketIndirect(let size, let src, let offset):
            let extra = options.lossless && offset != 0 ? " \(n.memoryOffset(Int64(offset)))" : ""
            return "r0 = *(u\(size.bits) *)skb[r\(src.index)\(extra)]"
        case .ja(let offset):
            return "goto \(target(Int(offset)))"
        case .gotol(let offset):
            return "gotol \(target(Int(offset)))"
        case .jump(let cond, let width, let dst, let src, let offset):
            return "if \(reg(dst, width)) \(cond.llvmOperator) \(operand(src, width, n)) goto \(target(Int(offset)))"
        case .mayGoto(let offset):
            return "may_goto \(target(Int(offset)))"
        case .call(.helper(let id)):
            if options.names, let name = HelperNames.name(of: id) { return "call \(name)" }
            return "call \(n.signed(Int64(id)))"
        case .call(.local(let offset)):
            if options.names, let name = symbols.labels[pc + Int(offset) + 1] { return "call \(name)" }
            if options.lossless { return "call pc\(n.displacement(Int64(offset)))" }
            return "call \(n.signed(Int64(offset)))"
        case .call(.kfunc(let id, let module)):
            let name = symbols.kfuncs[id]
            if options.names, let name, module == 0 { return "call \(name)" }
            guard options.lossless else { return "call \(n.signed(Int64(id)))" }
            return "call \(name ?? "kernel-function")#\(id)" + (module == 0 ? "" : "@\(module)")
        case .callx(let r):
            return "callx r\(r.index)"
        case .exit:
            return "exit"
        case .continuation:
            return ""
        }
    }

    private static func operand(_ src: Operand, _ width: Width, _ n: NumberSpelling) -> String {
        switch src {
        case .register(let r): return (width == .w64 ? "r" : "w") + String(r.index)
        case .immediate(let imm): return n.signed(Int64(imm))
        }
    }

    private static func atomicText(
        _ op: AtomicOperation, _ size: AccessSize, _ base: Register, _ offset: Int16, _ src: Register,
        n: NumberSpelling, memReg: (Register, AccessSize) -> String
    ) -> String {
        let s = memReg(src, size)
        let place = "(r\(base.index) \(n.memoryOffset(Int64(offset))))"
        let wide = size == .double
        switch op {
        case .add(false), .or(false), .and(false), .xor(false):
            return "lock *(u\(size.bits) *)\(place) \(op.lockOperator) \(s)"
        case .add(true), .or(true), .and(true), .xor(true):
            return "\(s) = atomic_fetch_\(op.name)((u\(size.bits) *)\(place), \(s))"
        case .xchg:
            return "\(s) = \(wide ? "xchg_64" : "xchg32_32")(r\(base.index) \(n.memoryOffset(Int64(offset))), \(s))"
        case .cmpxchg:
            let r0 = memReg(.r0, size)
            return "\(r0) = \(wide ? "cmpxchg_64" : "cmpxchg32_32")(r\(base.index) \(n.memoryOffset(Int64(offset)))"
                + ", \(r0), \(s))"
        }
    }

    private static func loadImm64Text(
        _ dst: Register, _ value: LoadImm64, pc: Int, options: DisassemblyOptions, symbols: DisassemblySymbols,
        n: NumberSpelling
    ) -> String {
        let (src, lo, hi) = value.pseudoFields
        switch value {
        case .value(let v):
            return "r\(dst.index) = \(n.signed(Int64(bitPattern: v))) ll"
        case .mapFD(let i), .mapIndex(let i):
            if options.names, let name = symbols.maps[i], case .mapFD = value { return "r\(dst.index) = \(name) ll" }
        case .function(let off):
            if options.names, let name = symbols.labels[pc + Int(off) + 1] { return "r\(dst.index) = \(name) ll" }
        default:
            break
        }
        // LLVM prints both fields of `ld_pseudo` unsigned.
        var text = "ld_pseudo\tr\(dst.index), \(n.signed(Int64(src))), \(n.signed(Int64(UInt32(bitPattern: lo))))"
        if options.lossless, hi != 0 { text += ", \(n.signed(Int64(UInt32(bitPattern: hi))))" }
        return text
    }
}

/// Numbers as LLVM prints them: signed, `0x` hex by default (`-0x5`), decimal on request.
struct NumberSpelling {
    var style: DisassemblyOptions.Immediates

    func signed(_ v: Int64) -> String {
        let magnitude = v < 0 ? UInt64(bitPattern: 0 &- v) : UInt64(v)
        let digits = style == .hex ? hex(magnitude) : String(magnitude)
        return v < 0 ? "-" + digits : digits
    }

    /// `+0x3` / `-0x2`: a jump displacement always carries its sign.
    func displacement(_ v: Int64) -> String { v < 0 ? signed(v) : "+" + signed(v) }

    /// `+ 0x8` / `- 0x4` inside `(r1 + 0x8)`.
    func memoryOffset(_ v: Int64) -> String {
        let s = signed(v)
        return v < 0 ? "- " + s.dropFirst() : "+ " + s
    }
}

extension ALUOperation {
    var llvmOperator: String {
        switch self {
        case .add: return "+="
        case .sub: return "-="
        case .mul: return "*="
        case .div: return "/="
        case .sdiv: return "s/="
        case .or: return "|="
        case .and: return "&="
        case .lsh: return "<<="
        case .rsh: return ">>="
        case .mod: return "%="
        case .smod: return "s%="
        case .xor: return "^="
        case .mov: return "="
        case .arsh: return "s>>="
        }
    }
}

extension JumpCondition {
    var llvmOperator: String {
        switch self {
        case .eq: return "=="
        case .gt: return ">"
        case .ge: return ">="
        case .set: return "&"
        case .ne: return "!="
        case .sgt: return "s>"
        case .sge: return "s>="
        case .lt: return "<"
        case .le: return "<="
        case .slt: return "s<"
        case .sle: return "s<="
        }
    }
}

extension ByteSwap {
    var mnemonicPrefix: String {
        switch self {
        case .toLittleEndian: return "le"
        case .toBigEndian: return "be"
        case .swap: return "bswap"
        }
    }
}

extension AtomicOperation {
    /// `add`, `or`, `and`, `xor`, `xchg`, `cmpxchg`.
    var name: String {
        switch self {
        case .add: return "add"
        case .or: return "or"
        case .and: return "and"
        case .xor: return "xor"
        case .xchg: return "xchg"
        case .cmpxchg: return "cmpxchg"
        }
    }

    var lockOperator: String {
        switch self {
        case .add: return "+="
        case .or: return "|="
        case .and: return "&="
        case .xor: return "^="
        case .xchg, .cmpxchg: return "="
        }
    }
}

extension LoadImm64 {
    /// `src_reg`, first-slot `imm` and second-slot `imm`, as encoded.
    var pseudoFields: (src: UInt8, lo: Int32, hi: Int32) {
        let slots = Instruction.loadImm64(dst: .r0, self).encode()
        return (slots[0].src, slots[0].imm, slots[1].imm)
    }
}
