import BPFExperiments
import BPFTestSupport
import Foundation
import GRDB

/// The test corpus (`Tests/Fixtures/corpus-mini`) and runs of it shared by the tests: each
/// distinct run is made once per test process.
enum MiniCorpus {
    static let directory = TestPaths.repositoryRoot.appendingPathComponent("Tests/Fixtures/corpus-mini")

    /// Small enough for a debug build: a low instruction limit makes `forever.s` stop quickly,
    /// few runs per program.
    static func config(seed: UInt64 = 1) -> ExperimentConfig {
        var c = ExperimentConfig(name: "mini", insnLimit: 20_000)
        c.workload.runs = 3
        c.workload.seed = seed
        c.compiler.includePaths += [TestPaths.repositoryRoot.appendingPathComponent("Tests/Fixtures/include").path]
        return c
    }

    /// Runs `compare` in-process into a fresh folder.
    static func run(jobs: Int, seed: UInt64 = 1, name: String = "run") throws -> URL {
        let out = try TestPaths.temporaryDirectory("bpfsim-compare-\(name)")
        let request = ExperimentRunner.Request(corpus: directory.path, output: out, config: config(seed: seed), jobs: jobs)
        _ = try ExperimentRunner(request: request, progress: ProgressReporter(style: .silent)).run()
        return out
    }

    /// The reference run (jobs 1, seed 1), made once.
    static let baseline: Result<URL, Error> = Result { try run(jobs: 1, name: "baseline") }
    static let parallel: Result<URL, Error> = Result { try run(jobs: 2, name: "parallel") }
    static let otherSeed: Result<URL, Error> = Result { try run(jobs: 2, seed: 2, name: "seed2") }

    static func database(_ folder: URL) throws -> ResultDatabase {
        try ResultDatabase.open(path: folder.appendingPathComponent(ResultDatabase.fileName).path, writable: false)
    }

    /// Every table's rows as text, volatile (timing) columns left out: what must be identical
    /// between two runs of the same corpus, configuration and seed.
    static func reproducibleRows(_ db: ResultDatabase) throws -> [String: [String]] {
        var out: [String: [String]] = [:]
        for table in ResultColumns.all {
            let volatile = table.volatileColumns
            out[table.name] = try db.rows(of: table).map { row in
                table.columnNames.filter { !volatile.contains($0) }.map { "\($0)=\((row[$0] as DatabaseValue).description)" }
                    .joined(separator: " ")
            }
        }
        return out
    }

    /// The first difference between two row sets, for a failure message.
    static func firstDifference(_ a: [String: [String]], _ b: [String: [String]]) -> String? {
        for table in ResultColumns.all.map(\.name) {
            let ra = a[table] ?? [], rb = b[table] ?? []
            if ra.count != rb.count { return "\(table): \(ra.count) rows vs \(rb.count)" }
            for (x, y) in zip(ra, rb) where x != y { return "\(table):\n  \(x)\n  \(y)" }
        }
        return nil
    }
}
