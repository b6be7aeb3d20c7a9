import Foundation
import Testing

@testable import BPFObject

/// Acceptance: a corpus of mixed `.o`, `.c` and assembly files in nested folders yields the
/// same entry list on every run, files that fail are error entries in place, and a second run
/// hits the compile cache (seen through the progress callback).
@Suite struct CorpusTests {
    /// Collects progress events from any thread.
    final class Events: @unchecked Sendable {
        private let lock = NSLock()
        private var list: [CorpusProgress] = []
        func add(_ e: CorpusProgress) {
            lock.lock()
            list.append(e)
            lock.unlock()
        }
        var hits: [String] { names { if case .compileCacheHit(let p) = $0 { return p } else { return nil } } }
        var misses: [String] { names { if case .compileCacheMiss(let p) = $0 { return p } else { return nil } } }
        private func names(_ f: (CorpusProgress) -> String?) -> [String] {
            lock.lock()
            defer { lock.unlock() }
            return list.compactMap(f).sorted()
        }
    }

    /// features.bpf.c, legacy.o, two assembly files, a C file that does not compile, a file
    /// that is not ELF, and files the walk must skip.
    static func makeCorpus() throws -> (corpus: URL, options: CorpusOptions) {
        let root = try BPFTestSupportShim.temporaryDirectory("bpfsim-corpus")
        let corpus = root.appendingPathComponent("corpus")
        let fm = FileManager.default
        for dir in ["tracing/deep", "objects", "asm/nested", "broken", ".hidden"] {
            try fm.createDirectory(at: corpus.appendingPathComponent(dir), withIntermediateDirectories: true)
        }
        // The include folder is copied too, so a test can change a header.
        try fm.copyItem(at: Fixtures.includeDirectory, to: root.appendingPathComponent("include"))
        try fm.copyItem(at: Fixtures.sourceDirectory.appendingPathComponent("features.bpf.c"), to: corpus.appendingPathComponent("tracing/deep/features.bpf.c"))
        try fm.copyItem(at: Fixtures.sourceDirectory.appendingPathComponent("subprogs.bpf.c"), to: corpus.appendingPathComponent("tracing/subprogs.c"))
        try fm.copyItem(at: Fixtures.clangObject("legacy.bpf.c"), to: corpus.appendingPathComponent("objects/legacy.o"))
        try AssemblyFileTests.source.write(to: corpus.appendingPathComponent("asm/prog.s"), atomically: true, encoding: .utf8)
        try "# bpfsim: prog_type=xdp name=drop\nmov %r0, 1\nexit\n".write(to: corpus.appendingPathComponent("asm/nested/drop.asm"), atomically: true, encoding: .utf8)
        try "int broken( {\n".write(to: corpus.appendingPathComponent("broken/bad.c"), atomically: true, encoding: .utf8)
        try "not an object".write(to: corpus.appendingPathComponent("broken/junk.o"), atomically: true, encoding: .utf8)
        try "ignored".write(to: corpus.appendingPathComponent("README.txt"), atomically: true, encoding: .utf8)
        try "ignored".write(to: corpus.appendingPathComponent(".hidden/x.c"), atomically: true, encoding: .utf8)
        try "ignored".write(to: corpus.appendingPathComponent("include.h"), atomically: true, encoding: .utf8)
        let compiler = CompilerConfiguration(
            includePaths: [root.appendingPathComponent("include").path] + CompilerConfiguration.defaultIncludePaths,
            cacheDirectory: root.appendingPathComponent("cache"))
        return (corpus, CorpusOptions(compiler: compiler))
    }

    static let expectedEntries = [
        "asm/nested/drop.asm:xdp:drop",
        "asm/prog.s:tc:asm_prog",
        "broken/bad.c",
        "broken/junk.o",
        "objects/legacy.o:xdp:legacy_xdp",
        "tracing/deep/features.bpf.c:tp_btf/sched_switch:on_switch",
        "tracing/deep/features.bpf.c:fentry/do_unlinkat:on_unlink",
        "tracing/deep/features.bpf.c:tc:classify",
        "tracing/deep/features.bpf.c:xdp:pass_all",
        "tracing/subprogs.c:kprobe/do_sys_openat2:probe_open",
        "tracing/subprogs.c:raw_tp/sys_enter:raw_enter",
        "tracing/subprogs.c:socket:sock_filter",
        "tracing/subprogs.c:?lsm.s/file_open:check_open",
    ]

    @Test func sameEntriesEveryRunAndTheSecondRunHitsTheCache() throws {
        let (corpus, options) = try Self.makeCorpus()
        let first = Events(), second = Events()
        let run1 = try Corpus.read(directory: corpus, options: options) { first.add($0) }
        let run2 = try Corpus.read(directory: corpus, options: options) { second.add($0) }
        #expect(run1.map(\.identifier) == Self.expectedEntries)
        #expect(run2.map(\.identifier) == Self.expectedEntries)
        #expect(first.misses == ["tracing/deep/features.bpf.c", "tracing/subprogs.c"])
        #expect(first.hits.isEmpty)
        #expect(second.hits == ["tracing/deep/features.bpf.c", "tracing/subprogs.c"])
        #expect(second.misses.isEmpty)
        // Same programs, byte for byte, from the cache.
        for (a, b) in zip(run1, run2) {
            if case .program(let p) = a, case .program(let q) = b {
                #expect(p.program.instructions == q.program.instructions, "\(p.identifier)")
                #expect(p.sha256 == q.sha256)
            }
        }
    }

    @Test func failuresAreOneLineEntriesInPlace() throws {
        let (corpus, options) = try Self.makeCorpus()
        let entries = try Corpus.read(directory: corpus, options: options)
        let failures = entries.compactMap { entry -> CorpusFailure? in
            if case .failure(let f) = entry { return f } else { return nil }
        }
        #expect(failures.map(\.relativePath) == ["broken/bad.c", "broken/junk.o"])
        #expect(failures[0].error.description.hasPrefix("broken/bad.c: does not compile: "))
        #expect(failures[0].error.description.contains("error"))
        #expect(failures[1].error.description == "broken/junk.o: not an ELF file (bad magic)")
        #expect(failures.allSatisfy { !$0.error.description.contains("\n") })
    }

    @Test func parallelReadingGivesTheSameList() throws {
        var (corpus, options) = try Self.makeCorpus()
        options.jobs = 4
        #expect(try Corpus.read(directory: corpus, options: options).map(\.identifier) == Self.expectedEntries)
    }

    /// The cache key covers the headers a file includes (from clang's depfile).
    @Test func changingAnIncludedHeaderMissesTheCache() throws {
        let (corpus, options) = try Self.makeCorpus()
        let file = "tracing/subprogs.c"
        let compiler = CCompiler(configuration: options.compiler)
        let url = corpus.appendingPathComponent(file)
        #expect(try compiler.compile(source: url, displayName: file).outcome == .compiled)
        #expect(try compiler.compile(source: url, displayName: file).outcome == .cacheHit)
        let header = corpus.deletingLastPathComponent().appendingPathComponent("include/bpfsim_kernel.h")
        let text = try String(contentsOf: header, encoding: .utf8)
        try (text + "\n/* changed */\n").write(to: header, atomically: true, encoding: .utf8)
        #expect(try compiler.compile(source: url, displayName: file).outcome == .compiled)
        #expect(try compiler.compile(source: url, displayName: file).outcome == .cacheHit)
        // Different flags, different object.
        var other = options.compiler
        other.flags += ["-DBPFSIM_TEST=1"]
        #expect(try CCompiler(configuration: other).compile(source: url, displayName: file).outcome == .compiled)
    }

    @Test func depfileParsing() {
        let text = "out.o: /a/b.c ../inc/x.h \\\n  /usr/include/linux/bpf.h with\\ space.h\n"
        let deps = CCompiler.dependencies(fromDepfile: text, directory: URL(fileURLWithPath: "/src/dir"))
        #expect(deps == ["/a/b.c", "/src/inc/x.h", "/usr/include/linux/bpf.h", "/src/dir/with space.h"])
    }

    @Test func missingCorpusIsAnError() {
        #expect(throws: ObjectError.self) { try Corpus.read(directory: URL(fileURLWithPath: "/nonexistent/corpus")) }
    }
}

/// Temporary folders for tests.
enum BPFTestSupportShim {
    static func temporaryDirectory(_ name: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
