import BPFISA
import BPFKernelModel
import BPFObject

/// The program's control flow before the main pass: the kernel's `check_subprogs` and
/// `check_cfg` (jump ranges, reachability, prune points), plus the call graph and which
/// subprograms can reach `bpf_throw` (memoised once, SPEC §5.2).
struct ControlFlow {
    let program: BPFProgram
    let insns: [Instruction]
    /// Subprogram index of each pc.
    let subprogOf: [Int]
    /// `prune_point` marks (`visit_insn`).
    private(set) var prunePoints: [Bool]
    /// `force_checkpoint` marks (iterator next, may_goto, callback-calling helpers).
    private(set) var forceCheckpoints: [Bool]
    /// Instructions where a loop converges by state equivalence rather than by exploration:
    /// `is_iter_next_insn`, `is_may_goto_insn_at`, `bpf_calls_callback`.
    private(set) var convergencePoints: [ConvergencePoint?]
    /// Callees (by subprogram index) of each subprogram: pseudo calls only.
    private(set) var callees: [Set<Int>]
    /// Per subprogram, in instruction order and without repeats, the subprograms its pseudo
    /// calls and callback addresses (`lddw` of a function) reach: the edges
    /// `check_max_stack_depth` walks.
    private(set) var staticCallees: [[Int]]
    /// Subprograms whose `lddw` takes as a callback, by caller.
    private(set) var callbackTargets: Set<Int> = []
    /// Subprograms from which a `bpf_throw` call is reachable.
    private(set) var throwingSubprograms: Set<Int> = []
    /// pcs of `bpf_throw` calls.
    private(set) var throwCalls: Set<Int> = []

    init(program: BPFProgram, catalog: Catalog) {
        self.program = program
        self.insns = program.instructions
        var owner = Array(repeating: 0, count: program.instructions.count)
        for (i, s) in program.subprograms.enumerated() {
            for pc in s.startPC..<min(s.endPC, owner.count) { owner[pc] = i }
        }
        subprogOf = owner
        prunePoints = Array(repeating: false, count: insns.count)
        forceCheckpoints = Array(repeating: false, count: insns.count)
        convergencePoints = Array(repeating: nil, count: insns.count)
        callees = Array(repeating: [], count: max(program.subprograms.count, 1))
        staticCallees = Array(repeating: [], count: max(program.subprograms.count, 1))
        markPoints(catalog: catalog)
        computeThrowing()
    }

    func isPrunePoint(_ pc: Int) -> Bool { prunePoints[pc] }
    func isForceCheckpoint(_ pc: Int) -> Bool { forceCheckpoints[pc] }

    /// The subprogram starting at `pc`, if any.
    func subprog(startingAt pc: Int) -> Int? {
        program.subprograms.firstIndex { $0.startPC == pc }
    }

    func kfuncName(_ insn: Instruction) -> String? {
        if case .call(.kfunc(let id, _)) = insn { return program.kfuncs[id]?.name }
        return nil
    }

    private mutating func markPoints(catalog: Catalog) {
        for (pc, insn) in insns.enumerated() {
            let target = insn.displacement.map { pc + $0 + 1 }
            switch insn {
            case .ja, .gotol:
                if let t = target, t >= 0, t < insns.count { prunePoints[t] = true }
            case .jump:
                // `push_insn` marks every BRANCH edge's target.
                prunePoints[pc] = true
                if let t = target, t >= 0, t < insns.count { prunePoints[t] = true }
            case .mayGoto:
                prunePoints[pc] = true
                forceCheckpoints[pc] = true
                convergencePoints[pc] = .mayGoto
                if let t = target, t >= 0, t < insns.count { prunePoints[t] = true }
            case .call(let callTarget):
                if pc + 1 < insns.count { prunePoints[pc + 1] = true }
                switch callTarget {
                case .local:
                    prunePoints[pc] = true
                    if let t = target, t >= 0, t < insns.count { prunePoints[t] = true }
                    if let t = target, let callee = subprog(startingAt: t) {
                        callees[subprogOf[pc]].insert(callee)
                        addStaticCallee(callee, of: subprogOf[pc])
                    }
                case .kfunc:
                    if let name = kfuncName(insn) {
                        if catalog.kfunc(name)?.flags.contains(.iterNext) == true {
                            prunePoints[pc] = true
                            forceCheckpoints[pc] = true
                            convergencePoints[pc] = .iterNext
                        }
                        if catalog.kfunc(name)?.special == .throw { throwCalls.insert(pc) }
                        // `bpf_rbtree_add`'s `less` callback (`is_sync_callback_calling_kfunc`).
                        if catalog.kfunc(name)?.args.contains(.callback) == true {
                            prunePoints[pc] = true
                            forceCheckpoints[pc] = true
                            convergencePoints[pc] = .callsCallback
                        }
                    }
                case .helper(let id):
                    if let spec = catalog.helper(id), spec.args.contains(where: { if case .callback = $0 { return true } else { return false } }) {
                        prunePoints[pc] = true
                        forceCheckpoints[pc] = true
                        convergencePoints[pc] = .callsCallback
                    }
                }
            case .loadImm64(_, .function):
                // Visited as a call (`visit_func_call_insn`): itself, the next instruction and
                // the callee's entry are prune points.
                prunePoints[pc] = true
                if pc + 2 < insns.count { prunePoints[pc + 2] = true }
                if let t = target, t >= 0, t < insns.count { prunePoints[t] = true }
                if let t = target, let cb = subprog(startingAt: t) {
                    callbackTargets.insert(cb)
                    addStaticCallee(cb, of: subprogOf[pc])
                }
            default:
                break
            }
        }
    }

    private mutating func addStaticCallee(_ callee: Int, of caller: Int) {
        if !staticCallees[caller].contains(callee) { staticCallees[caller].append(callee) }
    }

    /// Throw reachability over the call graph, computed once (a fixed point).
    private mutating func computeThrowing() {
        var throwing = Set(throwCalls.map { subprogOf[$0] })
        var changed = true
        while changed {
            changed = false
            for (s, cs) in callees.enumerated() where !throwing.contains(s) && !cs.isDisjoint(with: throwing) {
                throwing.insert(s)
                changed = true
            }
        }
        throwingSubprograms = throwing
    }

    /// `check_subprogs` + `check_cfg`: every jump lands inside its subprogram on an
    /// instruction start, every subprogram ends in `exit` or `goto`, every instruction is reachable.
    func check() throws(VerifierError) {
        guard !insns.isEmpty else { throw VerifierError("empty program", pc: 0, kind: .parse) }
        for (pc, insn) in insns.enumerated() {
            if case .continuation = insn { continue }
            if case .loadImm64 = insn, pc + 1 >= insns.count {
                throw VerifierError("invalid BPF_LD_IMM insn", pc: pc)
            }
            guard let d = insn.displacement else { continue }
            let t = pc + d + 1
            switch insn {
            case .call(.local), .loadImm64(_, .function):
                guard t >= 0, t < insns.count, subprog(startingAt: t) != nil else {
                    throw VerifierError("call to invalid destination", pc: pc)
                }
            default:
                let s = program.subprograms.isEmpty ? nil : program.subprograms[subprogOf[pc]]
                let inRange = t >= 0 && t < insns.count && (s.map { t >= $0.startPC && t < $0.endPC } ?? true)
                guard inRange else { throw VerifierError("jump out of range from insn \(pc) to \(t)", pc: pc) }
            }
        }
        for s in program.subprograms where s.endPC > s.startPC {
            let last = lastInstruction(before: s.endPC)
            switch insns[last] {
            case .exit, .ja, .gotol: break
            default: throw VerifierError("last insn is not an exit or jmp", pc: last)
            }
        }
        try checkReachability()
    }

    private func lastInstruction(before end: Int) -> Int {
        var pc = end - 1
        if pc > 0, case .continuation = insns[pc] { pc -= 1 }
        return pc
    }

    private func checkReachability() throws(VerifierError) {
        var seen = Array(repeating: false, count: insns.count)
        var stack = [0]
        if let cb = program.subprograms.first(where: { $0.role.contains(.exceptionCallback) }) { stack.append(cb.startPC) }
        // Second halves of lddw some jump lands on.
        var jumpedInto: Set<Int> = []
        while let pc = stack.popLast() {
            guard pc >= 0, pc < insns.count else { continue }
            if case .continuation = insns[pc] { jumpedInto.insert(pc) }
            guard !seen[pc] else { continue }
            seen[pc] = true
            let insn = insns[pc]
            if case .loadImm64 = insn, pc + 1 < insns.count { seen[pc + 1] = true }
            for succ in successors(of: pc) { stack.append(succ) }
            if let d = insn.displacement, case .call(.local) = insn { stack.append(pc + d + 1) }
            if let d = insn.displacement, case .loadImm64(_, .function) = insn { stack.append(pc + d + 1) }
        }
        // check_cfg's last pass, in instruction order: an unreached instruction, or an lddw
        // whose second half is a jump target (named by its first half).
        var i = 0
        while i < insns.count {
            if !seen[i] { throw VerifierError("unreachable insn \(i)", pc: i) }
            if case .loadImm64 = insns[i] {
                if jumpedInto.contains(i + 1) { throw VerifierError("jump into the middle of ldimm64 insn \(i)", pc: i) }
                i += 1
            }
            i += 1
        }
    }

    /// Intra-procedural successors (a call falls through to the next instruction).
    func successors(of pc: Int) -> [Int] {
        let insn = insns[pc]
        switch insn {
        case .exit: return []
        case .ja, .gotol: return [pc + insn.displacement! + 1]
        case .jump, .mayGoto: return [pc + 1, pc + insn.displacement! + 1]
        default: return [pc + insn.slotCount]
        }
    }
}

/// Why a loop through an instruction may be cut by an equivalent state still on the DFS path.
enum ConvergencePoint {
    /// An open-coded iterator's `next` call.
    case iterNext
    /// `may_goto`.
    case mayGoto
    /// A helper calling a synchronous callback (`bpf_loop`).
    case callsCallback
}
