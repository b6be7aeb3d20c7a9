import BPFISA
import BPFObject

/// Code a backend wants inserted, described relative to the original program; the
/// ``Patcher`` places it (SPEC §5.2: one patcher, backends never shift pcs themselves).
public struct Insertion: Hashable, Sendable {
    public enum Position: Hashable, Sendable {
        /// Runs before the instruction at `pc` on every path that reaches it: jumps and calls
        /// to `pc` land on the inserted code (frame-entry zeroing, spills before a release).
        case before
        /// Runs after the instruction at `pc` when it falls through; jumps to `pc + 1` still
        /// land on the original instruction (a push after an acquire).
        case after
    }

    public var pc: Int
    public var position: Position
    /// Slot-indexed code; its own jumps are relative and must stay inside it or go to its end.
    public var instructions: [Instruction]
    /// What the code is for, for counting (`push`, `pop`, `zeroing`, `spill`, ...).
    public var purpose: String

    public init(pc: Int, position: Position, instructions: [Instruction], purpose: String) {
        self.pc = pc
        self.position = position
        self.instructions = instructions
        self.purpose = purpose
    }
}

/// Where each original instruction went.
public struct PCMap: Sendable {
    /// New pc of the original instruction at each old pc.
    public let instruction: [Int]
    /// New pc where control arriving at each old pc now lands (the start of its `before` code).
    public let landing: [Int]

    public func callAdjusted(_ pc: Int) -> Int { instruction[pc] }
}

/// Errors the patcher reports instead of producing a wrong program.
public struct PatchError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public var description: String { message }
}

/// Applies insertions to a program the way the kernel's `bpf_patch_insn_data` does: every
/// jump, bpf-to-bpf call and callback address is re-targeted, subprogram boundaries, line
/// info, relocation records and kfunc tables follow, and backends get the pc map to move
/// their own metadata.
public enum Patcher {
    public static func apply(_ insertions: [Insertion], to program: BPFProgram) throws(PatchError) -> (BPFProgram, PCMap) {
        let old = program.instructions
        let n = old.count
        var before = Array(repeating: [Instruction](), count: n + 1)
        var after = Array(repeating: [Instruction](), count: n)
        for ins in insertions {
            guard ins.pc >= 0, ins.pc <= n else { throw PatchError(message: "insertion at pc \(ins.pc) is outside the program") }
            switch ins.position {
            case .before:
                before[ins.pc] += ins.instructions
            case .after:
                guard ins.pc < n else { throw PatchError(message: "cannot insert after the end of the program") }
                if old[ins.pc].endsBlock { throw PatchError(message: "cannot insert after pc \(ins.pc): it never falls through") }
                let at = ins.pc + old[ins.pc].slotCount - 1
                after[at] += ins.instructions
            }
        }
        // Layout: [before(p)] [insn p] [after(p)] for every old p.
        var landing = Array(repeating: 0, count: n + 1)
        var position = Array(repeating: 0, count: n)
        var cursor = 0
        for p in 0..<n {
            landing[p] = cursor
            cursor += before[p].count
            position[p] = cursor
            cursor += 1 + after[p].count
        }
        landing[n] = cursor
        let tail = before[n]
        var out: [Instruction] = []
        out.reserveCapacity(cursor + tail.count)
        for p in 0..<n {
            out += before[p]
            let insn = old[p]
            if let d = insn.displacement {
                let target = p + d + 1
                guard target >= 0, target <= n else {
                    throw PatchError(message: "pc \(p): jump target \(target) is outside the program")
                }
                let newDisp = landing[target] - position[p] - 1
                guard let moved = insn.withDisplacement(newDisp) else {
                    throw PatchError(message: "pc \(p): after patching the jump offset \(newDisp) does not fit the instruction")
                }
                out.append(moved)
            } else {
                out.append(insn)
            }
            out += after[p]
        }
        out += tail

        var patched = program
        patched.instructions = out
        patched.subprograms = program.subprograms.map { s in
            var s = s
            s.startPC = landing[min(s.startPC, n)]
            s.endPC = landing[min(s.endPC, n)]
            return s
        }
        patched.lineInfo = program.lineInfo.map { l in
            var l = l
            if l.pc < n { l.pc = position[l.pc] }
            return l
        }
        patched.references = program.references.map { r in
            var r = r
            if r.pc < n { r.pc = position[r.pc] }
            return r
        }
        patched.coreRelocations = program.coreRelocations.map { c in
            var c = c
            if c.pc < n { c.pc = position[c.pc] }
            return c
        }
        return (patched, PCMap(instruction: position, landing: landing))
    }
}
