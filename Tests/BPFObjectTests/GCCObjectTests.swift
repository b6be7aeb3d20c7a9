import Foundation
import Testing

@testable import BPFObject

/// Acceptance: the same C sources compiled with Debian's bpf-gcc (GCC 12) load too, or fail
/// with one line naming what is unsupported. GCC 12's BTF has anonymous or static FUNCs, no
/// func_info and no `.ksyms` DATASEC, and its relocations carry the symbol offset in the
/// immediate as well.
@Suite struct GCCObjectTests {
    /// What each fixture is expected to do with GCC: load, or fail naming the feature.
    static let expectations: [(source: String, outcome: String)] = [
        ("features.bpf.c", "fails: the compiler left this builtin unexpanded (GCC 12 does not implement it)"),
        ("subprogs.bpf.c", "loads"),
        ("btfkinds.bpf.c", "loads"),
        ("legacy.bpf.c", "loads"),
        ("cold.bpf.c", "loads"),
    ]

    @Test(arguments: expectations)
    func gccObject(source: String, outcome: String) throws {
        let url = try Fixtures.gccObject(source)
        do {
            let object = try BPFObjectFile.load(path: url.path)
            #expect(outcome == "loads", "\(source) loaded; expected \(outcome)")
            #expect(!object.programs.isEmpty)
            #expect(object.diagnostics.contains { $0.message.hasPrefix("produced by GCC") })
            for p in object.programs {
                for (pc, insn) in p.instructions.enumerated() {
                    if case .call(.local(let off)) = insn {
                        #expect(p.subprogram(startingAt: pc + Int(off) + 1) != nil, "\(source) \(p.name) pc \(pc)")
                    }
                }
            }
        } catch {
            let line = error.description
            #expect(!line.contains("\n"))
            #expect(outcome.hasPrefix("fails: ") && line.contains(outcome.dropFirst("fails: ".count)), "\(source): \(line)")
        }
    }

    /// GCC's `lddw r1, 8` + `R_BPF_64_64 other` must address `other`, not offset 16.
    @Test func globalDataOffsetsAreNotCountedTwice() throws {
        let clang = try BPFObjectFile.load(path: Fixtures.clangObject("subprogs.bpf.c").path)
        let gcc = try BPFObjectFile.load(path: Fixtures.gccObject("subprogs.bpf.c").path)
        func summary(_ o: BPFObjectFile) -> [String] {
            o.programs.map { p in "\(p.name): " + p.subprograms.map(\.name).sorted().joined(separator: ",") }.sorted()
        }
        #expect(summary(clang) == summary(gcc))
        let legacy = try BPFObjectFile.load(path: Fixtures.gccObject("legacy.bpf.c").path)
        // GCC lays the legacy definitions out in reverse; maps follow their offsets.
        #expect(legacy.maps.map(\.name) == ["old_array", "old_counts"])
        let btfkinds = try BPFObjectFile.load(path: Fixtures.gccObject("btfkinds.bpf.c").path)
        let kinds = try #require(btfkinds.program(named: "kinds"))
        let pattern = try #require(kinds.references.first { $0.symbol == "pattern" || $0.symbol == ".data" })
        guard case .globalData(let m, let offset) = pattern.target else {
            Issue.record("pattern is \(pattern.target)")
            return
        }
        let data = btfkinds.maps[m]
        #expect(Array(data.initialValue?[Int(offset)..<Int(offset) + 3] ?? []) == [1, 2, 3], "\(data.name)+\(offset)")
    }
}
