import Foundation
import BPFISA
import BPFKernelModel
import BPFObject

/// The verifier log in the kernel's format (`kernel/bpf/log.c`, `do_check`).
///
/// Level 1 keeps only the failing path, as the kernel does: each pushed branch remembers the
/// log position and popping it cuts the log back; on success the log of a subprogram is
/// reset, leaving the summary lines. Level 2 keeps every path.
struct VerifierLog {
    let level: Int
    let program: BPFProgram
    private let symbols: DisassemblySymbols
    private let format: StateFormat
    private(set) var text = ""
    private var instructionEnd: Int?
    private var instructionTextLength = 0
    private var lastSource: (file: String, line: Int)?
    /// Registers and slots the current instruction read or wrote (`scratched`).
    var scratchedRegisters: Set<Int> = []
    var scratchedSlots: Set<Int> = []

    init(level: Int, program: BPFProgram, catalog: Catalog) {
        self.level = level
        self.program = program
        self.symbols = DisassemblySymbols(kfuncs: program.kfuncs.mapValues(\.name))
        self.format = StateFormat(maps: program.maps)
    }

    var isEnabled: Bool { level > 0 }
    var position: Int { text.utf8.count }

    mutating func line(_ s: String) {
        guard isEnabled, !s.isEmpty else { return }
        text += s + "\n"
    }

    /// `N: R1=ctx() R10=fp0`: the full state before an instruction.
    mutating func stateLine(_ state: VerifierState, pc: Int, full: Bool) {
        guard isEnabled else { return }
        line("\(pc): " + format.format(state: state, frame: state.frames.count - 1))
    }

    /// The source annotation (when the line changes) and `N: (op) insn`.
    mutating func instructionLine(_ pc: Int) {
        guard isEnabled else { return }
        if let loc = program.sourcePosition(at: pc), loc.pc == pc {
            let file = loc.file.split(separator: "/").last.map(String.init) ?? loc.file
            if lastSource?.file != file || lastSource?.line != loc.line {
                let sourceText = loc.sourceLine.trimmingCharacters(in: .whitespaces)
                text += "; \(sourceText) @ \(file):\(loc.line)\n"
                lastSource = (file, loc.line)
            }
        }
        let s = "\(pc): " + Disassembler.verifierLogText(of: program.instructions[pc], at: pc, symbols: symbols)
        text += s + "\n"
        instructionEnd = position
        instructionTextLength = s.utf8.count + 1
        scratchedRegisters = []
        scratchedSlots = []
    }

    /// The `; R0=...` suffix: the registers and slots the instruction read or wrote.
    mutating func afterInstruction(_ state: VerifierState, pc: Int) {
        guard isEnabled else { return }
        defer {
            scratchedRegisters = []
            scratchedSlots = []
        }
        guard !scratchedRegisters.isEmpty || !scratchedSlots.isEmpty else { return }
        let items = format.format(
            state: state, frame: state.frames.count - 1, registers: scratchedRegisters, slots: scratchedSlots)
        if instructionEnd == position {
            text.removeLast()
            let len = instructionTextLength
            let padTo = ((max(len + 4, 40) + 7) / 8) * 8
            text += String(repeating: " ", count: max(padTo - len - 1, 1)) + ";" + (items.isEmpty ? "" : " " + items) + "\n"
        } else if !items.isEmpty {
            text += "\(pc): \(items)\n"
        }
        instructionEnd = nil
    }

    /// `from 15 to 29: R0=1 ...` at the start of a popped branch (level 2).
    mutating func branchLine(from: Int, to: Int, state: VerifierState) {
        guard level >= 2 else { return }
        text += "\nfrom \(from) to \(to): " + format.format(state: state, frame: state.frames.count - 1) + "\n"
        lastSource = nil
    }

    /// Level 1 drops the log of a finished path when the next branch is popped.
    mutating func truncateForPop(to position: Int) {
        guard level == 1, position < self.position else { return }
        text = String(decoding: text.utf8.prefix(position), as: UTF8.self)
        instructionEnd = nil
    }

    /// A successful subprogram leaves no path log at level 1.
    mutating func resetAfterSuccess() {
        guard level == 1 else { return }
        text = ""
        instructionEnd = nil
        lastSource = nil
    }

    mutating func emitError(_ error: VerifierError) {
        guard isEnabled else { return }
        text += error.message + "\n"
    }

    mutating func emitStatistics(_ r: VerificationResult) {
        guard isEnabled else { return }
        text += "processed \(r.processedInstructions) insns (limit 1000000) max_states_per_insn \(r.maxStatesPerInstruction) total_states \(r.totalStates) peak_states \(r.peakStates) mark_read 0\n"
    }
}
