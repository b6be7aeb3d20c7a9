import BPFCleanup
import BPFTestSupport
import Foundation
import Testing

@testable import BPFExperiments

/// The documented columns are the columns: the README section matches the code, and every
/// key a verification record can carry has a column.
@Suite struct ResultColumnsTests {
    @Test func resultColumnsFileIsCurrent() throws {
        let url = TestPaths.repositoryRoot.appendingPathComponent("Experiments/RESULT_COLUMNS.md")
        let text = try String(contentsOf: url, encoding: .utf8)
        #expect(text == ResultColumns.markdown, "Experiments/RESULT_COLUMNS.md is stale: regenerate it with bpfsim report --columns")
    }

    /// A metric added to BackendMetrics must get a documented column (this count changes).
    @Test func everyBackendMetricHasAColumn() {
        let metricCount = Mirror(reflecting: BackendMetrics()).children.count
        let recordKeys: Set<String> = [
            "program_id", "build", "file_name", "prog_name", "prog_type", "section", "backend", "variant", "verdict", "message", "pc",
            "failure_kind", "duration", "total_insns", "total_states", "peak_states", "max_states_per_insn", "stack_depth",
            "stack_chain_max", "upstream_gap_details",
        ]
        let metricColumns = ResultColumns.verifications.columnNames.filter { !recordKeys.contains($0) }
        // stack_chain_max is both a record key and a metric.
        #expect(metricColumns.count + 1 == metricCount, "BackendMetrics has \(metricCount) metrics, verifications has \(metricColumns.count + 1) metric columns")
    }

    @Test(arguments: ResultColumns.all.map(\.name))
    func tableHasUniqueColumnsAndAKey(_ name: String) throws {
        let table = try #require(ResultColumns.table(name))
        #expect(Set(table.columnNames).count == table.columns.count)
        #expect(table.primaryKey.allSatisfy { table.columnNames.contains($0) })
        #expect(table.columns.allSatisfy { !$0.doc.isEmpty })
    }
}
