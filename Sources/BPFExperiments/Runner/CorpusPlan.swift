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
        /// False for the second and later builds of a `.c` file: a compiler that cannot build
        /// a program the reference build could is a finding, not an error of the run.
        public var isReferenceBuild: Bool
        public var entry: CorpusEntry
    }

    public var directory: URL
    public var files: [String]
    public var entries: [Entry]

    public static let prebuilt = "prebuilt"

    /// Reads every file (in parallel with `jobs` workers), each `.c` file once per build of
    /// `compilers`; unreadable files become failure entries in place.
    public static func read(
        directory: URL, compilers: [ExperimentConfig.Compiler], jobs: Int,
        progress: @escaping @Sendable (CorpusProgress) -> Void
    ) throws(ObjectError) -> CorpusPlan {
        let files = try Corpus.files(in: directory)
        // (file, build) pairs in entry order: a file's builds in the configured order.
        let work: [(file: String, build: Int?)] = files.flatMap { f -> [(file: String, build: Int?)] in
            CorpusFileKind(path: f) == .source ? compilers.indices.map { (f, $0) } : [(f, nil)]
        }
        let readers = compilers.map { (CCompiler(configuration: $0.configuration), CorpusOptions(compiler: $0.configuration)) }
        let fallback = (CCompiler(configuration: CompilerConfiguration()), CorpusOptions())
        let perItem = ParallelMap.run(count: work.count, jobs: jobs) { i -> [CorpusEntry] in
            let (file, build) = work[i]
            progress(.reading(path: file, index: i, total: work.count))
            let (cc, options) = build.map { readers[$0] } ?? fallback
            return Corpus.readFile(directory.appendingPathComponent(file), relativePath: file, compiler: cc, options: options, progress: progress)
        }
        var entries: [Entry] = []
        for (item, list) in zip(work, perItem) {
            let build = item.build.map { compilers[$0].name } ?? prebuilt
            for e in list { entries.append(Entry(id: entries.count, build: build, isReferenceBuild: item.build ?? 0 == 0, entry: e)) }
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
