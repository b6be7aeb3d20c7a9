import BPFCleanup
import BPFObject

/// Runs one accepted backend outcome under the configured workload (SPEC §6) and sums it up
/// as an `executions` row. The simulator (issue 9) provides the implementation; a run without
/// one stores no `executions` rows at all (absent, never zero) and the report says so.
public protocol WorkloadExecutor: Sendable {
    /// A short description for the report (`bpfsim simulator, cost model default`).
    var description: String { get }
    /// `original` is the program before the backend rewrote it: the baseline of the overhead.
    func execute(_ outcome: BackendOutcome, original: BPFProgram, programId: Int, workload: ExperimentConfig.Workload) -> ExecutionRecord
}
