/// Precision of conditional jumps, by checkpoint. The kernel backtracks from a predicted jump
/// (`mark_chain_precision`) and marks the registers and slots of the states on the current
/// path; it copies an old state's marks onto the path it prunes (`propagate_precision`).
/// bpfsim keeps, per checkpoint, the set of jumps predicted somewhere below it, and reads a
/// jump's demand at a checkpoint from the jump's static ``PrecisionSlice`` at that pc: an
/// over-approximation of the kernel's marks along the path, as the rest of ``Liveness``.
extension VerifierRun {
    /// What must be precise when comparing against a checkpoint (nil: the static demands only).
    func precision(of node: Int?) -> Precision {
        guard let node, !nodes[node].jumps.isEmpty else { return Precision(base: liveness.base, jumps: []) }
        // Order does not matter: a register is precise when any slice says so.
        return Precision(base: liveness.base, jumps: nodes[node].jumps.map(jumpSlice))
    }

    func jumpSlice(_ pc: Int) -> PrecisionSlice {
        if let s = jumpSlices[pc] { return s }
        let s = liveness.slice(ofJump: pc)
        jumpSlices[pc] = s
        return s
    }

    /// The jump at `pc` was predicted on the path below `parent`: every checkpoint on the path
    /// now depends on its operands. A checkpoint that has the jump already has it above too.
    func activateJump(_ pc: Int, parent: Int?) {
        _ = propagate([pc], from: parent)
    }

    /// Adds `jumps` to the checkpoints from `parent` up; true when any set grew.
    func propagate<S: Sequence>(_ jumps: S, from parent: Int?) -> Bool where S.Element == Int {
        var grew = false
        for j in jumps {
            var p = parent
            while let i = p, nodes[i].jumps.insert(j).inserted {
                grew = true
                p = nodes[i].parent
            }
        }
        return grew
    }

    /// Only a loop cut can teach a checkpoint of a predicted jump after it pruned a path: a
    /// finished checkpoint's jumps are final until then, so prunings before the first loop cut
    /// are not kept (a loop-free program keeps none).
    func recordPruning(_ state: VerifierState, old: Int, parent: Int?, loop: Bool) {
        _ = propagate(nodes[old].jumps, from: parent)
        if loop { sawLoopCut = true }
        guard sawLoopCut else { return }
        prunings.append(Pruning(state: state, old: old, parent: parent, loop: loop, seen: nodes[old].jumps.count))
    }

    /// After the worklist drains: checkpoints may have learnt of predicted jumps after they
    /// pruned a path (a loop's checkpoint is still being explored when it cuts the loop). Until
    /// nothing changes, each pruning's checkpoint passes its jumps on to the pruned path, and a
    /// pruned state that is no longer covered is returned to be explored after all.
    func revalidatePrunings() -> [Pruning] {
        var uncovered: [Pruning] = []
        var changed = true
        while changed {
            changed = false
            var kept: [Pruning] = []
            kept.reserveCapacity(prunings.count)
            for var p in prunings {
                let jumps = nodes[p.old].jumps
                if jumps.count == p.seen {
                    kept.append(p)
                    continue
                }
                // A loop cut compares ranges whatever the precision; a plain pruning may fail now.
                if !p.loop && !statesEqual(nodes[p.old].state, p.state, .notExact, precision(of: p.old)) {
                    uncovered.append(p)
                    continue
                }
                p.seen = jumps.count
                if propagate(jumps, from: p.parent) { changed = true }
                kept.append(p)
            }
            prunings = kept
        }
        return uncovered
    }
}

/// The demands a comparison honours: the static ones and the slices of predicted jumps.
struct Precision {
    var base: PrecisionSlice
    var jumps: [PrecisionSlice]

    func isPrecise(_ r: Int, before pc: Int) -> Bool {
        base.isPrecise(r, before: pc) || jumps.contains { $0.isPrecise(r, before: pc) }
    }

    func isSlotPrecise(_ spi: Int, before pc: Int) -> Bool {
        base.isSlotPrecise(spi, before: pc) || jumps.contains { $0.isSlotPrecise(spi, before: pc) }
    }
}

/// A path cut at a prune point because checkpoint `old` covered `state`.
struct Pruning {
    var state: VerifierState
    var old: Int
    /// The last checkpoint of the pruned path.
    var parent: Int?
    /// Cut by an in-progress state at a loop's convergence point.
    var loop: Bool
    /// How many jumps `old` had when this pruning last held.
    var seen: Int
}
