import BPFISA
import BPFInterpreter
import BPFTestSupport
import Testing

/// The 313 vectors of the BPF ISA conformance suite, each its own test case: assemble the
/// `-- asm` text, run it with `-- mem` at `r1` (length in `r2`) and helper 5, compare `r0`.
@Suite struct ConformanceTests {
    @Test func allVectorsArePresent() {
        #expect(ConformanceVector.names.count == 313, "expected 313 vectors in \(TestPaths.conformance.path)")
    }

    @Test(arguments: ConformanceVector.names)
    func vector(_ fileName: String) throws {
        let vector = try ConformanceVector.load(fileName)
        let program = try Assembler.assemble(vector.asm, syntax: .ubpf)
        let interpreter = try Interpreter(program.instructions, helpers: .conformance)
        let memory = Memory()
        var arguments: [UInt64] = [0, 0]
        if !vector.memory.isEmpty {
            let region = try memory.map("mem", size: vector.memory.count, kind: .input, bytes: vector.memory)
            arguments = [region.base, UInt64(region.size)]
        }
        let result = interpreter.run(arguments: arguments, memory: memory)
        guard let r0 = result.returnValue else {
            Issue.record("\(fileName): \(result.outcome)")
            return
        }
        #expect(r0 == vector.result, "\(fileName): r0 = \(hex(r0)), expected \(vector.result.map { hex($0) } ?? "no -- result")")
    }
}
