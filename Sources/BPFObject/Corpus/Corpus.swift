import Foundation

/// One entry of a corpus (SPEC §3): a program identified by (relative path, section,
/// function), or a file that could not be read or compiled, kept as a value so a runner can
/// record it as one error line and go on.
public enum CorpusEntry: Sendable {
    case program(CorpusProgram)
    case failure(CorpusFailure)

    /// The corpus-relative path of the file the entry came from.
    public var relativePath: String {
        switch self {
        case .program(let p): return p.relativePath
        case .failure(let f): return f.relativePath
        }
    }

    /// `path:section:function` for programs, `path` for failures.
    public var identifier: String {
        switch self {
        case .program(let p): return p.identifier
        case .failure(let f): return f.relativePath
        }
    }
}

/// How a corpus file was read.
public enum CorpusFileKind: String, Hashable, Sendable {
    case object
    case source
    case assembly

    /// By extension: `.o`, `.c`, `.s`/`.asm` (so also `.bpf.o`, `.bpf.c`, `.bpf.s`).
    public init?(path: String) {
        let lower = path.lowercased()
        if lower.hasSuffix(".o") {
            self = .object
        } else if lower.hasSuffix(".c") {
            self = .source
        } else if lower.hasSuffix(".s") || lower.hasSuffix(".asm") {
            self = .assembly
        } else {
            return nil
        }
    }
}

public struct CorpusProgram: Sendable {
    public let relativePath: String
    public let kind: CorpusFileKind
    /// SHA-256 of the file (the object for `.o`, the source text for `.c` and assembly).
    public let sha256: String
    public let program: BPFProgram
    /// The object's diagnostics (shared by every program of the file).
    public let diagnostics: [ObjectError]

    public var section: String { program.section }
    public var function: String { program.name }
    public var identifier: String { "\(relativePath):\(section):\(function)" }
}

public struct CorpusFailure: Sendable {
    public let relativePath: String
    public let kind: CorpusFileKind
    public let error: ObjectError

    public init(relativePath: String, kind: CorpusFileKind, error: ObjectError) {
        self.relativePath = relativePath
        self.kind = kind
        self.error = error
    }
}

/// Progress of a corpus read, for the CLI's stderr line and for tests.
public enum CorpusProgress: Sendable {
    /// `index` of `total` files is about to be read.
    case reading(path: String, index: Int, total: Int)
    case compileCacheHit(path: String)
    case compileCacheMiss(path: String)
    case failed(path: String, ObjectError)
}

/// Options for reading a corpus.
public struct CorpusOptions: Sendable {
    public var compiler: CompilerConfiguration
    public var load: LoadOptions
    /// Files read in parallel (1 reads sequentially); the entry order does not depend on it.
    public var jobs: Int

    public init(compiler: CompilerConfiguration = CompilerConfiguration(), load: LoadOptions = LoadOptions(), jobs: Int = 1) {
        self.compiler = compiler
        self.load = load
        self.jobs = jobs
    }
}

/// Walking a corpus directory: every `.o`, `.c` and assembly file in nested folders, in a
/// deterministic order (relative paths sorted by their UTF-8 bytes; hidden files and folders
/// skipped), each program of each file an entry.
public enum Corpus {
    /// The corpus files under `directory`, as sorted relative paths.
    public static func files(in directory: URL) throws(ObjectError) -> [String] {
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ObjectError(file: directory.path, "not a directory")
        }
        var out: [String] = []
        var pending = [""]
        while let relative = pending.popLast() {
            let url = relative.isEmpty ? directory : directory.appendingPathComponent(relative)
            guard let names = try? fm.contentsOfDirectory(atPath: url.path) else { continue }
            for name in names where !name.hasPrefix(".") {
                let child = relative.isEmpty ? name : relative + "/" + name
                var childIsDirectory: ObjCBool = false
                guard fm.fileExists(atPath: directory.appendingPathComponent(child).path, isDirectory: &childIsDirectory) else { continue }
                if childIsDirectory.boolValue {
                    pending.append(child)
                } else if CorpusFileKind(path: name) != nil {
                    out.append(child)
                }
            }
        }
        return out.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
    }

    /// Reads every file of the corpus. Never throws for a bad file: its error becomes a
    /// ``CorpusEntry/failure(_:)`` in place. `progress` may be called from several threads
    /// when `options.jobs > 1`.
    public static func read(
        directory: URL, options: CorpusOptions = CorpusOptions(),
        progress: @escaping @Sendable (CorpusProgress) -> Void = { _ in }
    ) throws(ObjectError) -> [CorpusEntry] {
        let paths = try files(in: directory)
        let compiler = CCompiler(configuration: options.compiler)
        let results = ResultSlots(count: paths.count)
        let work = { @Sendable (i: Int) in
            let path = paths[i]
            progress(.reading(path: path, index: i, total: paths.count))
            let entries = readFile(directory.appendingPathComponent(path), relativePath: path, compiler: compiler, options: options, progress: progress)
            results.set(i, entries)
        }
        if options.jobs > 1 {
            let queue = OperationQueue()
            queue.maxConcurrentOperationCount = options.jobs
            for i in paths.indices { queue.addOperation { work(i) } }
            queue.waitUntilAllOperationsAreFinished()
        } else {
            for i in paths.indices { work(i) }
        }
        return results.all()
    }

    /// The entries of one file (its programs in object order, or one failure).
    public static func readFile(
        _ url: URL, relativePath: String, compiler: CCompiler, options: CorpusOptions,
        progress: @Sendable (CorpusProgress) -> Void = { _ in }
    ) -> [CorpusEntry] {
        guard let kind = CorpusFileKind(path: relativePath) else { return [] }
        func fail(_ error: ObjectError) -> [CorpusEntry] {
            var e = error
            e.file = relativePath
            progress(.failed(path: relativePath, e))
            return [.failure(CorpusFailure(relativePath: relativePath, kind: kind, error: e))]
        }
        do throws(ObjectError) {
            switch kind {
            case .object, .source:
                var bytes: [UInt8]
                if kind == .source {
                    let (object, outcome) = try compiler.compile(source: url, displayName: relativePath)
                    progress(outcome == .cacheHit ? .compileCacheHit(path: relativePath) : .compileCacheMiss(path: relativePath))
                    bytes = object
                } else {
                    guard let data = FileManager.default.contents(atPath: url.path) else {
                        throw ObjectError(file: relativePath, "cannot read file")
                    }
                    bytes = [UInt8](data)
                }
                let object = try BPFObjectFile.load(bytes: bytes, name: relativePath, options: options.load)
                guard !object.programs.isEmpty else { throw ObjectError(file: relativePath, "no BPF programs found") }
                let sha = kind == .source
                    ? BPFObjectFile.sha256(of: [UInt8](FileManager.default.contents(atPath: url.path) ?? Data())) : object.sha256
                return object.programs.map {
                    .program(CorpusProgram(relativePath: relativePath, kind: kind, sha256: sha, program: $0, diagnostics: object.diagnostics))
                }
            case .assembly:
                guard let data = FileManager.default.contents(atPath: url.path) else {
                    throw ObjectError(file: relativePath, "cannot read file")
                }
                let text = String(decoding: data, as: UTF8.self)
                let program = try AssemblyFile.load(text: text, path: relativePath)
                return [.program(CorpusProgram(relativePath: relativePath, kind: kind, sha256: BPFObjectFile.sha256(of: [UInt8](data)), program: program, diagnostics: []))]
            }
        } catch {
            return fail(error)
        }
    }
}

/// Per-file results filled in by parallel workers, read back in file order.
private final class ResultSlots: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [[CorpusEntry]]

    init(count: Int) { slots = Array(repeating: [], count: count) }

    func set(_ i: Int, _ entries: [CorpusEntry]) {
        lock.lock()
        slots[i] = entries
        lock.unlock()
    }

    func all() -> [CorpusEntry] {
        lock.lock()
        defer { lock.unlock() }
        return slots.flatMap { $0 }
    }
}
