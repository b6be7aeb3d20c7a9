import BPFISA
import BPFInterpreter

/// How `bpfsim run` shows a simulation to a BPF developer: trace lines in the verifier log's
/// instruction syntax, and a summary in a few lines.
public enum SimulationText {
    /// `12: (bf) r6 = r1  ; r6=0xa00000000`, indented by call depth, as the verifier log
    /// prints instructions; kernel events as `; ` comments between them.
    public static func traceLine(_ event: SimulationEvent) -> String {
        switch event {
        case .runStarted(let run):
            return "; run \(run)"
        case .instruction(let record):
            let text = "\(String(repeating: "  ", count: record.depth))\(record.pc): "
                + Disassembler.verifierLogText(of: record.instruction, at: record.pc)
            guard !record.changes.isEmpty else { return text }
            let changes = record.changes.map { "\($0.register)=\(hex($0.value))" }.joined(separator: " ")
            return text.padding(toLength: max(text.count, 40), withPad: " ", startingAt: 0) + " ; " + changes
        case .call(let pc, let depth, let function, let result):
            let indent = String(repeating: "  ", count: depth)
            return "\(indent)  ; pc \(pc): \(function)" + (result.map { " returned \(hex($0))" } ?? "")
        case .acquired(let pc, let function, let object, let reference):
            return "  ; pc \(pc): \(function) acquired \(object) (ref \(reference))"
        case .acquireFailed(let pc, let function):
            return "  ; pc \(pc): \(function) fails (acquire failure injected): NULL"
        case .released(let pc, let by, let object, let reference):
            return "  ; " + (pc.map { "pc \($0): " } ?? "") + "\(object) (ref \(reference)) released by \(by)"
        case .thrown(let pc, let cookie, let frames):
            return "; bpf_throw at pc \(pc), cookie \(hex(cookie)), unwinding \(frames) frame\(frames == 1 ? "" : "s")"
        case .unwindFrame(let depth, let pc, let subprogram, let detail):
            return ";   frame \(depth) (\(subprogram)) at pc \(pc): \(detail)"
        case .unwindEntry(let location, let value, let action):
            return ";     \(location)" + (value.map { " = \(hex($0))" } ?? "") + ": \(action)"
        case .exceptionCallback(let entry, let cookie):
            return entry.map { "; exception callback at pc \($0) with cookie \(hex(cookie))" }
                ?? "; default exception callback: returns the cookie \(hex(cookie))"
        case .violation(let v):
            return "; ORACLE: \(v.kind.rawValue): \(v.message)"
        case .finished(let run, let outcome):
            return "; run \(run): \(outcome)"
        }
    }

    /// The human summary of a workload, first line prefixed by `place`.
    public static func summaryLines(_ s: ExecutionSummary, place: String) -> [String] {
        var lines: [String] = []
        var head = "\(place) (\(s.backend)/\(s.variant)): \(s.runs) run\(s.runs == 1 ? "" : "s"): "
            + "\(s.normalExits) exit\(s.normalExits == 1 ? "" : "s"), \(s.throwsCount) throw\(s.throwsCount == 1 ? "" : "s"), "
            + "\(s.faults) fault\(s.faults == 1 ? "" : "s")"
        if let at = s.throwAt { head += "; throw forced at pc \(at)" + (s.throwAtExecuted.map { $0 == at ? "" : " (pc \($0) after rewriting)" } ?? "") }
        lines.append(head)
        let classes = InstructionClass.allCases.map { "\($0)=\(s.insnsByClass[$0.description] ?? 0)" }.joined(separator: " ")
        lines.append("  insns \(s.insns): \(classes)")
        lines.append("  original \(s.baselineInsns), overhead \(signed(s.overheadInsns))" + (s.overheadInsnsPct.map { " (\(percent($0)))" } ?? ""))
        var cycles = "  cycles \(number(s.cycles)) (\(s.costModel) model): normal path \(number(s.normalCycles))"
        if let o = s.overheadPct { cycles += " (\(percent(o)) over the original's \(number(s.baselineCycles)))" }
        cycles += ", throw path \(number(s.unwindCycles))" + (s.unwindPct.map { " (\(String(format: "%.1f", $0))% of all)" } ?? "")
        lines.append(cycles)
        if s.throwsCount > 0 {
            var u = "  unwinding: \(s.unwoundFrames) frames, \(s.unwoundEntries) entries, \(s.unwinderReleases) objects released"
            if s.trampolineSaves > 0 { u += ", \(s.trampolineSaves) trampoline saves" }
            lines.append(u)
        }
        if s.forcedSaves > 0 { lines.append("  forced R6-R9 saves on the normal path: \(s.forcedSaves)") }
        lines.append(
            "  references: \(s.acquires) acquired (\(s.acquireFailures) acquire failures injected), "
                + "\(s.programReleases) released by the program, \(s.transfers) transferred")
        lines.append("  oracle: \(s.oracleViolations) violation\(s.oracleViolations == 1 ? "" : "s")"
            + (s.upstreamGapLeaks > 0 ? ", \(s.upstreamGapLeaks) leaks the kernel itself would have (upstream gap)" : ""))
        for v in s.violations { lines.append("    \(v)") }
        if s.divergences > 0 { lines.append("  \(s.divergences) runs end differently from the original program") }
        for p in s.unwindProblems { lines.append("  unwinder: \(p)") }
        if let f = s.firstFault { lines.append("  first fault: \(f)") }
        return lines
    }

    static func signed(_ v: Int64) -> String { v >= 0 ? "+\(v)" : "\(v)" }
    static func percent(_ v: Double) -> String { (v >= 0 ? "+" : "") + String(format: "%.2f%%", v) }
    static func number(_ v: Double) -> String { v == v.rounded() && abs(v) < 1e15 ? String(Int64(v)) : String(format: "%.1f", v) }
}
