import BPFISA
import BPFObject
import BPFVerifier
import Foundation
import Testing

/// Issue 5 "bad input": 10,000 seeded random instruction sequences never crash or hang the
/// verifier, and every rejection it gives names an instruction of the program. The sequences
/// are drawn from the whole instruction set (ALU and JMP of both widths, loads, stores and
/// atomics through the context, the stack and scalars, `lddw` of constants and a map, helper
/// and bpf-to-bpf calls, `may_goto`, exit), with operands biased towards the values the
/// verifier's checks turn on (0, -1, 31/32/63/64, stack offsets near -512).
@Suite struct VerifierFuzzTests {
    static let seeds: [UInt64] = [0x5eed_0005, 0xbadc_0de5]
    static let programsPerSeed = 5_000

    @Test(.timeLimit(.minutes(2)), arguments: seeds)
    func randomSequencesNeverCrashOrHang(seed: UInt64) throws {
        var rng = SplitMix64(seed: seed)
        let base = try AssemblyFile.load(text: """
            ; bpfsim: section=tc license=GPL
            ; map: name=m type=array key_size=4 value_size=16 max_entries=4
            r0 = 0
            exit
            """, path: "fuzz.s")
        var options = VerifierOptions()
        // A cheap budget: a loop found by chance stops at the limit instead of a million steps.
        options.instructionLimit = 4_096
        var accepted = 0
        var slowest = 0
        for n in 0..<Self.programsPerSeed {
            let program = RandomProgram.make(&rng, base: base)
            let result = Verifier.verify(program, options: options)
            slowest = max(slowest, result.durationMicroseconds)
            let place = "seed \(seed) program \(n) (\(program.instructions.count) insns)"
            if let e = result.error {
                #expect(!e.message.isEmpty, "\(place): rejection without a message")
                #expect(e.pc >= -1 && e.pc < program.instructions.count, "\(place): rejected at pc \(e.pc): \(e.message)")
            } else {
                accepted += 1
                #expect(result.processedInstructions <= options.instructionLimit, "\(place): processed \(result.processedInstructions)")
            }
        }
        // Not a speed test: a single program taking seconds under a 4,096-instruction budget
        // is a hang in the making (an unbounded walk outside the instruction count).
        #expect(slowest < 5_000_000, "seed \(seed): one program took \(slowest) µs")
        // The generator must reach past the first checks: some programs are accepted.
        #expect(accepted > 0, "seed \(seed): no random program was accepted")
    }
}

/// Deterministic generator (SplitMix64), so a failing seed and index reproduce.
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

/// One random program: 1-24 instructions drawn from every class, with subprograms where its
/// bpf-to-bpf calls land (as the assembly loader finds them).
enum RandomProgram {
    static let immediates: [Int32] = [0, 1, -1, 2, 4, 7, 8, 16, 31, 32, 63, 64, 255, 0x7fff_ffff, Int32.min]
    static let offsets: [Int16] = [0, 1, 2, 4, 8, -1, -4, -8, -16, -24, -256, -504, -512, -520, 16, 64, 76, 80]
    static let helpers: [Int32] = [1, 2, 3, 5, 6, 7, 12, 14, 16, 25, 26, 44, 51, 130, 131, 132, 181, 211, 999]

    static func make(_ rng: inout SplitMix64, base: BPFProgram) -> BPFProgram {
        let count = Int.random(in: 1...24, using: &rng)
        var insns: [Instruction] = []
        while insns.count < count {
            insns.append(contentsOf: instruction(&rng, at: insns.count, count: count))
        }
        if Bool.random(using: &rng) { insns += [.alu(.mov, .w64, dst: .r0, src: .immediate(0)), .exit] }
        var program = base
        program.name = "fuzz"
        program.instructions = insns
        program.subprograms = subprograms(insns, section: base.section)
        return program
    }

    static func subprograms(_ insns: [Instruction], section: String) -> [Subprogram] {
        var starts: Set<Int> = [0]
        for (pc, insn) in insns.enumerated() {
            if case .call(.local(let off)) = insn { starts.insert(pc + Int(off) + 1) }
            if case .loadImm64(_, .function(let off)) = insn { starts.insert(pc + Int(off) + 1) }
        }
        let sorted = starts.filter { $0 >= 0 && $0 < insns.count }.sorted()
        return sorted.enumerated().map { k, start in
            Subprogram(
                name: start == 0 ? "fuzz" : "subprog_\(start)", startPC: start,
                endPC: k + 1 < sorted.count ? sorted[k + 1] : insns.count, isGlobal: start == 0,
                section: section, role: start == 0 ? .main : .callee)
        }
    }

    static func register(_ rng: inout SplitMix64) -> Register {
        Register(Int.random(in: 0...10, using: &rng)) ?? .r0
    }

    /// Bases the verifier treats differently: the frame pointer, the context, others.
    static func base(_ rng: inout SplitMix64) -> Register {
        switch Int.random(in: 0..<4, using: &rng) {
        case 0: return .r10
        case 1: return .r1
        default: return register(&rng)
        }
    }

    static func operand(_ rng: inout SplitMix64) -> Operand {
        Bool.random(using: &rng) ? .register(register(&rng)) : .immediate(immediates.randomElement(using: &rng) ?? 0)
    }

    static func size(_ rng: inout SplitMix64) -> AccessSize {
        [AccessSize.byte, .half, .word, .double].randomElement(using: &rng) ?? .double
    }

    static func width(_ rng: inout SplitMix64) -> Width { Bool.random(using: &rng) ? .w64 : .w32 }

    /// Instructions at `pc` (two for `lddw`) whose jumps may leave the program: the verifier
    /// must refuse those, not crash on them.
    static func instruction(_ rng: inout SplitMix64, at pc: Int, count: Int) -> [Instruction] {
        let jumpOffset = Int16.random(in: -4...4, using: &rng)
        switch Int.random(in: 0..<20, using: &rng) {
        case 0..<6:
            let ops: [ALUOperation] = [.add, .sub, .mul, .div, .sdiv, .or, .and, .lsh, .rsh, .mod, .smod, .xor, .mov, .arsh]
            return [.alu(ops.randomElement(using: &rng) ?? .add, width(&rng), dst: register(&rng), src: operand(&rng))]
        case 6:
            return [.neg(width(&rng), dst: register(&rng))]
        case 7:
            let from = [AccessSize.byte, .half, .word].randomElement(using: &rng) ?? .byte
            return [.movsx(width(&rng), dst: register(&rng), src: register(&rng), from: from)]
        case 8:
            let kind = [ByteSwap.toLittleEndian, .toBigEndian, .swap].randomElement(using: &rng) ?? .swap
            return [.byteSwap(kind, bits: [16, 32, 64].randomElement(using: &rng) ?? 64, dst: register(&rng))]
        case 9, 10:
            let sx = Int.random(in: 0..<5, using: &rng) == 0
            return [.load(size(&rng), signExtend: sx, dst: register(&rng), base: base(&rng), offset: offsets.randomElement(using: &rng) ?? 0)]
        case 11, 12:
            return [.store(size(&rng), base: base(&rng), offset: offsets.randomElement(using: &rng) ?? 0, value: operand(&rng))]
        case 13:
            let ops: [AtomicOperation] = [.add(fetch: false), .add(fetch: true), .or(fetch: true), .and(fetch: false), .xor(fetch: true), .xchg, .cmpxchg]
            let s: AccessSize = Bool.random(using: &rng) ? .word : .double
            return [.atomic(ops.randomElement(using: &rng) ?? .xchg, s, base: base(&rng), offset: offsets.randomElement(using: &rng) ?? 0, src: register(&rng))]
        case 14, 15:
            let cond = JumpCondition.allCases.randomElement(using: &rng) ?? .eq
            return [.jump(cond, width(&rng), dst: register(&rng), src: operand(&rng), offset: jumpOffset)]
        case 16:
            switch Int.random(in: 0..<4, using: &rng) {
            case 0: return [.ja(offset: jumpOffset)]
            case 1: return [.mayGoto(offset: jumpOffset)]
            case 2: return [.call(.local(offset: Int32(Int.random(in: 1...max(1, count - pc), using: &rng))))]
            default: return [.exit]
            }
        case 17:
            return [.call(.helper(helpers.randomElement(using: &rng) ?? 1))]
        case 18:
            let value: LoadImm64 = Bool.random(using: &rng) ? .mapFD(0) : .value(rng.next())
            return [.loadImm64(dst: register(&rng), value), .continuation]
        default:
            return [.exit]
        }
    }
}
