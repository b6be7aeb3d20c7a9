import BPFCleanup
import BPFKernelModel
import BPFSimulator
import Testing

/// The unwinders on hand-built plans (SPEC §5.2, §5.3): descriptors looked up by pc per frame,
/// R6-R9 of a caller recovered from its callee's save area, tables walked innermost first, in
/// both entry encodings and both scopes.
@Suite struct UnwinderTests {
    static func descriptor(_ pc: Int, _ subprog: Int, _ entries: [DescriptorEntry]) -> (Int, FrameDescriptor) {
        (pc, FrameDescriptor(pc: pc, subprog: subprog, entries: entries))
    }

    @Test func stackSlotEntryIsReleased() throws {
        let program = try SimulatorPrograms.taskStack.load()
        let table = DescriptorTable(descriptors: Dictionary(uniqueKeysWithValues: [
            Self.descriptor(8, 0, [DescriptorEntry(location: .stack(offset: -8), kind: .spilledPointer, resource: .task, typeName: "task_struct")])
        ]))
        let summary = try simulate(unverified(program, plan: .descriptors(table), backend: "descriptors"), baseline: program, runs: 10, throwAt: 8)
        #expect(summary.throwsCount == 10)
        #expect(summary.oracleViolations == 0, "\(summary.violations)")
        #expect(summary.unwinderReleases == 10)
        #expect(summary.perRun?.allSatisfy { $0.returnValue == 3 } == true, "the default exception callback returns the cookie")
    }

    /// The throwing callee saves R6-R9 (the RFC's trampoline), so the caller's R7 comes from
    /// its save area; metadata claiming the callee saves nothing makes the unwinder read the
    /// callee's own R7 (zeroed before the throw), and the oracle reports the leak.
    @Test(arguments: [([UInt8]([6, 7, 8, 9]), 0), ([UInt8](), 1)])
    func callerRegisterFromCalleeSaveArea(saved: [UInt8], leaks: Int) throws {
        let program = try SimProgram("r7_clobbered_by_callee", """
            call bpf_get_current_task_btf
            r1 = r0
            call bpf_task_acquire
            if r0 == 0 goto out
            r7 = r0
            call thrower
            r1 = r7
            call bpf_task_release
            out:
            r0 = 0
            exit
            thrower:
            r7 = 0
            r1 = 5
            call bpf_throw
            r0 = 0
            exit
            """).load()
        let table = DescriptorTable(
            descriptors: Dictionary(uniqueKeysWithValues: [
                Self.descriptor(12, 1, []),
                Self.descriptor(5, 0, [DescriptorEntry(location: .register(7), kind: .register, resource: .task, typeName: "task_struct")]),
            ]),
            savedRegisters: [0: [6, 7, 8, 9], 1: saved])
        let summary = try simulate(unverified(program, plan: .descriptors(table), backend: "descriptors"), baseline: program, runs: 5)
        #expect(summary.throwsCount == 5)
        #expect(summary.oracleViolations == 5 * leaks, "\(summary.violations)")
        if leaks > 0 {
            let v = try #require(summary.violations.first)
            #expect(v.kind == .leak && v.pc == 2 && v.object.hasPrefix("task_struct#1"), "\(v)")
        }
        #expect(summary.unwoundFrames == 10)
    }

    /// A task and a cgroup pushed into a two-entry table; the cgroup is released and popped
    /// before the throw, so the unwinder releases the task only.
    static let tableProgram = """
        r1 = 7
        call bpf_task_from_pid
        if r0 == 0 goto out
        r6 = r0
        r1 = r10
        r1 += TABLE
        r2 = r6
        r3 = 0
        call bpf_res_table_push
        r1 = 9
        call bpf_cgroup_from_id
        if r0 == 0 goto out
        r7 = r0
        r1 = r10
        r1 += TABLE
        r2 = r7
        r3 = 1
        call bpf_res_table_push
        r1 = r7
        call bpf_cgroup_release
        r1 = r10
        r1 += TABLE
        r2 = r7
        call bpf_res_table_pop
        r1 = 4
        call bpf_throw
        out:
        r0 = 0
        exit
        """

    @Test(arguments: TableLayout.EntrySize.allCases)
    func tableEntriesAreReleased(entrySize: TableLayout.EntrySize) throws {
        let offset = -2 * entrySize.rawValue
        let program = try SimProgram("table_\(entrySize.rawValue)", Self.tableProgram.replacingOccurrences(of: "TABLE", with: "\(offset)")).load()
        let layout = TableLayout(
            scope: .perFrame, entrySize: entrySize, operations: .kfunc, tables: [0: .init(offset: offset, entries: 2)],
            resourceTypes: [.task, .cgroup])
        let summary = try simulate(unverified(program, plan: .table(layout), backend: "table"), baseline: program, runs: 4)
        #expect(summary.throwsCount == 4)
        #expect(summary.oracleViolations == 0, "\(summary.violations)")
        #expect(summary.unwinderReleases == 4)
        #expect(summary.unwoundEntries == 8)
        let released = try #require(summary.perRun?.first?.unwind?.released)
        #expect(released == [ObjectID(3)], "the task (object #3) only, got \(released)")
    }

    /// Whole-program scope: a subprogram pushes into the main frame's table; the throw in the
    /// subprogram is unwound from the main frame's table.
    @Test func wholeProgramTable() throws {
        let program = try SimProgram("global_table", """
            r1 = 0
            *(u64 *)(r10 - 16) = r1
            *(u64 *)(r10 - 8) = r1
            call sub
            r0 = 0
            exit
            sub:
            call bpf_cpumask_create
            if r0 == 0 goto out
            r1 = r0
            r2 = 0
            call bpf_res_table_push_global
            r1 = 6
            call bpf_throw
            out:
            r0 = 0
            exit
            """).load()
        let layout = TableLayout(
            scope: .wholeProgram, entrySize: .full, operations: .kfunc, tables: [0: .init(offset: -16, entries: 1)],
            resourceTypes: [.cpumask])
        let summary = try simulate(unverified(program, plan: .table(layout), backend: "table"), baseline: program, runs: 3)
        #expect(summary.throwsCount == 3)
        #expect(summary.oracleViolations == 0, "\(summary.violations)")
        #expect(summary.unwinderReleases == 3)
        #expect(summary.unwoundFrames == 6)
    }

    /// The trace shows the throw, each frame and each entry released.
    @Test func traceShowsEachFrameAndRelease() throws {
        let program = try SimulatorPrograms.taskStack.load()
        let table = DescriptorTable(descriptors: Dictionary(uniqueKeysWithValues: [
            Self.descriptor(8, 0, [DescriptorEntry(location: .stack(offset: -8), kind: .spilledPointer, resource: .task, typeName: "task_struct")])
        ]))
        var lines: [String] = []
        _ = try Simulator.execute(
            outcome: unverified(program, plan: .descriptors(table), backend: "descriptors"), baseline: program,
            workload: Workload(runs: 1, throwAt: 8)
        ) { lines.append(SimulationText.traceLine($0)) }
        let text = lines.joined(separator: "\n")
        #expect(text.contains("0: (bf) r6 = r1"), "\(text)")
        #expect(text.contains("; bpf_throw at pc 8, cookie 0x3, unwinding 1 frame"), "\(text)")
        #expect(text.contains(";   frame 0 (func#0 task_stack) at pc 8: frame descriptor with 1 entries"), "\(text)")
        #expect(text.contains(";     fp-8 = 0x"), "\(text)")
        #expect(text.contains("released by descriptors unwinder via bpf_task_release"), "\(text)")
        #expect(text.contains("; default exception callback: returns the cookie 0x3"), "\(text)")
    }
}
