import BPFExperiments
import Foundation
import Testing

/// `bpfsim gen`: the same options and seed give the same files, byte for byte (issue 11
/// item 2), and the seed means the same on every machine.
@Suite struct GeneratorDeterminismTests {
    static let optionSets: [GeneratorOptions] = [
        GeneratorOptions(seed: 1),
        GeneratorOptions(seed: 42, count: 25, frames: 1...8, resourcesPerFrame: 0...4, conflictRate: 0.5, padding: 0...64),
        GeneratorOptions(seed: 7, count: 12, kinds: [.task, .cgroup, .cpumask, .ringbuf, .iterator], conflictRate: 1, section: .syscall),
    ]

    @Test(arguments: optionSets)
    func sameSeedSameFiles(_ o: GeneratorOptions) throws {
        let a = SyntheticCorpus(options: o)
        let b = SyntheticCorpus(options: o)
        #expect(a.files.count == o.count)
        #expect(a.files.map(\.name) == b.files.map(\.name))
        for (x, y) in zip(a.files, b.files) {
            #expect(x.text == y.text, "\(x.name): generated twice from \(o.commandLine), the texts differ")
        }
        #expect(a.manifestJSON() == b.manifestJSON())
    }

    @Test func writtenFilesAreIdentical() throws {
        let o = GeneratorOptions(seed: 99, count: 6, frames: 2...5, conflictRate: 0.3)
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("bpfsim-gen-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: base) }
        let first = base.appendingPathComponent("a"), second = base.appendingPathComponent("b")
        try SyntheticCorpus(options: o).write(to: first)
        try SyntheticCorpus(options: o).write(to: second)
        let names = try FileManager.default.contentsOfDirectory(atPath: first.path).sorted()
        #expect(names == (try FileManager.default.contentsOfDirectory(atPath: second.path).sorted()))
        #expect(names.contains("MANIFEST.json"))
        #expect(names.filter { $0.hasSuffix(".s") }.count == o.count)
        for n in names {
            let x = try Data(contentsOf: first.appendingPathComponent(n))
            let y = try Data(contentsOf: second.appendingPathComponent(n))
            #expect(x == y, "\(n) differs between two runs with seed \(o.seed)")
        }
    }

    @Test(arguments: [UInt64(0), 1, 2, 1000])
    func differentSeedsDiffer(_ seed: UInt64) {
        let o = GeneratorOptions(seed: seed, count: 5, frames: 1...6, resourcesPerFrame: 1...3, conflictRate: 0.2)
        var p = o
        p.seed = seed + 1
        let a = SyntheticCorpus(options: o).files.map(\.plan.frames)
        let b = SyntheticCorpus(options: p).files.map(\.plan.frames)
        #expect(a != b, "seeds \(seed) and \(seed + 1) drew the same plans")
    }

    /// SplitMix64's published outputs for seed 0: the generator's random stream is the
    /// reference algorithm, so a seed names the same corpus everywhere.
    @Test func splitMixReferenceOutputs() {
        var rng = SplitMix64(seed: 0)
        #expect(rng.next() == 0xE220_A839_7B1D_CDAF)
        #expect(rng.next() == 0x6E78_9E6A_A1B9_65F4)
        #expect(rng.next() == 0x06C4_5D18_8009_454F)
    }

    /// The manifest's options line regenerates the same corpus.
    @Test(arguments: optionSets)
    func commandLineRoundTrips(_ o: GeneratorOptions) {
        let flags = o.commandLine.split(separator: " ").map(String.init)
        var values: [String: String] = [:]
        for i in stride(from: 0, to: flags.count - 1, by: 2) { values[flags[i]] = flags[i + 1] }
        #expect(values["--seed"] == String(o.seed))
        #expect(values["--count"] == String(o.count))
        #expect(values["--frames"].flatMap(GeneratorOptions.range) == o.frames)
        #expect(values["--resources"].flatMap(GeneratorOptions.range) == o.resourcesPerFrame)
        #expect(values["--padding"].flatMap(GeneratorOptions.range) == o.padding)
        #expect(values["--kinds"] == o.kinds.map(\.rawValue).joined(separator: ","))
        #expect(values["--conflict-rate"].flatMap(Double.init) == o.conflictRate)
        #expect(values["--section"] == o.section.rawValue)
    }
}
