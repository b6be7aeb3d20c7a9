/// State pruning: `is_state_visited` and `states_equal` of `kernel/bpf/verifier.c`.
extension VerifierRun {
    enum VisitResult { case pruned, `continue` }

    /// How strictly two states are compared (`enum exact_level`).
    enum Exactness { case notExact, rangeWithin, exact }

    /// At a prune point (`is_state_visited`): walk the stored states of this pc, newest first.
    /// A state still on the DFS path is a loop: it cuts the path where a loop converges by
    /// equivalence (iterator `next`, `may_goto`, callback calls) and is an error when the
    /// state repeats exactly (an infinite loop); a finished state prunes the path when it is
    /// at least as general. Otherwise the state may be stored as a new checkpoint.
    func isStateVisited(_ state: inout VerifierState, parent: inout Int?) throws(VerifierError) -> VisitResult {
        let pc = state.pc
        let force = cfg.isForceCheckpoint(pc)
        var addNew = force || (jmpsProcessed - prevJmpsProcessed >= 2 && insnProcessed - prevInsnProcessed >= 8)
        let convergence = cfg.convergencePoints[pc]
        let list = stateLists[pc]
        // The infinite-loop check, for the in-progress states that repeat this one exactly.
        if convergence != .iterNext && convergence != .callsCallback, let candidates = loopKeys[pc][state.loopKey] {
            for idx in candidates.reversed() {
                let old = nodes[idx].state
                if old.mayGotoDepth == state.mayGotoDepth && old.callbackUnrollDepth == state.callbackUnrollDepth
                    && !iteratorDepthsDiffer(old, state) && statesEqual(old, state, .exact)
                {
                    throw infiniteLoop(at: pc, cur: state, old: old)
                }
            }
        }
        var evicted = false
        for idx in list.reversed() {
            let old = nodes[idx].state
            if nodes[idx].branches > 0 {
                if let kind = convergence, convergedLoop(kind, old: old, cur: state) {
                    nodes[idx].hits += 1
                    recordPruning(state, old: idx, parent: parent, loop: true)
                    return .pruned
                }
                if !force && jmpsProcessed - prevJmpsProcessed < 20 && insnProcessed - prevInsnProcessed < 100 {
                    addNew = false
                }
            } else if statesEqual(old, state, .notExact, precision(of: idx)) {
                nodes[idx].hits += 1
                recordPruning(state, old: idx, parent: parent, loop: false)
                return .pruned
            }
            // A miss counts only when a state will be added, so the checkpoints of a loop's
            // early iterations survive its later ones.
            if addNew {
                nodes[idx].misses += 1
                let n = force && nodes[idx].branches > 0 ? 64 : 3
                if nodes[idx].misses > nodes[idx].hits * n + n {
                    nodes[idx].evicted = true
                    evicted = true
                    liveStates -= 1
                }
            }
        }
        if evicted { stateLists[pc].removeAll { nodes[$0].evicted } }
        maxStatesPerInsn = max(maxStatesPerInsn, list.count)
        guard addNew else { return .continue }
        let key = state.loopKey
        nodes.append(Checkpoint(state: state, parent: parent, branches: 1, loopKey: key))
        let index = nodes.count - 1
        stateLists[pc].append(index)
        loopKeys[pc][key, default: []].append(index)
        parent = index
        totalStates += 1
        liveStates += 1
        peakStates = max(peakStates, liveStates)
        prevInsnProcessed = insnProcessed
        prevJmpsProcessed = jmpsProcessed
        return .continue
    }

    /// Whether an in-progress state proves a loop converged at a convergence point.
    private func convergedLoop(_ kind: ConvergencePoint, old: VerifierState, cur: VerifierState) -> Bool {
        switch kind {
        case .iterNext:
            return iteratorArgumentActive(cur) && statesEqual(old, cur, .rangeWithin)
        case .mayGoto:
            return old.mayGotoDepth != cur.mayGotoDepth && statesEqual(old, cur, .rangeWithin)
        case .callsCallback:
            return statesEqual(old, cur, .rangeWithin)
        }
    }

    /// The iterator `next` is about to advance (R1 points at it) is still active.
    private func iteratorArgumentActive(_ state: VerifierState) -> Bool {
        let r1 = state.current.regs[1]
        guard case .stack(let f) = r1.type, r1.value.isConst, f < state.frames.count else { return false }
        let off = Int(Int64(bitPattern: r1.value.varOff.value)) + Int(r1.off)
        guard off < 0 else { return false }
        let spi = (-off - 1) / 8
        let stack = state.frames[f].stack
        return spi < stack.count && stack[spi].types[7] == .iter && stack[spi].spilled.value.constValue == 1
    }

    private func infiniteLoop(at pc: Int, cur: VerifierState, old: VerifierState) -> VerifierError {
        // The kernel prints both states after the message at every log level.
        let fmt = StateFormat(maps: program.maps)
        var message = "infinite loop detected at insn \(pc)"
        message += "\ncur state: " + fmt.format(state: cur, frame: cur.frames.count - 1)
        message += "\nold state: " + fmt.format(state: old, frame: cur.frames.count - 1)
        return VerifierError(message, pc: pc)
    }

    /// `iter_active_depths_differ`: an active iterator at another depth means another loop
    /// iteration, not a repeat.
    private func iteratorDepthsDiffer(_ a: VerifierState, _ b: VerifierState) -> Bool {
        for (fa, fb) in zip(a.frames, b.frames) {
            for (sa, sb) in zip(fa.stack, fb.stack) where sa.types[7] == .iter && sa.spilled.value.constValue == 1 {
                if sb.types[7] != .iter || sa.spilled.range != sb.spilled.range { return true }
            }
        }
        return false
    }

    /// `find_prev_entry`: the checkpoint of the previous loop iteration at `pc`, still on the
    /// DFS path, with the same call chain; `excluding` is the checkpoint just stored for the
    /// current visit.
    func previousLoopEntry(at pc: Int, for state: VerifierState, excluding current: Int?) -> Int? {
        for idx in stateLists[pc].reversed() where idx != current && nodes[idx].branches > 0 {
            let old = nodes[idx].state
            if old.frames.count == state.frames.count && zip(old.frames, state.frames).allSatisfy({ $0.callSite == $1.callSite }) {
                return idx
            }
        }
        return nil
    }

    /// `states_equal`: is `cur` covered by the explored `old`?
    func statesEqual(_ old: VerifierState, _ cur: VerifierState, _ exact: Exactness, _ precision: Precision? = nil) -> Bool {
        let precision = precision ?? self.precision(of: nil)
        guard old.frames.count == cur.frames.count else { return false }
        var ids = IDMap()
        guard refsSafe(old, cur, &ids) else { return false }
        for i in 0..<old.frames.count {
            let o = old.frames[i]
            let c = cur.frames[i]
            guard o.callSite == c.callSite, o.subprog == c.subprog else { return false }
            // Outer frames resume after their call site; the innermost at the state's pc.
            let pc = i == old.frames.count - 1 ? cur.pc : cur.frames[i + 1].callSite
            guard frameSafe(o, c, pc: pc, exact, precision, &ids) else { return false }
        }
        return true
    }

    private func refsSafe(_ old: VerifierState, _ cur: VerifierState, _ ids: inout IDMap) -> Bool {
        guard old.refs.count == cur.refs.count, old.rcuDepth == cur.rcuDepth, old.preemptDepth == cur.preemptDepth
        else { return false }
        guard ids.check(old.activeLockID, cur.activeLockID) else { return false }
        for (a, b) in zip(old.refs, cur.refs) {
            guard a.kind == b.kind, ids.check(a.id, b.id) else { return false }
        }
        return true
    }

    private func frameSafe(_ old: FrameState, _ cur: FrameState, pc: Int, _ exact: Exactness, _ precision: Precision, _ ids: inout IDMap) -> Bool {
        if old.callbackDepth > cur.callbackDepth { return false }
        let exactRefs = hooks.requiresExactReferenceLocations
        for r in 0..<10 {
            // Only R6-R9 survive to a throw (a call clobbers R0-R5), so only they must hold
            // their references exactly where the descriptors say.
            let holdsRef = exactRefs && r >= 6 && (old.regs[r].refObjID != 0 || cur.regs[r].refObjID != 0)
            if holdsRef {
                guard regsExact(old.regs[r], cur.regs[r], &ids) else { return false }
                continue
            }
            if exact != .exact && !liveness.isLive(r, before: pc) { continue }
            let precise = precision.isPrecise(r, before: pc)
            guard regSafe(old.regs[r], cur.regs[r], precise: precise, exact, &ids) else { return false }
        }
        return stackSafe(old, cur, pc: pc, exact, precision, &ids)
    }

    /// `regsafe`.
    func regSafe(_ old: RegState, _ cur: RegState, precise: Bool, _ exact: Exactness, _ ids: inout IDMap) -> Bool {
        if exact == .exact { return regsExact(old, cur, &ids) }
        if old.type == .notInit { return true }
        if cur.type == .notInit { return false }
        guard old.type == cur.type, old.flags == cur.flags else { return false }
        switch old.type {
        case .scalar:
            if !precise && exact == .notExact { return true }
            // Links with a delta must be the same links with the same delta.
            if old.addConst != .none {
                if cur.addConst != old.addConst || cur.off != old.off { return false }
            } else if old.id != 0 && cur.addConst != .none {
                return false
            }
            guard ids.checkScalar(old.linkID, cur.linkID) else { return false }
            return rangeWithin(old.value, cur.value) && old.value.varOff.contains(cur.value.varOff)
        case .mapKey, .mapValue, .memory:
            return old.off == cur.off && rangeWithin(old.value, cur.value) && old.value.varOff.contains(cur.value.varOff)
                && ids.check(old.id, cur.id) && ids.check(old.refObjID, cur.refObjID)
        case .packet, .packetMeta:
            if old.range > cur.range { return false }
            return old.off == cur.off && ids.check(old.id, cur.id) && rangeWithin(old.value, cur.value)
                && old.value.varOff.contains(cur.value.varOff)
        default:
            return regsExact(old, cur, &ids)
        }
    }

    private func regsExact(_ old: RegState, _ cur: RegState, _ ids: inout IDMap) -> Bool {
        old.type == cur.type && old.flags == cur.flags && old.off == cur.off && old.value == cur.value
            && old.range == cur.range && old.addConst == cur.addConst && ids.check(old.linkID, cur.linkID)
            && ids.check(old.refObjID, cur.refObjID)
    }

    private func rangeWithin(_ old: Scalar, _ cur: Scalar) -> Bool {
        old.umin <= cur.umin && cur.umax <= old.umax && old.smin <= cur.smin && cur.smax <= old.smax
            && old.u32min <= cur.u32min && cur.u32max <= old.u32max && old.s32min <= cur.s32min
            && cur.s32max <= old.s32max
    }

    /// `stacksafe`: only the old state's slots matter; uninitialised and misc bytes of the old
    /// state accept anything (a privileged load may read them).
    private func stackSafe(_ old: FrameState, _ cur: FrameState, pc: Int, _ exact: Exactness, _ precision: Precision, _ ids: inout IDMap) -> Bool {
        for spi in 0..<old.stack.count {
            let o = old.stack[spi]
            let c: StackSlot = spi < cur.stack.count ? cur.stack[spi] : .invalid
            if exact != .notExact {
                if o.types != c.types { return false }
                if o.types.any(.spill) || o.types.any(.iter) {
                    if !regSafe(o.spilled, c.spilled, precise: true, exact, &ids) { return false }
                }
                continue
            }
            // Iterator slots keep the normal rule (depth ignored): the object is the slot.
            if hooks.requiresExactReferenceLocations && o.types[7] != .iter && c.types[7] != .iter
                && (o.spilled.refObjID != 0 || c.spilled.refObjID != 0)
            {
                guard o.types == c.types, regsExact(o.spilled, c.spilled, &ids) else { return false }
                continue
            }
            // Bytes the old state never relied on.
            var relevant = false
            for b in 0..<8 where o.types[b] != .invalid && o.types[b] != .misc { relevant = true }
            if !relevant { continue }
            if spi >= cur.stack.count { return false }
            let precise = precision.isSlotPrecise(spi, before: pc)
            if let os = scalarForSlot(o), let cs = scalarForSlot(c) {
                if !regSafe(os, cs, precise: precise, exact, &ids) { return false }
                continue
            }
            for b in 0..<8 {
                let ob = o.types[b]
                let cb = c.types[b]
                if ob == .invalid || ob == .misc { continue }
                if ob != cb { return false }
            }
            switch o.types[7] {
            case .spill:
                if !regSafe(o.spilled, c.spilled, precise: precise, exact, &ids) { return false }
            case .iter:
                if o.spilled.value.constValue != c.spilled.value.constValue || !ids.check(o.spilled.refObjID, c.spilled.refObjID) {
                    return false
                }
            default:
                break
            }
        }
        return true
    }

    /// `scalar_reg_for_stack`: a full 64-bit scalar spill, or all-misc bytes (an unknown scalar).
    private func scalarForSlot(_ s: StackSlot) -> RegState? {
        if s.types == .allSpill, s.spilled.type == .scalar { return s.spilled }
        var allMisc = true
        for b in 0..<8 where s.types[b] != .misc && s.types[b] != .invalid { allMisc = false }
        return allMisc ? .unknownScalar : nil
    }
}

/// `struct bpf_idmap`: a bijection between the old state's ids and the current one's.
struct IDMap {
    private var forward: [UInt32: UInt32] = [:]
    private var backward: [UInt32: UInt32] = [:]
    private var temp: UInt32 = 0x8000_0000

    /// `check_ids`.
    mutating func check(_ old: UInt32, _ cur: UInt32) -> Bool {
        if old == 0 && cur == 0 { return true }
        if old == 0 || cur == 0 { return false }
        if let m = forward[old] { return m == cur }
        if backward[cur] != nil { return false }
        forward[old] = cur
        backward[cur] = old
        return true
    }

    /// `check_scalar_ids`: an unlinked old scalar matches anything; an unlinked current one
    /// gets a fresh id so two independent registers cannot both match one linked old id.
    mutating func checkScalar(_ old: UInt32, _ cur: UInt32) -> Bool {
        if old == 0 { return true }
        var c = cur
        if c == 0 {
            temp += 1
            c = temp
        }
        return check(old, c)
    }
}

extension VerifierState {
    /// A hash of everything exact equality compares except ids, so states equal up to id
    /// renaming share a key; used to find loop candidates without comparing every state.
    var loopKey: Int {
        var h = Hasher()
        h.combine(frames.count)
        h.combine(refs.count)
        h.combine(rcuDepth)
        h.combine(activeLockID != 0)
        h.combine(callbackUnrollDepth)
        for f in frames {
            h.combine(f.callSite)
            for r in f.regs { r.hashIgnoringIDs(into: &h) }
            for s in f.stack {
                h.combine(s.types.packed)
                s.spilled.hashIgnoringIDs(into: &h)
            }
        }
        return h.finalize()
    }
}

extension RegState {
    /// The id with the link kind folded in, as the kernel's id carries its `BPF_ADD_CONST`
    /// bits: an id map must not pair a plain link with a delta link.
    var linkID: UInt32 { id == 0 ? 0 : id | (UInt32(addConst.rawValue) << 30) }

    func hashIgnoringIDs(into h: inout Hasher) {
        h.combine(addConst)
        h.combine(type)
        h.combine(flags.rawValue)
        h.combine(off)
        h.combine(value)
        h.combine(range)
    }
}
