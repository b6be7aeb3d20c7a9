import Foundation
import Testing

@testable import BPFExperiments

/// Experiment configuration files: defaults, and one line naming the file and key on error.
@Suite struct ConfigTests {
    @Test func emptyObjectIsTheDefault() throws {
        let c = try ExperimentConfig.decode(Data("{}".utf8), file: "x.json")
        #expect(c == ExperimentConfig())
    }

    @Test(arguments: [
        (#"{"workload": {"runs": "ten"}}"#, "workload.runs"),
        (#"{"workload": {"acquire_failure_p": 2}}"#, "acquire_failure_p must be within 0...1"),
        (#"{"workload": {"throw_injection": "sometimes"}}"#, "throw_injection must be one of"),
        (#"{"insn_limit": 0}"#, "insn_limit must be at least 1"),
        (#"{"backends": "reject"}"#, "backends"),
        ("{not json", "not valid JSON"),
    ])
    func badConfigNamesTheProblem(_ text: String, _ expected: String) {
        do {
            _ = try ExperimentConfig.decode(Data(text.utf8), file: "exp.json")
            Issue.record("\(text) was accepted")
        } catch {
            #expect(error.description.hasPrefix("exp.json: ") && error.description.contains(expected), "\(text): \(error)")
        }
    }

    @Test func canonicalJSONRoundTrips() throws {
        var c = ExperimentConfig(name: "x", backends: ["reject"], variants: ["spill"])
        c.workload.seed = 42
        let again = try ExperimentConfig.decode(Data(c.canonicalJSON.utf8), file: "stored")
        #expect(again == c)
    }

    static let plans: [([String]?, [String]?, Int)] = [(["reject"], nil, 1), (["descriptors"], ["no-spill"], 1), (nil, ["descriptors/spill", "upstream"], 2)]

    @Test(arguments: plans.indices)
    func planFiltersBackendsAndVariants(_ i: Int) throws {
        let (backends, variants, count) = Self.plans[i]
        let plan = try BackendPlan.make(backends: backends, variants: variants)
        #expect(plan.items.count == count, "\(plan.items.map(\.label))")
    }

    @Test func unknownVariantIsRefused() {
        #expect(throws: BackendPlan.PlanError.self) { try BackendPlan.make(backends: ["reject"], variants: ["spill"]) }
    }
}
