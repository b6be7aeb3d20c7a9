import BPFInterpreter

/// A workload's result for one program under one backend and variant (SPEC §6, issue 9 item
/// 6): what `bpfsim run --json` prints and the experiment runner stores in `executions`. Keys
/// are snake_case and stable (SPEC §7); a key's meaning changes only with a README note.
///
/// Instructions and cycles are totals over the workload's runs. `baseline_*` are the same runs
/// of the original program (same seeds, same throw injection, no cleanup), so `overhead_*` is
/// what the backend's instrumentation costs on the normal path; `unwind_cycles` is the throw
/// path (unwinder, trampoline, exception callback), reported apart.
public struct ExecutionSummary: Hashable, Sendable, Codable {
    public var progName: String
    public var section: String
    public var backend: String
    public var variant: String
    /// Whether the backend accepted the program (a rejected one runs only on request).
    public var verified: Bool
    public var costModel: String

    public var runs: Int
    public var seed: UInt64
    public var p: Double
    /// The forced throw point, in the original program and in the executed one.
    public var throwAt: Int?
    public var throwAtExecuted: Int?

    public var normalExits: Int
    public var throwsCount: Int
    public var faults: Int
    /// The first fault, `run N: pc M: message`.
    public var firstFault: String?
    /// Runs whose ending or return value differs from the original program's.
    public var divergences: Int

    public var insns: UInt64
    public var insnsByClass: [String: UInt64]
    public var baselineInsns: UInt64
    public var baselineInsnsByClass: [String: UInt64]
    public var overheadInsns: Int64
    public var overheadInsnsPct: Double?
    /// Exception callback instructions (throw path).
    public var callbackInsns: UInt64

    /// Normal path plus throw path.
    public var cycles: Double
    public var normalCycles: Double
    public var unwindCycles: Double
    public var baselineCycles: Double
    /// Normal-path cycles over the original's, minus one, in percent.
    public var overheadPct: Double?
    /// Throw-path cycles as a share of all cycles, in percent.
    public var unwindPct: Double?

    public var unwoundFrames: Int
    public var unwoundEntries: Int
    public var unwinderReleases: Int
    public var trampolineSaves: Int
    public var forcedSaves: UInt64
    public var unwindProblems: [String]

    public var acquires: Int
    public var acquireFailures: Int
    public var programReleases: Int
    public var transfers: Int

    /// Count of violations over all runs; the first few are listed in `violations`.
    public var oracleViolations: Int
    public var violations: [OracleViolation]
    /// Leaks the kernel itself would have (`reject` accepting a throwing call while a
    /// reference is held): reported, never counted as bpfsim's violations.
    public var upstreamGapLeaks: Int

    /// Every run's record, when the workload asks to keep them.
    public var perRun: [RunRecord]?

    enum CodingKeys: String, CodingKey {
        case progName = "prog_name", section, backend, variant, verified, costModel = "cost_model"
        case runs, seed, p, throwAt = "throw_at", throwAtExecuted = "throw_at_executed"
        case normalExits = "normal_exits", throwsCount = "throws", faults, firstFault = "first_fault", divergences
        case insns, insnsByClass = "insns_by_class", baselineInsns = "baseline_insns"
        case baselineInsnsByClass = "baseline_insns_by_class", overheadInsns = "overhead_insns"
        case overheadInsnsPct = "overhead_insns_pct", callbackInsns = "exception_callback_insns"
        case cycles, normalCycles = "normal_cycles", unwindCycles = "unwind_cycles", baselineCycles = "baseline_cycles"
        case overheadPct = "overhead_pct", unwindPct = "unwind_pct"
        case unwoundFrames = "unwound_frames", unwoundEntries = "unwound_entries", unwinderReleases = "unwinder_releases"
        case trampolineSaves = "trampoline_saves", forcedSaves = "forced_saves", unwindProblems = "unwind_problems"
        case acquires, acquireFailures = "acquire_failures", programReleases = "program_releases", transfers
        case oracleViolations = "oracle_violations", violations, upstreamGapLeaks = "upstream_gap_leaks"
        case perRun = "per_run"
    }

    /// How many violations are listed in full.
    public static let listedViolations = 20
}
