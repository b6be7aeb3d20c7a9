import BPFCleanup
import BPFISA
import BPFInterpreter
import BPFObject
import BPFSimulator
import BPFVerifier
import Foundation

/// `--kernel`: the same workload run through the simulated kernel (`Simulator.execute`, one
/// run per repetition on a fresh kernel, the `struct wctx` as a fixed context), beside the bare
/// interpreter's figure: issue 9 asks that the kernel cost no more than 20% of the speed.
extension Bench {
    func measureThroughKernel(_ w: Workload, n: UInt64, program instructions: [Instruction], bareBest: Double, bareCPU: Double) throws {
        let program = BPFProgram(
            name: w.name, section: "prog", programType: .socketFilter, instructions: instructions,
            subprograms: [Subprogram(name: w.name, startPC: 0, endPC: instructions.count, isGlobal: true, section: "prog", role: .main)])
        let outcome = BackendOutcome(
            backend: "reject", variant: "bench", verification: VerificationResult(), failure: nil, program: program,
            metrics: BackendMetrics(), unwind: .none)
        let workload = BPFSimulator.Workload(runs: 1, context: Workload.context(n: n), keepRuns: true)
        var adjusted = workload
        adjusted.instructionBudget = .max
        var times: [Double] = []
        var cpuTimes: [Double] = []
        var last: ExecutionSummary?
        for _ in 0..<max(repetitions, 1) {
            let start = ContinuousClock.now
            let cpuStart = Self.threadCPUTime()
            last = try Simulator.execute(outcome: outcome, baseline: program, workload: adjusted)
            cpuTimes.append(Self.threadCPUTime() - cpuStart)
            let elapsed = ContinuousClock.now - start
            times.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
        }
        guard let summary = last, let run = summary.perRun?.first, let r0 = run.returnValue else {
            throw BenchError("\(w.name) through the simulated kernel: \(last?.firstFault ?? "no result")")
        }
        let best = times.min() ?? 0
        let bestCPU = cpuTimes.min() ?? best
        let total = summary.insns
        let loss = (best - bareBest) / best * 100
        let lossCPU = (bestCPU - bareCPU) / bestCPU * 100
        print(
            "  kernel    \(w.name): \(total) insns, r0 \(String(r0, radix: 16))\(r0 == (n == w.defaultN ? w.expectedResult : r0) ? "" : " WRONG"), "
                + String(format: "%.1f M insns/s best (bare %.1f), %.1f by CPU time (bare %.1f): %.1f%% slower (%.1f%% by CPU time)",
                    Double(total) / best / 1e6, Double(total) / bareBest / 1e6, Double(total) / bestCPU / 1e6,
                    Double(total) / bareCPU / 1e6, loss, lossCPU))
    }
}
