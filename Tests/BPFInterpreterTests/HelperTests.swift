import BPFISA
import BPFInterpreter
import Testing

/// Calls out of BPF through the one dispatch table: helpers by id, kfuncs by BTF id, `callx`,
/// and the results a helper may give (value, fault, stop, throw).
@Suite struct HelperTests {
    /// Helper 1 returns r1 + 10 * r2 and writes 0xab through the pointer in r3.
    static var table: HelperTable {
        var table = HelperTable.conformance
        table.register(
            helper: 1,
            Helper("test_helper") { call in
                do {
                    try call.memory.store(call.argument(3), size: .byte, value: 0xab)
                } catch {
                    return .fault("\(error)")
                }
                return .value(call.argument(1) + 10 * call.argument(2))
            })
        table.register(helper: 2, Helper("failing_helper") { _ in .fault("no object for this id") })
        table.register(kfunc: KfuncID(btfID: 100), Helper("test_kfunc") { call in .value(call.argument(1) * 2) })
        table.register(kfunc: KfuncID(btfID: 101), Helper("test_throw") { call in .throwException(cookie: call.argument(1)) })
        return table
    }

    @Test func helperGetsArgumentsAndMemoryAndKeepsR1ToR5() throws {
        let snippet = Snippet(
            "helper 1",
            """
            mov %r1, 3
            mov %r2, 4
            mov %r3, %r10
            sub %r3, 1
            mov %r4, 44
            mov %r5, 55
            call 1
            ldxb %r6, [%r10-1]
            jne %r6, 0xab, bad
            jne %r4, 44, bad
            jne %r5, 55, bad
            jne %r1, 3, bad
            exit
            bad:
            mov %r0, -1
            exit
            """)
        let result = try snippet.run(helpers: Self.table)
        #expect(result.returnValue == 43)
        #expect(result.counts[.helper] == 1)
    }

    @Test func unknownHelperFaultsAtTheCall() throws {
        let result = try Snippet("helper 7", "mov %r0, 0\ncall 7\nexit").run(helpers: Self.table)
        #expect(result.fault?.message == "invalid func unknown#7")
        #expect(result.fault?.pc == 1)
        #expect(result.fault?.kind == .unknownHelper(7))
    }

    @Test func helperFaultCarriesTheHelperName() throws {
        let result = try Snippet("helper 2", "mov %r0, 0\nmov %r1, 0\ncall 2\nexit").run(helpers: Self.table)
        #expect(result.fault?.message == "failing_helper: no object for this id")
        #expect(result.fault?.pc == 2)
    }

    @Test func callxDispatchesByRegisterValue() throws {
        let ok = try Snippet("callx helper 1", "mov %r1, 1\nmov %r2, 2\nmov %r3, %r10\nsub %r3, 8\nmov %r5, 1\ncall %r5\nexit")
            .run(helpers: Self.table)
        #expect(ok.returnValue == 21)
        #expect(ok.counts[.helper] == 1)
        let bad = try Snippet("callx 99", "mov %r2, 99\ncall %r2\nexit").run(helpers: Self.table)
        #expect(bad.fault?.message == "callx r2: 0x63 is no helper id")
        #expect(bad.fault?.kind == .badCallxTarget(99))
        #expect(bad.fault?.pc == 1)
    }

    @Test func helperFiveStopsOnZero() throws {
        let result = try Snippet("unwind(0)", "mov %r1, 0\ncall 5\nmov %r0, 2\nexit").run()
        #expect(result.outcome == .stopped(0, pc: 1))
        #expect(result.counts.total == 2)
    }

    @Test func kfuncsHaveTheirOwnKeySpace() throws {
        let program: [Instruction] = [
            .alu(.mov, .w64, dst: .r1, src: .immediate(21)),
            .call(.kfunc(btfID: 100, module: 0)),
            .exit,
        ]
        let result = try Snippet("kfunc 100", instructions: program).run(helpers: Self.table)
        #expect(result.returnValue == 42)
        #expect(result.counts[.kfunc] == 1)
        #expect(result.counts[.helper] == 0)
        let unknown = try Snippet("kfunc 100 of module 1", instructions: [.call(.kfunc(btfID: 100, module: 1)), .exit])
            .run(helpers: Self.table)
        #expect(unknown.fault?.kind == .unknownKfunc(KfuncID(btfID: 100, module: 1)))
        #expect(unknown.fault?.pc == 0)
    }

    /// A throw two frames deep hands the unwinder both frames, innermost first, each with the
    /// R6-R9 it held at its descriptor pc: the throwing call, and the caller's call site.
    @Test func throwHandsEveryFrameToTheUnwinder() throws {
        let program: [Instruction] = [
            .alu(.mov, .w64, dst: .r6, src: .immediate(6)),  // 0
            .alu(.mov, .w64, dst: .r9, src: .immediate(9)),  // 1
            .call(.local(offset: 1)),  // 2: f at 4
            .exit,  // 3
            .alu(.mov, .w64, dst: .r6, src: .immediate(60)),  // 4: f
            .alu(.mov, .w64, dst: .r1, src: .immediate(77)),  // 5
            .call(.kfunc(btfID: 101, module: 0)),  // 6: throw(77)
            .exit,  // 7
        ]
        let memory = Memory()
        let result = try Snippet("throw in a callee", instructions: program).run(helpers: Self.table, in: memory)
        guard case .thrown(let exception) = result.outcome else {
            Issue.record("throw in a callee: \(result.outcome)")
            return
        }
        #expect(exception.cookie == 77)
        #expect(exception.pc == 6)
        #expect(exception.frames.map(\.pc) == [6, 2])
        #expect(exception.frames.map(\.depth) == [1, 0])
        #expect(exception.frames.map(\.subprogram) == [4, 0])
        #expect(exception.frames.map(\.calleeSaved.r6) == [60, 6])
        #expect(exception.frames.map(\.calleeSaved.r9) == [9, 9])
        #expect(exception.frames.map(\.framePointer) == [memory.framePointer(frame: 1), memory.framePointer(frame: 0)])
    }
}
