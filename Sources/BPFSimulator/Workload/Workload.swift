/// N seeded runs of one program under one backend (SPEC §6 "Workloads"): random context bytes,
/// acquire failures with probability `p`, and throws from the program's own `bpf_throw` calls
/// or forced at one throw point. The same workload gives the same runs, bit for bit (SPEC §9).
public struct Workload: Hashable, Sendable, Codable {
    /// Runs to execute (each one a fresh simulated kernel).
    public var runs: Int
    /// The seed every run's random stream derives from (with the run's index).
    public var seed: UInt64
    /// `p`: the probability that an acquire which may return NULL does (lookups, allocations,
    /// `KF_RET_NULL` acquires, socket lookups, ring buffer reservations).
    public var acquireFailureProbability: Double
    /// Force a throw at this throw point (a pc of the original program: a `bpf_throw` call or
    /// a call of a global subprogram that may throw) when execution reaches it; nil leaves
    /// throwing to the program's own `bpf_throw` calls.
    public var throwAt: Int?
    /// Executed instructions per run (callbacks included) before the run faults.
    public var instructionBudget: UInt64
    /// Fixed context bytes instead of random ones (benchmarks, replaying a case).
    public var context: [UInt8]?
    /// Keep each run's record in the summary (tests, `--trace`).
    public var keepRuns: Bool

    public init(
        runs: Int = 100, seed: UInt64 = 1, acquireFailureProbability: Double = 0, throwAt: Int? = nil,
        instructionBudget: UInt64 = 1_000_000, context: [UInt8]? = nil, keepRuns: Bool = false
    ) {
        self.runs = runs
        self.seed = seed
        self.acquireFailureProbability = acquireFailureProbability
        self.throwAt = throwAt
        self.instructionBudget = instructionBudget
        self.context = context
        self.keepRuns = keepRuns
    }

    enum CodingKeys: String, CodingKey {
        case runs, seed, acquireFailureProbability = "p", throwAt = "throw_at", instructionBudget = "budget", context
        case keepRuns = "keep_runs"
    }
}
