import BPFISA
import BPFInterpreter
import Testing

/// A small program for a table-driven test: uBPF-syntax assembly (the conformance suite's, so
/// snippets read like its vectors) or instructions built directly, when the syntax lacks one.
struct Snippet: CustomTestStringConvertible, Sendable {
    let name: String
    let instructions: [Instruction]

    init(_ name: String, _ assembly: String) {
        self.name = name
        do {
            instructions = try Assembler.assemble(assembly, syntax: .ubpf).instructions
        } catch {
            Issue.record("\(name): the snippet does not assemble: \(error)")
            instructions = []
        }
    }

    init(_ name: String, instructions: [Instruction]) {
        self.name = name
        self.instructions = instructions
    }

    var testDescription: String { name }

    /// Runs the snippet with `memory` mapped as the conformance suite's `-- mem` (address in
    /// `r1`, length in `r2`).
    func run(
        memory bytes: [UInt8] = [], helpers: HelperTable = .conformance, limits: ExecutionLimits = ExecutionLimits(),
        in memory: Memory = Memory()
    ) throws -> ExecutionResult {
        let interpreter = try Interpreter(instructions, helpers: helpers, limits: limits)
        var arguments: [UInt64] = [0, 0]
        if !bytes.isEmpty {
            let region = try memory.map("mem", size: bytes.count, kind: .input, bytes: bytes)
            arguments = [region.base, UInt64(region.size)]
        }
        return interpreter.run(arguments: arguments, memory: memory)
    }

    /// `r0` at exit; records an issue naming the snippet, pc and fault otherwise.
    func r0(memory bytes: [UInt8] = [], helpers: HelperTable = .conformance, limits: ExecutionLimits = ExecutionLimits())
        throws -> UInt64?
    {
        let result = try run(memory: bytes, helpers: helpers, limits: limits)
        if result.returnValue == nil { Issue.record("\(name): \(result.outcome)") }
        return result.returnValue
    }
}
