import BPFKernelModel
@testable import BPFSimulator
import Testing

/// The simulated kernel implements every helper and kfunc of bpfsim's catalog (issue 9 item 1),
/// the table backend's own kfuncs included: a program the verifier accepts never stops on a
/// function the simulator lacks.
@Suite struct CatalogCoverageTests {
    @Test func everyCatalogHelperIsImplemented() {
        #expect(Catalog.builtin.helpers.count >= 52, "the catalog's helpers did not load")
        let missing = Catalog.builtin.helpers.values.filter { KernelFunctions.helpers[$0.id] == nil }.map { "\($0.name) (\($0.id))" }.sorted()
        #expect(missing.isEmpty, "helpers the simulated kernel lacks: \(missing)")
    }

    @Test func everyCatalogKfuncIsImplemented() {
        let catalog = Catalog.builtin.includingTableKfuncs()
        #expect(catalog.kfuncs.keys.contains("bpf_res_table_push") && catalog.kfuncs.count >= 54, "the catalog's kfuncs did not load")
        let missing = catalog.kfuncs.keys.filter { KernelFunctions.kfuncs[$0] == nil }.sorted()
        #expect(missing.isEmpty, "kfuncs the simulated kernel lacks: \(missing)")
    }
}
