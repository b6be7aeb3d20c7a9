import Foundation
import Testing

@testable import BPFObject

/// Acceptance: a seeded mutation test corrupts the compiled fixtures 10,000 times (bit flips,
/// truncations, field overwrites in the ELF header, the section table, symbols, relocations,
/// BTF and BTF.ext) and the loader neither crashes nor hangs: every mutant either loads or
/// fails with a one-line error naming the file.
@Suite struct MutationTests {
    static let total = 10_000
    static let shards = 4
    static let seed: UInt64 = 0x5eed_b9f0

    /// Four shards of 2,500 mutants (each its own seed) so they run in parallel.
    @Test(arguments: 0..<shards)
    func tenThousandMutantsNeverCrash(shard: Int) throws {
        let originals = try [
            Fixtures.clangObject("features.bpf.c"), Fixtures.clangObject("subprogs.bpf.c"),
            Fixtures.clangObject("btfkinds.bpf.c"), Fixtures.clangObject("legacy.bpf.c"),
            Fixtures.clangObject("cold.bpf.c", extra: []), Fixtures.gccObject("subprogs.bpf.c"),
        ].map { ObjectBytes(try Fixtures.bytes($0)) }
        var rng = SplitMix64(seed: Self.seed &+ UInt64(shard))
        var loaded = 0, rejected = 0
        var kinds: [String: Int] = [:]
        let start = Date()
        let perShard = Self.total / Self.shards
        for n in shard * perShard..<(shard + 1) * perShard {
            let original = originals[n % originals.count]
            let (mutant, kind) = Mutator.mutate(original, &rng)
            kinds[kind, default: 0] += 1
            do {
                let object = try BPFObjectFile.load(bytes: mutant.bytes, name: "mutant-\(n).o")
                // Whatever loads must be internally consistent.
                for p in object.programs {
                    #expect(p.subprograms.last?.endPC == p.instructions.count, "mutant \(n) (\(kind)): \(p.name)")
                }
                loaded += 1
            } catch {
                #expect(error.description.hasPrefix("mutant-\(n).o"), "mutant \(n) (\(kind)): \(error)")
                #expect(!error.description.contains("\n"), "mutant \(n) (\(kind))")
                rejected += 1
            }
        }
        let seconds = Date().timeIntervalSince(start)
        #expect(loaded + rejected == perShard)
        #expect(rejected > perShard / 10, "too few mutants were rejected: the mutator is not reaching the parser")
        #expect(kinds.count == Mutator.kindNames.count, "\(kinds)")
        print("mutation shard \(shard): \(perShard) mutants, \(loaded) loaded, \(rejected) rejected, \(String(format: "%.1f", seconds)) s; by kind: \(kinds.sorted { $0.key < $1.key })")
    }
}

/// Deterministic 64-bit generator (SplitMix64), so a failing mutant can be replayed by number.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}

/// The corruptions, each aimed at one structure of the file.
enum Mutator {
    static let kindNames = ["bitflip", "truncate", "elf-header", "section-table", "symbol", "relocation", "btf", "btf-ext"]

    /// Values that sit on boundaries of the fields they overwrite.
    static func interesting(_ rng: inout SplitMix64, near: Int) -> Int {
        let choices = [0, 1, 2, 7, 8, 0xff, 0xffff, 0x7fff_ffff, 0xffff_ffff, near - 1, near, near + 1, near * 2, Int(rng.next() & 0xffff_ffff)]
        return choices[Int(rng.next() % UInt64(choices.count))]
    }

    static func mutate(_ original: ObjectBytes, _ rng: inout SplitMix64) -> (ObjectBytes, String) {
        var o = original
        let kind = kindNames[Int(rng.next() % UInt64(kindNames.count))]
        let count = o.bytes.count
        switch kind {
        case "bitflip":
            for _ in 0..<(1 + Int(rng.next() % 4)) {
                let at = Int(rng.next() % UInt64(count))
                o.bytes[at] ^= 1 << UInt8(rng.next() % 8)
            }
        case "truncate":
            o.bytes = Array(o.bytes.prefix(Int(rng.next() % UInt64(count))))
        case "elf-header":
            let at = 16 + Int(rng.next() % 48)
            o.put32(min(at, 60), interesting(&rng, near: count))
        case "section-table":
            let section = Int(rng.next() % UInt64(o.sectionCount))
            let field = [0, 4, 8, 24, 32, 40, 44, 56][Int(rng.next() % 8)]
            let value = interesting(&rng, near: field == 24 || field == 32 ? count : o.sectionCount)
            if [8, 24, 32, 56].contains(field) { o.put64(o.sectionHeader(section) + field, value) } else { o.put32(o.sectionHeader(section) + field, value) }
        case "symbol", "relocation":
            let candidates = (0..<o.sectionCount).filter { o.sectionType($0) == (kind == "symbol" ? 2 : 9) }
            guard let s = candidates.isEmpty ? nil : candidates[Int(rng.next() % UInt64(candidates.count))] else { break }
            let entry = kind == "symbol" ? 24 : 16
            let n = o.sectionSize(s) / entry
            guard n > 0 else { break }
            let base = o.sectionOffset(s) + entry * Int(rng.next() % UInt64(n))
            let fields = kind == "symbol" ? [0, 4, 6, 8, 16] : [0, 8, 12]
            let field = fields[Int(rng.next() % UInt64(fields.count))]
            let value = interesting(&rng, near: n)
            switch (kind, field) {
            case ("symbol", 4): o.bytes[base + 4] = UInt8(truncatingIfNeeded: value)
            case ("symbol", 6): o.bytes[base + 6] = UInt8(truncatingIfNeeded: value); o.bytes[base + 7] = UInt8(truncatingIfNeeded: value >> 8)
            case ("symbol", 8), ("symbol", 16), ("relocation", 0): o.put64(base + field, value)
            default: o.put32(base + field, value)
            }
        case "btf":
            guard let layout = o.btfLayout(), !layout.records.isEmpty else { break }
            let record = layout.records[Int(rng.next() % UInt64(layout.records.count))]
            let field = [0, 4, 8, 12, 16, 20][Int(rng.next() % 6)]
            guard record + field + 4 <= o.bytes.count else { break }
            if field == 4, rng.next() % 2 == 0 {
                o.bytes[record + 7] = UInt8(truncatingIfNeeded: rng.next() % 32)  // another kind
            } else {
                o.put32(record + field, interesting(&rng, near: layout.records.count))
            }
        case "btf-ext":
            guard let s = o.sectionIndex(".BTF.ext"), o.sectionSize(s) >= 8 else { break }
            let words = o.sectionSize(s) / 4
            let at = o.sectionOffset(s) + 4 * Int(rng.next() % UInt64(words))
            o.put32(at, interesting(&rng, near: words))
        default:
            break
        }
        return (o, kind)
    }
}
