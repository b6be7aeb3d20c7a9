import BPFKernelModel

/// Reference tracking: `acquire_reference`, `release_reference`, and the per-program facts the
/// cleanup backends need (acquire and release sites, references held per frame).
extension VerifierRun {
    /// Acquires a new reference of `kind` at `pc` in the current frame; returns its id.
    func acquire(_ state: inout VerifierState, kind: ResourceKind, pc: Int) -> UInt32 {
        let id = newID()
        let ref = Reference(id: id, kind: .pointer(kind), acquirePC: pc, frame: state.currentFrameNo)
        state.refs.append(ref)
        result.acquireSites[pc] = kind
        let held = state.pointerRefs.count
        result.refsMax = max(result.refsMax, held)
        let sub = state.current.subprog
        let inFrame = state.pointerRefs.filter { $0.frame == state.currentFrameNo }.count
        result.refsMaxPerSubprog[sub] = max(result.refsMaxPerSubprog[sub] ?? 0, inFrame)
        hooks.acquired(ref, at: pc, state: state)
        return id
    }

    /// Releases reference `id` (`release_reference`): every register and spill holding the
    /// object becomes an unknown scalar (a privileged load keeps them readable). With
    /// `keepNonOwning` (a node pushed into a list or tree, `ref_convert_owning_non_owning`)
    /// they stay pointers, marked `non_own_ref`, until the lock is released.
    func release(_ state: inout VerifierState, id: UInt32, pc: Int, keepNonOwning: Bool = false) throws(VerifierError) {
        guard let i = state.refs.firstIndex(where: { $0.id == id }) else {
            throw VerifierError("reference has not been acquired before", pc: pc)
        }
        let ref = state.refs.remove(at: i)
        if let kind = ref.resource { result.releaseSites[pc, default: []].insert(kind) }
        recordReleasedArguments(state, id: id, pc: pc)
        if ref.frame != state.currentFrameNo { result.crossFrameReleases.insert(pc) }
        func forget(_ reg: inout RegState) {
            if keepNonOwning {
                reg.refObjID = 0
                reg.flags.insert(.nonOwning)
            } else {
                reg = .unknownScalar
            }
        }
        for f in state.frames.indices {
            for r in 0..<11 where state.frames[f].regs[r].refObjID == id {
                forget(&state.frames[f].regs[r])
            }
            for s in state.frames[f].stack.indices {
                let slot = state.frames[f].stack[s]
                if slot.types[7] == .spill && slot.spilled.refObjID == id {
                    forget(&state.frames[f].stack[s].spilled)
                }
            }
        }
        hooks.released(ref, at: pc, state: state)
    }

    /// `invalidate_non_owning_refs` at `bpf_spin_unlock`: pointers into collections the
    /// program no longer owns become unknown scalars.
    func invalidateNonOwningReferences(_ state: inout VerifierState) {
        for f in state.frames.indices {
            for r in 0..<11 where state.frames[f].regs[r].flags.contains(.nonOwning) {
                state.frames[f].regs[r] = .unknownScalar
            }
            for s in state.frames[f].stack.indices
            where state.frames[f].stack[s].types[7] == .spill && state.frames[f].stack[s].spilled.flags.contains(.nonOwning) {
                state.frames[f].stack[s].spilled = .unknownScalar
            }
        }
    }

    /// The argument registers pointing at the object of reference `id` as the release call is
    /// checked (before the call clobbers R1-R5): a referenced pointer, or a stack pointer to
    /// the iterator slot holding the reference.
    private func recordReleasedArguments(_ state: VerifierState, id: UInt32, pc: Int) {
        for r in 1...5 {
            let reg = state.current.regs[r]
            if reg.isPointer && reg.refObjID == id {
                result.releaseArguments[pc, default: []].insert(ReleasedArgument(register: UInt8(r), offset: Int(reg.off)))
                continue
            }
            guard case .stack(let f) = reg.type, reg.value.isConst, f < state.frames.count else { continue }
            let off = Int(Int64(bitPattern: reg.value.varOff.value)) + Int(reg.off)
            guard off < 0, off % 8 == 0 else { continue }
            let spi = (-off - 1) / 8
            let slots = state.frames[f].stack
            if spi < slots.count && slots[spi].spilled.refObjID == id {
                result.releaseArguments[pc, default: []].insert(ReleasedArgument(register: UInt8(r), offset: 0))
            }
        }
    }

    /// The resource kind a kernel type name stands for (for `bpf_kptr_xchg`'s result).
    func resourceKind(forType name: String, local: Bool) -> ResourceKind {
        if local { return .object }
        switch name {
        case "task_struct": return .task
        case "cgroup": return .cgroup
        case "bpf_cpumask", "cpumask": return .cpumask
        case "nf_conn", "nf_conn___init": return .conntrack
        default: return ResourceKind(name)
        }
    }
}
