import BPFISA
import BPFKernelModel
import BPFObject

/// One verification of one program: the kernel's `struct bpf_verifier_env` and `do_check`.
///
/// Exploration is depth-first over a worklist of pending branch states. At prune points the
/// current state is compared with stored checkpoints (`is_state_visited`); a checkpoint can
/// prune only once every path below it has finished (`branches == 0`), which keeps loops
/// honest. Reference semantics here are deliberate: the env accumulates statistics across
/// paths; states themselves are values.
final class VerifierRun {
    let program: BPFProgram
    let insns: [Instruction]
    let options: VerifierOptions
    let catalog: Catalog
    let hooks: VerifierHooks
    let cfg: ControlFlow
    let liveness: Liveness
    /// ``Liveness/slice(ofJump:)`` of each predicted jump, computed once.
    var jumpSlices: [Int: PrecisionSlice] = [:]
    /// This exploration's prunings, re-checked once the worklist drains.
    var prunings: [Pruning] = []
    /// A loop was cut by an in-progress checkpoint in this exploration (``recordPruning``).
    var sawLoopCut = false
    var log: VerifierLog

    // Exploration.
    var worklist: [PendingState] = []
    var nodes: [Checkpoint] = []
    /// The stored checkpoints of each pc, oldest first (`explored_state`'s list, which the
    /// kernel walks newest first). A checkpoint with `branches > 0` is still on the DFS path:
    /// loops are detected against it; one with `branches == 0` can prune.
    var stateLists: [[Int]]
    /// In-progress checkpoints by pc and ``VerifierState/loopKey`` (exact equality up to ids):
    /// the candidates of the infinite-loop check, found without comparing every state.
    var loopKeys: [[Int: [Int]]]
    var idGen: UInt32 = 0

    // Statistics (veristat's names in VerificationResult).
    var insnProcessed = 0
    var prevInsnProcessed = 0
    var jmpsProcessed = 0
    var prevJmpsProcessed = 0
    var totalStates = 0
    var liveStates = 0
    var peakStates = 0
    var maxStatesPerInsn = 0

    /// The kernel's BTF, read on first use (``VerifierOptions/kernelBTFPath``).
    lazy var kernelBTF: BTF? = options.kernelBTFPath.flatMap { KernelBTF.load(path: $0) }
    /// The attach point's prototype, once looked up.
    var attachPrototypeCache: (prototype: AttachPrototype?, source: AttachPrototypeSource?)?

    // Facts for the result.
    var stackDepth: [Int]
    var calledGlobals: [Int] = []
    var result = VerificationResult()

    init(program: BPFProgram, options: VerifierOptions, hooks: VerifierHooks) {
        self.program = program
        self.insns = program.instructions
        self.options = options
        self.catalog = options.catalog
        self.hooks = hooks
        self.cfg = ControlFlow(program: program, catalog: options.catalog)
        self.liveness = Liveness(program: program, cfg: cfg, catalog: options.catalog)
        self.log = VerifierLog(level: options.logLevel, program: program, catalog: options.catalog)
        self.stateLists = Array(repeating: [], count: program.instructions.count)
        self.loopKeys = Array(repeating: [:], count: program.instructions.count)
        self.stackDepth = Array(repeating: 0, count: max(program.subprograms.count, 1))
    }

    func newID() -> UInt32 {
        idGen += 1
        return idGen
    }

    /// Verifies the main program, then every global subprogram it calls, then the exception
    /// callback, as `bpf_check` does; then the static stack-depth walk.
    func verifyAll() -> VerificationResult {
        do {
            try cfg.check()
            result.throwingSubprograms = cfg.throwingSubprograms
            try verifyEntry(subprog: 0)
            var index = 0
            while index < calledGlobals.count {
                let s = calledGlobals[index]
                index += 1
                try verifyGlobal(subprog: s)
            }
            if let cb = program.subprograms.firstIndex(where: { $0.role.contains(.exceptionCallback) }) {
                try verifyExceptionCallback(subprog: cb)
            }
            try checkExceptionRules()
            try checkMaxStackDepth()
        } catch {
            result.error = error
            log.emitError(error)
        }
        finishStatistics()
        return result
    }

    private func finishStatistics() {
        result.processedInstructions = insnProcessed
        result.totalStates = totalStates
        result.peakStates = peakStates
        result.maxStatesPerInstruction = maxStatesPerInsn
        result.stackDepths = stackDepth
        log.emitStatistics(result)
        result.log = log.text
    }

    // MARK: - Entry states

    private func verifyEntry(subprog: Int) throws(VerifierError) {
        var frame = FrameState(frameNo: 0, subprog: subprog, callSite: -1)
        frame.regs[1] = RegState(type: .context, value: .known(UInt64(0)))
        let state = VerifierState(entryFrame: frame, pc: program.subprograms.first?.startPC ?? 0)
        try explore(from: state)
    }

    private func verifyGlobal(subprog s: Int) throws(VerifierError) {
        let sub = program.subprograms[s]
        log.line("Validating \(sub.name)() func#\(s)...")
        var frame = FrameState(frameNo: 0, subprog: s, callSite: -1)
        let params = globalArguments(of: s)
        for (i, arg) in params.enumerated() where i < 5 {
            frame.regs[i + 1] = arg
        }
        try explore(from: VerifierState(entryFrame: frame, pc: sub.startPC))
        log.line("Func#\(s) ('\(sub.name)') is safe for any args that match its prototype")
    }

    private func verifyExceptionCallback(subprog s: Int) throws(VerifierError) {
        let sub = program.subprograms[s]
        try checkGlobalReturnType(subprog: s)
        let params = program.btf.prototype(of: sub.btfPrototypeID ?? .void)?.parameters ?? []
        guard params.count == 1, globalArguments(of: s).first?.isScalar == true else {
            throw VerifierError("exception cb only supports single integer argument", pc: sub.startPC)
        }
        log.line("Validating \(sub.name)() func#\(s)...")
        var frame = FrameState(frameNo: 0, subprog: s, callSite: -1)
        frame.regs[1] = .unknownScalar
        try explore(from: VerifierState(entryFrame: frame, pc: sub.startPC))
    }

    // MARK: - The exploration loop (do_check)

    /// Explores every path from `initial` until all end, or throws the first error.
    func explore(from initial: VerifierState) throws(VerifierError) {
        worklist.removeAll()
        prunings.removeAll()
        sawLoopCut = false
        var current: PendingState? = PendingState(state: initial, parent: nil, fromPC: nil)
        log.stateLine(initial, pc: initial.pc, full: true)
        while true {
            while let path = current {
                try runPath(path)
                current = popPending()
            }
            // Explore what a checkpoint no longer covers, now that more is known to be precise.
            let uncovered = revalidatePrunings()
            if uncovered.isEmpty { break }
            for p in uncovered.reversed() {
                reopen(p.parent)
                worklist.append(PendingState(state: p.state, parent: p.parent, fromPC: nil, logPosition: log.position))
            }
            current = popPending()
        }
    }

    /// Takes the next pending branch (`pop_stack`).
    private func popPending() -> PendingState? {
        guard let next = worklist.popLast() else { return nil }
        log.truncateForPop(to: next.logPosition)
        if let from = next.fromPC {
            log.branchLine(from: from, to: next.state.pc, state: next.state)
        }
        return next
    }

    /// Follows one path to its end: exit, prune, or a throw.
    private func runPath(_ path: PendingState) throws(VerifierError) {
        var state = path.state
        var parent = path.parent
        // The instruction whose line the kernel's log printed last (the branch a popped path
        // starts from): the limit and the infinite-loop check fire before the next line is
        // printed, so that is the pc the kernel's log shows for them.
        var printedPC = path.fromPC
        while true {
            let pc = state.pc
            guard pc >= 0, pc < insns.count else {
                throw VerifierError("invalid insn idx \(pc) insn_cnt \(insns.count)", pc: pc)
            }
            insnProcessed += 1
            if insnProcessed > options.instructionLimit {
                throw VerifierError("BPF program is too large. Processed \(insnProcessed) insn", pc: printedPC ?? pc, kind: .limit)
            }
            if cfg.isPrunePoint(pc) {
                let visit: VisitResult
                do {
                    visit = try isStateVisited(&state, parent: &parent)
                } catch {
                    var e = error
                    e.pc = printedPC ?? e.pc
                    throw e
                }
                switch visit {
                case .pruned:
                    log.line(path.fromPC != nil && state.pc == path.state.pc ? "" : "\(pc): safe")
                    endPath(parent)
                    return
                case .continue:
                    break
                }
            }
            log.instructionLine(pc)
            printedPC = pc
            let outcome = try step(&state, parent: parent)
            switch outcome {
            case .next(let nextPC):
                log.afterInstruction(state, pc: pc)
                state.pc = nextPC
            case .end:
                endPath(parent)
                return
            }
        }
    }

    /// `update_branch_counts`: the path below `parent` has finished.
    func endPath(_ parent: Int?) {
        var p = parent
        while let i = p {
            nodes[i].branches -= 1
            if nodes[i].branches > 0 { break }
            finish(i)
            p = nodes[i].parent
        }
    }

    /// A checkpoint's exploration is complete: from now on it can prune, and it is no longer a
    /// loop candidate.
    private func finish(_ i: Int) {
        let pc = nodes[i].state.pc
        let key = nodes[i].loopKey
        if var list = loopKeys[pc][key], let k = list.lastIndex(of: i) {
            list.remove(at: k)
            loopKeys[pc][key] = list.isEmpty ? nil : list
        }
    }

    /// A finished path is explored again below `parent`: it and every finished checkpoint
    /// above it are in progress once more, so that ``endPath(_:)`` counts them down again.
    private func reopen(_ parent: Int?) {
        var p = parent
        while let i = p {
            nodes[i].branches += 1
            if nodes[i].branches > 1 { break }
            p = nodes[i].parent
        }
    }

    /// Queues the other side of a branch (`push_stack`).
    func push(_ state: VerifierState, parent: Int?, fromPC: Int) throws(VerifierError) {
        if let p = parent { nodes[p].branches += 1 }
        worklist.append(PendingState(state: state, parent: parent, fromPC: fromPC, logPosition: log.position))
        if worklist.count > options.jumpSequenceLimit {
            throw VerifierError("The sequence of \(worklist.count) jumps is too complex.", pc: fromPC, kind: .limit)
        }
    }
}

/// A branch waiting to be explored.
struct PendingState {
    var state: VerifierState
    /// The last checkpoint on this path.
    var parent: Int?
    /// The branching instruction, for `from X to Y:` lines.
    var fromPC: Int?
    var logPosition = 0
}

/// A stored state at a prune point (`struct bpf_verifier_state_list`).
struct Checkpoint {
    var state: VerifierState
    var parent: Int?
    /// Paths below this checkpoint still being explored; 0 means its verdict is final.
    var branches: Int
    var hits = 0
    var misses = 0
    var evicted = false
    /// ``VerifierState/loopKey`` of `state`, computed once.
    var loopKey: Int
    /// Conditional jumps predicted somewhere below this checkpoint (``Precision``).
    var jumps: Set<Int> = []
}

/// What one instruction did to the path.
enum StepOutcome {
    case next(Int)
    case end
}
