import BPFISA
import BPFKernelModel
import BPFObject
import BPFVerifier

/// The RFC's design (SPEC §5.2): static frame descriptors per throw pc, merged across paths,
/// with the spill-on-conflict rescue proposed in the review (never implemented upstream).
///
/// Rounds: verify and describe; on conflict, spill each conflicting resource right after its
/// acquire into a reserved slot past its frame's stack (zeroed on frame entry and after each
/// release) and verify again, until nothing conflicts or the round limit is hit. `--no-spill`
/// is the series as posted: any conflict is a merge failure.
///
/// Pruning: when a throw point holds a resource, verification is redone with pruning that
/// compares reference locations exactly (``VerifierHooks/requiresExactReferenceLocations``):
/// otherwise a pruned path whose references sit elsewhere would never have its layout
/// described. Programs with no such throw point are verified exactly as by `reject`.
public struct DescriptorsBackend: CleanupBackend {
    public var spill: Bool
    public var roundLimit: Int

    public init(spill: Bool = true, roundLimit: Int = 4) {
        self.spill = spill
        self.roundLimit = roundLimit
    }

    public var name: String { "descriptors" }
    public var variant: String { spill ? "spill" : "no-spill" }

    public func apply(to original: BPFProgram, options: VerifierOptions) -> BackendOutcome {
        var spilled: [Int: SpillPlan.Slot] = [:]  // original acquire pc -> slot
        var program = original
        var pcMap: PCMap?
        var inserted = 0
        var allEvents: [MergeEvent] = []
        var round = 0
        var exact = false
        var originalDepths: [Int] = []
        while true {
            round += 1
            let newSlots = Dictionary(uniqueKeysWithValues: spilled.map { (pcMap?.instruction[$0.key] ?? $0.key, $0.value.offset) })
            let hooks = DescriptorHooks(
                builder: DescriptorBuilder(spilledSlots: newSlots), catalog: options.catalog, round: round, exactLocations: exact)
            let result = Verifier.verify(program, options: options, hooks: hooks)
            if spilled.isEmpty { originalDepths = result.stackDepths }
            if !exact && result.error == nil && result.refsAtThrowMax > 0 {
                // Describe again without pruning across different reference layouts.
                exact = true
                round -= 1
                continue
            }
            allEvents += hooks.events
            var metrics = baseMetrics(result, hooks: hooks, round: round, spilled: spilled.count, inserted: inserted)
            let table = finalTable(hooks: hooks, spilled: newSlots, program: program, result: result)
            metrics.descriptors = table.descriptors.count
            metrics.descriptorEntries = table.descriptors.values.reduce(0) { $0 + DescriptorEncoding.stored($1).count }
            metrics.descriptorBytes = DescriptorEncoding.defaultBytes(table)
            metrics.descriptorBytesCompact = DescriptorEncoding.compactBytes(table)
            metrics.reservedStackBytes = reservedText(spilled, subprogs: original.subprograms.count)
            metrics.trampolineInsns = trampolineInstructions(result)
            metrics.descriptorShape = table.shapeDigest(program: program)
            if let error = result.error {
                return outcome(result, error: error, program: program, metrics: metrics, table: table, events: allEvents)
            }
            let conflicts = hooks.conflicts
            metrics.mergeFailures = conflicts.count
            if conflicts.isEmpty {
                metrics.mergeFailures = 0
                return outcome(result, error: nil, program: program, metrics: metrics, table: table, events: allEvents)
            }
            // Which resources to spill: every acquire on a pointer side of a conflict.
            var candidates = Set<Int>()
            for c in conflicts where !c.isIterator {
                for newPC in c.acquirePCs { candidates.insert(originalPC(newPC, pcMap)) }
            }
            candidates.subtract(spilled.keys)
            if !spill || candidates.isEmpty || round >= roundLimit {
                return outcome(
                    result, error: mergeFailure(conflicts[0], rounds: round, spill: spill), program: program, metrics: metrics,
                    table: table, events: allEvents)
            }
            // Mark this round's conflicts as rescued by spilling, then rewrite from the original.
            for c in conflicts {
                if let i = allEvents.lastIndex(where: { $0 == c.event }) { allEvents[i].resolution = .spilled }
            }
            var plan = SpillPlan(program: original, stackDepths: originalDepths, existing: spilled)
            for acquire in candidates.sorted() { plan.reserve(acquirePC: acquire) }
            spilled = plan.slots
            let releases = releasesByOriginalAcquire(hooks.releases, pcMap)
            do {
                let (patched, map) = try Patcher.apply(plan.insertions(releases: releases), to: original)
                program = patched
                pcMap = map
                inserted = patched.instructions.count - original.instructions.count
            } catch {
                return outcome(
                    result, error: VerifierError("descriptors: cannot rewrite the program: \(error)", pc: 0, kind: .backend),
                    program: program, metrics: metrics, table: table, events: allEvents)
            }
        }
    }

    // MARK: - Pieces

    private func originalPC(_ newPC: Int, _ map: PCMap?) -> Int {
        guard let map else { return newPC }
        return map.instruction.firstIndex(of: newPC) ?? newPC
    }

    private func releasesByOriginalAcquire(_ releases: [Int: Set<Int>], _ map: PCMap?) -> [Int: Set<Int>] {
        var out: [Int: Set<Int>] = [:]
        for (acquire, pcs) in releases {
            out[originalPC(acquire, map), default: []].formUnion(pcs.map { originalPC($0, map) })
        }
        return out
    }

    private func baseMetrics(_ r: VerificationResult, hooks: DescriptorHooks, round: Int, spilled: Int, inserted: Int) -> BackendMetrics {
        var m = BackendMetrics()
        m.throwPoints = r.throwPoints.count
        m.refsMax = r.refsMax
        m.refsAtThrowMax = r.refsAtThrowMax
        m.stackChainMax = r.stackChainMax
        m.insertedInsns = inserted
        m.merges = hooks.merges
        m.nullMerges = hooks.events.filter { $0.resolution == .nullMerge }.count
        m.conflicts = hooks.conflicts.count
        m.spilledAcquires = spilled
        m.rounds = round
        return m
    }

    /// The descriptor table the unwinder uses: non-empty descriptors, and per subprogram the
    /// registers the trampoline makes it save.
    private func finalTable(hooks: DescriptorHooks, spilled: [Int: Int], program: BPFProgram, result: VerificationResult) -> DescriptorTable {
        var table = DescriptorTable()
        for (pc, d) in hooks.table where !DescriptorEncoding.stored(d).isEmpty { table.descriptors[pc] = d }
        table.reservedSlots = spilled
        for (s, _) in program.subprograms.enumerated() {
            let throwing = result.throwingSubprograms.contains(s)
            let used = calleeSavedWritten(program, subprog: s)
            table.savedRegisters[s] = throwing ? [6, 7, 8, 9] : used
            table.forcedSaves[s] = throwing ? 4 - used.count : 0
        }
        return table
    }

    /// R6-R9 a subprogram writes: what an x86 JIT saves in its prologue anyway.
    private func calleeSavedWritten(_ program: BPFProgram, subprog s: Int) -> [UInt8] {
        let sub = program.subprograms[s]
        var used = Set<UInt8>()
        for pc in sub.startPC..<min(sub.endPC, program.instructions.count) {
            switch program.instructions[pc] {
            case .alu(_, _, let d, _), .neg(_, let d), .byteSwap(_, _, let d), .movsx(_, let d, _, _), .load(_, _, let d, _, _),
                .loadImm64(let d, _):
                if d.isCalleeSaved { used.insert(d.index) }
            case .atomic(let op, _, _, _, let src) where op.fetches:
                if src.isCalleeSaved { used.insert(src.index) }
            default: break
            }
        }
        return used.sorted()
    }

    /// The RFC routes every throw through a trampoline: one extra call per throw site.
    private func trampolineInstructions(_ r: VerificationResult) -> Int { r.throwPoints.count }

    private func reservedText(_ spilled: [Int: SpillPlan.Slot], subprogs: Int) -> String {
        var bytes = Array(repeating: 0, count: max(subprogs, 1))
        for slot in spilled.values where slot.subprog < bytes.count { bytes[slot.subprog] += 8 }
        return bytes.map(String.init).joined(separator: "+")
    }

    private func mergeFailure(_ c: DescriptorHooks.Conflict, rounds: Int, spill: Bool) -> VerifierError {
        let e = c.event
        var message = "frame_desc: merge: failed to merge old and new frame desc entry\n"
        message += "pc \(e.pc) frame \(e.frame) (func#\(e.subprog)) \(e.location): old \(e.oldSide), new \(e.newSide)"
        if spill { message += " (after \(rounds) round\(rounds == 1 ? "" : "s") of spill-on-conflict)" }
        return VerifierError(message, pc: e.pc, kind: .backend)
    }

    private func outcome(
        _ r: VerificationResult, error: VerifierError?, program: BPFProgram, metrics: BackendMetrics, table: DescriptorTable,
        events: [MergeEvent]
    ) -> BackendOutcome {
        BackendOutcome(
            backend: name, variant: variant, verification: r, failure: error, program: program, metrics: metrics,
            unwind: error == nil ? .descriptors(table) : .none, mergeEvents: events)
    }
}
