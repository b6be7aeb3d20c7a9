import BPFObject
import Crypto
import Foundation

/// The corpus entries of a run in their fixed order (SPEC §3): files sorted by path, each `.c`
/// file once per build, programs in object order. An entry's index is its `program_id`, so
/// the same corpus gives the same ids on every run, resumed or not, whatever `--jobs` is.
public struct CorpusPlan: Sendable {
    public struct Entry: Sendable {
        public var id: Int
        /// The compiler configuration's name for `.c` entries, `prebuilt` otherwise.
        public var build: String
        public var entry: CorpusEntry
    }

    public var directory: URL
    public var files: [String]
    public var entries: [Entry]

    public static let prebuilt = "prebuilt"

    /// Reads every file (in parallel with `jobs` workers); unreadable files become failure
    /// entries in place.
    public static func read(
        directory: URL, compiler: ExperimentConfig.Compiler, jobs: Int,
        progress: @escaping @Sendable (CorpusProgress) -> Void
    ) throws(ObjectError) -> CorpusPlan {
        let files = try Corpus.files(in: directory)
        let cc = CCompiler(configuration: compiler.configuration)
        let options = CorpusOptions(compiler: compiler.configuration)
        let perFile = ParallelMap.run(count: files.count, jobs: jobs) { i -> [CorpusEntry] in
            progress(.reading(path: files[i], index: i, total: files.count))
            return Corpus.readFile(directory.appendingPathComponent(files[i]), relativePath: files[i], compiler: cc, options: options, progress: progress)
        }
        var entries: [Entry] = []
        for (path, list) in zip(files, perFile) {
            let build = CorpusFileKind(path: path) == .source ? compiler.name : prebuilt
            for e in list { entries.append(Entry(id: entries.count, build: build, entry: e)) }
        }
        return CorpusPlan(directory: directory, files: files, entries: entries)
    }

    /// SHA-256 over each entry's identity and file hash: equal corpora give equal digests.
    public var digest: String {
        var h = SHA256()
        for e in entries {
            let text: String
            switch e.entry {
            case .program(let p): text = "\(e.id)\t\(e.build)\t\(p.identifier)\t\(p.sha256)\n"
            case .failure(let f): text = "\(e.id)\t\(e.build)\t\(f.relativePath)\t\(f.error.message)\n"
            }
            h.update(data: Data(text.utf8))
        }
        return h.finalize().map { String(format: "%02x", $0) }.joined()
    }
}
