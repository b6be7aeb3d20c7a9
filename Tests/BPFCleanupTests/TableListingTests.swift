import BPFCleanup
import BPFISA
import BPFVerifier
import Testing

/// The instrumented program, instruction by instruction, for a few programs and variants:
/// each listing is what `TableSequences` documents, written out by hand (zeroing on entry,
/// the push after the acquire, the save before and the pop after the release, hand-up before
/// `exit`), with the fp offsets of the scratch slot and the table.
@Suite struct TableListingTests {
    struct Listing: CustomTestStringConvertible, Sendable {
        var file: String
        var variant: String
        var expected: String
        var testDescription: String { "\(file) [\(variant)]" }
    }

    static let listings: [Listing] = [
        // fp-8: the program's slot; fp-16: scratch; fp-32: one 16-byte entry.
        Listing(
            file: "stack_slot", variant: "e16-frame-kfunc",
            expected: """
                *(u64 *)(r10 - 32) = 0
                r6 = r1
                call bpf_get_current_task_btf
                r1 = r0
                call bpf_task_acquire
                if r0 == 0 goto +7
                *(u64 *)(r10 - 16) = r0
                r1 = r10
                r1 += -32
                r2 = r0
                r3 = 0
                call bpf_res_table_push
                r0 = *(u64 *)(r10 - 16)
                if r0 == 0 goto out
                *(u64 *)(r10 - 8) = r0
                r7 = *(u32 *)(r6 + 0)
                r7 &= 1
                if r7 != 0 goto keep
                r1 = 1
                call bpf_throw
                keep:
                r1 = *(u64 *)(r10 - 8)
                *(u64 *)(r10 - 16) = r1
                call bpf_task_release
                r2 = *(u64 *)(r10 - 16)
                r1 = r10
                r1 += -32
                call bpf_res_table_pop
                out:
                r0 = 0
                exit
                """),
        // fp-16: scratch (the pop's saved pointer); fp-24: one 8-byte entry (type 0).
        Listing(
            file: "stack_slot", variant: "e8-frame-inline",
            expected: """
                *(u64 *)(r10 - 24) = 0
                r6 = r1
                call bpf_get_current_task_btf
                r1 = r0
                call bpf_task_acquire
                if r0 == 0 goto +3
                r1 = *(u64 *)(r10 - 24)
                if r1 != 0 goto +1
                *(u64 *)(r10 - 24) = r0
                if r0 == 0 goto out
                *(u64 *)(r10 - 8) = r0
                r7 = *(u32 *)(r6 + 0)
                r7 &= 1
                if r7 != 0 goto keep
                r1 = 1
                call bpf_throw
                keep:
                r1 = *(u64 *)(r10 - 8)
                *(u64 *)(r10 - 16) = r1
                call bpf_task_release
                r2 = *(u64 *)(r10 - 16)
                r1 = *(u64 *)(r10 - 24)
                if r1 != r2 goto +1
                *(u64 *)(r10 - 24) = 0
                out:
                r0 = 0
                exit
                """),
        // Both frames: fp-8 scratch, fp-24 one 16-byte entry. get's entry is handed up before
        // its exit; main's pop scans its table, then asks the kernel to search further.
        Listing(
            file: "returned_reference", variant: "e16-frame-inline",
            expected: """
                *(u64 *)(r10 - 24) = 0
                r6 = r1
                call get
                if r0 == 0 goto out
                r7 = r0
                r8 = *(u32 *)(r6 + 0)
                r8 &= 1
                if r8 != 0 goto done
                r1 = 1
                call bpf_throw
                done:
                r1 = r7
                *(u64 *)(r10 - 8) = r1
                call bpf_task_release
                r2 = *(u64 *)(r10 - 8)
                r1 = *(u64 *)(r10 - 24)
                if r1 != r2 goto +2
                *(u64 *)(r10 - 24) = 0
                goto +4
                r2 = *(u64 *)(r10 - 8)
                r1 = r10
                r1 += -24
                call bpf_res_table_pop
                out:
                r0 = 0
                exit
                get:
                *(u64 *)(r10 - 24) = 0
                r1 = 5
                call bpf_task_from_pid
                if r0 == 0 goto +4
                r1 = *(u64 *)(r10 - 24)
                if r1 != 0 goto +2
                *(u64 *)(r10 - 24) = r0
                *(u64 *)(r10 - 16) = 0
                *(u64 *)(r10 - 8) = r0
                r1 = r10
                r1 += -24
                call bpf_res_table_hand_up
                r0 = *(u64 *)(r10 - 8)
                exit
                """),
        // Iterators at fp-8 and fp-16; fp-24 scratch; the program table's two 8-byte entries
        // at fp-40 and fp-32. The iterator's address is saved before bpf_iter_num_new.
        Listing(
            file: "nested_iterators", variant: "e8-program-kfunc",
            expected: """
                *(u64 *)(r10 - 40) = 0
                *(u64 *)(r10 - 32) = 0
                r1 = r10
                r1 += -8
                r2 = 0
                r3 = 4
                *(u64 *)(r10 - 24) = r1
                call bpf_iter_num_new
                r1 = *(u64 *)(r10 - 24)
                *(u64 *)(r10 - 24) = r0
                r2 = 0
                call bpf_res_table_push_global
                r0 = *(u64 *)(r10 - 24)
                r1 = r10
                r1 += -16
                r2 = 0
                r3 = 4
                *(u64 *)(r10 - 24) = r1
                call bpf_iter_num_new
                r1 = *(u64 *)(r10 - 24)
                *(u64 *)(r10 - 24) = r0
                r2 = 0
                call bpf_res_table_push_global
                r0 = *(u64 *)(r10 - 24)
                loop:
                r1 = r10
                r1 += -8
                call bpf_iter_num_next
                if r0 == 0 goto done
                r6 = *(u32 *)(r0 + 0)
                if r6 != 3 goto loop
                r1 = 1
                call bpf_throw
                done:
                r1 = r10
                r1 += -16
                *(u64 *)(r10 - 24) = r1
                call bpf_iter_num_destroy
                r1 = *(u64 *)(r10 - 24)
                call bpf_res_table_pop_global
                r1 = r10
                r1 += -8
                *(u64 *)(r10 - 24) = r1
                call bpf_iter_num_destroy
                r1 = *(u64 *)(r10 - 24)
                call bpf_res_table_pop_global
                r0 = 0
                exit
                """),
    ]

    @Test(arguments: listings)
    func instrumentedProgram(_ l: Listing) throws {
        let c = try #require(TableCase.all.first { $0.file == l.file })
        let layout = try #require(TableLayout(variant: l.variant))
        let outcome = TableBackend(layout: layout).apply(to: try c.load(), options: VerifierOptions())
        #expect(outcome.failure == nil, "\(l.testDescription): rejected")
        var kfuncs: [String: Int32] = [:]
        for (id, f) in outcome.program.kfuncs { kfuncs[f.name] = id }
        let expected = try Assembler.assemble(l.expected, syntax: .llvm, resolver: SymbolResolver(kfuncs: kfuncs)).instructions
        let actual = outcome.program.instructions
        let names = Dictionary(uniqueKeysWithValues: kfuncs.map { ($0.value, $0.key) })
        func text(_ insns: [Instruction], _ pc: Int) -> String {
            guard pc < insns.count else { return "(nothing)" }
            if case .call(.kfunc(let id, _)) = insns[pc], let name = names[id] { return "call \(name)" }
            return Disassembler.text(of: insns[pc], at: pc)
        }
        for pc in 0..<max(expected.count, actual.count) {
            let want = text(expected, pc)
            let got = text(actual, pc)
            #expect(want == got, "\(l.testDescription): pc \(pc): expected '\(want)', inserted code has '\(got)'")
            if want != got { break }
        }
    }
}
