@testable import BPFCleanup
import BPFISA
import BPFKernelModel
import BPFObject
import BPFVerifier
import Testing

/// Table operations and `bpf_spin_lock` regions (`Tests/Fixtures/table/list_in_lock.c`): the
/// kernel allows no call inside a region but the list/rbtree kfuncs, so a table kfunc there
/// is deferred past the `bpf_spin_unlock` (``TableSequences/deferredPop``,
/// ``TableSequences/deferredPush``); and the node `bpf_list_pop_front` returns points 8 bytes
/// into its `struct elem`, so its entry holds the object's start, as the pops compute it.
@Suite struct TableLockTests {
    static let program = Result { try TableCase(file: "list_in_lock", depths: [0], entries: [1], programEntries: 1, chains: [[0]], throwablePCs: 0, language: "c").load() }

    /// Every variant accepts, re-verifies with its reserved bytes counted, and calls nothing
    /// but the collection kfuncs and the unlock while a lock is held.
    @Test(arguments: TableLayout.allVariants)
    func noCallInsideALockRegion(_ variant: TableLayout) throws {
        let original = try Self.program.get()
        let outcome = TableBackend(layout: variant).apply(to: original, options: VerifierOptions())
        let name = "list_in_lock [\(variant.variant)]"
        try #require(outcome.failure == nil, "\(name): \(outcome.failure?.description ?? "")")
        let reserved = try #require(outcome.metrics.tableBytes.flatMap { Int($0) })
        #expect(outcome.verification.stackDepths.first == reserved, "\(name): re-verified with stack \(outcome.verification.stackDepths), reserved \(reserved)")
        let program = outcome.program
        for pc in LockRegions(program: program).locked.sorted() {
            switch program.instructions[pc] {
            case .call(.kfunc(let id, _)):
                let callee = program.kfuncs[id]?.name ?? "kfunc \(id)"
                #expect(callee.hasPrefix("bpf_list_"), "\(name): pc \(pc) calls \(callee) inside a bpf_spin_lock region")
            case .call(.helper(let id)):
                #expect(id == LockRegions.spinUnlock, "\(name): pc \(pc) calls helper \(id) inside a bpf_spin_lock region")
            case .call(.local), .callx:
                Issue.record("\(name): pc \(pc) calls a subprogram inside a bpf_spin_lock region")
            default:
                break
            }
        }
    }

    /// The patcher's property on the instrumented program (as ``TablePatcherPropertyTests``
    /// does for the other table programs): neutral insertions at random pcs keep the verdict
    /// and every jump target.
    @Test(arguments: TableLayout.allVariants)
    func instrumentedProgramKeepsItsVerdictWhenPatched(_ variant: TableLayout) throws {
        let name = "list_in_lock [\(variant.variant)]"
        let outcome = TableBackend(layout: variant).apply(to: try Self.program.get(), options: VerifierOptions())
        try #require(outcome.failure == nil, "\(name): \(outcome.failure?.description ?? "")")
        var options = VerifierOptions()
        options.catalog = Catalog.builtin.includingTableKfuncs()
        var rng = PatcherPropertyTests.Rng(state: UInt64(name.utf8.reduce(11) { $0 &* 31 &+ UInt64($1) }))
        for _ in 0..<3 {
            let (patched, map) = try Patcher.apply(PatcherPropertyTests.insertions(for: outcome.program.instructions, &rng), to: outcome.program)
            PatcherPropertyTests.checkTargets(outcome.program.instructions, patched.instructions, map, name)
            let again = Verifier.verify(patched, options: options, hooks: TableHooks())
            #expect(again.error == nil, "\(name): rejected after neutral patching at pc \(again.error?.pc ?? -1): \(again.error?.message ?? "")")
        }
    }

    /// `e16-frame-kfunc`, written out by hand: fp-8 scratch, fp-16 and fp-24 the deferral slots
    /// (the push_back's pop, then pop_front's push, in pc order), fp-40 the one 16-byte entry.
    /// Each slot is cleared after both locks; each operation replays after the unlock ending
    /// its region.
    @Test func deferredSequencesByHand() throws {
        let original = try Self.program.get()
        let outcome = TableBackend(layout: try #require(TableLayout(variant: "e16-frame-kfunc"))).apply(to: original, options: VerifierOptions())
        try #require(outcome.failure == nil, "list_in_lock [e16-frame-kfunc]: \(outcome.failure?.description ?? "")")
        #expect(outcome.metrics.tableBytes == "40")
        var kfuncs: [String: Int32] = [:]
        for (id, f) in outcome.program.kfuncs { kfuncs[f.name] = id }
        func assemble(_ text: String) throws -> [Instruction] {
            try Assembler.assemble(text, syntax: .llvm, resolver: SymbolResolver(kfuncs: kfuncs)).instructions
        }
        let afterLock = try assemble("""
            *(u64 *)(r10 - 16) = 0
            *(u64 *)(r10 - 24) = 0
            """)
        let afterUnlock = [
            try assemble("""
                r2 = *(u64 *)(r10 - 16)
                if r2 == 0 goto +4
                r2 += -8
                r1 = r10
                r1 += -40
                call bpf_res_table_pop
                """),
            try assemble("""
                r2 = *(u64 *)(r10 - 24)
                if r2 == 0 goto +5
                r2 += -8
                r1 = r10
                r1 += -40
                r3 = 0
                call bpf_res_table_push
                """),
        ]
        let insns = outcome.program.instructions
        let locks = insns.indices.filter { insns[$0] == .call(.helper(LockRegions.spinLock)) }
        let unlocks = insns.indices.filter { insns[$0] == .call(.helper(LockRegions.spinUnlock)) }
        try #require(locks.count == 2 && unlocks.count == 2, "list_in_lock: two lock regions")
        for pc in locks {
            #expect(Array(insns[(pc + 1)...].prefix(afterLock.count)) == afterLock, "list_in_lock: after the lock at pc \(pc)")
        }
        for (pc, expected) in zip(unlocks, afterUnlock) {
            let got = Array(insns[(pc + 1)...].prefix(expected.count))
            #expect(got == expected, "list_in_lock: after the unlock at pc \(pc): \(got.enumerated().map { Disassembler.text(of: $0.element, at: pc + 1 + $0.offset) })")
        }
    }

    /// Inlined pushes stay in place inside the region (no call), storing the object's start.
    @Test(arguments: ["e16-frame-inline", "e8-frame-inline"])
    func inlinePushOfANodeStoresTheObject(variant: String) throws {
        let original = try Self.program.get()
        let outcome = TableBackend(layout: try #require(TableLayout(variant: variant))).apply(to: original, options: VerifierOptions())
        try #require(outcome.failure == nil, "list_in_lock [\(variant)]: \(outcome.failure?.description ?? "")")
        let insns = outcome.program.instructions
        let popFront = try #require(insns.indices.first { pc in
            if case .call(.kfunc(let id, _)) = insns[pc] { return outcome.program.kfuncs[id]?.name == "bpf_list_pop_front" }
            return false
        })
        let adjust: [Instruction] = [TableSequences.mov(.r2, .r0), TableSequences.add(.r2, -8)]
        #expect(Array(insns[(popFront + 2)...].prefix(2)) == adjust, "list_in_lock [\(variant)]: the push after pc \(popFront) does not store r0 - 8")
    }
}
