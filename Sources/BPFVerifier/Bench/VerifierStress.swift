import BPFISA
import BPFObject

/// The generated stress program of issue 5's benchmark: a tc program of a chosen length made of
/// 128-instruction blocks. Each block loads a `__sk_buff` field, computes on it, spills and
/// fills through the stack, and branches on it in a diamond whose two sides join again; then
/// 112 straight-line instructions of 64- and 32-bit ALU and stack traffic.
///
/// The kernel (and bpfsim) walk each instruction once, and the diamond's second side twice
/// more: its `r2 = 2`, and the join, where it is pruned against the first side's checkpoint
/// (`is_state_visited`; the tested and the written registers are dead there, and the kernel
/// counts the pruned instruction). So a block is 129 processed. Every diamond leaves one
/// pending branch until the walk reaches the exit, and more than 8,192 of those are "too
/// complex" (`BPF_COMPLEXITY_LIMIT_JMP_SEQ`): one diamond per 128 instructions keeps a
/// 1,000,000-instruction walk under that. The program measures the walk itself, not path
/// explosion.
public enum VerifierStress {
    /// Instructions of one block.
    public static let blockLength = 128
    /// Processed instructions of one block.
    public static let blockProcessed = 129

    /// The program whose walk processes exactly `processed` instructions (at least 3): as many
    /// blocks as fit, straight-line padding, then `r0 = 0; exit`. With 1,000,000 it is the
    /// longest walk the kernel's limit allows.
    public static func program(processing processed: Int) throws(ObjectError) -> BPFProgram {
        let body = max(1, processed - 2)
        let blocks = body / blockProcessed
        return try program(instructions: blocks * blockLength + (body - blocks * blockProcessed) + 2)
    }

    /// A program of exactly `instructions` instructions (at least 3).
    public static func program(instructions: Int) throws(ObjectError) -> BPFProgram {
        let count = max(3, instructions)
        var insns: [Instruction] = []
        insns.reserveCapacity(count)
        var k = 0
        while insns.count + blockLength + 2 <= count {
            insns += block(k)
            k += 1
        }
        while insns.count + 2 < count { insns.append(.alu(.mov, .w64, dst: .r2, src: .immediate(Int32(insns.count % 1000)))) }
        insns += [.alu(.mov, .w64, dst: .r0, src: .immediate(0)), .exit]
        guard let section = ProgramSection(sectionName: "tc") else { throw ObjectError("tc names no program type") }
        return BPFProgram(
            name: "stress_\(count)", section: "tc", programType: section.programType, instructions: insns,
            subprograms: [Subprogram(name: "stress_\(count)", startPC: 0, endPC: insns.count, isGlobal: true, section: "tc", role: .main)],
            license: "GPL")
    }

    /// Block `k`: the diamond, then seven straight-line runs; the constants vary so no two
    /// blocks are the same text.
    static func block(_ k: Int) -> [Instruction] {
        var insns = diamond(k)
        for j in 0..<7 { insns += straight(Int32((k + j) % 1000)) }
        return insns
    }

    /// 16 instructions without branches (R4 and R5 come from the diamond).
    static func straight(_ c: Int32) -> [Instruction] {
        [
            .alu(.mov, .w64, dst: .r4, src: .register(.r5)),
            .alu(.mul, .w64, dst: .r4, src: .immediate(3)),
            .alu(.rsh, .w64, dst: .r4, src: .immediate(1)),
            .alu(.mov, .w32, dst: .r6, src: .register(.r4)),
            .alu(.add, .w32, dst: .r6, src: .immediate(7 + c)),
            .alu(.or, .w64, dst: .r6, src: .immediate(8)),
            .store(.double, base: .r10, offset: -24, value: .register(.r6)),
            .load(.double, signExtend: false, dst: .r7, base: .r10, offset: -24),
            .alu(.xor, .w64, dst: .r7, src: .register(.r4)),
            .alu(.mov, .w64, dst: .r8, src: .register(.r7)),
            .alu(.and, .w64, dst: .r8, src: .immediate(1023)),
            .alu(.sub, .w64, dst: .r8, src: .immediate(5)),
            .store(.double, base: .r10, offset: -32, value: .register(.r8)),
            .load(.double, signExtend: false, dst: .r9, base: .r10, offset: -32),
            .alu(.div, .w64, dst: .r9, src: .immediate(3)),
            .alu(.add, .w64, dst: .r9, src: .register(.r8)),
        ]
    }

    /// 16 instructions around one diamond.
    static func diamond(_ k: Int) -> [Instruction] {
        let c = Int32(k % 1000)
        return [
            .load(.word, signExtend: false, dst: .r3, base: .r1, offset: 0),  // skb->len
            .alu(.mov, .w64, dst: .r4, src: .register(.r3)),
            .alu(.and, .w64, dst: .r4, src: .immediate(255)),
            .alu(.add, .w64, dst: .r4, src: .immediate(17 + c)),
            .store(.double, base: .r10, offset: -8, value: .register(.r4)),
            .load(.double, signExtend: false, dst: .r5, base: .r10, offset: -8),
            .jump(.gt, .w64, dst: .r3, src: .immediate(100 + c), offset: 2),
            .alu(.mov, .w64, dst: .r2, src: .immediate(1)),
            .ja(offset: 1),
            .alu(.mov, .w64, dst: .r2, src: .immediate(2)),
            .alu(.mov, .w64, dst: .r6, src: .register(.r5)),
            .alu(.lsh, .w64, dst: .r6, src: .immediate(3)),
            .alu(.xor, .w64, dst: .r6, src: .register(.r4)),
            .store(.double, base: .r10, offset: -16, value: .register(.r6)),
            .load(.double, signExtend: false, dst: .r7, base: .r10, offset: -16),
            .alu(.sub, .w64, dst: .r7, src: .register(.r5)),
        ]
    }
}
