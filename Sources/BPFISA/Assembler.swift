/// Turns BPF assembly text, in either dialect, into slot-indexed instructions.
///
/// Two passes, like any assembler: the first parses each line into an instruction whose
/// symbolic operand (label, map, kfunc) is left open; the second resolves the names once every
/// label's pc is known. Every failure is an ``AssemblyError`` with line and column; no input
/// makes it crash.
public enum Assembler {
    public static func assemble(
        _ text: String, syntax: AssemblySyntax = .auto, resolver: SymbolResolver = .init()
    ) throws(AssemblyError) -> AssembledProgram {
        let lines = SourceLine.split(text)
        let dialect = syntax == .auto ? AssemblySyntax.detect(lines) : syntax
        var pending: [PendingInstruction] = []
        var labels: [String: (pc: Int, line: Int)] = [:]
        var pc = 0
        for line in lines {
            var cursor = line.cursor(dialect: dialect)
            while let label = labelDefinition(&cursor) {
                if let previous = labels[label.name] {
                    throw cursor.error(
                        "label '\(label.name)' is already defined at line \(previous.line)", column: label.column)
                }
                labels[label.name] = (pc, line.number)
            }
            if cursor.atEnd { continue }
            let parsed: ParsedInstruction
            switch dialect {
            case .ubpf: parsed = try UBPFParser.parse(&cursor)
            default: parsed = try LLVMParser.parse(&cursor)
            }
            pending.append(PendingInstruction(parsed: parsed, pc: pc, line: line.number))
            pc += parsed.instruction.slotCount
        }
        var resolution = SymbolResolution(
            labels: labels.mapValues(\.pc), resolver: resolver, dialect: dialect,
            firstExit: pending.first { $0.parsed.instruction == .exit }?.pc)
        var instructions: [Instruction] = []
        var sourceLines: [Int] = []
        instructions.reserveCapacity(pc)
        sourceLines.reserveCapacity(pc)
        for p in pending {
            let insn = try resolution.resolve(p)
            instructions.append(insn)
            sourceLines.append(p.line)
            if insn.slotCount == 2 {
                instructions.append(.continuation)
                sourceLines.append(p.line)
            }
        }
        return AssembledProgram(
            instructions: instructions, labels: resolution.labels, kfuncs: resolution.kfuncNames,
            maps: resolution.mapNames, sourceLines: sourceLines, syntax: dialect)
    }

    /// `name:` at the start of the remaining text. Numbers are not labels: `12:` is a pc
    /// prefix, stripped earlier.
    private static func labelDefinition(_ cursor: inout AssemblyCursor) -> (name: String, column: Int)? {
        var probe = cursor
        guard let id = probe.identifier(), probe.consume(":") else { return nil }
        cursor = probe
        return id
    }
}

/// One instruction parsed from a line; `reference` names what the second pass must fill in.
struct ParsedInstruction {
    var instruction: Instruction
    var reference: SymbolReference?
    /// The name a kernel-log `call NAME#ID` gave a kfunc, recorded in the program's table.
    var kfuncName: String?

    init(_ instruction: Instruction, reference: SymbolReference? = nil, kfuncName: String? = nil) {
        self.instruction = instruction
        self.reference = reference
        self.kfuncName = kfuncName
    }
}

/// A name an instruction uses, and how: it becomes a displacement, a helper id, a kfunc id or
/// a map index once all labels are known.
struct SymbolReference {
    enum Use {
        /// A jump's target label (`goto LBL`, `jne %r0, 1, LBL`).
        case jump
        /// `call local LBL` (uBPF): a bpf-to-bpf call, labels only.
        case localCall
        /// `call NAME` (LLVM): a label, else a helper by name, else a kfunc.
        case call
        /// `r1 = NAME ll`: a map, else a label (`BPF_PSEUDO_FUNC`).
        case address
    }

    var use: Use
    var name: String
    var line: Int
    var column: Int

    func error(_ message: String) -> AssemblyError { AssemblyError(line: line, column: column, message: message) }
}

struct PendingInstruction {
    var parsed: ParsedInstruction
    var pc: Int
    var line: Int
}
