import ArgumentParser
import BPFExperiments
import Foundation

/// `bpfsim report`: the report and figures again, from a results database alone.
struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Regenerate report.md and its figures from a results database.",
        discussion: """
            Reads DB (a results.sqlite written by bpfsim compare) and writes report.md and \
            figures/*.svg beside it, or into --out: byte for byte what compare wrote. --csv \
            also rewrites the CSV files. --columns prints the documentation of every result \
            column (the README section "Result columns") and exits.

            Examples:
              bpfsim report Results/corpus/results.sqlite
              bpfsim report Results/corpus/results.sqlite --out /tmp/report
            """)

    @Argument(help: "The results database.")
    var database: String?

    @Option(help: ArgumentHelp("Where to write (default: the database's folder).", valueName: "DIR"))
    var out: String?

    @Flag(help: "Also write the CSV files.")
    var csv = false

    @Flag(help: "Print the result column documentation (Markdown) and exit.")
    var columns = false

    func validate() throws {
        if !columns && database == nil { throw ValidationError("missing the results database (DB)") }
    }

    func run() throws {
        if columns {
            print(ResultColumns.markdown, terminator: "")
            return
        }
        guard let database else { return }
        let directory = URL(fileURLWithPath: out ?? URL(fileURLWithPath: database).deletingLastPathComponent().path)
        do {
            let db = try ResultDatabase.open(path: database, writable: false)
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            if csv { try CSVExport.write(database: db, to: directory) }
            let files = try ReportWriter.write(database: db, to: directory)
            print("wrote \(files.count) files into \(directory.path) (report.md, figures/)")
        } catch {
            FileHandle.standardError.write(Data("bpfsim report: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }
}
