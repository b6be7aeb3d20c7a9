import BPFISA
import BPFTestSupport
import Foundation
import Testing

/// clang-compiled C programs (Fixtures/*.c): bpfsim's disassembly of each code section's bytes
/// equals llvm-objdump's, for LLVM 21 (hex immediates) and Debian's LLVM 14 (decimal).
///
/// The bytes come from `llvm-objcopy -O binary --only-section=SEC` (before relocation, as
/// objdump shows them); function symbols from `llvm-objdump -t` give the `<prog>:` headers and
/// `<prog+0x78>` annotations. Normalisation: only instruction lines and symbol headers are
/// compared, with the spaces that right-align the pc removed; everything after `pc:\t` must
/// match exactly. LLVM 14 predates cpu v4, so fixtures marked `llvm14: skip` are not compared
/// with it, and in the others the lines of instructions LLVM 14 prints as `<unknown>` (see
/// ``Instruction/knownToLLVM14``: `%=`, `if r1 & r2`, 32-bit fetch atomics, ...) are skipped
/// and counted.
@Suite struct ObjdumpFixtureTests {
    static let fixtures = TestPaths.repositoryRoot.appendingPathComponent("Tests/BPFISATests/Fixtures")

    static let names: [String] = {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: fixtures.path)) ?? []
        return files.filter { $0.hasSuffix(".c") }.sorted()
    }()

    @Test func thereAreTwentyFixtures() {
        #expect(Self.names.count >= 20, "\(Self.names.count) fixtures in \(Self.fixtures.path)")
    }

    @Test(arguments: names)
    func disassemblyMatchesObjdump(_ name: String) throws {
        let source = Self.fixtures.appendingPathComponent(name)
        let text = try String(contentsOf: source, encoding: .utf8)
        let flags = text.split(separator: "\n").first { $0.hasPrefix("// cflags:") }
            .map { $0.dropFirst("// cflags:".count).split(separator: " ").map(String.init) } ?? []
        let skip14 = text.contains("// llvm14: skip")
        let dir = try TestPaths.temporaryDirectory("bpfsim-fixture")
        defer { try? FileManager.default.removeItem(at: dir) }
        let object = dir.appendingPathComponent(name + ".o")
        try Toolchain.run(Toolchain.clang, ["-target", "bpf", "-O2", "-c"] + flags + [source.path, "-o", object.path])

        let symbols = try Toolchain.functionSymbols(object)
        let sections = Set(symbols.map(\.section)).sorted()
        try #require(!sections.isEmpty, "\(name): no function symbols")
        for section in sections {
            let bytes = try Toolchain.sectionBytes(object, section: section, scratch: dir)
            let program: [Instruction]
            do {
                program = try Instruction.decodeProgram(bytes)
            } catch {
                Issue.record("\(name):\(section):\(error.pc): \(error.message)")
                continue
            }
            var functions: [Int: String] = [:]
            for s in symbols where s.section == section { functions[s.offset / 8] = s.name }
            let table = DisassemblySymbols(functions: functions)
            try compare(
                name, section, program, table, objdump: Toolchain.objdump21, options: .llvm21, object: object,
                keep: { _ in true })
            if !skip14, Toolchain.available(Toolchain.objdump14) {
                try compare(
                    name, section, program, table, objdump: Toolchain.objdump14, options: .llvm14, object: object,
                    keep: { $0.knownToLLVM14 })
            }
        }
    }

    private func compare(
        _ name: String, _ section: String, _ program: [Instruction], _ symbols: DisassemblySymbols, objdump: String,
        options: DisassemblyOptions, object: URL, keep: (Instruction) -> Bool
    ) throws {
        let theirs = Toolchain.instructionLines(
            try Toolchain.run(objdump, ["-d", "--no-show-raw-insn", "--section=\(section)", object.path]))
        let ours = Toolchain.instructionLines(Disassembler.listing(program, options: options, symbols: symbols))
        try #require(theirs.count == ours.count, "\(name):\(section): objdump \(objdump) printed \(theirs.count) lines, bpfsim \(ours.count)")
        var compared = 0
        for (want, got) in zip(theirs, ours) {
            if let pc = Int(got.prefix { $0 != ":" }), got.contains(":\t"), !keep(program[pc]) { continue }
            compared += 1
            #expect(want == got, "\(name):\(section): \(objdump) printed '\(want)', bpfsim '\(got)'")
        }
        #expect(compared > 0, "\(name):\(section): nothing compared with \(objdump)")
    }
}
