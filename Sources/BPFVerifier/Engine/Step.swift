import BPFISA
import BPFKernelModel

/// One instruction's abstract semantics: the dispatch of `do_check`.
extension VerifierRun {
    func step(_ state: inout VerifierState, parent: Int?) throws(VerifierError) -> StepOutcome {
        let pc = state.pc
        let insn = insns[pc]
        switch insn {
        case .alu(let op, let width, let dst, let src):
            try checkALU(&state, op: op, width: width, dst: dst, src: src, pc: pc, parent: parent)
            return .next(pc + 1)
        case .neg(let width, let dst):
            try checkUnary(&state, width: width, dst: dst, pc: pc) { $0.negate(width: width) }
            return .next(pc + 1)
        case .byteSwap(let kind, let bits, let dst):
            try checkUnary(&state, width: .w64, dst: dst, pc: pc) { $0.byteSwap(kind, bits: bits) }
            return .next(pc + 1)
        case .movsx(let width, let dst, let src, let from):
            try checkMovSX(&state, width: width, dst: dst, src: src, from: from, pc: pc)
            return .next(pc + 1)
        case .load(let size, let signExtend, let dst, let base, let offset):
            try checkLoad(&state, size: size, signExtend: signExtend, dst: dst, base: base, offset: Int(offset), pc: pc)
            return .next(pc + 1)
        case .store(let size, let base, let offset, let value):
            try checkStore(&state, size: size, base: base, offset: Int(offset), value: value, pc: pc)
            return .next(pc + 1)
        case .atomic(let op, let size, let base, let offset, let src):
            try checkAtomic(&state, op: op, size: size, base: base, offset: Int(offset), src: src, pc: pc)
            return .next(pc + 1)
        case .loadImm64(let dst, let value):
            try checkLoadImm64(&state, dst: dst, value: value, pc: pc)
            return .next(pc + 2)
        case .loadPacketAbsolute, .loadPacketIndirect:
            try checkLegacyPacketLoad(&state, insn: insn, pc: pc)
            return .next(pc + 1)
        case .ja(let off):
            jmpsProcessed += 1
            return .next(pc + Int(off) + 1)
        case .gotol(let off):
            jmpsProcessed += 1
            return .next(pc + Int(off) + 1)
        case .jump(let cond, let width, let dst, let src, let off):
            jmpsProcessed += 1
            return try checkCondJump(&state, cond: cond, width: width, dst: dst, src: src, target: pc + Int(off) + 1, parent: parent)
        case .mayGoto(let off):
            jmpsProcessed += 1
            // The fall-through (another iteration) is queued; the current path takes the jump
            // (budget exhausted), as the kernel does.
            var again = state
            again.mayGotoDepth += 1
            again.pc = pc + 1
            if let prev = previousLoopEntry(at: pc, for: state, excluding: parent) {
                widenImpreciseScalars(&again, against: prev, pc: pc)
            }
            try push(again, parent: parent, fromPC: pc)
            return .next(pc + Int(off) + 1)
        case .call(let target):
            jmpsProcessed += 1
            return try checkCall(&state, target: target, pc: pc, parent: parent)
        case .callx:
            throw VerifierError("BPF_CALL uses reserved fields", pc: pc)
        case .exit:
            jmpsProcessed += 1
            return try checkExit(&state, pc: pc, parent: parent)
        case .continuation:
            throw VerifierError("invalid BPF_LD_IMM insn", pc: pc)
        }
    }

    // MARK: - Register access (check_reg_arg)

    /// Reads a register as a source operand (`R%d !read_ok` when it was never written).
    func readReg(_ state: VerifierState, _ r: Register, pc: Int) throws(VerifierError) -> RegState {
        let reg = state.current[r]
        log.scratchedRegisters.insert(Int(r.index))
        if reg.type == .notInit { throw VerifierError("R\(r.index) !read_ok", pc: pc) }
        return reg
    }

    /// Checks a destination register (`frame pointer is read only`).
    func checkDst(_ r: Register, pc: Int) throws(VerifierError) {
        if r == .fp { throw VerifierError("frame pointer is read only", pc: pc) }
        log.scratchedRegisters.insert(Int(r.index))
    }

    /// Writes a destination register.
    func setReg(_ state: inout VerifierState, _ r: Register, _ value: RegState) {
        state.current[r] = value
        log.scratchedRegisters.insert(Int(r.index))
    }

    // MARK: - lddw

    private func checkLoadImm64(_ state: inout VerifierState, dst: Register, value: LoadImm64, pc: Int) throws(VerifierError) {
        try checkDst(dst, pc: pc)
        switch value {
        case .value(let v):
            setReg(&state, dst, .scalar(v))
        case .mapFD(let i), .mapIndex(let i):
            guard Int(i) >= 0, Int(i) < program.maps.count else { throw VerifierError("fd \(i) is not pointing to valid bpf_map", pc: pc) }
            setReg(&state, dst, RegState(type: .mapPointer(map: Int(i))))
        case .mapValue(let i, let off), .mapIndexValue(let i, let off):
            guard Int(i) >= 0, Int(i) < program.maps.count else { throw VerifierError("fd \(i) is not pointing to valid bpf_map", pc: pc) }
            let map = program.maps[Int(i)]
            guard off < map.valueSize || (off == 0 && map.valueSize == 0) else {
                throw VerifierError("invalid access to map value pointer, value_size=\(map.valueSize) off=\(off)", pc: pc)
            }
            setReg(&state, dst, RegState(type: .mapValue(map: Int(i)), flags: map.isReadOnly ? [.readOnly] : [], off: Int32(off)))
        case .function(let off):
            guard let sub = cfg.subprog(startingAt: pc + Int(off) + 1) else { throw VerifierError("call to invalid destination", pc: pc) }
            setReg(&state, dst, RegState(type: .function(subprog: sub)))
        case .btfID(let id, _):
            let name = program.ksyms[id].flatMap { $0.btfTypeID }.map { program.btf.typeName($0) } ?? "ksym"
            setReg(&state, dst, RegState(type: .btfObject(BTFObjectType(name: name)), flags: [.trusted]))
        }
    }

    // MARK: - Legacy packet loads

    private func checkLegacyPacketLoad(_ state: inout VerifierState, insn: Instruction, pc: Int) throws(VerifierError) {
        guard [.socketFilter, .schedCls, .schedAct].contains(program.programType) else {
            throw VerifierError("BPF_LD_[ABS|IND] instructions not allowed for this program type", pc: pc)
        }
        let ctx = try readReg(state, .r6, pc: pc)
        guard ctx.type == .context else {
            throw VerifierError("at the time of BPF_LD_ABS|IND R6 != pointer to skb", pc: pc)
        }
        if case .loadPacketIndirect(_, let src, _) = insn { _ = try readReg(state, src, pc: pc) }
        if let err = state.resourceLeakError(prefix: "BPF_LD_[ABS|IND]", pc: pc, checkLock: true) { throw err }
        for r in 1...5 { state.current.regs[r] = .notInit }
        var size = AccessSize.word
        if case .loadPacketAbsolute(let s, _) = insn { size = s }
        if case .loadPacketIndirect(let s, _, _) = insn { size = s }
        setReg(&state, .r0, .scalar(.range(0, size == .word ? UInt64(UInt32.max) : (1 << UInt64(size.bits)) - 1)))
    }
}
