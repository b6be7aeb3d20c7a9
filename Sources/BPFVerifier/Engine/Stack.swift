import BPFISA

/// Stack accesses: bounds, strict alignment, spills and fills (`check_stack_access_within_bounds`,
/// `check_stack_write_fixed_off`, `check_stack_read_fixed_off` and the variable-offset paths).
///
/// bpfsim models a privileged (root, CAP_PERFMON) load, as on these machines: reading
/// uninitialised stack is allowed and yields an unknown scalar (`allow_uninit_stack`), and a
/// partial overwrite of a spilled pointer turns it into misc bytes.
extension VerifierRun {
    func stackAccess(
        _ state: inout VerifierState, frame: Int, base: Register, baseReg: RegState, insnOff: Int, size: Int,
        access: Access, stored: StoredValue?, pc: Int
    ) throws(VerifierError) -> RegState {
        let off = insnOff + Int(baseReg.off)
        let what = access == .read ? " read from" : " write to"
        let minOff: Int64
        let maxOff: Int64
        if baseReg.value.isConst {
            let v = Int64(bitPattern: baseReg.value.varOff.value)
            // Stack accesses are always checked for alignment.
            if (v + Int64(off)) % Int64(size) != 0 {
                throw VerifierError("misaligned stack access off \(v)+\(baseReg.off)+\(insnOff) size \(size)", pc: pc)
            }
            minOff = v + Int64(off)
            maxOff = minOff + Int64(size)
            if minOff < -Int64(options.stackLimit) || maxOff > 0 {
                throw VerifierError("invalid\(what) stack R\(base.index) off=\(minOff) size=\(size)", pc: pc)
            }
        } else {
            if baseReg.value.smax >= Self.maxVarOff || baseReg.value.smin <= -Self.maxVarOff {
                throw VerifierError("invalid unbounded variable-offset\(what) stack R\(base.index)", pc: pc)
            }
            minOff = baseReg.value.smin + Int64(off)
            maxOff = baseReg.value.smax + Int64(off) + Int64(size)
            if minOff < -Int64(options.stackLimit) || maxOff > 0 {
                let t = baseReg.value.varOff
                throw VerifierError(
                    "invalid variable-offset\(what) stack R\(base.index) var_off=(\(StateFormat.hex(t.value)); \(StateFormat.hex(t.mask))) off=\(off) size=\(size)",
                    pc: pc)
            }
        }
        let f = frame
        updateStackDepth(frame: f, state: state, depth: Int(-minOff))
        state.frames[f].ensureSlots(downTo: Int(minOff))
        if !baseReg.value.isConst {
            return variableOffsetAccess(&state, frame: f, from: Int(minOff), to: Int(maxOff), access: access)
        }
        if access == .write {
            try stackWrite(&state, frame: f, off: Int(minOff), size: size, stored: stored ?? .unknown, pc: pc)
            return .notInit
        }
        return try stackRead(&state, frame: f, off: Int(minOff), size: size, pc: pc)
    }

    /// `update_stack_depth` for the subprogram of the frame that owns the slot.
    func updateStackDepth(frame: Int, state: VerifierState, depth: Int) {
        let sub = state.frames[frame].subprog
        if sub < stackDepth.count, depth > stackDepth[sub] { stackDepth[sub] = depth }
    }

    /// A variable-offset access: reads give an unknown scalar; writes make every byte that
    /// might be written misc (spills there are lost).
    private func variableOffsetAccess(_ state: inout VerifierState, frame: Int, from: Int, to: Int, access: Access) -> RegState {
        guard access == .write else { return .unknownScalar }
        for byteOff in from..<to {
            let (spi, b) = FrameState.slotIndex(ofByteAt: byteOff)
            var slot = state.frames[frame].stack[spi]
            if slot.types[7] == .spill { slot.spilled = .notInit; for i in 0..<8 where slot.types[i] == .spill { slot.types[i] = .misc } }
            slot.types[b] = .misc
            state.frames[frame].stack[spi] = slot
        }
        return .notInit
    }

    private func stackWrite(_ state: inout VerifierState, frame: Int, off: Int, size: Int, stored: StoredValue, pc: Int) throws(VerifierError) {
        let (spi, _) = FrameState.slotIndex(ofByteAt: off)
        log.scratchedSlots.insert(spi)
        var slot = state.frames[frame].stack[spi]
        let slotStart = off % 8 == 0
        var value = stored.asReg
        // Overwriting a dynptr slot is not allowed (`destroy_if_dynptr_stack_slot`); an
        // iterator's slot may be overwritten, its reference then leaks (Linux 6.18).
        if slot.types.any(.dynptr) {
            throw VerifierError("cannot overwrite referenced dynptr", pc: pc)
        }
        if value.isPointer {
            guard size == 8 else { throw VerifierError("invalid size of register spill", pc: pc) }
            if case .stack(let target) = value.type, target > frame {
                throw VerifierError("cannot spill pointers to stack into stack frame of the caller", pc: pc)
            }
            slot = StackSlot(types: .allSpill, spilled: value)
            state.frames[frame].stack[spi] = slot
            return
        }
        if slotStart, case .register(var r, let reg) = stored, r.type == .scalar {
            // A scalar spill keeps the register's state, linked to the register by id; a
            // narrowing spill keeps the value but breaks the link.
            let fits = size == 8 || r.value.umax < (1 << UInt64(size * 8))
            if fits { assignScalarIDBeforeMove(&state, reg, &r) }
            value = r
            if !fits {
                value.id = 0
                value.off = 0
                value.addConst = .none
            }
            writeSpill(&slot, value: value, size: size)
            state.frames[frame].stack[spi] = slot
            return
        }
        if slotStart, case .immediate = stored {
            writeSpill(&slot, value: value, size: size)
            state.frames[frame].stack[spi] = slot
            return
        }
        // Plain bytes: a spill partially overwritten is destroyed.
        if slot.types[7] == .spill {
            slot.spilled = .notInit
            for i in 0..<8 where slot.types[i] == .spill { slot.types[i] = .misc }
        }
        let isZero = value.type == .scalar && value.value.constValue == 0
        for i in 0..<size {
            let (_, b) = FrameState.slotIndex(ofByteAt: off + i)
            slot.types[b] = isZero ? .zero : .misc
        }
        state.frames[frame].stack[spi] = slot
    }

    private func writeSpill(_ slot: inout StackSlot, value: RegState, size: Int) {
        if size < 8 && slot.types[7] == .spill {
            for i in 0..<8 where slot.types[i] == .spill { slot.types[i] = .misc }
        }
        for i in 0..<size { slot.types[7 - i] = .spill }
        if size < 8 {
            for i in size..<8 where slot.types[7 - i] == .spill { slot.types[7 - i] = .misc }
        }
        slot.spilled = value
    }

    private func stackRead(_ state: inout VerifierState, frame: Int, off: Int, size: Int, pc: Int) throws(VerifierError) -> RegState {
        let (spi, _) = FrameState.slotIndex(ofByteAt: off)
        log.scratchedSlots.insert(spi)
        let slot = state.frames[frame].stack[spi]
        if slot.types[7] == .spill {
            var spillSize = 0
            while spillSize < 8 && slot.types[7 - spillSize] == .spill { spillSize += 1 }
            if size == 8 && spillSize == 8 { return slot.spilled }
            guard slot.spilled.type == .scalar else { throw VerifierError("invalid size of register fill", pc: pc) }
            if off % 8 == 0 && size <= spillSize {
                // A 4-byte fill of a 4-byte spill links the register to the slot.
                if size == 4 && spillSize == 4 && slot.spilled.value.umax <= UInt64(UInt32.max) {
                    var spilled = slot.spilled
                    assignScalarIDBeforeMove(&spilled)
                    state.frames[frame].stack[spi].spilled = spilled
                }
                var r = state.frames[frame].stack[spi].spilled
                if size < 8 && r.value.umax >= (1 << UInt64(size * 8)) {
                    r.id = 0
                    r.off = 0
                    r.addConst = .none
                }
                return r
            }
        }
        var allZero = true
        for i in 0..<size {
            let (_, b) = FrameState.slotIndex(ofByteAt: off + i)
            switch slot.types[b] {
            case .zero: break
            case .spill:
                if !(slot.spilled.type == .scalar && slot.spilled.value.constValue == 0) { allZero = false }
            case .misc, .invalid: allZero = false
            case .iter, .dynptr, .irqFlag:
                throw VerifierError("invalid read from stack off \(off)+\(i) size \(size)", pc: pc)
            }
        }
        return allZero ? .scalar(0) : .unknownScalar
    }
}
