import BPFISA
import BPFObject

/// The static call graph of a program as the kernel's `check_max_stack_depth` walks it:
/// bpf-to-bpf call edges between subprograms, plus the roots the kernel verifies on their own
/// (the main program, global functions, callbacks, the exception callback).
struct CallGraph {
    /// Per subprogram, the subprograms it calls with `call pc+off`, in ascending order.
    let callees: [[Int]]
    /// Per subprogram, the subprograms that call it.
    let callers: [[Int]]
    /// Subprograms whose address is taken (`r1 = func ll`) or that are marked as callbacks.
    let callbackTargets: Set<Int>
    /// Per subprogram, the callbacks whose address it takes: the kernel counts a callback's
    /// frame on top of the frame that passes it to the helper.
    let callbacksTaken: [[Int]]
    /// Subprograms whose frames run under a callback (`bpf_loop`, `bpf_for_each_map_elem`):
    /// callback targets and everything they reach by static calls.
    let underCallback: Set<Int>

    init(program: BPFProgram) {
        let subs = program.subprograms
        var callees = Array(repeating: Set<Int>(), count: subs.count)
        var taken = Array(repeating: Set<Int>(), count: subs.count)
        var callbackTargets = Set<Int>()
        for (s, sub) in subs.enumerated() {
            var pc = sub.startPC
            while pc < min(sub.endPC, program.instructions.count) {
                let insn = program.instructions[pc]
                switch insn {
                case .call(.local(let off)):
                    if let t = CallGraph.subprogram(startingAt: pc + Int(off) + 1, in: subs) { callees[s].insert(t) }
                case .loadImm64(_, .function(let off)):
                    if let t = CallGraph.subprogram(startingAt: pc + Int(off) + 1, in: subs) {
                        callbackTargets.insert(t)
                        taken[s].insert(t)
                    }
                default: break
                }
                pc += max(insn.slotCount, 1)
            }
        }
        for (s, sub) in subs.enumerated() where sub.isCallbackTarget { callbackTargets.insert(s) }
        self.callees = callees.map { $0.sorted() }
        var callers = Array(repeating: [Int](), count: subs.count)
        for (s, cs) in callees.enumerated() { for c in cs.sorted() { callers[c].append(s) } }
        self.callers = callers
        self.callbackTargets = callbackTargets
        callbacksTaken = taken.map { $0.sorted() }
        var under = callbackTargets
        var work = Array(callbackTargets)
        while let s = work.popLast() {
            for c in callees[s] where !subs[c].isGlobal && under.insert(c).inserted { work.append(c) }
        }
        underCallback = under
    }

    static func subprogram(startingAt pc: Int, in subs: [Subprogram]) -> Int? {
        subs.firstIndex { $0.startPC == pc }
    }
}
