import BPFISA
import BPFKernelModel

/// Open-coded iterators living in stack slots (`bpf_iter_num`): `process_iter_arg` and
/// `process_iter_next_call`. An iterator occupies one 8-byte slot whose spilled state holds
/// its reference id, whether it is active (value 1) or drained (0), and its depth (`range`).
extension VerifierRun {
    func iteratorArgument(
        _ state: VerifierState, _ r: Register, _ reg: RegState, iterType: String, spec: KfuncSpec, argIndex: Int, pc: Int
    ) throws(VerifierError) -> (frame: Int, spi: Int) {
        let shortName = iterType.hasPrefix("bpf_iter_") ? String(iterType.dropFirst(9)) : iterType
        guard case .stack(let frame) = reg.type, reg.value.isConst else {
            throw VerifierError("arg#\(argIndex) expected pointer to an iterator on stack", pc: pc)
        }
        let off = Int(Int64(bitPattern: reg.value.varOff.value)) + Int(reg.off)
        guard off % 8 == 0, off < 0, off >= -options.stackLimit else {
            throw VerifierError("arg#\(argIndex) expected pointer to an iterator on stack", pc: pc)
        }
        let spi = (-off - 1) / 8
        let slots = state.frames[frame].stack
        let present = spi < slots.count && slots[spi].types.all(.iter)
        if spec.flags.contains(.iterNew) {
            if present { throw VerifierError("expected uninitialized iter_\(shortName) as arg #\(argIndex)", pc: pc) }
        } else if !present {
            throw VerifierError("expected an initialized iter_\(shortName) as arg #\(argIndex)", pc: pc)
        }
        return (frame, spi)
    }

    func iteratorCall(_ state: inout VerifierState, spec: KfuncSpec, slot: (frame: Int, spi: Int), pc: Int, parent: Int?) throws(VerifierError) -> StepOutcome {
        let (frame, spi) = slot
        log.scratchedSlots.insert(spi)
        if spec.flags.contains(.iterNew) {
            state.frames[frame].ensureSlots(downTo: -(spi + 1) * 8)
            updateStackDepth(frame: frame, state: state, depth: (spi + 1) * 8)
            let id = acquire(&state, kind: spec.resource ?? .iterNum, pc: pc)
            state.frames[frame].stack[spi] = StackSlot(
                types: .allIter, spilled: RegState(type: .scalar, value: .known(UInt64(1)), refObjID: id, range: 0))
            clobberArguments(&state)
            setReg(&state, .r0, .unknownScalar)
            return .next(pc + 1)
        }
        let iter = state.frames[frame].stack[spi].spilled
        if spec.flags.contains(.iterDestroy) {
            try release(&state, id: iter.refObjID, pc: pc)
            state.frames[frame].stack[spi] = .invalid
            clobberArguments(&state)
            setReg(&state, .r0, .notInit)
            return .next(pc + 1)
        }
        // next(): the active branch (another element, depth + 1) is queued; the current path
        // sees the iterator drained and NULL.
        clobberArguments(&state)
        if iter.value.constValue == 1 {
            var active = state
            active.frames[frame].stack[spi].spilled.range += 1
            active.current.regs[0] = RegState(
                type: .memory(size: 4), flags: [.readOnly], id: newID(), refObjID: iter.refObjID)
            widenImpreciseScalars(&active, pc: pc, excluding: parent)
            active.pc = pc + 1
            try push(active, parent: parent, fromPC: pc)
        }
        state.frames[frame].stack[spi].spilled.value = .known(UInt64(0))
        setReg(&state, .r0, .scalar(0))
        return .next(pc + 1)
    }

    /// `widen_imprecise_scalars`: scalars whose exact value no check depends on, and which
    /// changed since the loop's previous iteration at this pc, become unknown so the loop's
    /// states converge.
    func widenImpreciseScalars(_ state: inout VerifierState, pc: Int, excluding current: Int?) {
        guard let old = previousLoopEntry(at: pc, for: state, excluding: current) else { return }
        widenImpreciseScalars(&state, against: old, pc: pc)
    }

    /// Against the checkpoint `entry` of the previous iteration, with what is known to be
    /// precise below it so far.
    func widenImpreciseScalars(_ state: inout VerifierState, against entry: Int, pc: Int) {
        let old = nodes[entry].state
        let precision = precision(of: entry)
        for f in state.frames.indices {
            let framePC = f == state.frames.count - 1 ? pc + 1 : state.frames[f + 1].callSite
            for r in 0..<10 {
                let cur = state.frames[f].regs[r]
                if cur.type == .scalar, old.frames[f].regs[r] != cur, !precision.isPrecise(r, before: framePC) {
                    state.frames[f].regs[r] = .unknownScalar
                }
            }
            for s in state.frames[f].stack.indices where s < old.frames[f].stack.count {
                let slot = state.frames[f].stack[s]
                if slot.types[7] == .spill, slot.spilled.type == .scalar, old.frames[f].stack[s] != slot,
                    !precision.isSlotPrecise(s, before: framePC)
                {
                    state.frames[f].stack[s].spilled = .unknownScalar
                }
            }
        }
    }
}
