import BPFInterpreter

/// One run of a workload: how it ended, what it executed and cost, what the unwinder did and
/// what the oracle found.
public struct RunRecord: Hashable, Sendable, Codable {
    public enum Ending: String, Hashable, Sendable, Codable {
        case exit
        case thrown = "throw"
        case fault
    }

    public var run: Int
    public var ending: Ending
    /// The program's return value: `r0` at exit, or the exception callback's (default: the
    /// cookie) after a throw; nil after a fault.
    public var returnValue: UInt64?
    /// The throwing call's pc and the cookie.
    public var throwPC: Int?
    public var cookie: UInt64?
    /// `pc N: message` of a fault (in the program, a callback or the exception callback).
    public var fault: String?
    /// Executed instructions by class: the program with its callbacks, not the exception callback.
    public var counts: [String: UInt64]
    public var insns: UInt64
    /// Executed instructions of the exception callback.
    public var callbackInsns: UInt64
    /// Modelled cycles of the program's instructions and calls (the normal path, without the
    /// forced saves), and of the throw path.
    public var cycles: Double
    public var unwindCycles: Double
    /// R6-R9 saves the descriptors trampoline forced on the normal path, and their cycles.
    public var forcedSaves: UInt64
    public var forcedSaveCycles: Double
    public var unwind: UnwindReport?
    public var acquires: Int
    public var acquireFailures: Int
    /// References ended by the program's release calls, by transfers, by the unwinder.
    public var programReleases: Int
    public var transfers: Int
    public var violations: [OracleViolation]
    /// Leaks the kernel itself would have (`reject` on a program with an upstream gap).
    public var upstreamGapLeaks: [OracleViolation]

    var countsByClass: InstructionCounts {
        var c = InstructionCounts()
        for cls in InstructionClass.allCases { c[cls] = counts[cls.description] ?? 0 }
        return c
    }

    enum CodingKeys: String, CodingKey {
        case run, ending, returnValue = "return_value", throwPC = "throw_pc", cookie, fault
        case counts = "insns_by_class", insns, callbackInsns = "exception_callback_insns", cycles
        case unwindCycles = "unwind_cycles", forcedSaves = "forced_saves", forcedSaveCycles = "forced_save_cycles", unwind, acquires
        case acquireFailures = "acquire_failures", programReleases = "program_releases", transfers, violations
        case upstreamGapLeaks = "upstream_gap_leaks"
    }
}
