import BPFCleanup
import BPFInterpreter
import BPFKernelModel
import BPFObject
import BPFSimulator

/// The simulated kernel (SPEC §6, issue 9) as the runner's ``WorkloadExecutor``: a natural
/// session (the program's own throws) and, with `forced` injection, one session per throw
/// point of the original program with a throw forced there; the sessions' totals make the row.
public struct SimulatorExecutor: WorkloadExecutor {
    public var costModel: CostModel
    public var catalog: Catalog

    public init(costModel: CostModel = .default, catalog: Catalog = .builtin) {
        self.costModel = costModel
        self.catalog = catalog
    }

    /// The executor for a configuration's cost model file (nil: the documented default).
    public static func make(costModel path: String?, catalog: Catalog = .builtin) throws(CostModelError) -> SimulatorExecutor {
        guard let path else { return SimulatorExecutor(catalog: catalog) }
        return SimulatorExecutor(costModel: try CostModel.load(path: path), catalog: catalog)
    }

    public var description: String { "bpfsim's simulated kernel, cost model \(costModel.name)" }

    public func execute(_ outcome: BackendOutcome, original: BPFProgram, programId: Int, workload: ExperimentConfig.Workload) -> ExecutionRecord {
        var row = ExecutionRecord(programId: programId, backend: outcome.backend, variant: outcome.variant)
        let points = ThrowPoints.of(original)
        row.throwPoints = points.count
        var sessions: [Int?] = [nil]
        if workload.throwInjection == "forced" { sessions += points.map { Optional($0) } }
        var summaries: [ExecutionSummary] = []
        for throwAt in sessions {
            let w = Workload(runs: workload.runs, seed: workload.seed, acquireFailureProbability: workload.acquireFailureP, throwAt: throwAt)
            do {
                summaries.append(try Simulator.execute(outcome: outcome, baseline: original, workload: w, costModel: costModel, catalog: catalog))
            } catch {
                row.error = "\(error)"
                return row
            }
        }
        row.add(summaries)
        return row
    }
}

extension ExecutionRecord {
    /// Totals over sessions; percentages recomputed from the totals.
    mutating func add(_ summaries: [ExecutionSummary]) {
        func sum<T: BinaryInteger>(_ f: (ExecutionSummary) -> T) -> Int { summaries.reduce(0) { $0 + Int(f($1)) } }
        func sumD(_ f: (ExecutionSummary) -> Double) -> Double { summaries.reduce(0) { $0 + f($1) } }
        func cls(_ c: InstructionClass) -> Int { sum { $0.insnsByClass[c.description] ?? 0 } }
        runs = sum(\.runs)
        normalExits = sum(\.normalExits)
        self.throws = sum(\.throwsCount)
        faults = sum(\.faults)
        divergences = sum(\.divergences)
        insns = sum(\.insns)
        insnsAlu = cls(.alu)
        insnsLoad = cls(.load)
        insnsStore = cls(.store)
        insnsAtomic = cls(.atomic)
        insnsBranch = cls(.branch)
        insnsCall = cls(.call)
        insnsHelper = cls(.helper)
        insnsKfunc = cls(.kfunc)
        baselineInsns = sum(\.baselineInsns)
        overheadInsns = (insns ?? 0) - (baselineInsns ?? 0)
        cycles = sumD(\.cycles)
        normalCycles = sumD(\.normalCycles)
        unwindCycles = sumD(\.unwindCycles)
        baselineCycles = sumD(\.baselineCycles)
        if let n = normalCycles, let b = baselineCycles, b > 0 { overheadPct = (n - b) / b * 100 }
        if let c = cycles, let u = unwindCycles, c > 0 { unwindPct = u / c * 100 }
        unwoundFrames = sum(\.unwoundFrames)
        unwoundEntries = sum(\.unwoundEntries)
        unwinderReleases = sum(\.unwinderReleases)
        acquires = sum(\.acquires)
        acquireFailures = sum(\.acquireFailures)
        oracleViolations = sum(\.oracleViolations)
        upstreamGapLeaks = sum(\.upstreamGapLeaks)
        if error == nil, let fault = summaries.lazy.compactMap(\.firstFault).first { error = fault }
    }
}
