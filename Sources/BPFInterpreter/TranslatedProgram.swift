import BPFISA

/// A program checked and translated once into the interpreter's compact form (one ``Op`` per
/// slot, absolute targets, extended immediates), in the spirit of WasmKit's translator: decode
/// and validate once, execute many times.
///
/// The checks are those without which execution itself would be ill-defined: every jump and
/// call lands on an instruction (not outside the program, not on the second slot of an `lddw`),
/// nothing writes `r10`, and the last instruction cannot fall through. Everything else
/// (uninitialised registers, pointer types, bounds) is the verifier's business or a run-time
/// fault.
public struct TranslatedProgram: Sendable {
    /// The source instructions, slot-indexed, for tracing and unwinding.
    public let instructions: [Instruction]
    /// The pcs at which a subprogram starts: 0 and every bpf-to-bpf call target, sorted.
    public let subprogramEntries: [Int]
    /// One ``Op`` per slot plus a trailing ``OpKind/fellOffEnd`` sentinel.
    let ops: [Op]

    /// Resolves the pseudo forms of `lddw` (map fds, map values, kernel variables, function
    /// addresses) to the 64-bit value the simulated kernel gives them; `nil` leaves the
    /// instruction unresolved, which is a translation error. Plain constants need no resolver.
    public typealias LoadImm64Resolver = (_ value: LoadImm64, _ pc: Int) -> UInt64?

    /// `probeLoads`: pcs of loads the kernel runs as `BPF_PROBE_MEM` (through BTF object
    /// pointers): when such a load faults it reads 0, as the kernel's exception table makes it.
    public init(_ instructions: [Instruction], resolve: LoadImm64Resolver? = nil, probeLoads: ProbeLoads = .none) throws(TranslationError) {
        self.instructions = instructions
        var translator = Translator(instructions: instructions, resolve: resolve, probeLoads: probeLoads)
        ops = try translator.translate()
        subprogramEntries = translator.subprogramEntries.sorted()
    }

    /// Which loads are `BPF_PROBE_MEM` loads.
    public enum ProbeLoads: Sendable {
        /// None: every faulting load is a fault.
        case none
        /// These pcs (the verifier's ``probeLoads``).
        case at(Set<Int>)
        /// Every load: for a program no verification describes (the unmodified baseline run
        /// beside a backend's program, priced but not checked).
        case all

        func contains(_ pc: Int) -> Bool {
            switch self {
            case .none: return false
            case .at(let pcs): return pcs.contains(pc)
            case .all: return true
            }
        }
    }

    /// The number of slots.
    public var count: Int { instructions.count }

    /// The entry pc of the subprogram holding `pc` (0 for the main program).
    public func subprogram(containing pc: Int) -> Int {
        var entry = 0
        for e in subprogramEntries where e <= pc { entry = e }
        return entry
    }
}

/// Translates one ``Instruction`` at a time into an ``Op``; separate from the public type so
/// that the rules read as one switch.
private struct Translator {
    let instructions: [Instruction]
    let resolve: TranslatedProgram.LoadImm64Resolver?
    let probeLoads: TranslatedProgram.ProbeLoads
    var subprogramEntries: Set<Int> = [0]

    init(instructions: [Instruction], resolve: TranslatedProgram.LoadImm64Resolver?, probeLoads: TranslatedProgram.ProbeLoads) {
        self.instructions = instructions
        self.resolve = resolve
        self.probeLoads = probeLoads
    }

    mutating func translate() throws(TranslationError) -> [Op] {
        guard !instructions.isEmpty else { throw TranslationError(pc: 0, message: "the program has no instructions") }
        var ops: [Op] = []
        ops.reserveCapacity(instructions.count + 1)
        var pc = 0
        while pc < instructions.count {
            let insn = instructions[pc]
            ops.append(try translate(insn, at: pc))
            if insn.slotCount == 2 {
                guard pc + 1 < instructions.count, instructions[pc + 1] == .continuation else {
                    throw TranslationError(pc: pc, message: "invalid BPF_LD_IMM insn: the second slot is missing")
                }
                ops.append(Op(.fellOffEnd, .alu))  // never executed: no jump may land here
            }
            pc += max(insn.slotCount, 1)
        }
        var last = instructions.count - 1
        if instructions[last] == .continuation { last -= 1 }
        switch instructions[last] {
        case .exit, .ja, .gotol: break
        default: throw TranslationError(pc: last, message: "last insn is not an exit or jmp")
        }
        ops.append(Op(.fellOffEnd, .alu))
        return ops
    }

    /// The target of a jump or call, checked, as a distance from `pc` (see ``Op``).
    private func target(from pc: Int, displacement: Int, isCall: Bool = false) throws(TranslationError) -> Int32 {
        let target = pc + displacement + 1
        guard target >= 0, target < instructions.count else {
            throw TranslationError(
                pc: pc,
                message: isCall ? "call to invalid destination \(target)" : "jump out of range from insn \(pc) to \(target)")
        }
        if instructions[target] == .continuation {
            throw TranslationError(pc: pc, message: "jump into the middle of ldimm64 insn \(target - 1)")
        }
        return Int32(target - pc)
    }

    private func writable(_ r: Register, at pc: Int) throws(TranslationError) -> UInt8 {
        guard r != .r10 else { throw TranslationError(pc: pc, message: "frame pointer is read only") }
        return r.index
    }

    private mutating func translate(_ insn: Instruction, at pc: Int) throws(TranslationError) -> Op {
        switch insn {
        case .alu(let op, let width, let dst, let src):
            let d = try writable(dst, at: pc)
            switch src {
            case .immediate(let imm):
                var value = width == .w64 ? UInt64(bitPattern: Int64(imm)) : UInt64(UInt32(bitPattern: imm))
                if op == .lsh || op == .rsh || op == .arsh { value &= width == .w64 ? 63 : 31 }
                return Op(aluKind(op, width, immediate: true), .alu, dst: d, imm: value)
            case .register(let s):
                return Op(aluKind(op, width, immediate: false), .alu, dst: d, src: s.index)
            }
        case .neg(let width, let dst):
            return Op(width == .w64 ? .neg64 : .neg32, .alu, dst: try writable(dst, at: pc))
        case .movsx(let width, let dst, let src, let from):
            let kind: OpKind
            switch (width, from) {
            case (.w64, .byte): kind = .movsx64b
            case (.w64, .half): kind = .movsx64h
            case (.w64, .word): kind = .movsx64w
            case (.w32, .byte): kind = .movsx32b
            case (.w32, .half): kind = .movsx32h
            default: throw TranslationError(pc: pc, message: "invalid movsx from \(from.bits) bits")
            }
            return Op(kind, .alu, dst: try writable(dst, at: pc), src: src.index)
        case .byteSwap(let swap, let bits, let dst):
            let kind: OpKind
            switch (swap, bits) {
            case (.toLittleEndian, 16): kind = .le16
            case (.toLittleEndian, 32): kind = .le32
            case (.toLittleEndian, 64): kind = .le64
            case (_, 16): kind = .be16
            case (_, 32): kind = .be32
            case (_, 64): kind = .be64
            default: throw TranslationError(pc: pc, message: "invalid byte swap of \(bits) bits")
            }
            return Op(kind, .alu, dst: try writable(dst, at: pc))
        case .load(let size, let signExtend, let dst, let base, let offset):
            let kind: OpKind
            switch (size, signExtend) {
            case (.byte, false): kind = .ldxb
            case (.half, false): kind = .ldxh
            case (.word, false): kind = .ldxw
            case (.double, false): kind = .ldxdw
            case (.byte, true): kind = .ldxsb
            case (.half, true): kind = .ldxsh
            case (.word, true): kind = .ldxsw
            case (.double, true): throw TranslationError(pc: pc, message: "invalid sign-extending load of 8 bytes")
            }
            // A load's `imm` is otherwise unused: 1 marks a probe load.
            return Op(kind, .load, dst: try writable(dst, at: pc), src: base.index, off: Int32(offset), imm: probeLoads.contains(pc) ? 1 : 0)
        case .store(let size, let base, let offset, let value):
            switch value {
            case .immediate(let imm):
                let kind: OpKind
                switch size {
                case .byte: kind = .stb
                case .half: kind = .sth
                case .word: kind = .stw
                case .double: kind = .stdw
                }
                return Op(kind, .store, dst: base.index, off: Int32(offset), imm: UInt64(bitPattern: Int64(imm)))
            case .register(let src):
                let kind: OpKind
                switch size {
                case .byte: kind = .stxb
                case .half: kind = .stxh
                case .word: kind = .stxw
                case .double: kind = .stxdw
                }
                return Op(kind, .store, dst: base.index, src: src.index, off: Int32(offset))
            }
        case .atomic(let op, let size, let base, let offset, let src):
            guard size == .word || size == .double else {
                throw TranslationError(pc: pc, message: "invalid atomic operand size \(size.bytes)")
            }
            if op == .cmpxchg {
                _ = try writable(.r0, at: pc)
            } else if op.fetches {
                _ = try writable(src, at: pc)
            }
            let code: AtomicCode
            switch op {
            case .add(let fetch): code = fetch ? .fetchAdd : .add
            case .or(let fetch): code = fetch ? .fetchOr : .or
            case .and(let fetch): code = fetch ? .fetchAnd : .and
            case .xor(let fetch): code = fetch ? .fetchXor : .xor
            case .xchg: code = .xchg
            case .cmpxchg: code = .cmpxchg
            }
            return Op(
                size == .word ? .atomic32 : .atomic64, .atomic, dst: base.index, src: src.index, off: Int32(offset),
                imm: code.rawValue)
        case .loadImm64(let dst, let value):
            let d = try writable(dst, at: pc)
            let resolved: UInt64
            if case .value(let v) = value {
                resolved = v
            } else if let v = resolve?(value, pc) {
                resolved = v
            } else {
                throw TranslationError(pc: pc, message: "lddw \(pseudoName(value)) is not resolved (needs the kernel model)")
            }
            return Op(.lddw, .alu, dst: d, imm: resolved)
        case .loadPacketAbsolute(let size, let offset):
            return Op(.ldAbs, .load, off: Int32(size.bytes), imm: UInt64(bitPattern: Int64(offset)))
        case .loadPacketIndirect(let size, let src, let offset):
            return Op(.ldInd, .load, src: src.index, off: Int32(size.bytes), imm: UInt64(bitPattern: Int64(offset)))
        case .ja(let offset):
            return Op(.ja, .branch, off: try target(from: pc, displacement: Int(offset)))
        case .gotol(let offset):
            return Op(.ja, .branch, off: try target(from: pc, displacement: Int(offset)))
        case .jump(let cond, let width, let dst, let src, let offset):
            let t = try target(from: pc, displacement: Int(offset))
            switch src {
            case .immediate(let imm):
                let value = width == .w64 ? UInt64(bitPattern: Int64(imm)) : UInt64(UInt32(bitPattern: imm))
                return Op(jumpKind(cond, width, immediate: true), .branch, dst: dst.index, off: t, imm: value)
            case .register(let s):
                return Op(jumpKind(cond, width, immediate: false), .branch, dst: dst.index, src: s.index, off: t)
            }
        case .mayGoto(let offset):
            return Op(.mayGoto, .branch, off: try target(from: pc, displacement: Int(offset)))
        case .call(.helper(let id)):
            return Op(.callHelper, .helper, imm: UInt64(bitPattern: Int64(id)))
        case .call(.local(let offset)):
            let t = try target(from: pc, displacement: Int(offset), isCall: true)
            subprogramEntries.insert(pc + Int(t))
            return Op(.callLocal, .call, off: t)
        case .call(.kfunc(let btfID, let module)):
            return Op(.callKfunc, .kfunc, off: Int32(module), imm: UInt64(bitPattern: Int64(btfID)))
        case .callx(let r):
            return Op(.callx, .helper, dst: r.index)
        case .exit:
            return Op(.exit, .call)
        case .continuation:
            throw TranslationError(pc: pc, message: "invalid BPF_LD_IMM insn: a second slot without its first")
        }
    }

    private func pseudoName(_ value: LoadImm64) -> String {
        switch value {
        case .value(let v): return hex(v)
        case .mapFD(let fd): return "of map fd \(fd)"
        case .mapValue(let fd, let off): return "of map value fd \(fd) + \(off)"
        case .btfID(let id, let module): return "of kernel variable btf_id \(id) (module \(module))"
        case .function(let off): return "of function at +\(off)"
        case .mapIndex(let i): return "of map index \(i)"
        case .mapIndexValue(let i, let off): return "of map index \(i) value + \(off)"
        }
    }

    private func aluKind(_ op: ALUOperation, _ width: Width, immediate: Bool) -> OpKind {
        let order: [ALUOperation] = [.add, .sub, .mul, .div, .sdiv, .or, .and, .lsh, .rsh, .mod, .smod, .xor, .mov, .arsh]
        let base: OpKind
        switch (width, immediate) {
        case (.w64, true): base = .add64i
        case (.w64, false): base = .add64r
        case (.w32, true): base = .add32i
        case (.w32, false): base = .add32r
        }
        return OpKind(rawValue: base.rawValue + UInt8(order.firstIndex(of: op) ?? 0)).unsafelyUnwrapped
    }

    private func jumpKind(_ cond: JumpCondition, _ width: Width, immediate: Bool) -> OpKind {
        let order: [JumpCondition] = [.eq, .gt, .ge, .set, .ne, .sgt, .sge, .lt, .le, .slt, .sle]
        let base: OpKind
        switch (width, immediate) {
        case (.w64, true): base = .jeq64i
        case (.w64, false): base = .jeq64r
        case (.w32, true): base = .jeq32i
        case (.w32, false): base = .jeq32r
        }
        return OpKind(rawValue: base.rawValue + UInt8(order.firstIndex(of: cond) ?? 0)).unsafelyUnwrapped
    }
}
