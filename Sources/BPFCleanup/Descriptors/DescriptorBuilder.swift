import BPFISA
import BPFKernelModel
import BPFVerifier

/// Builds the frame descriptors of one throw point from the verifier state, as the RFC's
/// `gen_exception_frame_descs` does (SPEC §5.2):
///
/// - every active frame is described, the throwing frame at the throw pc, each caller at its
///   call pc;
/// - stack slots are scanned first (from `fp-8` down), then R6-R9;
/// - a referenced pointer or iterator becomes an entry, and its reference is released in the
///   state right away, so an object is described once even when copies sit elsewhere (the
///   copies become unknown scalars, hence not-initialised markers, as in the RFC);
/// - NULL (a known zero) is no entry; anything else — misc or uninitialised bytes, a non-NULL
///   scalar, a pointer that is not a resource — is a not-initialised marker: the unwinder must
///   not touch it, and merging it against a pointer is a conflict;
/// - resources spilled on conflict (``spilledSlots``) are described by their reserved slot only.
struct DescriptorBuilder {
    /// Spilled acquires: acquire pc (of the program being verified) -> reserved slot offset.
    let spilledSlots: [Int: Int]

    /// A described entry together with the reference it consumed (for spilling decisions).
    struct Described {
        var descriptor: FrameDescriptor
        /// Location -> acquire pc of the reference described there.
        var acquires: [DescriptorEntry.Location: Int]
    }

    func describe(_ point: ThrowPoint, state: inout VerifierState) -> [Described] {
        var out: [Described] = []
        let last = state.frames.count - 1
        for i in 0...last {
            let pc = i == last ? point.pc : state.frames[i + 1].callSite
            out.append(describe(frame: i, pc: pc, state: &state))
        }
        return out
    }

    private func describe(frame i: Int, pc: Int, state: inout VerifierState) -> Described {
        var entries: [DescriptorEntry] = []
        var acquires: [DescriptorEntry.Location: Int] = [:]

        func take(_ ref: Reference, at location: DescriptorEntry.Location, kind: DescriptorEntry.Kind, reg: RegState) {
            let typeName: String?
            if case .btfObject(let t) = reg.type { typeName = t.name } else { typeName = ref.resource?.rawValue }
            entries.append(
                DescriptorEntry(location: location, kind: kind, resource: ref.resource, typeName: typeName, maybeNull: reg.isMaybeNull))
            acquires[location] = ref.acquirePC
            release(ref.id, in: &state)
        }

        // Resources spilled on conflict: described by their reserved slot only.
        let frameNo = state.frames[i].frameNo
        for (acquirePC, offset) in spilledSlots.sorted(by: { $0.value > $1.value }) {
            let spi = (-offset - 1) / 8
            guard spi < state.frames[i].stack.count else { continue }
            let slot = state.frames[i].stack[spi]
            guard slot.isFullSpill, slot.spilled.refObjID != 0,
                let ref = state.reference(slot.spilled.refObjID), ref.acquirePC == acquirePC, ref.frame == frameNo
            else { continue }
            take(ref, at: .stack(offset: offset), kind: .spilledPointer, reg: slot.spilled)
        }
        let reservedOffsets = Set(spilledSlots.values)

        for spi in 0..<state.frames[i].stack.count {
            let offset = -(spi + 1) * 8
            if reservedOffsets.contains(offset) { continue }
            let slot = state.frames[i].stack[spi]
            let location = DescriptorEntry.Location.stack(offset: offset)
            if slot.types.all(.iter) {
                if let ref = state.reference(slot.spilled.refObjID) {
                    take(ref, at: location, kind: .iterator, reg: slot.spilled)
                }
                continue
            }
            if slot.isFullSpill {
                if let entry = classify(slot.spilled, state: state, spilled: true) {
                    switch entry {
                    case .resource(let ref): take(ref, at: location, kind: .spilledPointer, reg: slot.spilled)
                    case .garbage: entries.append(marker(location))
                    }
                }
                continue
            }
            if slot.types.all(.zero) { continue }
            if (0..<8).allSatisfy({ slot.types[$0] == .invalid }) { continue }
            entries.append(marker(location))
        }
        for r in 6...9 {
            let reg = state.frames[i].regs[r]
            let location = DescriptorEntry.Location.register(UInt8(r))
            switch classify(reg, state: state, spilled: false) {
            case .resource(let ref)?: take(ref, at: location, kind: .register, reg: reg)
            case .garbage?: entries.append(marker(location))
            case nil: break
            }
        }
        return Described(descriptor: FrameDescriptor(pc: pc, subprog: state.frames[i].subprog, entries: entries), acquires: acquires)
    }

    private enum Classification {
        case resource(Reference)
        case garbage
    }

    /// nil: nothing to describe (NULL).
    private func classify(_ reg: RegState, state: VerifierState, spilled: Bool) -> Classification? {
        if reg.isNullScalar { return nil }
        if reg.refObjID != 0, let ref = state.reference(reg.refObjID), ref.resource != nil {
            if spilledSlots[ref.acquirePC] != nil { return .garbage }
            return .resource(ref)
        }
        // An uninitialised register never held anything the unwinder could read.
        if reg.type == .notInit && !spilled { return .garbage }
        return .garbage
    }

    private func marker(_ location: DescriptorEntry.Location) -> DescriptorEntry {
        DescriptorEntry(location: location, kind: .notInitialised, resource: nil, typeName: nil)
    }

    /// `release_reference` as the RFC calls it after describing: the reference leaves the
    /// state and every copy becomes an unknown scalar.
    private func release(_ id: UInt32, in state: inout VerifierState) {
        state.refs.removeAll { $0.id == id }
        for f in state.frames.indices {
            for r in 0..<11 where state.frames[f].regs[r].refObjID == id {
                state.frames[f].regs[r] = .unknownScalar
            }
            for s in state.frames[f].stack.indices where state.frames[f].stack[s].spilled.refObjID == id {
                if state.frames[f].stack[s].types.all(.iter) { continue }
                state.frames[f].stack[s].spilled = .unknownScalar
            }
        }
    }
}
