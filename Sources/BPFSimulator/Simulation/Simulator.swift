import BPFCleanup
import BPFISA
import BPFInterpreter
import BPFKernelModel
import BPFObject

/// The simulator's entry point (SPEC §6): runs a backend's program and the original on the
/// simulated kernel under one workload, unwinds throws with the backend's unwinder, checks
/// the exactly-once oracle after every run, and prices both programs with a cost model.
///
/// This is the API the experiment runner calls; its inputs and the summary's keys are stable.
public enum Simulator {
    /// Executes `workload` on `outcome.program` (the backend's program, possibly rewritten)
    /// and on `baseline` (the original), with the same seeds. `trace` receives every event of
    /// the backend's runs (keep `runs` small when tracing).
    public static func execute(
        outcome: BackendOutcome, baseline: BPFProgram, workload: Workload, costModel: CostModel = .default,
        catalog: Catalog = .builtin, trace: ((SimulationEvent) -> Void)? = nil
    ) throws(SimulationError) -> ExecutionSummary {
        let program = outcome.program
        guard workload.runs >= 0 else { throw SimulationError(program: program, "a workload needs a non-negative run count") }
        guard (0...1).contains(workload.acquireFailureProbability) else {
            throw SimulationError(program: program, "the acquire failure probability must be in [0, 1]")
        }
        var forced: (original: Int, executed: Int)?
        if let pc = workload.throwAt {
            let points = ThrowPoints.of(baseline)
            guard let k = points.firstIndex(of: pc) else {
                let list = points.isEmpty ? "it has none" : "they are at pc " + points.map(String.init).joined(separator: ", ")
                throw SimulationError(program: baseline, pc: pc, "pc \(pc) is not a throw point of the program (\(list))")
            }
            let executed = ThrowPoints.of(program)
            guard executed.count == points.count else {
                throw SimulationError(
                    program: program, pc: pc,
                    "the \(outcome.backend) program has \(executed.count) throw points, the original \(points.count): cannot map pc \(pc)")
            }
            forced = (pc, executed[k])
        }
        let sameProgram = program.instructions == baseline.instructions
        let originalPCs = sameProgram ? Dictionary(uniqueKeysWithValues: program.instructions.indices.map { ($0, $0) })
            : CallSites.originalPCs(rewritten: program, original: baseline)
        // Loads through BTF pointers are BPF_PROBE_MEM loads: the verifier says which. The
        // baseline has no verification of its own here; it is priced, not checked, so any
        // faulting load of it reads 0.
        let image = try ProgramImage(
            program: program, catalog: catalog, forcedThrowPC: forced?.executed, originalPCs: originalPCs,
            probeLoads: .at(outcome.verification.probeLoads))
        let upstreamGaps = !outcome.verification.upstreamGaps.isEmpty
        let session = Session(
            image: image, plan: outcome.unwind, backend: outcome.backend, costModel: costModel, workload: workload,
            upstreamGapBackend: upstreamGaps && isNone(outcome.unwind), checksOracle: true)
        var baselineSession: Session?
        if !sameProgram {
            let baseImage = try ProgramImage(
                program: baseline, catalog: catalog, forcedThrowPC: forced?.original,
                originalPCs: Dictionary(uniqueKeysWithValues: baseline.instructions.indices.map { ($0, $0) }), probeLoads: .all)
            baselineSession = Session(
                image: baseImage, plan: .none, backend: "original", costModel: costModel, workload: workload,
                upstreamGapBackend: false, checksOracle: false)
        }

        var summary = ExecutionSummary.empty(outcome: outcome, workload: workload, costModel: costModel)
        summary.throwAt = forced?.original
        summary.throwAtExecuted = forced?.executed
        var records: [RunRecord] = []
        for run in 0..<workload.runs {
            let record = try session.run(run, trace: trace)
            let base = try baselineSession?.run(run, trace: nil) ?? record
            summary.add(record, baseline: base)
            if workload.keepRuns { records.append(record) }
        }
        summary.finish()
        if workload.keepRuns { summary.perRun = records }
        return summary
    }

    private static func isNone(_ plan: UnwindPlan) -> Bool {
        if case .none = plan { return true }
        return false
    }
}

extension ExecutionSummary {
    static func empty(outcome: BackendOutcome, workload: Workload, costModel: CostModel) -> ExecutionSummary {
        let zero = Dictionary(uniqueKeysWithValues: InstructionClass.allCases.map { ($0.description, UInt64(0)) })
        return ExecutionSummary(
            progName: outcome.program.name, section: outcome.program.section, backend: outcome.backend,
            variant: outcome.variant, verified: outcome.isAccepted, costModel: costModel.name, runs: 0, seed: workload.seed,
            p: workload.acquireFailureProbability, normalExits: 0, throwsCount: 0, faults: 0, divergences: 0, insns: 0,
            insnsByClass: zero, baselineInsns: 0, baselineInsnsByClass: zero, overheadInsns: 0, callbackInsns: 0, cycles: 0,
            normalCycles: 0, unwindCycles: 0, baselineCycles: 0, unwoundFrames: 0, unwoundEntries: 0, unwinderReleases: 0,
            trampolineSaves: 0, forcedSaves: 0, unwindProblems: [], acquires: 0, acquireFailures: 0, programReleases: 0,
            transfers: 0, oracleViolations: 0, violations: [], upstreamGapLeaks: 0)
    }

    mutating func add(_ r: RunRecord, baseline b: RunRecord) {
        runs += 1
        switch r.ending {
        case .exit: normalExits += 1
        case .thrown: throwsCount += 1
        case .fault:
            faults += 1
            if firstFault == nil, let f = r.fault { firstFault = "run \(r.run): \(f)" }
        }
        if r.ending != b.ending || r.returnValue != b.returnValue { divergences += 1 }
        for (cls, n) in r.counts { insnsByClass[cls, default: 0] += n }
        for (cls, n) in b.counts { baselineInsnsByClass[cls, default: 0] += n }
        insns += r.insns
        baselineInsns += b.insns
        callbackInsns += r.callbackInsns
        normalCycles += r.cycles + r.forcedSaveCycles
        unwindCycles += r.unwindCycles
        baselineCycles += b.cycles
        forcedSaves += r.forcedSaves
        if let u = r.unwind {
            unwoundFrames += u.frames
            unwoundEntries += u.entries
            unwinderReleases += u.released.count
            trampolineSaves += u.trampolineSaves
            for p in u.problems where !unwindProblems.contains(p) && unwindProblems.count < 10 { unwindProblems.append("run \(r.run): \(p)") }
        }
        acquires += r.acquires
        acquireFailures += r.acquireFailures
        programReleases += r.programReleases
        transfers += r.transfers
        oracleViolations += r.violations.count
        for v in r.violations where violations.count < Self.listedViolations { violations.append(v) }
        upstreamGapLeaks += r.upstreamGapLeaks.count
    }

    mutating func finish() {
        cycles = normalCycles + unwindCycles
        overheadInsns = Int64(insns) - Int64(baselineInsns)
        overheadInsnsPct = baselineInsns > 0 ? Double(overheadInsns) / Double(baselineInsns) * 100 : nil
        overheadPct = baselineCycles > 0 ? (normalCycles - baselineCycles) / baselineCycles * 100 : nil
        unwindPct = cycles > 0 ? unwindCycles / cycles * 100 : nil
    }
}
