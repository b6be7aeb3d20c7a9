import BPFCleanup
import BPFKernelModel
import BPFObject
import BPFVerifier
import Testing

/// The patcher's property (issue 7) on the table backend's programs (issue 8): random
/// semantically neutral insertions, at random pcs of each test program and of each program
/// the table backend instrumented, leave the verdict unchanged and every jump and call
/// landing where it did. Uses `PatcherPropertyTests`' generator and target check.
@Suite struct TablePatcherPropertyTests {
    static let accepted = TableCase.all.filter { $0.file != "near_stack_limit" }

    /// The instrumented program of every variant, patched again at random, still verifies under
    /// the table's rules (its throws hold references the tables name).
    @Test(arguments: accepted, TableLayout.allVariants)
    func instrumentedProgramsKeepTheirVerdict(_ c: TableCase, _ variant: TableLayout) throws {
        let name = "\(c.file) [\(variant.variant)]"
        let outcome = TableBackend(layout: variant).apply(to: try c.load(), options: VerifierOptions())
        #expect(outcome.failure == nil, "\(name): rejected")
        let instrumented = outcome.program
        var options = VerifierOptions()
        options.catalog = Catalog.builtin.includingTableKfuncs()
        var rng = PatcherPropertyTests.Rng(state: UInt64(name.utf8.reduce(7) { $0 &* 31 &+ UInt64($1) }))
        for _ in 0..<3 {
            let (patched, map) = try Patcher.apply(PatcherPropertyTests.insertions(for: instrumented.instructions, &rng), to: instrumented)
            PatcherPropertyTests.checkTargets(instrumented.instructions, patched.instructions, map, name)
            let again = Verifier.verify(patched, options: options, hooks: TableHooks())
            #expect(again.error == nil, "\(name): rejected after neutral patching at pc \(again.error?.pc ?? -1): \(again.error?.message ?? "")")
        }
    }

    /// The original program patched at random gets the same verdict from the table backend.
    @Test(arguments: TableCase.all)
    func originalProgramsKeepTheirVerdict(_ c: TableCase) throws {
        let program = try c.load()
        var rng = PatcherPropertyTests.Rng(state: UInt64(c.file.count) &* 7919)
        let backend = TableBackend()
        let before = backend.apply(to: program, options: VerifierOptions())
        for _ in 0..<3 {
            let (patched, map) = try Patcher.apply(PatcherPropertyTests.insertions(for: program.instructions, &rng), to: program)
            PatcherPropertyTests.checkTargets(program.instructions, patched.instructions, map, c.file)
            let after = backend.apply(to: patched, options: VerifierOptions())
            #expect(after.isAccepted == before.isAccepted, "\(c.file): verdict changed after patching: \(after.failure?.description ?? "accepted")")
        }
    }
}
