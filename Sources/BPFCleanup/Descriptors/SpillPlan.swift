import BPFISA
import BPFObject

/// Spill-on-conflict as proposed in the RFC's review (SPEC §5.2): each conflicting resource
/// gets an 8-byte slot reserved for its acquiring pc, past its frame's stack. The rewrite
/// (applied to the original program by the ``Patcher``):
///
///     *(u64 *)(r10 - slot) = 0      ; before the subprogram's first instruction, every slot
///     call <acquire>
///     *(u64 *)(r10 - slot) = r0     ; right after the acquire (NULL stores NULL)
///     call <release>
///     *(u64 *)(r10 - slot) = 0      ; right after each release of that resource in the same frame
///
/// A release in another frame cannot clear the slot (its `r10` is another frame's); the stale
/// slot then reads as garbage to the verifier and may still conflict: reported as it is.
struct SpillPlan {
    struct Slot: Hashable {
        var subprog: Int
        /// fp offset (negative).
        var offset: Int
    }

    let program: BPFProgram
    let stackDepths: [Int]
    private(set) var slots: [Int: Slot]

    init(program: BPFProgram, stackDepths: [Int], existing: [Int: Slot]) {
        self.program = program
        self.stackDepths = stackDepths
        self.slots = existing
    }

    private func subprog(of pc: Int) -> Int {
        program.subprograms.firstIndex { $0.startPC <= pc && pc < $0.endPC } ?? 0
    }

    /// Reserves the next free slot past the frame's stack for the acquire at `acquirePC`.
    mutating func reserve(acquirePC: Int) {
        guard slots[acquirePC] == nil else { return }
        let s = subprog(of: acquirePC)
        let depth = s < stackDepths.count ? stackDepths[s] : 0
        let base = ((depth + 7) / 8) * 8
        let taken = slots.values.filter { $0.subprog == s }.count
        slots[acquirePC] = Slot(subprog: s, offset: -(base + 8 * (taken + 1)))
    }

    /// The insertions for all reserved slots; `releases` maps an acquire pc to its release pcs.
    func insertions(releases: [Int: Set<Int>]) -> [Insertion] {
        var out: [Insertion] = []
        let bySubprog = Dictionary(grouping: slots.values, by: \.subprog)
        for (s, list) in bySubprog.sorted(by: { $0.key < $1.key }) where s < program.subprograms.count {
            let zeroing = list.sorted { $0.offset > $1.offset }.map { zeroStore($0.offset) }
            out.append(Insertion(pc: program.subprograms[s].startPC, position: .before, instructions: zeroing, purpose: "zeroing"))
        }
        for (acquire, slot) in slots.sorted(by: { $0.key < $1.key }) {
            out.append(
                Insertion(
                    pc: acquire, position: .after,
                    instructions: [.store(.double, base: .fp, offset: Int16(slot.offset), value: .register(.r0))], purpose: "spill"))
            for release in (releases[acquire] ?? []).sorted() where subprog(of: release) == slot.subprog {
                out.append(Insertion(pc: release, position: .after, instructions: [zeroStore(slot.offset)], purpose: "clear"))
            }
        }
        return out
    }

    private func zeroStore(_ offset: Int) -> Instruction {
        .store(.double, base: .fp, offset: Int16(offset), value: .immediate(0))
    }
}
