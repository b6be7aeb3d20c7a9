import BPFCleanup
import BPFObject
import BPFVerifier
import Testing

/// Issue 8's acceptance, program by program and variant by variant: table sizes, reserved
/// bytes, inserted instructions by purpose, the hard-case counts and the verdict, against
/// ``TableCountModel``; and for every accepted program, that the instrumented program was
/// verified again with its tables counted in its stack.
@Suite struct TableProgramTests {
    @Test(arguments: TableCase.all, TableLayout.allVariants)
    func metricsAndVerdict(_ c: TableCase, _ variant: TableLayout) throws {
        let program = try c.load()
        let outcome = TableBackend(layout: variant).apply(to: program, options: VerifierOptions())
        let m = outcome.metrics
        let model = TableCountModel(c, variant)
        let name = "\(c.file) [\(variant.variant)]"

        #expect(outcome.backend == "table" && outcome.variant == variant.variant, "\(name): backend and variant recorded")
        #expect(m.tableEntries == model.joinedEntries, "\(name): table_entries \(m.tableEntries ?? "nil")")
        #expect(m.tableBytes == model.joinedReserved, "\(name): table_bytes \(m.tableBytes ?? "nil")")
        #expect(m.insertedPush == model.push, "\(name): inserted_push \(m.insertedPush ?? -1), expected \(model.push)")
        #expect(m.insertedPop == model.pop, "\(name): inserted_pop \(m.insertedPop ?? -1), expected \(model.pop)")
        #expect(m.insertedZeroing == model.zeroing, "\(name): inserted_zeroing \(m.insertedZeroing ?? -1)")
        #expect(m.insertedInsns == model.total, "\(name): inserted_insns \(m.insertedInsns ?? -1), expected \(model.total)")
        #expect(m.crossFramePops == c.crossFramePops, "\(name): cross_frame_pops \(m.crossFramePops ?? -1)")
        #expect(m.throwablePCs == c.throwablePCs, "\(name): throwable_pcs \(m.throwablePCs ?? -1)")
        #expect(m.stackChainBefore == model.chainBefore, "\(name): stack_chain_before \(m.stackChainBefore ?? -1)")
        #expect(m.stackChainAfter == model.chainAfter, "\(name): stack_chain_after \(m.stackChainAfter ?? -1)")
        #expect(m.exceedsStackLimit == (model.chainAfter > 512), "\(name): exceeds_stack_limit")

        if model.chainAfter > 512 {
            let calls = c.chains.map(\.count).max() ?? 1
            let expected = "combined stack size of \(calls) calls is \(model.chainAfter). Too large"
            #expect(outcome.failure?.message == expected, "\(name): \(outcome.failure?.description ?? "accepted"), expected '\(expected)'")
            #expect(outcome.failure?.kind == .backend, "\(name): failure_kind")
            return
        }
        guard outcome.failure == nil else {
            Issue.record("\(name): rejected at pc \(outcome.failure!.pc): \(outcome.failure!.message)")
            return
        }
        #expect(outcome.program.instructions.count == program.instructions.count + model.total, "\(name): program grew by inserted_insns")
        #expect(outcome.verification.stackChainMax == model.chainAfter, "\(name): the re-verified chain is \(outcome.verification.stackChainMax)")
        for s in program.subprograms.indices where model.reserved[s] > 0 {
            let own = (c.depths[s] + 7) / 8 * 8
            #expect(
                outcome.verification.stackDepths[s] == own + model.reserved[s],
                "\(name): func#\(s) re-verified with stack depth \(outcome.verification.stackDepths[s]), expected \(own) + \(model.reserved[s])")
        }
        guard case .table(let layout) = outcome.unwind else {
            Issue.record("\(name): the unwind plan is not a table")
            return
        }
        #expect(layout.variant == variant.variant, "\(name): the plan's variant")
        for s in program.subprograms.indices {
            #expect((layout.tables[s]?.entries ?? 0) == model.entries[s], "\(name): func#\(s) table entries in the plan")
        }
    }

    /// A program holding no reference gets nothing: the program is returned as it was.
    @Test(arguments: TableLayout.allVariants)
    func noReferenceNoCode(_ variant: TableLayout) throws {
        let c = try #require(TableCase.all.first { $0.file == "no_reference" })
        let program = try c.load()
        let outcome = TableBackend(layout: variant).apply(to: program, options: VerifierOptions())
        #expect(outcome.failure == nil, "no_reference [\(variant.variant)]: rejected")
        #expect(outcome.program.instructions == program.instructions, "no_reference [\(variant.variant)]: instructions changed")
        #expect(outcome.metrics.tableBytes == "0" && outcome.metrics.insertedInsns == 0, "no_reference [\(variant.variant)]: reserved or inserted")
    }

    /// Hand-checked numbers for one program, so that the model cannot drift with the code.
    @Test func stackSlotNumbersByHand() throws {
        let program = try TableCase.all[0].load()
        let kfunc = TableBackend().apply(to: program, options: VerifierOptions()).metrics
        #expect(kfunc.insertedInsns == 14 && kfunc.tableBytes == "24" && kfunc.stackChainAfter == 32)
        let inline = TableBackend(layout: TableLayout(scope: .perFrame, entrySize: .compact, operations: .inline))
            .apply(to: program, options: VerifierOptions()).metrics
        #expect(inline.insertedPush == 4 && inline.insertedPop == 5 && inline.insertedZeroing == 1 && inline.tableBytes == "16")
    }

    /// Throws inside a lock or an RCU section stay rejected, in the kernel's words.
    @Test func throwInsideRCUStaysRejected() throws {
        let text = """
            ; bpfsim: section=tc license=GPL
            call bpf_rcu_read_lock
            r1 = 1
            call bpf_throw
            r0 = 0
            exit
            """
        let program = try AssemblyFile.load(text: text, path: "rcu.s")
        let outcome = TableBackend().apply(to: program, options: VerifierOptions())
        #expect(outcome.failure?.message == "bpf_throw cannot be used inside bpf_rcu_read_lock-ed region")
        #expect(outcome.failure?.pc == 2)
    }

    @Test func registryKnowsEveryVariant() throws {
        #expect(BackendRegistry.variants(of: "table").count == 8)
        for v in BackendRegistry.variants(of: "table") {
            #expect(try BackendRegistry.make("table", variant: v).variant == v)
        }
        #expect(throws: BackendRegistry.RegistryError.self) { try BackendRegistry.make("table", variant: "e12-frame-kfunc") }
    }
}
