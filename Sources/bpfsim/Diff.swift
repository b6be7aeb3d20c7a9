import ArgumentParser
import BPFExperiments
import Foundation

/// `bpfsim diff`: two result sets, program by program, like `veristat -C`.
struct Diff: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compare two results databases program by program (like veristat -C).",
        discussion: """
            For every program, backend and variant in A or B: each statistic's value in A, \
            in B, and the difference (B - A, with the percentage of A; MATCH/MISMATCH for \
            text such as the verdict). A row missing on one side shows N/A.

            Default statistics: \(ResultDiff.defaultVerificationStats.joined(separator: ", ")), \
            plus \(ResultDiff.defaultExecutionStats.joined(separator: ", ")) when either side \
            executed programs. --stats all compares every reproducible column; timing columns \
            (duration) only when named.

            Examples:
              bpfsim diff Results/a/results.sqlite Results/b/results.sqlite
              bpfsim diff A.sqlite B.sqlite --changed --filter 'net/*' --backend descriptors
              bpfsim diff A.sqlite B.sqlite --stats verdict,total_insns --output csv
            """)

    @Argument(help: "The baseline results database (A).")
    var a: String

    @Argument(help: "The results database compared with it (B).")
    var b: String

    @Option(help: ArgumentHelp("Statistics, comma-separated, or 'all'.", valueName: "LIST"))
    var stats: String?

    @Option(name: .customLong("filter"), help: ArgumentHelp("Glob on file, program or file:program; '!' excludes. Repeatable.", valueName: "GLOB"))
    var filters: [String] = []

    @Option(help: "Only this backend.")
    var backend: String?

    @Option(help: "Only this variant.")
    var variant: String?

    @Flag(help: "Only rows with a difference.")
    var changed = false

    @Option(help: "table or csv.")
    var output = "table"

    func validate() throws {
        if output != "table" && output != "csv" { throw ValidationError("--output must be table or csv") }
    }

    func run() throws {
        do {
            let dbA = try ResultDatabase.open(path: a, writable: false)
            let dbB = try ResultDatabase.open(path: b, writable: false)
            let diff = try ResultDiff.compare(
                dbA, dbB, stats: stats.map { $0.split(separator: ",").map(String.init) }, filters: filters, backend: backend, variant: variant)
            if output == "csv" {
                print(diff.csv(changedOnly: changed), terminator: "")
            } else {
                print(diff.table(changedOnly: changed).plain, terminator: "")
                let changedRows = diff.lines.filter(\.changed).count
                print("\n\(diff.lines.count) rows, \(changedRows) with differences\(diff.changedStats.isEmpty ? "" : " in: " + diff.changedStats.sorted().joined(separator: ", "))")
            }
        } catch let error as DiffError {
            FileHandle.standardError.write(Data("bpfsim diff: \(error)\n".utf8))
            throw ExitCode(2)
        } catch {
            FileHandle.standardError.write(Data("bpfsim diff: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }
}
