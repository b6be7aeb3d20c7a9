import BPFObject
import BPFTestSupport
import Foundation
import Testing

/// The test programs of the earlier issues, read where those issues keep them, plus the
/// simulator's own: assembly cases of `Tests/Fixtures/references/*.s` (one program per
/// `; case:`), the table backend's programs (`Tests/Fixtures/table`), the C programs of
/// `Tests/Fixtures/{references,exceptions,verifier,table}`, and the
/// assembly literals with a `; bpfsim:` header in the cleanup backends' tests
/// (`Tests/BPFCleanupTests/*.swift`). A source that does not load is recorded as a test issue.
enum TestCorpus {
    struct Entry: CustomTestStringConvertible, Sendable {
        let name: String
        let program: BPFProgram
        var testDescription: String { name }
    }

    static let fixtures = TestPaths.repositoryRoot.appendingPathComponent("Tests/Fixtures")

    static let all: [Entry] = {
        var entries = SimulatorPrograms.all.compactMap { p in (try? p.load()).map { Entry(name: "simulator/\(p.name)", program: $0) } }
        entries += assemblyCases()
        entries += tableFixtures()
        entries += cleanupTestLiterals()
        entries += cPrograms()
        return entries
    }()

    static func files(_ folder: String, _ suffix: String) -> [URL] {
        let dir = fixtures.appendingPathComponent(folder)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.filter { $0.hasSuffix(suffix) }.sorted().map { dir.appendingPathComponent($0) }
    }

    /// `; case: name: what` blocks, each with the file's header lines.
    static func assemblyCases() -> [Entry] {
        var out: [Entry] = []
        for url in files("references", ".s") {
            guard let text = try? String(contentsOf: url, encoding: .utf8) else { continue }
            var header: [String] = []
            var cases: [(String, [String])] = []
            for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
                if line.hasPrefix("; case:") {
                    let name = line.dropFirst("; case:".count).split(separator: ":").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? "?"
                    cases.append((name, []))
                } else if cases.isEmpty {
                    if line.hasPrefix("; bpfsim:") || line.hasPrefix("; map:") { header.append(line) }
                } else {
                    cases[cases.count - 1].1.append(line)
                }
            }
            for (name, body) in cases {
                let source = (header + body).joined(separator: "\n")
                let label = "references/\(url.lastPathComponent)/\(name)"
                do {
                    out.append(Entry(name: label, program: try AssemblyFile.load(text: source, path: "\(name).s")))
                } catch {
                    Issue.record("\(label) does not load: \(error)")
                }
            }
        }
        return out
    }

    /// The table backend's hand-written assembly programs (`Tests/Fixtures/table/*.s`, one
    /// program per file); its C ones come with ``cPrograms()``.
    static func tableFixtures() -> [Entry] {
        files("table", ".s").compactMap { url in
            let label = "table/\(url.lastPathComponent)"
            do {
                let text = try String(contentsOf: url, encoding: .utf8)
                return Entry(name: label, program: try AssemblyFile.load(text: text, path: url.path))
            } catch {
                Issue.record("\(label) does not load: \(error)")
                return nil
            }
        }
    }

    /// Triple-quoted literals holding a `; bpfsim:` header in the cleanup tests.
    static func cleanupTestLiterals() -> [Entry] {
        let dir = TestPaths.repositoryRoot.appendingPathComponent("Tests/BPFCleanupTests")
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).filter { $0.hasSuffix(".swift") }.sorted()
        var out: [Entry] = []
        for file in names {
            guard let text = try? String(contentsOf: dir.appendingPathComponent(file), encoding: .utf8) else { continue }
            let parts = text.components(separatedBy: "\"\"\"")
            for (i, part) in parts.enumerated() where i % 2 == 1 && part.contains("; bpfsim:") && !part.contains("\\(") {
                let lines = part.split(separator: "\n", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
                let source = lines.joined(separator: "\n")
                let label = "cleanup-tests/\(file)#\(i / 2)"
                if let program = try? AssemblyFile.load(text: source, path: "literal.s") {
                    out.append(Entry(name: label, program: program))
                }
            }
        }
        return out
    }

    /// Every program of the C fixtures, compiled through the corpus compiler and its cache.
    static func cPrograms() -> [Entry] {
        var configuration = CompilerConfiguration()
        configuration.includePaths.append(fixtures.appendingPathComponent("include").path)
        let compiler = CCompiler(configuration: configuration)
        var out: [Entry] = []
        for folder in ["references", "exceptions", "verifier", "table"] {
            for url in files(folder, ".c") {
                let relative = "\(folder)/\(url.lastPathComponent)"
                for entry in Corpus.readFile(url, relativePath: relative, compiler: compiler, options: CorpusOptions(compiler: configuration)) {
                    switch entry {
                    case .program(let p): out.append(Entry(name: "\(relative)/\(p.function)", program: p.program))
                    case .failure(let f): Issue.record("\(relative) does not load: \(f.error)")
                    }
                }
            }
        }
        return out
    }
}
