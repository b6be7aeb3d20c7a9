import ArgumentParser
import BPFExperiments
import Foundation

/// `bpfsim compare`: the experiment runner (SPEC §7, §8, §9).
struct Compare: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Verify and execute every program of a corpus under every cleanup backend; store, tabulate and plot the results.",
        discussion: """
            Every corpus entry (each program of each .o, .c and assembly file under DIR, in \
            nested folders) is verified under every backend and variant, then the accepted \
            ones are executed under the seeded workload on the simulated kernel. Results go to \
            the output folder: results.sqlite, one CSV file per table, report.md and \
            figures/*.svg. Progress goes to stderr; a summary table to stdout.

            A killed run leaves a valid database holding whole entries; --resume continues it \
            (with the stored configuration) and ends with the same rows as an uninterrupted run. \
            --jobs verifies and executes in parallel, one backend variant of one entry per \
            task, so one slow program does not hold up the others; the results do not depend \
            on it.

            Exit status: 0 when every entry was measured (accepted or rejected), 1 when an \
            entry failed unexpectedly (a file that does not read or compile, something bpfsim \
            does not model, a run-time failure), 2 on a usage error.

            Examples:
              bpfsim compare --corpus Experiments/corpus
              bpfsim compare --corpus Experiments/corpus --backends reject,descriptors --jobs 2
              bpfsim compare --corpus Experiments/corpus --config Experiments/compilers.json --out /tmp/compilers
              bpfsim compare --corpus Experiments/corpus --config Experiments/compilers.json --out /tmp/compilers --resume
            """)

    @Option(help: ArgumentHelp("The corpus directory.", valueName: "DIR"))
    var corpus: String

    @Option(help: ArgumentHelp("Output folder (default: Results/<config name or timestamp>).", valueName: "DIR"))
    var out: String?

    @Option(help: ArgumentHelp("Backends, comma-separated (default: every registered one).", valueName: "LIST"))
    var backends: String?

    @Option(help: ArgumentHelp("Variants to keep, comma-separated: NAME or BACKEND/NAME.", valueName: "LIST"))
    var variants: String?

    @Option(help: ArgumentHelp("An experiment configuration (JSON; see Experiments/).", valueName: "FILE"))
    var config: String?

    @Option(help: "Seeded executions per program, backend and variant.")
    var runs: Int?

    @Option(help: "The workload seed.")
    var seed: UInt64?

    @Option(help: "Parallel workers (default: every core).")
    var jobs: Int?

    @Flag(help: "Continue the run stored in the output folder.")
    var resume = false

    @Flag(help: "Replace the output folder's database.")
    var overwrite = false

    @Flag(help: "Also load each program into the running kernel through libbpf and record its verdict.")
    var kernel = false

    @Flag(help: "No progress on stderr (errors still print).")
    var quiet = false

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        if let runs, runs < 0 { throw ValidationError("--runs must be 0 or more") }
        if resume && overwrite { throw ValidationError("--resume and --overwrite exclude each other") }
        if resume && out == nil { throw ValidationError("--resume needs --out DIR: the folder of the run to continue") }
        if let seed, seed > UInt64(Int64.max) { throw ValidationError("--seed must be below 2^63") }
    }

    func run() throws {
        var cfg = ExperimentConfig()
        if let config {
            do {
                cfg = try ExperimentConfig.load(path: config)
            } catch {
                usage("\(error)")
            }
        }
        if let backends { cfg.backends = backends.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) } }
        if let variants { cfg.variants = variants.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) } }
        if let runs { cfg.workload.runs = runs }
        if let seed { cfg.workload.seed = seed }
        if kernel { cfg.kernel = true }
        let given = resume ? partialConfig() : cfg
        let output = URL(fileURLWithPath: out ?? "Results/\(cfg.name ?? Self.timestampName())")
        let request = ExperimentRunner.Request(
            corpus: corpus, output: output, config: given, jobs: jobs ?? ProcessInfo.processInfo.activeProcessorCount,
            resume: resume, overwrite: overwrite)
        let progress = ProgressReporter(style: quiet ? .silent : nil)
        let outcome: ExperimentRunner.Outcome
        do {
            outcome = try ExperimentRunner(request: request, progress: progress).run()
        } catch {
            switch error {
            case .usage(let m): usage(m)
            case .database(let e): fail("\(e)")
            }
        }
        print(outcome.summary.table.plain, terminator: "")
        let s = outcome.summary
        let rate = outcome.wallSeconds > 0 ? Double(outcome.newlyEvaluated) / outcome.wallSeconds : 0
        print("\n\(s.entries) entries (\(s.readErrors) unreadable), \(outcome.newlyEvaluated) evaluated in this session, wall time \(String(format: "%.1f", outcome.wallSeconds)) s")
        print("throughput: \(String(format: "%.2f", rate)) entries/s with \(request.jobs) jobs, peak memory \(ToolInfo.peakMemoryBytes >> 20) MiB")
        print("results: \(output.path)/{results.sqlite, *.csv, report.md, figures/}")
        if outcome.hadUnexpectedErrors { throw ExitCode(1) }
    }

    /// With --resume, only what the user typed: the stored configuration fills the rest.
    private func partialConfig() -> ExperimentConfig {
        var c = ExperimentConfig()
        if let backends { c.backends = backends.split(separator: ",").map(String.init) }
        if let variants { c.variants = variants.split(separator: ",").map(String.init) }
        if let runs { c.workload.runs = runs }
        if let seed { c.workload.seed = seed }
        c.kernel = kernel
        return c
    }

    static func timestampName() -> String {
        let f = DateFormatter()
        f.dateFormat = "yyyy-MM-dd'T'HH-mm-ss"
        f.timeZone = TimeZone(identifier: "UTC")
        return f.string(from: Date())
    }

    private func usage(_ message: String) -> Never {
        FileHandle.standardError.write(Data("bpfsim compare: \(message)\n".utf8))
        Foundation.exit(2)
    }

    private func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("bpfsim compare: \(message)\n".utf8))
        Foundation.exit(1)
    }
}
