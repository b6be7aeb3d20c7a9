import BPFISA
import BPFInterpreter
import Testing

/// `--trace`: one record per executed instruction, with the registers it changed, and the
/// same result as an untraced run.
@Suite struct TraceTests {
    static let program = Snippet(
        "traced call", "mov %r6, 6\nmov %r1, 1\ncall local f\nadd %r0, %r6\nexit\nf:\nmov %r0, %r1\nmov %r6, 0\nexit")

    @Test func recordsPcDepthAndChangedRegisters() throws {
        let interpreter = try Interpreter(Self.program.instructions)
        let memory = Memory()
        var records: [TraceRecord] = []
        let traced = interpreter.run(memory: memory) { records.append($0) }
        #expect(records.map(\.pc) == [0, 1, 2, 5, 6, 7, 3, 4])
        #expect(records.map(\.depth) == [0, 0, 0, 1, 1, 1, 0, 0])
        #expect(records[0].changes == [RegisterChange(register: .r6, value: 6)])
        #expect(records[2].changes == [RegisterChange(register: .r10, value: memory.framePointer(frame: 1))])
        #expect(records[3].instruction == .alu(.mov, .w64, dst: .r0, src: .register(.r1)))
        #expect(
            records[5].changes == [
                RegisterChange(register: .r6, value: 6), RegisterChange(register: .r10, value: memory.framePointer(frame: 0)),
            ], "exit restores the caller's r6 and r10")
        #expect(records[7].changes.isEmpty)
        let untraced = interpreter.run(memory: Memory())
        #expect(traced == untraced)
        #expect(traced.returnValue == 7)
    }

    @Test func faultingInstructionIsTheLastRecord() throws {
        let interpreter = try Interpreter(try Assembler.assemble("mov %r1, 0\nldxb %r0, [%r1]\nexit", syntax: .ubpf).instructions)
        var pcs: [Int] = []
        let result = interpreter.run(memory: Memory()) { pcs.append($0.pc) }
        #expect(pcs == [0, 1])
        #expect(result.fault?.pc == 1)
    }
}
