import BPFISA
import BPFObject

/// A program's throw points (SPEC §5.2): every `bpf_throw` call, and every call of a global
/// subprogram from which `bpf_throw` is reachable through calls. Found from the instructions,
/// so they are the same whether or not a verifier path reaches them; a backend's rewriting
/// inserts no throw point, so the k-th throw point of a rewritten program is the k-th of the
/// original.
public enum ThrowPoints {
    public static func of(_ program: BPFProgram) -> [Int] {
        let subprograms = program.subprograms
        func index(containing pc: Int) -> Int? { subprograms.firstIndex { $0.pcs.contains(pc) } }
        var throwsDirectly = Set<Int>()
        var callees: [Int: Set<Int>] = [:]
        var throwCalls: [Int] = []
        var localCalls: [(pc: Int, callee: Int)] = []
        for (pc, insn) in program.instructions.enumerated() {
            guard case .call(let target) = insn, let caller = index(containing: pc) else { continue }
            switch target {
            case .kfunc(let id, _) where program.kfuncs[id]?.name == "bpf_throw":
                throwsDirectly.insert(caller)
                throwCalls.append(pc)
            case .local(let offset):
                if let callee = subprograms.firstIndex(where: { $0.startPC == pc + Int(offset) + 1 }) {
                    callees[caller, default: []].insert(callee)
                    localCalls.append((pc, callee))
                }
            default:
                break
            }
        }
        var throwing = throwsDirectly
        var changed = true
        while changed {
            changed = false
            for (caller, targets) in callees where !throwing.contains(caller) && !targets.isDisjoint(with: throwing) {
                throwing.insert(caller)
                changed = true
            }
        }
        let calls = localCalls.filter { subprograms[$0.callee].isGlobal && throwing.contains($0.callee) }.map(\.pc)
        return (throwCalls + calls).sorted()
    }
}

/// Maps the pcs of a rewritten program's calls back to the original program: inserted code
/// calls only the backend's own kfuncs, so the k-th call of a given helper, kfunc or
/// subprogram in the rewritten program is the k-th in the original.
enum CallSites {
    static func key(_ insn: Instruction, pc: Int, in program: BPFProgram) -> String? {
        guard case .call(let target) = insn else { return nil }
        switch target {
        case .helper(let id): return "helper \(id)"
        case .kfunc(let id, _): return "kfunc \(program.kfuncs[id]?.name ?? String(id))"
        case .local(let offset):
            let entry = pc + Int(offset) + 1
            return "call \(program.subprogram(startingAt: entry)?.name ?? String(entry))"
        }
    }

    /// Original pc of each call of `rewritten` that `original` has too.
    static func originalPCs(rewritten: BPFProgram, original: BPFProgram) -> [Int: Int] {
        var originalByKey: [String: [Int]] = [:]
        for (pc, insn) in original.instructions.enumerated() {
            if let k = key(insn, pc: pc, in: original) { originalByKey[k, default: []].append(pc) }
        }
        var seen: [String: Int] = [:]
        var map: [Int: Int] = [:]
        for (pc, insn) in rewritten.instructions.enumerated() {
            guard let k = key(insn, pc: pc, in: rewritten) else { continue }
            let rank = seen[k, default: 0]
            seen[k] = rank + 1
            if let pcs = originalByKey[k], rank < pcs.count { map[pc] = pcs[rank] }
        }
        return map
    }
}
