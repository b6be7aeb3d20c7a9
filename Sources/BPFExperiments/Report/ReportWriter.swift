import Foundation
import GRDB

/// `report.md` and its figures (SPEC §7; issue 10 item 4), made from a results database alone:
/// `compare` writes them at the end of a run and `bpfsim report DB` rewrites them byte for
/// byte. Figures are SVG files drawn by bpfsim's own chart code (`Figures/`), beside the report.
public enum ReportWriter {
    /// Writes `report.md` and `figures/*.svg` into `directory`; returns the files written.
    @discardableResult
    public static func write(database: ResultDatabase, to directory: URL) throws(ResultDatabaseError) -> [URL] {
        let report = try Report.build(database)
        let figures = directory.appendingPathComponent("figures")
        var written: [URL] = []
        do {
            try FileManager.default.createDirectory(at: figures, withIntermediateDirectories: true)
            for figure in report.figures {
                let url = figures.appendingPathComponent(figure.fileName)
                try Data(figure.svg.utf8).write(to: url, options: .atomic)
                written.append(url)
            }
            let url = directory.appendingPathComponent("report.md")
            try Data(report.markdown.utf8).write(to: url, options: .atomic)
            written.append(url)
        } catch {
            throw ResultDatabaseError(path: directory.path, message: "cannot write the report: \(error.localizedDescription)")
        }
        return written
    }
}

/// A figure file of the report.
public struct Figure: Sendable {
    public var fileName: String
    public var caption: String
    public var svg: String
}
