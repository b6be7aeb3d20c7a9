import BPFISA

/// Conditional jumps: `check_cond_jmp_op` with `is_branch_taken`, `reg_set_min_max`,
/// NULL checks (`mark_ptr_or_null_regs`), packet range checks (`try_match_pkt_pointers`) and
/// linked scalars (`sync_linked_regs`).
extension VerifierRun {
    func checkCondJump(
        _ state: inout VerifierState, cond: JumpCondition, width: Width, dst: Register, src: Operand, target: Int,
        parent: Int?
    ) throws(VerifierError) -> StepOutcome {
        let pc = state.pc
        let dstReg = try readReg(state, dst, pc: pc)
        let srcReg: RegState
        var srcRegister: Register?
        switch src {
        case .register(let r):
            srcReg = try readReg(state, r, pc: pc)
            srcRegister = r
        case .immediate(let imm):
            srcReg = .scalar(UInt64(bitPattern: Int64(imm)))
        }
        if let known = branchTaken(dstReg, srcReg, cond, width: width) {
            if dstReg.type == .scalar || (srcRegister != nil && srcReg.type == .scalar) { activateJump(pc, parent: parent) }
            return .next(known ? target : pc + 1)
        }
        var taken = state
        taken.pc = target
        var notTaken = state

        if dstReg.type == .scalar && srcReg.type == .scalar {
            var dT = dstReg, sT = srcReg, dF = dstReg, sF = srcReg
            Scalar.refine(&dT.value, &sT.value, cond, taken: true, width: width)
            Scalar.refine(&dF.value, &sF.value, cond, taken: false, width: width)
            let takenLive = !dT.value.isEmpty && !sT.value.isEmpty
            let fallLive = !dF.value.isEmpty && !sF.value.isEmpty
            assign(&taken, dst, dT)
            assign(&notTaken, dst, dF)
            if let r = srcRegister {
                assign(&taken, r, sT)
                assign(&notTaken, r, sF)
            }
            // Bounds left one side (or neither) possible: the branch was predicted.
            if !(takenLive && fallLive) { activateJump(pc, parent: parent) }
            if takenLive && !fallLive { state = taken; return .next(target) }
            if !takenLive && fallLive { state = notTaken; return .next(pc + 1) }
            if !takenLive && !fallLive { return .end }
        } else if width == .w64, cond == .eq || cond == .ne, srcReg.isNullScalar, dstReg.isMaybeNull, dstReg.id != 0 {
            markPointerOrNull(&taken, id: dstReg.id, isNull: cond == .eq)
            markPointerOrNull(&notTaken, id: dstReg.id, isNull: cond == .ne)
        } else if width == .w64, cond == .eq || cond == .ne, dstReg.isNullScalar, srcReg.isMaybeNull, srcReg.id != 0 {
            markPointerOrNull(&taken, id: srcReg.id, isNull: cond == .eq)
            markPointerOrNull(&notTaken, id: srcReg.id, isNull: cond == .ne)
        } else if width == .w64 {
            matchPacketPointers(cond: cond, dst: dstReg, src: srcReg, taken: &taken, notTaken: &notTaken)
        }
        try push(taken, parent: parent, fromPC: pc)
        state = notTaken
        return .next(pc + 1)
    }

    /// `is_branch_taken`: scalars by their bounds; a pointer `reg_not_null` knows is not NULL
    /// against 0.
    private func branchTaken(_ a: RegState, _ b: RegState, _ cond: JumpCondition, width: Width) -> Bool? {
        if a.type == .scalar && b.type == .scalar {
            return Scalar.branchTaken(a.value, b.value, cond, width: width)
        }
        if a.isPointer && b.isPointer { return nil }
        guard width == .w64 else { return nil }
        let (ptr, other) = a.isPointer ? (a, b) : (b, a)
        guard other.isNullScalar, Self.regNotNull(ptr) else { return nil }
        switch cond {
        case .eq: return false
        case .ne: return true
        default: return nil
        }
    }

    /// `reg_not_null`: the pointer types the kernel knows are never NULL. The stack, the
    /// context, packet pointers and untrusted BTF pointers are not among them, so a comparison
    /// of those with 0 explores both sides.
    static func regNotNull(_ r: RegState) -> Bool {
        if r.isMaybeNull { return false }
        switch r.type {
        case .socket, .tcpSock, .sockCommon, .mapValue, .mapKey, .mapPointer:
            return true
        case .memory:
            return !r.flags.contains(.untrusted)
        case .btfObject:
            // `is_trusted_reg`: referenced, or only trusted modifiers (MEM_RCU is not one).
            if r.refObjID != 0 { return true }
            let trusted: PointerFlags = [.trusted, .allocated, .nonOwning]
            return !r.flags.isDisjoint(with: trusted) && r.flags.subtracting(trusted).isEmpty
        default:
            return false
        }
    }

    /// Sets a register and every scalar linked to it by id, in all frames and spill slots
    /// (`sync_linked_regs`): a link with a delta gets the known value plus the difference of
    /// the deltas; 32- and 64-bit links do not mix.
    private func assign(_ state: inout VerifierState, _ r: Register, _ value: RegState) {
        state.current[r] = value
        guard value.type == .scalar, value.id != 0 else { return }
        func sync(_ reg: inout RegState) {
            guard reg.type == .scalar, reg.id == value.id else { return }
            let kinds: Set<ScalarLink> = [reg.addConst, value.addConst]
            if kinds == [.add32, .add64] { return }
            if (reg.addConst == .none && value.addConst == .none) || reg.off == value.off {
                reg = value
                return
            }
            let delta = Int64(reg.off) - Int64(value.off)
            var synced = value
            synced.off = reg.off
            synced.addConst = reg.addConst
            synced.value.apply(.add, .known(UInt64(bitPattern: delta)), width: .w64)
            if kinds.contains(.add32) {
                synced.value.zeroExtend32()
                synced.value.sync()
            }
            reg = synced
        }
        for f in state.frames.indices {
            for i in 0..<10 { sync(&state.frames[f].regs[i]) }
            for s in state.frames[f].stack.indices where state.frames[f].stack[s].types[7] == .spill {
                sync(&state.frames[f].stack[s].spilled)
            }
        }
    }

    /// `mark_ptr_or_null_regs`: every copy of a maybe-NULL pointer becomes NULL (a scalar 0)
    /// or a valid pointer; on the NULL side an acquired reference is dropped.
    func markPointerOrNull(_ state: inout VerifierState, id: UInt32, isNull: Bool) {
        if isNull, let i = state.refs.firstIndex(where: { $0.id == id }) {
            state.refs.remove(at: i)
        }
        func mark(_ r: inout RegState) {
            guard r.isMaybeNull, r.id == id else { return }
            if isNull {
                r = .scalar(0)
            } else {
                r.flags.remove(.maybeNull)
                // A map value holding a bpf_spin_lock keeps its id: the lock is named by it
                // (`reg_may_point_to_spin_lock`).
                if case .mapValue(let m) = r.type, specialFields(ofMap: m).spinLock != nil { return }
                r.id = 0
            }
        }
        for f in state.frames.indices {
            for i in 0..<11 { mark(&state.frames[f].regs[i]) }
            for s in state.frames[f].stack.indices where state.frames[f].stack[s].types[7] == .spill {
                mark(&state.frames[f].stack[s].spilled)
            }
        }
    }

    /// `try_match_pkt_pointers` / `find_good_pkt_pointers`: `pkt + N <= pkt_end` proves `N`
    /// readable bytes for every packet pointer with the same id;
    /// `data_meta + N <= data` proves `N` bytes of metadata the same way (`pkt_meta' > pkt_data`
    /// against the unmodified packet start, `reg_is_init_pkt_pointer`).
    private func matchPacketPointers(cond: JumpCondition, dst: RegState, src: RegState, taken: inout VerifierState, notTaken: inout VerifierState) {
        func isInitPacket(_ r: RegState) -> Bool { r.type == .packet && r.off == 0 && r.value.constValue == 0 }
        let dstIsData = (dst.type == .packet && src.type == .packetEnd) || (dst.type == .packetMeta && isInitPacket(src))
        let dstIsEnd = (dst.type == .packetEnd && src.type == .packet) || (isInitPacket(dst) && src.type == .packetMeta)
        guard dstIsData || dstIsEnd else { return }
        let pkt = dstIsData ? dst : src
        switch cond {
        case .gt:
            if dstIsData { goodPackets(&notTaken, pkt, rightOpen: false) } else { goodPackets(&taken, pkt, rightOpen: true) }
        case .lt:
            if dstIsData { goodPackets(&taken, pkt, rightOpen: true) } else { goodPackets(&notTaken, pkt, rightOpen: false) }
        case .ge:
            if dstIsData { goodPackets(&notTaken, pkt, rightOpen: true) } else { goodPackets(&taken, pkt, rightOpen: false) }
        case .le:
            if dstIsData { goodPackets(&taken, pkt, rightOpen: false) } else { goodPackets(&notTaken, pkt, rightOpen: true) }
        default:
            break
        }
    }

    private func goodPackets(_ state: inout VerifierState, _ pkt: RegState, rightOpen: Bool) {
        if pkt.off < 0 || (pkt.off == 0 && rightOpen) { return }
        let maxPacketOff: UInt64 = 0xffff
        if pkt.value.umax > maxPacketOff || pkt.value.umax + UInt64(pkt.off) > maxPacketOff { return }
        let newRange = pkt.off + (rightOpen ? 1 : 0)
        for f in state.frames.indices {
            for i in 0..<11 where state.frames[f].regs[i].type == pkt.type && state.frames[f].regs[i].id == pkt.id {
                state.frames[f].regs[i].range = max(state.frames[f].regs[i].range, newRange)
            }
            for s in state.frames[f].stack.indices
            where state.frames[f].stack[s].types[7] == .spill && state.frames[f].stack[s].spilled.type == pkt.type
                && state.frames[f].stack[s].spilled.id == pkt.id
            {
                state.frames[f].stack[s].spilled.range = max(state.frames[f].stack[s].spilled.range, newRange)
            }
        }
    }
}
