import BPFISA
import BPFObject

/// Where a `bpf_spin_lock` may be held: the pcs between `bpf_spin_lock` (helper 93) and
/// `bpf_spin_unlock` (94) on some path, by a forward may-analysis within each subprogram
/// (the verifier forbids calls and exits while a lock is held, so regions never span frames).
///
/// The kernel allows no call there except the list/rbtree kfuncs: the table backend can place
/// neither its probe throws nor its push/pop kfunc calls inside.
struct LockRegions {
    /// Pcs at which a lock may be held before the instruction runs.
    let locked: Set<Int>

    init(program: BPFProgram) {
        var locked = Set<Int>()
        let insns = program.instructions
        for sub in program.subprograms {
            let range = sub.startPC..<min(sub.endPC, insns.count)
            guard !range.isEmpty else { continue }
            var held = [Int: Bool]()
            var work = [range.lowerBound]
            held[range.lowerBound] = false
            while let pc = work.popLast() {
                let before = held[pc] ?? false
                var after = before
                if case .call(.helper(let id)) = insns[pc] {
                    if id == LockRegions.spinLock { after = true }
                    if id == LockRegions.spinUnlock { after = false }
                }
                for next in LockRegions.successors(of: pc, insns) where range.contains(next) {
                    let old = held[next]
                    if old == nil || (after && old == false) {
                        held[next] = (old ?? false) || after
                        work.append(next)
                    }
                }
            }
            for (pc, h) in held where h { locked.insert(pc) }
        }
        self.locked = locked
    }

    /// The pcs of `sub` calling helper `id`.
    func calls(of id: Int32, in sub: Subprogram, _ program: BPFProgram) -> [Int] {
        (sub.startPC..<min(sub.endPC, program.instructions.count)).filter { program.instructions[$0] == .call(.helper(id)) }
    }

    /// The `bpf_spin_unlock` calls that end the lock region `pc` is in, on some path from it.
    func unlocks(reachableFrom pc: Int, in sub: Subprogram, _ program: BPFProgram) -> [Int] {
        var seen: Set<Int> = [pc]
        var work = [pc]
        var found = Set<Int>()
        while let at = work.popLast() {
            if at != pc, program.instructions[at] == .call(.helper(LockRegions.spinUnlock)) {
                found.insert(at)
                continue
            }
            for next in LockRegions.successors(of: at, program.instructions) where sub.pcs.contains(next) && seen.insert(next).inserted {
                work.append(next)
            }
        }
        return found.sorted()
    }

    static let spinLock: Int32 = 93
    static let spinUnlock: Int32 = 94

    /// Intra-procedural successors: fall-through and jump targets (calls return to the next pc).
    static func successors(of pc: Int, _ insns: [Instruction]) -> [Int] {
        let insn = insns[pc]
        var out: [Int] = []
        switch insn {
        case .exit: return []
        case .ja, .gotol: break
        default: out.append(pc + max(insn.slotCount, 1))
        }
        switch insn {
        case .ja, .gotol, .jump, .mayGoto:
            if let d = insn.displacement { out.append(pc + d + 1) }
        default: break
        }
        return out
    }
}
