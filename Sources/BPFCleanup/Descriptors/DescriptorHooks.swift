import BPFKernelModel
import BPFVerifier

/// The verifier hooks of the descriptors backend for one verification round: at every throw
/// point it describes each frame, merges with what earlier paths left at the same pc, and
/// records merge events and conflicts; the references it describes are taken off the state,
/// so whatever remains (a value only in R0-R5) is reported as the leak it is.
final class DescriptorHooks: VerifierHooks {
    let builder: DescriptorBuilder
    let catalog: Catalog
    let round: Int
    let exactLocations: Bool

    private(set) var table: [Int: FrameDescriptor] = [:]
    private(set) var events: [MergeEvent] = []
    private(set) var conflicts: [Conflict] = []
    /// Descriptor-level merges (two descriptors meeting at one pc).
    private(set) var merges = 0
    /// pc -> location -> acquire pcs of the references described there.
    private(set) var acquiresAt: [Int: [DescriptorEntry.Location: Set<Int>]] = [:]
    /// acquire pc -> pcs where such a reference was released or transferred.
    private(set) var releases: [Int: Set<Int>] = [:]
    /// pc -> frame index (0 = outermost) at which the pc was described.
    private(set) var frameIndex: [Int: Int] = [:]
    private(set) var destructorError: VerifierError?

    /// A conflict, with the acquire pcs of the references on either side (the spill candidates).
    struct Conflict {
        var event: MergeEvent
        var acquirePCs: Set<Int>
        var isIterator: Bool
    }

    init(builder: DescriptorBuilder, catalog: Catalog, round: Int, exactLocations: Bool) {
        self.builder = builder
        self.catalog = catalog
        self.round = round
        self.exactLocations = exactLocations
    }

    var exploresThrowingCalls: Bool { true }
    var requiresExactReferenceLocations: Bool { exactLocations }

    func atThrowPoint(_ point: ThrowPoint, state: inout VerifierState, context: ThrowContext) -> VerifierError? {
        if state.activeLockID != 0 {
            return state.resourceLeakError(prefix: "bpf_throw", pc: point.pc, checkLock: true)
        }
        let described = builder.describe(point, state: &state)
        for (i, d) in described.enumerated() {
            for e in d.descriptor.entries {
                if let kind = e.resource, catalog.destructor(for: kind) == nil {
                    return VerifierError(
                        "frame_desc: no destructor for \(kind) at \(e.location) (pc \(d.descriptor.pc), frame \(i))",
                        pc: point.pc, kind: .backend)
                }
            }
            record(d, frame: i)
        }
        // Locks and RCU sections are not released by unwinding (as upstream); anything the
        // descriptors did not take (a value only in R0-R5) leaks.
        return state.resourceLeakError(prefix: "bpf_throw", pc: point.pc, checkLock: true)
    }

    func released(_ ref: Reference, at pc: Int, state: VerifierState) {
        releases[ref.acquirePC, default: []].insert(pc)
    }

    private func record(_ d: DescriptorBuilder.Described, frame: Int) {
        let pc = d.descriptor.pc
        frameIndex[pc] = frame
        for (location, acquire) in d.acquires { acquiresAt[pc, default: [:]][location, default: []].insert(acquire) }
        guard let old = table[pc] else {
            table[pc] = d.descriptor
            return
        }
        merges += 1
        let result = DescriptorMerge.merge(old, d.descriptor)
        table[pc] = result.merged
        for e in result.events {
            let event = MergeEvent(
                pc: pc, frame: frame, subprog: d.descriptor.subprog, location: e.location.description,
                oldSide: e.old?.valueText ?? "NULL", newSide: e.new?.valueText ?? "NULL", resolution: e.resolution,
                round: round)
            events.append(event)
            if e.resolution == .conflict {
                let pcs = acquiresAt[pc]?[e.location] ?? []
                let iterator = e.old?.kind == .iterator || e.new?.kind == .iterator
                conflicts.append(Conflict(event: event, acquirePCs: pcs, isIterator: iterator))
            }
        }
    }
}
