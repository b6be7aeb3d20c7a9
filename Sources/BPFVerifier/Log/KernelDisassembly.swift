import BPFISA
import BPFObject

/// Instructions as the kernel's verifier log prints them (`print_bpf_insn` in
/// `kernel/bpf/disasm.c`): `(bf) r6 = r1`, `(61) r2 = *(u32 *)(r1 +4)`,
/// `(85) call bpf_task_acquire#3`, `(15) if r1 == 0x0 goto pc+13`.
///
/// Two deliberate differences from the kernel: map and global-data `lddw`s print the map
/// index the program uses (the kernel prints a kernel address, different on every load), and
/// kfunc numbers are the program's BTF ids (the kernel prints vmlinux BTF ids).
struct KernelDisassembly {
    let program: BPFProgram

    func text(at pc: Int) -> String {
        let insn = program.instructions[pc]
        let code = insn.encode().first.map { String(format: "%02x", $0.code) } ?? "00"
        return "(\(code)) " + body(insn, pc: pc)
    }

    private func r(_ reg: Register, _ w: Width) -> String { (w == .w32 ? "w" : "r") + "\(reg.index)" }
    private func off(_ o: Int16) -> String { o >= 0 ? "+\(o)" : "\(o)" }
    private func size(_ s: AccessSize, signed: Bool = false) -> String { (signed ? "s" : "u") + "\(s.bits)" }

    private func body(_ insn: Instruction, pc: Int) -> String {
        switch insn {
        case .alu(let op, let w, let dst, let src):
            let sym: String
            switch op {
            case .add: sym = "+="
            case .sub: sym = "-="
            case .mul: sym = "*="
            case .div: sym = "/="
            case .sdiv: sym = "s/="
            case .or: sym = "|="
            case .and: sym = "&="
            case .lsh: sym = "<<="
            case .rsh: sym = ">>="
            case .mod: sym = "%="
            case .smod: sym = "s%="
            case .xor: sym = "^="
            case .mov: sym = "="
            case .arsh: sym = "s>>="
            }
            switch src {
            case .register(let s): return "\(r(dst, w)) \(sym) \(r(s, w))"
            case .immediate(let imm): return "\(r(dst, w)) \(sym) \(imm)"
            }
        case .neg(let w, let dst):
            return "\(r(dst, w)) = -\(r(dst, w))"
        case .movsx(let w, let dst, let src, let from):
            return "\(r(dst, w)) = (s\(from.bits))\(r(src, w))"
        case .byteSwap(let kind, let bits, let dst):
            switch kind {
            case .toBigEndian: return "r\(dst.index) = be\(bits) r\(dst.index)"
            case .toLittleEndian: return "r\(dst.index) = le\(bits) r\(dst.index)"
            case .swap: return "r\(dst.index) = bswap\(bits) r\(dst.index)"
            }
        case .load(let s, let signed, let dst, let base, let o):
            return "r\(dst.index) = *(\(size(s, signed: signed)) *)(r\(base.index) \(off(o)))"
        case .store(let s, let base, let o, let value):
            switch value {
            case .register(let v): return "*(\(size(s)) *)(r\(base.index) \(off(o))) = r\(v.index)"
            case .immediate(let imm): return "*(\(size(s)) *)(r\(base.index) \(off(o))) = \(imm)"
            }
        case .atomic(let op, let s, let base, let o, let src):
            let mem = "(\(size(s)) *)(r\(base.index) \(off(o)))"
            let width = s == .double ? "64" : ""
            switch op {
            case .add(false): return "lock *\(mem) += r\(src.index)"
            case .or(false): return "lock *\(mem) |= r\(src.index)"
            case .and(false): return "lock *\(mem) &= r\(src.index)"
            case .xor(false): return "lock *\(mem) ^= r\(src.index)"
            case .add(true): return "r\(src.index) = atomic\(width)_fetch_add(\(mem), r\(src.index))"
            case .or(true): return "r\(src.index) = atomic\(width)_fetch_or(\(mem), r\(src.index))"
            case .and(true): return "r\(src.index) = atomic\(width)_fetch_and(\(mem), r\(src.index))"
            case .xor(true): return "r\(src.index) = atomic\(width)_fetch_xor(\(mem), r\(src.index))"
            case .xchg: return "r\(src.index) = atomic\(width)_xchg(\(mem), r\(src.index))"
            case .cmpxchg: return "r0 = atomic\(width)_cmpxchg(\(mem), r0, r\(src.index))"
            }
        case .loadImm64(let dst, let value):
            switch value {
            case .value(let v): return "r\(dst.index) = 0x\(String(v, radix: 16))"
            case .mapFD(let fd), .mapIndex(let fd): return "r\(dst.index) = map[\(mapName(fd))]"
            case .mapValue(let fd, let o), .mapIndexValue(let fd, let o): return "r\(dst.index) = map[\(mapName(fd))][0]+\(o)"
            case .btfID(let id, _): return "r\(dst.index) = ksym[\(program.ksyms[id]?.name ?? String(id))]"
            case .function(let o): return "r\(dst.index) = 0x\(String(o, radix: 16))"
            }
        case .loadPacketAbsolute(let s, let o):
            return "r0 = *(\(size(s)) *)skb[\(o)]"
        case .loadPacketIndirect(let s, let src, let o):
            return "r0 = *(\(size(s)) *)skb[r\(src.index) + \(o)]"
        case .ja(let o):
            return "goto pc\(off(o))"
        case .gotol(let o):
            return "gotol pc\(o >= 0 ? "+" : "")\(o)"
        case .mayGoto(let o):
            return "may_goto pc\(off(o))"
        case .jump(let cond, let w, let dst, let src, let o):
            let sym: String
            switch cond {
            case .eq: sym = "=="
            case .ne: sym = "!="
            case .gt: sym = ">"
            case .ge: sym = ">="
            case .lt: sym = "<"
            case .le: sym = "<="
            case .sgt: sym = "s>"
            case .sge: sym = "s>="
            case .slt: sym = "s<"
            case .sle: sym = "s<="
            case .set: sym = "&"
            }
            switch src {
            case .register(let s): return "if \(r(dst, w)) \(sym) \(r(s, w)) goto pc\(off(o))"
            case .immediate(let imm):
                return "if \(r(dst, w)) \(sym) 0x\(String(UInt32(bitPattern: imm), radix: 16)) goto pc\(off(o))"
            }
        case .call(.helper(let id)):
            return "call \(HelperNames.name(of: id) ?? "unknown")#\(id)"
        case .call(.kfunc(let id, _)):
            return "call \(program.kfuncs[id]?.name ?? "unknown")#\(id)"
        case .call(.local(let o)):
            return "call pc\(o >= 0 ? "+" : "")\(o)"
        case .callx(let reg):
            return "callx r\(reg.index)"
        case .exit:
            return "exit"
        case .continuation:
            return "(ldimm64 second half)"
        }
    }

    private func mapName(_ index: Int32) -> String {
        let i = Int(index)
        return i >= 0 && i < program.maps.count ? program.maps[i].name : "id:\(index)"
    }
}
