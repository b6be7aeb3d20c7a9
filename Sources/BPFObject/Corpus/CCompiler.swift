import Crypto
import Foundation

/// How bpfsim compiles `.c` files of a corpus (SPEC §3): which clang, which flags and include
/// paths, and where compiled objects are cached.
public struct CompilerConfiguration: Sendable, Hashable {
    public var clang: String
    /// Flags before the include paths. The default adds `-Xclang -fno-split-cold-code`: clang
    /// 21 otherwise outlines rarely-run code into static `*.cold.N` functions that libbpf
    /// refuses.
    public var flags: [String]
    public var includePaths: [String]
    /// Where objects and dependency manifests are kept, keyed by content hashes.
    public var cacheDirectory: URL

    public static let defaultClang = "/opt/swift/usr/bin/clang"
    public static let defaultFlags = ["-target", "bpf", "-O2", "-g", "-Xclang", "-fno-split-cold-code"]
    public static let defaultIncludePaths = ["/usr/include/x86_64-linux-gnu"]

    /// `$BPFSIM_CACHE`, else `$XDG_CACHE_HOME/bpfsim/cc`, else `~/.cache/bpfsim/cc`.
    public static var defaultCacheDirectory: URL {
        let env = ProcessInfo.processInfo.environment
        if let dir = env["BPFSIM_CACHE"] { return URL(fileURLWithPath: dir) }
        let base = env["XDG_CACHE_HOME"].map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache")
        return base.appendingPathComponent("bpfsim/cc")
    }

    public init(
        clang: String = CompilerConfiguration.defaultClang, flags: [String] = CompilerConfiguration.defaultFlags,
        includePaths: [String] = CompilerConfiguration.defaultIncludePaths,
        cacheDirectory: URL = CompilerConfiguration.defaultCacheDirectory
    ) {
        self.clang = clang
        self.flags = flags
        self.includePaths = includePaths
        self.cacheDirectory = cacheDirectory
    }

    /// The full argument list for compiling `source` to `output` (without the depfile flags).
    func arguments(source: String, output: String) -> [String] {
        // Relative include paths are taken from the current directory (clang may run elsewhere).
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        let absolute = includePaths.map { $0.hasPrefix("/") ? $0 : cwd.appendingPathComponent($0).standardized.path }
        return flags + absolute.flatMap { ["-I", $0] } + ["-c", source, "-o", output]
    }
}

/// What the compile cache did for one file; reported through the corpus progress callback.
public enum CompileOutcome: Hashable, Sendable {
    case cacheHit
    case compiled
}

/// Compiles `.c` files to BPF objects, caching each object under the SHA-256 of everything
/// that determines it: the compiler's identity (`clang --version`), the flags and include
/// paths, the source path and bytes, and the bytes of every header the previous compilation
/// read (from clang's `-MD` depfile).
///
/// Two files per cache entry: `<K1>.deps` lists the headers for key K1 (compiler, flags,
/// source); `<K2>.o` is the object for K2 = K1 + header contents. Entries are written to a
/// temporary name and renamed, so concurrent runs and interrupted runs leave no torn files.
public final class CCompiler: @unchecked Sendable {
    public let configuration: CompilerConfiguration
    private let lock = NSLock()
    private var identity: String?

    public init(configuration: CompilerConfiguration = CompilerConfiguration()) {
        self.configuration = configuration
    }

    /// The compiler's `--version` output (cached per instance); part of every cache key.
    public func compilerIdentity() throws(ObjectError) -> String {
        lock.lock()
        defer { lock.unlock() }
        if let identity { return identity }
        let result = CCompiler.run(configuration.clang, ["--version"], directory: nil)
        guard result.status == 0 else {
            throw ObjectError(file: configuration.clang, "cannot run the compiler: \(result.stderr.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
        identity = result.stdout
        return result.stdout
    }

    /// Compiles (or finds in the cache) `source` and returns the object's bytes.
    /// `displayName` is used in errors (a corpus-relative path).
    public func compile(source: URL, displayName: String) throws(ObjectError) -> (bytes: [UInt8], outcome: CompileOutcome) {
        let fm = FileManager.default
        let sourceBytes: Data
        do {
            sourceBytes = try Data(contentsOf: source)
        } catch {
            throw ObjectError(file: displayName, "cannot read file: \(error.localizedDescription)")
        }
        let identity = try compilerIdentity()
        var k1 = SHA256()
        for part in [identity, configuration.clang] + configuration.flags + ["--"] + configuration.includePaths + ["--", source.path] {
            k1.update(data: Data(part.utf8))
            k1.update(data: Data([0]))
        }
        k1.update(data: sourceBytes)
        let key1 = CCompiler.hex(k1.finalize())
        let cache = configuration.cacheDirectory
        let manifest = cache.appendingPathComponent(key1 + ".deps")

        if let listed = try? String(contentsOf: manifest, encoding: .utf8),
            let key2 = CCompiler.headerKey(key1, headers: listed.split(separator: "\n").map(String.init)),
            let object = try? Data(contentsOf: cache.appendingPathComponent(key2 + ".o"))
        {
            return ([UInt8](object), .cacheHit)
        }

        do {
            try fm.createDirectory(at: cache, withIntermediateDirectories: true)
        } catch {
            throw ObjectError(file: displayName, "cannot create cache directory \(cache.path): \(error.localizedDescription)")
        }
        let unique = "\(getpid())-\(UUID().uuidString)"
        let tmpObject = cache.appendingPathComponent("tmp-\(unique).o")
        let tmpDeps = cache.appendingPathComponent("tmp-\(unique).d")
        defer {
            try? fm.removeItem(at: tmpObject)
            try? fm.removeItem(at: tmpDeps)
        }
        let directory = source.deletingLastPathComponent()
        let result = CCompiler.run(
            configuration.clang,
            configuration.arguments(source: source.path, output: tmpObject.path) + ["-MD", "-MF", tmpDeps.path],
            directory: directory)
        guard result.status == 0 else {
            let firstError = result.stderr.split(separator: "\n").first { $0.contains("error") }
                ?? result.stderr.split(separator: "\n").first ?? "exit status \(result.status)"
            // clang names the file by the path it was given; show the corpus path instead.
            let message = firstError.replacingOccurrences(of: source.path + ":", with: displayName + ":")
            throw ObjectError(file: displayName, "does not compile: \(message)")
        }
        guard let object = try? Data(contentsOf: tmpObject) else {
            throw ObjectError(file: displayName, "the compiler produced no object")
        }
        let headers = ((try? String(contentsOf: tmpDeps, encoding: .utf8)).map { CCompiler.dependencies(fromDepfile: $0, directory: directory) } ?? [])
            .filter { $0 != source.path }
        if let key2 = CCompiler.headerKey(key1, headers: headers) {
            let objectPath = cache.appendingPathComponent(key2 + ".o")
            // Object first, then the manifest that makes it findable.
            if (try? object.write(to: tmpObject, options: .atomic)) != nil {
                _ = try? fm.removeItem(at: objectPath)
                try? fm.moveItem(at: tmpObject, to: objectPath)
            }
            let tmpManifest = cache.appendingPathComponent("tmp-\(unique).deps")
            if (try? headers.joined(separator: "\n").write(to: tmpManifest, atomically: true, encoding: .utf8)) != nil {
                _ = try? fm.removeItem(at: manifest)
                try? fm.moveItem(at: tmpManifest, to: manifest)
            }
        }
        return ([UInt8](object), .compiled)
    }

    /// K2 = SHA-256(K1, each header path and its bytes); nil when a header cannot be read.
    static func headerKey(_ key1: String, headers: [String]) -> String? {
        var h = SHA256()
        h.update(data: Data(key1.utf8))
        for path in headers where !path.isEmpty {
            guard let bytes = FileManager.default.contents(atPath: path) else { return nil }
            h.update(data: Data(path.utf8))
            h.update(data: Data([0]))
            h.update(data: bytes)
        }
        return hex(h.finalize())
    }

    /// The prerequisites of a make-style depfile (`out.o: a.c b.h \` continuation lines),
    /// made absolute against `directory`.
    static func dependencies(fromDepfile text: String, directory: URL) -> [String] {
        let joined = text.replacingOccurrences(of: "\\\n", with: " ")
        guard let colon = joined.range(of: ": ") else { return [] }
        var paths: [String] = []
        var current = ""
        var escaped = false
        for ch in joined[colon.upperBound...] {
            if escaped {
                current.append(ch)
                escaped = false
            } else if ch == "\\" {
                escaped = true
            } else if ch == " " || ch == "\n" || ch == "\t" {
                if !current.isEmpty { paths.append(current) }
                current = ""
            } else {
                current.append(ch)
            }
        }
        if !current.isEmpty { paths.append(current) }
        return paths.map { $0.hasPrefix("/") ? $0 : directory.appendingPathComponent($0).standardizedFileURL.path }
    }

    static func hex<D: Sequence>(_ digest: D) -> String where D.Element == UInt8 {
        digest.map { String(format: "%02x", $0) }.joined()
    }

    struct RunResult {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func run(_ tool: String, _ arguments: [String], directory: URL?) -> RunResult {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: tool)
        p.arguments = arguments
        if let directory { p.currentDirectoryURL = directory }
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        do {
            try p.run()
        } catch {
            return RunResult(status: -1, stdout: "", stderr: "cannot run \(tool): \(error.localizedDescription)")
        }
        // Read both pipes concurrently so a chatty compiler cannot block on a full pipe.
        let errBox = DataBox()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            errBox.data = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        let errData = errBox.data
        p.waitUntilExit()
        return RunResult(
            status: p.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }
}

/// Holds the stderr bytes read on another thread; the dispatch group orders the accesses.
private final class DataBox: @unchecked Sendable {
    var data = Data()
}
