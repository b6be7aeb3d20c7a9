import GRDB

/// The `runs` row (SPEC §8): what was run, on what, with which tools, and when; enough to redo
/// it. Columns are documented in ``ResultColumns/runs``.
public struct RunRecord: Codable, Hashable, Sendable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "runs"

    public var runId: Int = 1
    public var name: String?
    public var toolVersion: String?
    public var gitCommit: String?
    public var corpus: String?
    public var corpusFiles: Int?
    public var corpusEntries: Int?
    public var corpusSha256: String?
    public var config: String?
    public var backends: String?
    public var seed: Int64?
    public var workloadRuns: Int?
    public var acquireFailureP: Double?
    public var throwInjection: String?
    public var build: String?
    public var compilerFlags: String?
    public var compilerVersion: String?
    public var costModel: String?
    public var kernelCheck: Bool?
    public var host: String?
    public var kernelRelease: String?
    public var jobs: Int?
    public var startedAt: String?
    public var finishedAt: String?
    public var wallSeconds: Double?
    public var resumes: Int?
    public var status: String = "running"

    public init() {}

    enum CodingKeys: String, CodingKey {
        case runId = "run_id", name, toolVersion = "tool_version", gitCommit = "git_commit", corpus
        case corpusFiles = "corpus_files", corpusEntries = "corpus_entries", corpusSha256 = "corpus_sha256", config
        case backends, seed, workloadRuns = "workload_runs", acquireFailureP = "acquire_failure_p"
        case throwInjection = "throw_injection", build, compilerFlags = "compiler_flags"
        case compilerVersion = "compiler_version", costModel = "cost_model", kernelCheck = "kernel_check", host
        case kernelRelease = "kernel_release", jobs, startedAt = "started_at", finishedAt = "finished_at"
        case wallSeconds = "wall_seconds", resumes, status
    }
}
