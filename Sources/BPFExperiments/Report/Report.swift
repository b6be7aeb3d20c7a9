import Foundation
import GRDB

/// The report's content: Markdown text and the figures it links, built from the database
/// by queries only (nothing from the environment), so it is reproducible.
public struct Report: Sendable {
    public var markdown: String
    public var figures: [Figure]

    static let stackLimit = 512.0

    public static func build(_ database: ResultDatabase) throws(ResultDatabaseError) -> Report {
        let data = try ReportData.load(database)
        var md = ""
        var figures: [Figure] = []
        func figure(_ f: Figure) {
            figures.append(f)
            md += "![\(f.caption)](figures/\(f.fileName))\n\n*Figure \(figures.count): \(f.caption)*\n\n"
        }
        let run = data.run
        md += "# bpfsim results: \(run.name ?? "unnamed run")\n\n"
        md += "Written by bpfsim \(run.toolVersion ?? "?") from `results.sqlite` alone (`bpfsim report results.sqlite` "
        md += "rewrites this file and its figures byte for byte). Column meanings: `Experiments/RESULT_COLUMNS.md`.\n\n"
        if run.status != "complete" {
            md += "**This run is incomplete** (status `\(run.status)`): \(data.entries) of \(run.corpusEntries ?? 0) entries are stored. "
            md += "Continue it with `bpfsim compare --resume`.\n\n"
        }

        md += "## Run\n\n"
        md += TextTable(header: ["", ""], rows: ReportSections.runRows(run, data: data)).markdown + "\n"

        md += "## Summary\n\n"
        md += data.summary.table.markdown + "\n"
        md += "*rejected*: by the verifier model (as the kernel would), by the backend's own rules, or at a processing limit; "
        md += "*unsupported*: uses something bpfsim does not model (see Errors).\n\n"

        md += "## Programs accepted and rejected, and why\n\n"
        md += ReportSections.verdictTable(data).markdown + "\n"
        figure(ReportFigures.verdicts(data))
        let reasons = ReportSections.reasonTable(data)
        if reasons.rows.isEmpty {
            md += "No program was rejected.\n\n"
        } else {
            md += "Rejection reasons (the first line of the message, numbers replaced by `N`), most frequent first:\n\n"
            md += reasons.markdown + "\n"
        }

        md += "## Merge failures (descriptors)\n\n"
        if data.hasDescriptors {
            let failures = ReportSections.mergeFailureTable(data)
            md += failures.rows.isEmpty
                ? "No program failed to merge its frame descriptors.\n\n"
                : "Programs rejected because two paths reach a pc with irreconcilable descriptor entries:\n\n" + failures.markdown + "\n"
            md += ReportSections.mergeEventTable(data).markdown + "\n"
            figure(ReportFigures.mergeEvents(data))
        } else {
            md += "The descriptors backend was not part of this run.\n\n"
        }

        let study = CompilerStudy(data)
        if !study.isEmpty {
            md += "## Compilers\n\n"
            md += "Each `.c` program is built by every configured compiler and level; `prebuilt` objects and assembly are left out. "
            md += "*Shape* is the descriptor table with pcs left out (function, slot or register, type at each throw point): a "
            md += "program whose shape differs from the reference build (the first) had its resources moved by the compiler.\n\n"
            md += study.table.markdown + "\n"
            figure(study.figure)
        }

        md += "## Stack overhead\n\n"
        md += "Combined stack of the deepest call chain (each frame rounded up to 32 bytes, as the kernel counts), against "
        md += "the 512-byte limit. *Before* is the program under `reject` (nothing added); *after* adds what the backend "
        md += "reserves (descriptor spill slots, resource tables).\n\n"
        md += ReportSections.stackTable(data).markdown + "\n"
        figure(ReportFigures.stack(data))

        let scaling = ScalingStudy(data)
        if !scaling.isEmpty {
            md += "## Scaling with frames and references\n\n"
            md += "Mean bytes per accepted program: descriptor tables in the RFC's encoding, and resource tables over all "
            md += "frames. *Frames* are the subprograms a program has (its `stack_depth` entries); *references* the most "
            md += "it holds at one throw point. On a `bpfsim gen` corpus both are controlled.\n\n"
            md += scaling.table(scaling.byFrames, x: "frames").markdown + "\n"
            figure(scaling.figure(scaling.byFrames, x: "frames", fileName: "scaling-frames.svg"))
            md += scaling.table(scaling.byReferences, x: "references at a throw").markdown + "\n"
            figure(scaling.figure(scaling.byReferences, x: "references at a throw", fileName: "scaling-references.svg"))
        }

        md += "## Inserted instructions and metadata\n\n"
        md += ReportSections.insertedTable(data).markdown + "\n"
        figure(ReportFigures.inserted(data))

        md += "## Normal-path and throw-path cost\n\n"
        if data.executions.isEmpty {
            md += "No executions are stored: "
            md += run.workloadRuns == 0
                ? "the workload had 0 runs.\n\n"
                : "this bpfsim build ran no simulator (the simulated kernel of issue 9 was not available to `compare`), so the "
                    + "`executions` table is empty and normal- and throw-path costs are absent, not zero.\n\n"
        } else {
            md += "Modelled cycles by the cost model `\(run.costModel ?? "default")`, summed over the workload's runs "
            md += "(\(run.workloadRuns ?? 0) per program, seed \(run.seed ?? 0), acquire-failure p = \(ValueText.real(run.acquireFailureP ?? 0)), "
            md += "throw injection `\(run.throwInjection ?? "?")`). Normal-path overhead is against the original program under the same runs.\n\n"
            md += ReportSections.costTable(data).markdown + "\n"
            figure(ReportFigures.overhead(data))
            figure(ReportFigures.unwind(data))
        }

        if !data.kernelChecks.isEmpty {
            md += "## Agreement with the running kernel\n\n"
            md += ReportSections.kernelText(data)
        }

        md += "## Errors\n\n"
        if data.errors.isEmpty {
            md += "No entry failed unexpectedly.\n"
        } else {
            md += "Entries that could not be measured (one line each on stderr during the run):\n\n"
            md += ReportSections.errorTable(data).markdown
        }
        return Report(markdown: md, figures: figures)
    }
}
