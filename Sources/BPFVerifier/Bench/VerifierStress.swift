import BPFISA
import BPFObject

/// The generated stress program of issue 5's benchmark: a tc program of a chosen length made of
/// 16-instruction blocks, each loading a `__sk_buff` field, computing on it, spilling and
/// filling through the stack, and branching on it in a diamond whose two sides join again.
///
/// The kernel (and bpfsim) walk each instruction once, and the diamond's second side twice
/// more: its `r2 = 2`, and the join, where it is pruned against the first side's checkpoint
/// (`is_state_visited`; the tested and the written registers are dead there, and the kernel
/// counts the pruned instruction). So a block of 16 instructions is 17 processed, and a
/// stress program measures the walk itself, not path explosion.
public enum VerifierStress {
    /// Instructions of one block.
    public static let blockLength = 16
    /// Processed instructions of one block.
    public static let blockProcessed = 17

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

    /// Block `k`: the constants vary so no two blocks are the same text.
    static func block(_ k: Int) -> [Instruction] {
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
