import BPFObject
import BPFVerifier
import KernelCheck
import Testing

/// Reference states in the verifier log as Linux 6.18 prints them (`print_verifier_state`):
/// `ref_obj_id=N` on every register and spill holding a reference, `refs=` listing the ids
/// held (a lock under its map value's id; while a global variable's lock, id 0, is the first
/// entry the kernel prints no `refs=` at all), `non_own_ref` on nodes owned by a collection,
/// iterators as `iter_num(ref_id=...)`. Each expected line is the kernel's level-2 log of the
/// fixture at that pc, after the `;`; the live test finds the same text in the running
/// kernel's log.
@Suite struct ReferenceLogTests {
    struct Line: Sendable, CustomTestStringConvertible {
        var file: String
        var program: String
        var pc: Int
        var state: String
        var testDescription: String { "\(file):\(program) pc \(pc)" }
    }

    static let lines: [Line] = [
        Line(file: "task.s", program: "task_acquire_release", pc: 1, state: "R0=ptr_or_null_task_struct(id=2,ref_obj_id=2) refs=2"),
        Line(file: "task.s", program: "task_acquire_release", pc: 2, state: "R0=ptr_task_struct(ref_obj_id=2) refs=2"),
        Line(
            file: "task.s", program: "task_acquire_release", pc: 3,
            state: "R0=ptr_task_struct(ref_obj_id=2) R1=ptr_task_struct(ref_obj_id=2) refs=2"),
        Line(file: "task.s", program: "task_acquire_release", pc: 4, state: ""),
        Line(
            file: "task.s", program: "task_spilled_across_call", pc: 3,
            state: "R0=ptr_task_struct(ref_obj_id=2) R10=fp0 fp-8=ptr_task_struct(ref_obj_id=2) refs=2"),
        Line(file: "task.s", program: "task_spilled_across_call", pc: 4, state: "R0=scalar() refs=2"),
        Line(
            file: "task.s", program: "task_spilled_across_call", pc: 5,
            state: "R1=ptr_task_struct(ref_obj_id=2) R10=fp0 fp-8=ptr_task_struct(ref_obj_id=2) refs=2"),
        Line(
            file: "iter_num.s", program: "iter_new_next_destroy", pc: 4,
            state: "R0=scalar() fp-8=iter_num(ref_id=1,state=active,depth=0) refs=1"),
        Line(
            file: "iter_num.s", program: "iter_new_next_destroy", pc: 7,
            state: "R0=0 fp-8=iter_num(ref_id=1,state=drained,depth=0) refs=1"),
        Line(file: "ringbuf.s", program: "ringbuf_reserve_submit", pc: 5, state: "R0=ringbuf_mem(ref_obj_id=2,sz=8) refs=2"),
        Line(
            file: "ringbuf.s", program: "ringbuf_reserve_submit", pc: 8,
            state: "R0=ringbuf_mem(ref_obj_id=2,sz=8) R1=ringbuf_mem(ref_obj_id=2,sz=8) refs=2"),
        Line(file: "socket.s", program: "sk_lookup_tcp_release", pc: 11, state: "R0=sock(ref_obj_id=2) refs=2"),
        Line(file: "kptr.c", program: "c_kptr_old_value_leak", pc: 15, state: "R0=ptr_or_null_task_struct(id=4,ref_obj_id=4) refs=4"),
        Line(file: "obj_new.c", program: "c_obj_refcount_acquire_leak", pc: 9, state: "R0=ptr_shared_item(ref_obj_id=3) refs=2,3"),
        Line(file: "obj_new.c", program: "c_obj_refcount_acquire_leak", pc: 13, state: "refs=3"),
        Line(file: "graph.c", program: "c_rbtree_remove_leak", pc: 5, state: "R0=ptr_or_null_tnode(id=1,non_own_ref,off=8)"),
        Line(file: "graph.c", program: "c_rbtree_remove_leak", pc: 11, state: "R0=ptr_or_null_tnode(id=3,ref_obj_id=3,off=8)"),
        Line(file: "spin_lock.c", program: "c_lock_exit_locked", pc: 11, state: "refs=1"),
    ]

    @Test(arguments: lines)
    func bpfsimPrintsTheKernelsState(_ line: Line) throws {
        let program = try ReferenceFixtures.program(folder: "references", file: line.file, name: line.program)
        var options = VerifierOptions()
        options.logLevel = 2
        let log = Verifier.verify(program, options: options).log
        let state = try #require(Self.state(at: line.pc, in: log), "\(line): no instruction line for pc \(line.pc) in\n\(log)")
        #expect(state == line.state, "\(line): bpfsim prints '\(state)', the kernel '\(line.state)'")
    }

    @Test(.enabled(if: ReferenceKernel.isAvailable, ReferenceKernel.skipReason), arguments: lines)
    func theKernelPrintsTheSameState(_ line: Line) throws {
        var options = ReferenceKernel.verifier.options
        options.logLevel = .level2
        options.keepLog = true
        let object = try ReferenceFixtures.object(folder: "references", file: line.file)
        let record = KernelVerifier(options: options).verify(object: object, program: line.program)
        let log = try #require(record.kernelLog, "\(line): no kernel log (\(record.summaryLine))")
        #expect(Self.state(at: line.pc, in: log) == line.state, "\(line): the kernel's log says otherwise")
    }

    /// The state printed after `pc: (op) ...   ;` on the first line for that pc.
    static func state(at pc: Int, in log: String) -> String? {
        for text in log.split(separator: "\n") where text.hasPrefix("\(pc): (") {
            guard let semicolon = text.firstIndex(of: ";") else { return nil }
            return text[text.index(after: semicolon)...].trimmingCharacters(in: .whitespaces)
        }
        return nil
    }
}
