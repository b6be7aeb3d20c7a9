import BPFCleanup
import BPFKernelModel
import BPFObject
import BPFVerifier
import Foundation
import KernelCheck

/// `bpfsim compare` as a library (SPEC §7, §8, §9): reads the corpus, verifies every entry
/// under every backend and variant, executes the accepted outcomes, stores everything in
/// `results.sqlite`, then writes the CSV files and the report from the database alone.
public struct ExperimentRunner {
    public struct Request: Sendable {
        public var corpus: String
        public var output: URL
        public var config: ExperimentConfig
        public var jobs: Int
        public var resume: Bool
        /// Replace an existing results folder's database instead of refusing.
        public var overwrite: Bool
        /// Executes accepted outcomes with this instead of the simulator built from the config.
        public var executor: WorkloadExecutor?
        /// Run the workloads at all (false: verification only; `executions` stays empty).
        public var simulate: Bool
        public var kernelOptions: KernelCheckOptions

        public init(
            corpus: String, output: URL, config: ExperimentConfig, jobs: Int = 1, resume: Bool = false,
            overwrite: Bool = false, executor: WorkloadExecutor? = nil, simulate: Bool = true, kernelOptions: KernelCheckOptions = KernelCheckOptions()
        ) {
            self.corpus = corpus
            self.output = output
            self.config = config
            self.jobs = jobs
            self.resume = resume
            self.overwrite = overwrite
            self.executor = executor
            self.simulate = simulate
            self.kernelOptions = kernelOptions
        }
    }

    /// What the command prints at the end and how it exits.
    public struct Outcome: Sendable {
        public var database: String
        public var summary: RunSummary
        public var newlyEvaluated: Int
        public var wallSeconds: Double
        /// Any entry failed unexpectedly (exit status 1).
        public var hadUnexpectedErrors: Bool
    }

    public var request: Request
    public var progress: ProgressReporter

    public init(request: Request, progress: ProgressReporter) {
        self.request = request
        self.progress = progress
    }

    public func run() throws(RunnerError) -> Outcome {
        let started = Date()
        let fm = FileManager.default
        let dbPath = request.output.appendingPathComponent(ResultDatabase.fileName).path
        var config = request.config
        let database: ResultDatabase
        var runRecord: RunRecord
        do {
            if request.resume {
                database = try ResultDatabase.open(path: dbPath, writable: true)
                guard let stored = try database.run(), let json = stored.config else {
                    throw RunnerError.usage("\(dbPath): --resume: the run never started (no runs row); start it again without --resume")
                }
                let storedConfig = try ExperimentConfig.decode(Data(json.utf8), file: dbPath)
                if let conflict = ExperimentRunner.conflict(stored: storedConfig, given: config) {
                    throw RunnerError.usage("\(dbPath): --resume: \(conflict)")
                }
                config = storedConfig
                if let corpus = stored.corpus, corpus != request.corpus {
                    throw RunnerError.usage("\(dbPath): --resume: the run read corpus \(corpus), not \(request.corpus)")
                }
                runRecord = stored
            } else {
                try fm.createDirectory(at: request.output, withIntermediateDirectories: true)
                if fm.fileExists(atPath: dbPath) {
                    guard request.overwrite else {
                        throw RunnerError.usage("\(dbPath) already exists: use --resume to continue it, --overwrite to replace it, or another --out")
                    }
                    for suffix in ["", "-journal", "-wal", "-shm"] { try? fm.removeItem(atPath: dbPath + suffix) }
                }
                database = try ResultDatabase.create(path: dbPath)
                runRecord = RunRecord()
            }
        } catch let e as RunnerError {
            throw e
        } catch let e as ResultDatabaseError {
            throw .database(e)
        } catch let e as ConfigError {
            throw .usage("\(e)")
        } catch {
            throw .usage("\(request.output.path): \(error.localizedDescription)")
        }

        let plan: BackendPlan
        do {
            plan = try BackendPlan.make(backends: config.backends, variants: config.variants)
        } catch {
            throw .usage(error.message)
        }
        var options = VerifierOptions()
        options.instructionLimit = config.insnLimit
        if let catalog = config.catalog {
            do {
                options.catalog = try Catalog.builtin.extended(byFile: catalog)
            } catch {
                throw .usage("\(error)")
            }
        }
        var executor = request.executor
        if executor == nil && request.simulate && config.workload.runs > 0 {
            do {
                executor = try SimulatorExecutor.make(costModel: config.costModel, catalog: options.catalog)
            } catch {
                throw .usage("\(error)")
            }
        }
        var kernel: KernelVerifier?
        if config.kernel {
            let checker = KernelVerifier(options: request.kernelOptions)
            let availability = checker.availability()
            if availability.isAvailable {
                kernel = checker
            } else {
                progress.note("kernel check unavailable: \(availability.reason ?? "unknown reason"); kernel_checks stays empty")
            }
        }

        // The corpus, in its fixed order.
        let corpusURL = URL(fileURLWithPath: request.corpus)
        progress.note("reading corpus \(request.corpus)")
        let reader = progress
        let corpusPlan: CorpusPlan
        do {
            corpusPlan = try CorpusPlan.read(directory: corpusURL, compilers: config.compilers, jobs: request.jobs) { event in
                if case .compileCacheMiss(let path) = event { reader.note("compiled \(path)") }
            }
        } catch {
            throw .usage("\(error)")
        }
        let digest = corpusPlan.digest
        if request.resume, let stored = runRecord.corpusSha256, stored != digest {
            throw .usage("\(dbPath): --resume: the corpus changed since the run started (entries or file hashes differ)")
        }

        // The run's row: written once, completed at the end.
        if !request.resume {
            runRecord = makeRunRecord(config: config, plan: plan, corpus: corpusPlan, digest: digest, started: started)
        } else {
            runRecord.resumes = (runRecord.resumes ?? 0) + 1
            runRecord.jobs = request.jobs
        }
        let record = runRecord
        do throws(ResultDatabaseError) {
            try database.write { db in try record.save(db) }
        } catch {
            throw .database(error)
        }

        // Evaluate what is not stored yet, in parallel, storing in corpus order.
        let done: Set<Int>
        do throws(ResultDatabaseError) { done = try database.completedEntries() } catch { throw .database(error) }
        let pending = corpusPlan.entries.filter { !done.contains($0.id) }
        let compilerConfigurations = Dictionary(config.compilers.map { ($0.name, $0.configuration) }, uniquingKeysWith: { a, _ in a })
        let evaluator = EntryEvaluator(
            plan: plan, options: options, workload: config.workload, executor: executor, kernel: kernel,
            corpusDirectory: corpusURL, compilers: compilerConfigurations)
        let writer = ResultWriter(database: database)
        progress.begin(total: corpusPlan.entries.count, skipped: corpusPlan.entries.count - pending.count)
        var writeError: ResultDatabaseError?
        // Units of work (an entry's backend variants) run in parallel; an entry is stored once
        // its last unit is in, so the database only ever holds whole entries.
        let work = pending.indices.flatMap { i in evaluator.units(of: pending[i]).map { (entry: i, unit: $0) } }
        var parts: [EntryEvaluator.UnitResult] = []
        // A wide window: one slow entry must not stall the workers behind it (results parked
        // meanwhile are a few rows per unit).
        ParallelMap.stream(count: work.count, jobs: request.jobs, window: 4096, { k in evaluator.evaluate(pending[work[k].entry], work[k].unit) }) { k, part in
            parts.append(part)
            guard k + 1 == work.count || work[k + 1].entry != work[k].entry else { return }
            let planned = pending[work[k].entry]
            let result = evaluator.assemble(planned, parts)
            parts.removeAll(keepingCapacity: true)
            guard writeError == nil else { return }
            if let e = result.error { progress.error("bpfsim: " + e.line) }
            do throws(ResultDatabaseError) {
                try writer.add(result)
            } catch {
                writeError = error
            }
            progress.entryDone(planned.entry.identifier)
        }
        if writeError == nil {
            do throws(ResultDatabaseError) { try writer.flush() } catch { writeError = error }
        }
        progress.finish()
        if let writeError { throw .database(writeError) }

        let wall = Date().timeIntervalSince(started)
        runRecord.finishedAt = ToolInfo.timestamp()
        runRecord.wallSeconds = (wall * 1000).rounded() / 1000
        runRecord.status = "complete"
        let finished = runRecord
        let summary: RunSummary
        let unexpected: Bool
        do throws(ResultDatabaseError) {
            try database.write { db in try finished.update(db) }
            summary = try RunSummary.load(database)
            unexpected = try database.read { db in
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM errors WHERE kind NOT IN ('limit', 'unbuilt')") ?? 0
            } > 0
            try CSVExport.write(database: database, to: request.output)
            try ReportWriter.write(database: database, to: request.output)
        } catch {
            throw .database(error)
        }
        return Outcome(
            database: dbPath, summary: summary, newlyEvaluated: pending.count, wallSeconds: wall, hadUnexpectedErrors: unexpected)
    }

    private func makeRunRecord(config: ExperimentConfig, plan: BackendPlan, corpus: CorpusPlan, digest: String, started: Date) -> RunRecord {
        var r = RunRecord()
        r.name = config.name ?? request.output.lastPathComponent
        r.toolVersion = ToolInfo.version
        r.gitCommit = ToolInfo.gitCommit
        r.corpus = request.corpus
        r.corpusFiles = corpus.files.count
        r.corpusEntries = corpus.entries.count
        r.corpusSha256 = digest
        r.config = config.canonicalJSON
        r.backends = plan.items.map(\.label).joined(separator: ",")
        r.seed = Int64(bitPattern: config.workload.seed)
        r.workloadRuns = config.workload.runs
        r.acquireFailureP = config.workload.acquireFailureP
        r.throwInjection = config.workload.throwInjection
        r.build = config.compilers.map(\.name).joined(separator: ",")
        r.compilerFlags = config.compilers.map(\.commandLine).joined(separator: "; ")
        r.compilerVersion = config.compilers.map { c in
            (try? CCompiler(configuration: c.configuration).compilerIdentity())
                .flatMap { $0.split(separator: "\n").first.map(String.init) } ?? "unknown"
        }.joined(separator: "; ")
        r.costModel = config.costModel ?? "default"
        r.kernelCheck = config.kernel
        r.host = ToolInfo.hostName
        r.kernelRelease = ToolInfo.kernelRelease
        r.jobs = request.jobs
        r.startedAt = ToolInfo.timestamp(started)
        r.resumes = 0
        r.status = "running"
        return r
    }

    /// Why options given with `--resume` cannot continue the stored run, or nil.
    static func conflict(stored: ExperimentConfig, given: ExperimentConfig) -> String? {
        if given == ExperimentConfig() || given == stored { return nil }
        if given.workload.seed != stored.workload.seed && given.workload.seed != ExperimentConfig.Workload().seed {
            return "the run used seed \(stored.workload.seed), not \(given.workload.seed)"
        }
        if given.workload.runs != stored.workload.runs && given.workload.runs != ExperimentConfig.Workload().runs {
            return "the run used --runs \(stored.workload.runs), not \(given.workload.runs)"
        }
        if let b = given.backends, b != stored.backends { return "the run used backends \(stored.backends?.joined(separator: ",") ?? "all")" }
        if let v = given.variants, v != stored.variants { return "the run used variants \(stored.variants?.joined(separator: ",") ?? "all")" }
        if given.kernel && !stored.kernel { return "the run did not use --kernel" }
        return nil
    }
}

/// Why `compare` stopped: a usage problem (exit 2) or a database that cannot be written.
public enum RunnerError: Error, CustomStringConvertible {
    case usage(String)
    case database(ResultDatabaseError)

    public var description: String {
        switch self {
        case .usage(let m): return m
        case .database(let e): return "\(e)"
        }
    }
}
