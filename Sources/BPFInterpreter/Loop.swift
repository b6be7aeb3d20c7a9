/// Why the loop returned to the driver.
enum LoopExit {
    /// The instruction at `pc` (already counted) is one the driver executes.
    case driver
    case budgetExhausted
    case memoryFault(address: UInt64, size: Int, write: Bool)
}

/// What the loop reads and writes rarely, kept in memory behind one pointer so that the
/// hot values (instruction pointer, registers pointer, budget, branch count) stay in machine
/// registers.
struct LoopContext {
    var slots: UnsafeMutablePointer<Memory.Slot>
    var windows: UInt64
    var loads: UInt64
    var stores: UInt64
    var atomics: UInt64
    /// The running frame's remaining `may_goto` budget.
    var mayGoto: UInt64
}

/// The interpreter's inner loop: pure instruction semantics on raw pointers, everything else
/// (calls, exits, helpers) handed back to the driver.
///
/// Written for speed (≥ 250 M instructions/s): one 16-byte ``Op`` load and a single-byte
/// `switch` per instruction, an instruction pointer advanced by relative targets, registers
/// through a pointer, no reference counting, no existential or closure calls. Counting by class
/// costs almost nothing: the budget countdown gives the total, branches increment a local,
/// loads, stores and atomics a field of the context, the driver counts calls, and ALU
/// instructions are the rest (derived at the end), so the commonest instructions touch no
/// counter at all. Specialised per observer, so `SilentObserver` compiles the tracing hook away.
@inline(__always)
func runLoop<O: ExecutionObserver>(
    ops: UnsafePointer<Op>, ip ipInOut: inout UnsafePointer<Op>, registers regs: UnsafeMutablePointer<UInt64>,
    remaining remainingInOut: inout UInt64, branches branchesInOut: inout UInt64,
    context ctx: UnsafeMutablePointer<LoopContext>, depth: Int, observer: inout O
) -> LoopExit {
    var ip = ipInOut
    var remaining = remainingInOut
    var branches = branchesInOut
    defer {
        ipInOut = ip
        remainingInOut = remaining
        branchesInOut = branches
    }

    @inline(__always)
    func host(_ address: UInt64, _ count: UInt64, write: Bool) -> UnsafeMutableRawPointer? {
        Memory.host(address, count: count, write: write, slots: ctx.pointee.slots, windows: ctx.pointee.windows)
    }

    while true {
        let (left, exhausted) = remaining.subtractingReportingOverflow(1)
        if exhausted { return .budgetExhausted }
        remaining = left
        let op = ip.pointee
        observer.willExecute(pc: ops.distance(to: ip), depth: depth, registers: regs)
        let d = Int(op.dst)
        let s = Int(op.src)
        switch op.kind {
        case .add64i: regs[d] &+= op.imm
        case .sub64i: regs[d] &-= op.imm
        case .mul64i: regs[d] &*= op.imm
        case .div64i: regs[d] = Arithmetic.div64(regs[d], op.imm)
        case .sdiv64i: regs[d] = Arithmetic.sdiv64(regs[d], op.imm)
        case .or64i: regs[d] |= op.imm
        case .and64i: regs[d] &= op.imm
        case .lsh64i: regs[d] &<<= op.imm
        case .rsh64i: regs[d] &>>= op.imm
        case .mod64i: regs[d] = Arithmetic.mod64(regs[d], op.imm)
        case .smod64i: regs[d] = Arithmetic.smod64(regs[d], op.imm)
        case .xor64i: regs[d] ^= op.imm
        case .mov64i: regs[d] = op.imm
        case .arsh64i: regs[d] = Arithmetic.arsh64(regs[d], op.imm)

        case .add64r: regs[d] &+= regs[s]
        case .sub64r: regs[d] &-= regs[s]
        case .mul64r: regs[d] &*= regs[s]
        case .div64r: regs[d] = Arithmetic.div64(regs[d], regs[s])
        case .sdiv64r: regs[d] = Arithmetic.sdiv64(regs[d], regs[s])
        case .or64r: regs[d] |= regs[s]
        case .and64r: regs[d] &= regs[s]
        case .lsh64r: regs[d] &<<= regs[s]
        case .rsh64r: regs[d] &>>= regs[s]
        case .mod64r: regs[d] = Arithmetic.mod64(regs[d], regs[s])
        case .smod64r: regs[d] = Arithmetic.smod64(regs[d], regs[s])
        case .xor64r: regs[d] ^= regs[s]
        case .mov64r: regs[d] = regs[s]
        case .arsh64r: regs[d] = Arithmetic.arsh64(regs[d], regs[s])

        case .add32i: regs[d] = Arithmetic.zext(Arithmetic.low(regs[d]) &+ Arithmetic.low(op.imm))
        case .sub32i: regs[d] = Arithmetic.zext(Arithmetic.low(regs[d]) &- Arithmetic.low(op.imm))
        case .mul32i: regs[d] = Arithmetic.zext(Arithmetic.low(regs[d]) &* Arithmetic.low(op.imm))
        case .div32i: regs[d] = Arithmetic.div32(regs[d], op.imm)
        case .sdiv32i: regs[d] = Arithmetic.sdiv32(regs[d], op.imm)
        case .or32i: regs[d] = Arithmetic.zext(Arithmetic.low(regs[d]) | Arithmetic.low(op.imm))
        case .and32i: regs[d] = Arithmetic.zext(Arithmetic.low(regs[d]) & Arithmetic.low(op.imm))
        case .lsh32i: regs[d] = Arithmetic.zext(Arithmetic.low(regs[d]) &<< Arithmetic.low(op.imm))
        case .rsh32i: regs[d] = Arithmetic.zext(Arithmetic.low(regs[d]) &>> Arithmetic.low(op.imm))
        case .mod32i: regs[d] = Arithmetic.mod32(regs[d], op.imm)
        case .smod32i: regs[d] = Arithmetic.smod32(regs[d], op.imm)
        case .xor32i: regs[d] = Arithmetic.zext(Arithmetic.low(regs[d]) ^ Arithmetic.low(op.imm))
        case .mov32i: regs[d] = op.imm
        case .arsh32i: regs[d] = Arithmetic.arsh32(regs[d], op.imm)

        case .add32r: regs[d] = Arithmetic.zext(Arithmetic.low(regs[d]) &+ Arithmetic.low(regs[s]))
        case .sub32r: regs[d] = Arithmetic.zext(Arithmetic.low(regs[d]) &- Arithmetic.low(regs[s]))
        case .mul32r: regs[d] = Arithmetic.zext(Arithmetic.low(regs[d]) &* Arithmetic.low(regs[s]))
        case .div32r: regs[d] = Arithmetic.div32(regs[d], regs[s])
        case .sdiv32r: regs[d] = Arithmetic.sdiv32(regs[d], regs[s])
        case .or32r: regs[d] = Arithmetic.zext(Arithmetic.low(regs[d]) | Arithmetic.low(regs[s]))
        case .and32r: regs[d] = Arithmetic.zext(Arithmetic.low(regs[d]) & Arithmetic.low(regs[s]))
        case .lsh32r: regs[d] = Arithmetic.zext(Arithmetic.low(regs[d]) &<< Arithmetic.low(regs[s]))
        case .rsh32r: regs[d] = Arithmetic.zext(Arithmetic.low(regs[d]) &>> Arithmetic.low(regs[s]))
        case .mod32r: regs[d] = Arithmetic.mod32(regs[d], regs[s])
        case .smod32r: regs[d] = Arithmetic.smod32(regs[d], regs[s])
        case .xor32r: regs[d] = Arithmetic.zext(Arithmetic.low(regs[d]) ^ Arithmetic.low(regs[s]))
        case .mov32r: regs[d] = Arithmetic.zext(Arithmetic.low(regs[s]))
        case .arsh32r: regs[d] = Arithmetic.arsh32(regs[d], regs[s])

        case .neg64: regs[d] = 0 &- regs[d]
        case .lddw:
            regs[d] = op.imm
            ip += 2
            continue
        case .neg32: regs[d] = Arithmetic.zext(0 &- Arithmetic.low(regs[d]))
        case .movsx64b: regs[d] = Arithmetic.sext(regs[s], fromBits: 8)
        case .movsx64h: regs[d] = Arithmetic.sext(regs[s], fromBits: 16)
        case .movsx64w: regs[d] = Arithmetic.sext(regs[s], fromBits: 32)
        case .movsx32b: regs[d] = Arithmetic.zext(Arithmetic.low(Arithmetic.sext(regs[s], fromBits: 8)))
        case .movsx32h: regs[d] = Arithmetic.zext(Arithmetic.low(Arithmetic.sext(regs[s], fromBits: 16)))
        case .le16: regs[d] = UInt64(UInt16(truncatingIfNeeded: regs[d]))
        case .le32: regs[d] = Arithmetic.zext(Arithmetic.low(regs[d]))
        case .le64: break
        case .be16: regs[d] = UInt64(UInt16(truncatingIfNeeded: regs[d]).byteSwapped)
        case .be32: regs[d] = Arithmetic.zext(Arithmetic.low(regs[d]).byteSwapped)
        case .be64: regs[d] = regs[d].byteSwapped

        case .ldxb, .ldxsb:
            ctx.pointee.loads &+= 1
            let a = regs[s] &+ UInt64(bitPattern: Int64(op.off))
            guard let p = host(a, 1, write: false) else {
                // A probe load (`imm` 1) that faults reads 0, as BPF_PROBE_MEM does.
                if op.imm != 0 { regs[d] = 0; break }
                return .memoryFault(address: a, size: 1, write: false)
            }
            let v = UInt64(p.load(as: UInt8.self))
            regs[d] = op.kind == .ldxb ? v : Arithmetic.sext(v, fromBits: 8)
        case .ldxh, .ldxsh:
            ctx.pointee.loads &+= 1
            let a = regs[s] &+ UInt64(bitPattern: Int64(op.off))
            guard let p = host(a, 2, write: false) else {
                // A probe load (`imm` 1) that faults reads 0, as BPF_PROBE_MEM does.
                if op.imm != 0 { regs[d] = 0; break }
                return .memoryFault(address: a, size: 2, write: false)
            }
            let v = UInt64(p.loadUnaligned(as: UInt16.self))
            regs[d] = op.kind == .ldxh ? v : Arithmetic.sext(v, fromBits: 16)
        case .ldxw, .ldxsw:
            ctx.pointee.loads &+= 1
            let a = regs[s] &+ UInt64(bitPattern: Int64(op.off))
            guard let p = host(a, 4, write: false) else {
                // A probe load (`imm` 1) that faults reads 0, as BPF_PROBE_MEM does.
                if op.imm != 0 { regs[d] = 0; break }
                return .memoryFault(address: a, size: 4, write: false)
            }
            let v = UInt64(p.loadUnaligned(as: UInt32.self))
            regs[d] = op.kind == .ldxw ? v : Arithmetic.sext(v, fromBits: 32)
        case .ldxdw:
            ctx.pointee.loads &+= 1
            let a = regs[s] &+ UInt64(bitPattern: Int64(op.off))
            guard let p = host(a, 8, write: false) else {
                // A probe load (`imm` 1) that faults reads 0, as BPF_PROBE_MEM does.
                if op.imm != 0 { regs[d] = 0; break }
                return .memoryFault(address: a, size: 8, write: false)
            }
            regs[d] = p.loadUnaligned(as: UInt64.self)

        case .stb, .stxb:
            ctx.pointee.stores &+= 1
            let address = regs[d] &+ UInt64(bitPattern: Int64(op.off))
            guard let p = host(address, 1, write: true) else { return .memoryFault(address: address, size: 1, write: true) }
            p.storeBytes(of: UInt8(truncatingIfNeeded: op.kind == .stb ? op.imm : regs[s]), as: UInt8.self)
        case .sth, .stxh:
            ctx.pointee.stores &+= 1
            let address = regs[d] &+ UInt64(bitPattern: Int64(op.off))
            guard let p = host(address, 2, write: true) else { return .memoryFault(address: address, size: 2, write: true) }
            p.storeBytes(of: UInt16(truncatingIfNeeded: op.kind == .sth ? op.imm : regs[s]), as: UInt16.self)
        case .stw, .stxw:
            ctx.pointee.stores &+= 1
            let address = regs[d] &+ UInt64(bitPattern: Int64(op.off))
            guard let p = host(address, 4, write: true) else { return .memoryFault(address: address, size: 4, write: true) }
            p.storeBytes(of: UInt32(truncatingIfNeeded: op.kind == .stw ? op.imm : regs[s]), as: UInt32.self)
        case .stdw, .stxdw:
            ctx.pointee.stores &+= 1
            let address = regs[d] &+ UInt64(bitPattern: Int64(op.off))
            guard let p = host(address, 8, write: true) else { return .memoryFault(address: address, size: 8, write: true) }
            p.storeBytes(of: op.kind == .stdw ? op.imm : regs[s], as: UInt64.self)

        case .atomic32:
            ctx.pointee.atomics &+= 1
            let address = regs[d] &+ UInt64(bitPattern: Int64(op.off))
            guard let p = host(address, 4, write: true), host(address, 4, write: false) != nil else {
                return .memoryFault(address: address, size: 4, write: true)
            }
            atomic32(p, op, regs)
        case .atomic64:
            ctx.pointee.atomics &+= 1
            let address = regs[d] &+ UInt64(bitPattern: Int64(op.off))
            guard let p = host(address, 8, write: true), host(address, 8, write: false) != nil else {
                return .memoryFault(address: address, size: 8, write: true)
            }
            atomic64(p, op, regs)

        case .ja:
            branches &+= 1
            ip += Int(op.off)
            continue
        case .mayGoto:
            branches &+= 1
            if ctx.pointee.mayGoto == 0 {
                ip += Int(op.off)
                continue
            }
            ctx.pointee.mayGoto &-= 1

        case .jeq64i: branches &+= 1; if regs[d] == op.imm { ip += Int(op.off); continue }
        case .jgt64i: branches &+= 1; if regs[d] > op.imm { ip += Int(op.off); continue }
        case .jge64i: branches &+= 1; if regs[d] >= op.imm { ip += Int(op.off); continue }
        case .jset64i: branches &+= 1; if regs[d] & op.imm != 0 { ip += Int(op.off); continue }
        case .jne64i: branches &+= 1; if regs[d] != op.imm { ip += Int(op.off); continue }
        case .jsgt64i: branches &+= 1; if Int64(bitPattern: regs[d]) > Int64(bitPattern: op.imm) { ip += Int(op.off); continue }
        case .jsge64i: branches &+= 1; if Int64(bitPattern: regs[d]) >= Int64(bitPattern: op.imm) { ip += Int(op.off); continue }
        case .jlt64i: branches &+= 1; if regs[d] < op.imm { ip += Int(op.off); continue }
        case .jle64i: branches &+= 1; if regs[d] <= op.imm { ip += Int(op.off); continue }
        case .jslt64i: branches &+= 1; if Int64(bitPattern: regs[d]) < Int64(bitPattern: op.imm) { ip += Int(op.off); continue }
        case .jsle64i: branches &+= 1; if Int64(bitPattern: regs[d]) <= Int64(bitPattern: op.imm) { ip += Int(op.off); continue }

        case .jeq64r: branches &+= 1; if regs[d] == regs[s] { ip += Int(op.off); continue }
        case .jgt64r: branches &+= 1; if regs[d] > regs[s] { ip += Int(op.off); continue }
        case .jge64r: branches &+= 1; if regs[d] >= regs[s] { ip += Int(op.off); continue }
        case .jset64r: branches &+= 1; if regs[d] & regs[s] != 0 { ip += Int(op.off); continue }
        case .jne64r: branches &+= 1; if regs[d] != regs[s] { ip += Int(op.off); continue }
        case .jsgt64r: branches &+= 1; if Int64(bitPattern: regs[d]) > Int64(bitPattern: regs[s]) { ip += Int(op.off); continue }
        case .jsge64r: branches &+= 1; if Int64(bitPattern: regs[d]) >= Int64(bitPattern: regs[s]) { ip += Int(op.off); continue }
        case .jlt64r: branches &+= 1; if regs[d] < regs[s] { ip += Int(op.off); continue }
        case .jle64r: branches &+= 1; if regs[d] <= regs[s] { ip += Int(op.off); continue }
        case .jslt64r: branches &+= 1; if Int64(bitPattern: regs[d]) < Int64(bitPattern: regs[s]) { ip += Int(op.off); continue }
        case .jsle64r: branches &+= 1; if Int64(bitPattern: regs[d]) <= Int64(bitPattern: regs[s]) { ip += Int(op.off); continue }

        case .jeq32i: branches &+= 1; if Arithmetic.low(regs[d]) == Arithmetic.low(op.imm) { ip += Int(op.off); continue }
        case .jgt32i: branches &+= 1; if Arithmetic.low(regs[d]) > Arithmetic.low(op.imm) { ip += Int(op.off); continue }
        case .jge32i: branches &+= 1; if Arithmetic.low(regs[d]) >= Arithmetic.low(op.imm) { ip += Int(op.off); continue }
        case .jset32i: branches &+= 1; if Arithmetic.low(regs[d]) & Arithmetic.low(op.imm) != 0 { ip += Int(op.off); continue }
        case .jne32i: branches &+= 1; if Arithmetic.low(regs[d]) != Arithmetic.low(op.imm) { ip += Int(op.off); continue }
        case .jsgt32i: branches &+= 1; if signed32(regs[d]) > signed32(op.imm) { ip += Int(op.off); continue }
        case .jsge32i: branches &+= 1; if signed32(regs[d]) >= signed32(op.imm) { ip += Int(op.off); continue }
        case .jlt32i: branches &+= 1; if Arithmetic.low(regs[d]) < Arithmetic.low(op.imm) { ip += Int(op.off); continue }
        case .jle32i: branches &+= 1; if Arithmetic.low(regs[d]) <= Arithmetic.low(op.imm) { ip += Int(op.off); continue }
        case .jslt32i: branches &+= 1; if signed32(regs[d]) < signed32(op.imm) { ip += Int(op.off); continue }
        case .jsle32i: branches &+= 1; if signed32(regs[d]) <= signed32(op.imm) { ip += Int(op.off); continue }

        case .jeq32r: branches &+= 1; if Arithmetic.low(regs[d]) == Arithmetic.low(regs[s]) { ip += Int(op.off); continue }
        case .jgt32r: branches &+= 1; if Arithmetic.low(regs[d]) > Arithmetic.low(regs[s]) { ip += Int(op.off); continue }
        case .jge32r: branches &+= 1; if Arithmetic.low(regs[d]) >= Arithmetic.low(regs[s]) { ip += Int(op.off); continue }
        case .jset32r: branches &+= 1; if Arithmetic.low(regs[d]) & Arithmetic.low(regs[s]) != 0 { ip += Int(op.off); continue }
        case .jne32r: branches &+= 1; if Arithmetic.low(regs[d]) != Arithmetic.low(regs[s]) { ip += Int(op.off); continue }
        case .jsgt32r: branches &+= 1; if signed32(regs[d]) > signed32(regs[s]) { ip += Int(op.off); continue }
        case .jsge32r: branches &+= 1; if signed32(regs[d]) >= signed32(regs[s]) { ip += Int(op.off); continue }
        case .jlt32r: branches &+= 1; if Arithmetic.low(regs[d]) < Arithmetic.low(regs[s]) { ip += Int(op.off); continue }
        case .jle32r: branches &+= 1; if Arithmetic.low(regs[d]) <= Arithmetic.low(regs[s]) { ip += Int(op.off); continue }
        case .jslt32r: branches &+= 1; if signed32(regs[d]) < signed32(regs[s]) { ip += Int(op.off); continue }
        case .jsle32r: branches &+= 1; if signed32(regs[d]) <= signed32(regs[s]) { ip += Int(op.off); continue }

        case .callLocal, .callHelper, .callKfunc, .callx, .exit, .ldAbs, .ldInd, .fellOffEnd:
            return .driver
        }
        ip += 1
    }
}

@inline(__always)
private func signed32(_ v: UInt64) -> Int32 { Int32(truncatingIfNeeded: v) }

/// `BPF_STX | BPF_ATOMIC | BPF_W`: the operation on the 32-bit word at `p`; fetching forms put
/// the old value, zero-extended, in `src` (`r0` for `cmpxchg`, which compares its low half).
/// The simulator runs one program at a time, so plain read-modify-write is atomic.
@inline(__always)
private func atomic32(_ p: UnsafeMutableRawPointer, _ op: Op, _ regs: UnsafeMutablePointer<UInt64>) {
    let s = Int(op.src)
    let old = p.loadUnaligned(as: UInt32.self)
    let v = UInt32(truncatingIfNeeded: regs[s])
    switch AtomicCode(rawValue: op.imm).unsafelyUnwrapped {
    case .add, .fetchAdd: p.storeBytes(of: old &+ v, as: UInt32.self)
    case .or, .fetchOr: p.storeBytes(of: old | v, as: UInt32.self)
    case .and, .fetchAnd: p.storeBytes(of: old & v, as: UInt32.self)
    case .xor, .fetchXor: p.storeBytes(of: old ^ v, as: UInt32.self)
    case .xchg: p.storeBytes(of: v, as: UInt32.self)
    case .cmpxchg:
        if old == UInt32(truncatingIfNeeded: regs[0]) { p.storeBytes(of: v, as: UInt32.self) }
        regs[0] = UInt64(old)
        return
    }
    if op.imm >= AtomicCode.fetchAdd.rawValue { regs[s] = UInt64(old) }
}

/// `BPF_STX | BPF_ATOMIC | BPF_DW`, as ``atomic32(_:_:_:)`` on 64 bits.
@inline(__always)
private func atomic64(_ p: UnsafeMutableRawPointer, _ op: Op, _ regs: UnsafeMutablePointer<UInt64>) {
    let s = Int(op.src)
    let old = p.loadUnaligned(as: UInt64.self)
    let v = regs[s]
    switch AtomicCode(rawValue: op.imm).unsafelyUnwrapped {
    case .add, .fetchAdd: p.storeBytes(of: old &+ v, as: UInt64.self)
    case .or, .fetchOr: p.storeBytes(of: old | v, as: UInt64.self)
    case .and, .fetchAnd: p.storeBytes(of: old & v, as: UInt64.self)
    case .xor, .fetchXor: p.storeBytes(of: old ^ v, as: UInt64.self)
    case .xchg: p.storeBytes(of: v, as: UInt64.self)
    case .cmpxchg:
        if old == regs[0] { p.storeBytes(of: v, as: UInt64.self) }
        regs[0] = old
        return
    }
    if op.imm >= AtomicCode.fetchAdd.rawValue { regs[s] = old }
}
