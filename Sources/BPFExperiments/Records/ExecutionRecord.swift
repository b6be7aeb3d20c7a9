import GRDB

/// An `executions` row: the seeded workload of one accepted program under one backend and
/// variant, totalled over its runs (SPEC §6), with the keys of `bpfsim run --json` (issue 9).
public struct ExecutionRecord: Codable, Hashable, Sendable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "executions"

    public var programId: Int
    public var backend: String
    public var variant: String
    public var runs: Int?
    public var throwPoints: Int?
    public var normalExits: Int?
    public var `throws`: Int?
    public var faults: Int?
    public var divergences: Int?
    public var insns: Int?
    public var insnsAlu: Int?
    public var insnsLoad: Int?
    public var insnsStore: Int?
    public var insnsAtomic: Int?
    public var insnsBranch: Int?
    public var insnsCall: Int?
    public var insnsHelper: Int?
    public var insnsKfunc: Int?
    public var baselineInsns: Int?
    public var overheadInsns: Int?
    public var cycles: Double?
    public var normalCycles: Double?
    public var unwindCycles: Double?
    public var baselineCycles: Double?
    public var overheadPct: Double?
    public var unwindPct: Double?
    public var unwoundFrames: Int?
    public var unwoundEntries: Int?
    public var unwinderReleases: Int?
    public var acquires: Int?
    public var acquireFailures: Int?
    public var oracleViolations: Int?
    public var upstreamGapLeaks: Int?
    public var error: String?

    public init(programId: Int, backend: String, variant: String) {
        self.programId = programId
        self.backend = backend
        self.variant = variant
    }

    enum CodingKeys: String, CodingKey {
        case programId = "program_id", backend, variant, runs, throwPoints = "throw_points", normalExits = "normal_exits"
        case `throws`, faults, divergences, insns, insnsAlu = "insns_alu", insnsLoad = "insns_load"
        case insnsStore = "insns_store", insnsAtomic = "insns_atomic", insnsBranch = "insns_branch"
        case insnsCall = "insns_call", insnsHelper = "insns_helper", insnsKfunc = "insns_kfunc"
        case baselineInsns = "baseline_insns", overheadInsns = "overhead_insns", cycles, normalCycles = "normal_cycles"
        case unwindCycles = "unwind_cycles", baselineCycles = "baseline_cycles", overheadPct = "overhead_pct"
        case unwindPct = "unwind_pct", unwoundFrames = "unwound_frames", unwoundEntries = "unwound_entries"
        case unwinderReleases = "unwinder_releases", acquires, acquireFailures = "acquire_failures"
        case oracleViolations = "oracle_violations", upstreamGapLeaks = "upstream_gap_leaks", error
    }
}
