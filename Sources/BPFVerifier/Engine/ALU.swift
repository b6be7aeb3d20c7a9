import BPFISA

/// ALU instructions: `check_alu_op`, `adjust_reg_min_max_vals`, `adjust_ptr_min_max_vals`.
extension VerifierRun {
    /// `BPF_MAX_VAR_OFF`: the largest offset a pointer may carry.
    static let maxVarOff: Int64 = 1 << 29

    func checkALU(
        _ state: inout VerifierState, op: ALUOperation, width: Width, dst: Register, src: Operand, pc: Int,
        parent: Int? = nil
    ) throws(VerifierError) {
        // Source operand first, as the kernel checks it.
        var srcReg: RegState
        switch src {
        case .register(let r):
            srcReg = try readReg(state, r, pc: pc)
        case .immediate(let imm):
            if (op == .div || op == .sdiv || op == .mod || op == .smod) && imm == 0 {
                throw VerifierError("div by zero", pc: pc)
            }
            if [.lsh, .rsh, .arsh].contains(op), imm < 0 || imm >= (width == .w64 ? 64 : 32) {
                throw VerifierError("invalid shift \(imm)", pc: pc)
            }
            let v: UInt64 = width == .w64 ? UInt64(bitPattern: Int64(imm)) : UInt64(UInt32(bitPattern: imm))
            srcReg = .scalar(v)
        }
        if op == .mov {
            try checkDst(dst, pc: pc)
            try checkMove(&state, width: width, dst: dst, src: src, srcReg: &srcReg, pc: pc)
            return
        }
        var dstReg = try readReg(state, dst, pc: pc)
        try checkDst(dst, pc: pc)
        if dstReg.isPointer || srcReg.isPointer {
            try pointerArithmetic(&state, op: op, width: width, dst: dst, dstReg: dstReg, srcReg: srcReg, src: src, pc: pc)
            return
        }
        // `maybe_fork_scalars` (6.18.44): AND/OR of a [-1,0] scalar with a constant forks the
        // state. A copy with the register 0 is pushed to run this instruction again, and this
        // path goes on with -1, so each side computes a constant. Modelled for 64-bit ops.
        if (op == .and || op == .or), width == .w64, srcReg.value.isConst, dstReg.value.smin == -1, dstReg.value.smax == 0 {
            var zero = state
            zero.current[dst] = .scalar(0)
            try push(zero, parent: parent, fromPC: pc)
            dstReg = .scalar(UInt64.max)
        }
        dstReg.value.apply(op, srcReg.value, width: width)
        linkAfterALU(&dstReg, op: op, src: srcReg, width: width)
        setReg(&state, dst, dstReg)
    }

    /// The id rule after scalar ALU (`adjust_reg_min_max_vals`): `rX += K` / `rX -= K` on a
    /// linked scalar keeps the link with the delta K (once; 32- and 64-bit links do not mix);
    /// any other operation unlinks it.
    private func linkAfterALU(_ r: inout RegState, op: ALUOperation, src: RegState, width: Width) {
        func unlink() {
            r.id = 0
            r.off = 0
            r.addConst = .none
        }
        let alu32 = width == .w32
        guard op == .add || op == .sub, r.id != 0, src.type == .scalar, src.value.isConst(alu32), r.addConst == .none
        else { return unlink() }
        let value = src.value.constValue(alu32)
        if !alu32 {
            let signed = Int64(bitPattern: value)
            if signed < Int64(Int32.min) || signed > Int64(Int32.max) { return unlink() }
        }
        var delta = Int32(truncatingIfNeeded: value)
        if op == .sub {
            if delta == Int32.min { return unlink() }
            delta = -delta
        }
        r.addConst = alu32 ? .add32 : .add64
        r.off = delta
    }

    /// `assign_scalar_id_before_mov`: a copy shares the source's id so a branch narrows both;
    /// a source already linked by a delta loses that link (one delta per chain).
    func assignScalarIDBeforeMove(_ state: inout VerifierState, _ r: Register, _ reg: inout RegState) {
        if assignScalarIDBeforeMove(&reg) { setReg(&state, r, reg) }
    }

    /// The same for a spilled copy; whether `reg` changed.
    @discardableResult
    func assignScalarIDBeforeMove(_ reg: inout RegState) -> Bool {
        guard reg.type == .scalar else { return false }
        var changed = false
        if reg.addConst != .none {
            reg.id = 0
            reg.off = 0
            reg.addConst = .none
            changed = true
        }
        if reg.id == 0 && !reg.value.isConst {
            reg.id = newID()
            changed = true
        }
        return changed
    }

    /// `dst = src`: copies share a scalar id so a later branch narrows both.
    private func checkMove(
        _ state: inout VerifierState, width: Width, dst: Register, src: Operand, srcReg: inout RegState, pc: Int
    ) throws(VerifierError) {
        guard case .register(let s) = src else {
            setReg(&state, dst, srcReg)
            return
        }
        if width == .w64 {
            assignScalarIDBeforeMove(&state, s, &srcReg)
            setReg(&state, dst, srcReg)
            return
        }
        // 32-bit move: a pointer becomes an unknown scalar (privileged), a scalar is truncated.
        guard srcReg.type == .scalar else {
            var r = RegState.unknownScalar
            r.value.zeroExtend32()
            r.value.sync()
            setReg(&state, dst, r)
            return
        }
        let fits = srcReg.value.umax <= UInt64(UInt32.max)
        if fits { assignScalarIDBeforeMove(&state, s, &srcReg) }
        var r = srcReg
        if !fits {
            r.id = 0
            r.off = 0
            r.addConst = .none
        }
        r.value.zeroExtend32()
        r.value.sync()
        setReg(&state, dst, r)
    }

    func checkMovSX(
        _ state: inout VerifierState, width: Width, dst: Register, src: Register, from: AccessSize, pc: Int
    ) throws(VerifierError) {
        var srcReg = try readReg(state, src, pc: pc)
        try checkDst(dst, pc: pc)
        guard srcReg.type == .scalar else {
            setReg(&state, dst, width == .w32 ? .scalar(.range(0, UInt64(UInt32.max))) : .unknownScalar)
            return
        }
        let noSignExtension = srcReg.value.umax < (1 << UInt64(from.bits - 1))
        if noSignExtension { assignScalarIDBeforeMove(&state, src, &srcReg) }
        var r = srcReg
        if !noSignExtension {
            r.id = 0
            r.off = 0
            r.addConst = .none
        }
        if width == .w64 {
            r.value.signExtend(fromBytes: from.bytes)
        } else {
            r.value.signExtendSubreg(fromBytes: from.bytes)
            r.value.zeroExtend32()
        }
        r.value.sync()
        setReg(&state, dst, r)
    }

    /// `neg` and byte swaps: computed on scalars; a pointer (`is_pointer_value` is false for a
    /// privileged load) becomes an unknown scalar, as `check_reg_arg(DST_OP)` leaves it.
    func checkUnary(
        _ state: inout VerifierState, width: Width, dst: Register, pc: Int, _ apply: (inout Scalar) -> Void
    ) throws(VerifierError) {
        var r = try readReg(state, dst, pc: pc)
        try checkDst(dst, pc: pc)
        guard r.type == .scalar else {
            setReg(&state, dst, .unknownScalar)
            return
        }
        apply(&r.value)
        r.id = 0
        r.off = 0
        r.addConst = .none
        setReg(&state, dst, r)
    }

    // MARK: - Pointer arithmetic

    private func pointerArithmetic(
        _ state: inout VerifierState, op: ALUOperation, width: Width, dst: Register, dstReg: RegState,
        srcReg: RegState, src: Operand, pc: Int
    ) throws(VerifierError) {
        if dstReg.isPointer && srcReg.isPointer {
            guard op == .sub, width == .w64 else {
                throw VerifierError("R\(dst.index) pointer \(Self.operatorText(op)) pointer prohibited", pc: pc)
            }
            setReg(&state, dst, .unknownScalar)
            return
        }
        guard width == .w64 else { throw VerifierError("R\(dst.index) 32-bit pointer arithmetic prohibited", pc: pc) }
        let ptr = dstReg.isPointer ? dstReg : srcReg
        let offReg = dstReg.isPointer ? srcReg : dstReg
        let fmt = StateFormat(maps: program.maps)
        let typeText = fmt.typeName(ptr)
        if ptr.isMaybeNull {
            throw VerifierError("R\(dst.index) pointer arithmetic on \(typeText) prohibited, null-check it first", pc: pc)
        }
        let known = offReg.value.isConst
        let k = offReg.value.smin
        switch ptr.type {
        case .context, .mapValue, .mapKey, .stack, .packetMeta, .packet, .btfObject, .memory, .function:
            break
        case .mapPointer where known && k == 0 && op == .add:
            break
        default:
            throw VerifierError("R\(dst.index) pointer arithmetic on \(typeText) prohibited", pc: pc)
        }
        switch op {
        case .add, .sub: break
        case .and, .or, .xor:
            throw VerifierError("R\(dst.index) bitwise operator \(Self.operatorText(op)) on pointer prohibited", pc: pc)
        default:
            throw VerifierError("R\(dst.index) pointer arithmetic with \(Self.operatorText(op)) operator prohibited", pc: pc)
        }
        if op == .sub && !dstReg.isPointer {
            throw VerifierError("R\(dst.index) tried to subtract pointer from scalar", pc: pc)
        }
        // check_reg_sane_offset on both operands.
        let baseName = fmt.typeName(RegState(type: ptr.type))
        if known && (k >= Self.maxVarOff || k <= -Self.maxVarOff) {
            throw VerifierError("math between \(baseName) pointer and \(k) is not allowed", pc: pc)
        }
        if offReg.value.smin == .min {
            throw VerifierError("math between \(baseName) pointer and register with unbounded min value is not allowed", pc: pc)
        }
        if offReg.value.smin >= Self.maxVarOff || offReg.value.smin <= -Self.maxVarOff {
            throw VerifierError("value \(offReg.value.smin) makes \(baseName) pointer be out of bounds", pc: pc)
        }
        var result = ptr
        let isPacket = ptr.type == .packet || ptr.type == .packetMeta
        let sum = op == .add ? Int64(ptr.off) + k : Int64(ptr.off) - k
        if known && sum == Int64(Int32(truncatingIfNeeded: sum)) {
            result.off = Int32(sum)
        } else {
            var v = ptr.value
            v.apply(op == .add ? .add : .sub, offReg.value, width: .w64)
            result.value = v
            if isPacket {
                result.id = newID()
                if op == .add || offReg.value.smin < 0 { result.range = 0 }
            }
        }
        if result.off >= Int32(Self.maxVarOff) || result.off <= -Int32(Self.maxVarOff) {
            throw VerifierError("\(baseName) pointer offset \(result.off) is not allowed", pc: pc)
        }
        setReg(&state, dst, result)
    }

    static func operatorText(_ op: ALUOperation) -> String {
        switch op {
        case .add: return "+="
        case .sub: return "-="
        case .mul: return "*="
        case .div, .sdiv: return "/="
        case .or: return "|="
        case .and: return "&="
        case .lsh: return "<<="
        case .rsh: return ">>="
        case .mod, .smod: return "%="
        case .xor: return "^="
        case .mov: return "="
        case .arsh: return "s>>="
        }
    }
}
