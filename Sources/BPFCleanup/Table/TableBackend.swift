import BPFISA
import BPFKernelModel
import BPFObject
import BPFVerifier

/// Eduard Zingerman's counter-proposal to frame descriptors (SPEC §5.3): resource tables kept
/// at run time. After verification, each subprogram that can be live during a throw and holds
/// references gets a table past its stack, zeroed on entry; every acquire pushes the object,
/// every release (or transfer to the kernel) pops it; a throw walks the tables of the live
/// frames, innermost first, and runs each entry's destructor. No merge can fail and any pc can
/// throw; the price is stack, instructions on the normal path and the hard cases below.
///
/// Steps: verify (a throw may hold references; locks and RCU sections stay rejected), probe
/// where references are held (``ReferenceProbe``), plan tables and sites (``TablePlan``),
/// check the combined stack with the tables (the kernel's words when over 512), insert the
/// code (``TableInstrumentation`` through the ``Patcher``) and verify the instrumented
/// program again, its tables counted in its stack.
///
/// Hard cases, reported: releases in another frame (`cross_frame_pops`; per-frame pops then
/// search the callers' tables), references returned by the subprogram that acquired them
/// (hand-up before `exit`), ownership transfers (pops), the stack limit (`exceeds_stack_limit`,
/// a failure of this backend), and `throwable_pcs`: pcs where a reference is held and a throw
/// could be unwound, where descriptors cover only their throw points.
public struct TableBackend: CleanupBackend {
    public var layout: TableLayout

    public init(layout: TableLayout = TableLayout(scope: .perFrame, entrySize: .full, operations: .kfunc)) {
        self.layout = TableLayout(scope: layout.scope, entrySize: layout.entrySize, operations: layout.operations)
    }

    public var name: String { "table" }
    public var variant: String { layout.variant }

    public func apply(to program: BPFProgram, options: VerifierOptions) -> BackendOutcome {
        var options = options
        options.catalog = options.catalog.includingTableKfuncs()
        let result = Verifier.verify(program, options: options, hooks: TableHooks())
        var metrics = BackendMetrics()
        metrics.throwPoints = result.throwPoints.count
        metrics.refsMax = result.refsMax
        metrics.refsAtThrowMax = result.refsAtThrowMax
        metrics.stackChainBefore = result.stackChainMax
        let subprogs = max(program.subprograms.count, 1)
        if let error = result.error {
            return outcome(result, failure: error, program: program, metrics: metrics)
        }
        /// Nothing to instrument: no table, no code, the stack as it was.
        func untouched(_ throwable: Int) -> BackendOutcome {
            var m = metrics
            m.throwablePCs = throwable
            fill(&m, entries: Array(repeating: 0, count: subprogs), reserved: Array(repeating: 0, count: subprogs))
            m.stackChainAfter = result.stackChainMax
            m.stackChainMax = result.stackChainMax
            m.exceedsStackLimit = result.stackChainMax > options.stackLimit
            m.insertedPush = 0
            m.insertedPop = 0
            m.insertedZeroing = 0
            m.insertedInsns = 0
            m.crossFramePops = 0
            return outcome(result, failure: nil, program: program, metrics: m, layout: layout)
        }
        if result.acquireSites.isEmpty || result.throwingSubprograms.isEmpty { return untouched(0) }

        let graph = CallGraph(program: program)
        let facts: ReferenceProbe.Facts
        switch ReferenceProbe.run(program: program, options: options, graph: graph) {
        case .success(let f): facts = f
        case .failure(let e): return outcome(result, failure: e, program: program, metrics: metrics)
        }
        let throwable = facts.heldPCs.filter { pc in
            program.subprograms.firstIndex { $0.pcs.contains(pc) }.map(result.throwingSubprograms.contains) ?? false
        }.count
        metrics.throwablePCs = throwable

        let plan: TablePlan
        do {
            plan = try TablePlan(
                program: program, result: result, facts: facts, graph: graph, variant: layout, catalog: options.catalog)
        } catch {
            return outcome(result, failure: VerifierError(error.message, pc: error.pc, kind: .backend), program: program, metrics: metrics)
        }
        if plan.tabled.isEmpty { return untouched(throwable) }
        metrics.crossFramePops = plan.crossFramePops

        let code: TableInstrumentation
        do {
            code = try TableInstrumentation(plan: plan, program: program, stackDepths: result.stackDepths)
        } catch {
            return outcome(result, failure: VerifierError(error.message, pc: error.pc, kind: .backend), program: program, metrics: metrics)
        }
        fill(&metrics, entries: plan.entries, reserved: code.reserved)
        metrics.insertedPush = code.count("push")
        metrics.insertedPop = code.count("pop")
        metrics.insertedZeroing = code.count("zeroing")
        metrics.insertedInsns = code.total

        // The combined stack with the tables. Over the limit, the verifier run on the original
        // with the tables' bytes reserved gives the verdict in the kernel's words.
        var extra: [Int: Int] = [:]
        for s in program.subprograms.indices where code.reserved[s] > 0 {
            let own = s < result.stackDepths.count ? result.stackDepths[s] : 0
            extra[s] = (own + 7) / 8 * 8 - own + code.reserved[s]
        }
        let depths = program.subprograms.indices.map { s in (s < result.stackDepths.count ? result.stackDepths[s] : 0) + (extra[s] ?? 0) }
        let chain = StackChain(program: program, graph: graph, depths: depths, jit: options.jitRequested)
        metrics.stackChainAfter = chain.maximum
        metrics.stackChainMax = chain.maximum
        metrics.exceedsStackLimit = chain.maximum > options.stackLimit
        if chain.maximum > options.stackLimit {
            var reserving = options
            reserving.reservedStack.merge(extra) { $0 + $1 }
            let check = Verifier.verify(program, options: reserving, hooks: TableHooks())
            if let error = check.error {
                var failure = error
                failure.kind = .backend
                return outcome(check, failure: failure, program: program, metrics: metrics)
            }
        }

        let patched: BPFProgram
        do {
            (patched, _) = try Patcher.apply(code.insertions, to: code.program)
        } catch {
            return outcome(
                result, failure: VerifierError("table: cannot rewrite the program: \(error)", pc: 0, kind: .backend), program: program,
                metrics: metrics)
        }
        let again = Verifier.verify(patched, options: options, hooks: TableHooks())
        metrics.stackChainAfter = again.stackChainMax
        metrics.stackChainMax = again.stackChainMax
        metrics.exceedsStackLimit = again.stackChainMax > options.stackLimit
        return outcome(again, failure: again.error, program: patched, metrics: metrics, layout: code.layout)
    }

    private func fill(_ m: inout BackendMetrics, entries: [Int], reserved: [Int]) {
        m.tableEntries = entries.map(String.init).joined(separator: "+")
        m.tableBytes = reserved.map(String.init).joined(separator: "+")
    }

    private func outcome(
        _ r: VerificationResult, failure: VerifierError?, program: BPFProgram, metrics: BackendMetrics, layout: TableLayout? = nil
    ) -> BackendOutcome {
        BackendOutcome(
            backend: name, variant: variant, verification: r, failure: failure, program: program, metrics: metrics,
            unwind: failure == nil ? .table(layout ?? self.layout) : .none)
    }
}
