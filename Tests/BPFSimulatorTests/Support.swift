import BPFCleanup
import BPFKernelModel
import BPFObject
import BPFSimulator
import BPFVerifier
import Foundation
import Testing

/// A named program for a table-driven test: assembly with a `; bpfsim:` header.
struct SimProgram: CustomTestStringConvertible, Sendable {
    let name: String
    let source: String

    init(_ name: String, _ source: String) {
        self.name = name
        self.source = source
    }

    var testDescription: String { name }

    func load() throws -> BPFProgram {
        let text = source.contains("bpfsim:") ? source : "; bpfsim: section=tc license=GPL\n" + source
        return try AssemblyFile.load(text: text, path: "\(name).s")
    }
}

/// A backend that verifies like `reject` but lets every throw point through and unwinds
/// nothing: the oracle must catch the leaks it leaves (issue 9: "a test-only backend that does
/// no cleanup proves the oracle catches leaks").
struct NoCleanupBackend: CleanupBackend {
    var name: String { "no-cleanup" }
    var variant: String { "test" }

    func apply(to program: BPFProgram, options: VerifierOptions) -> BackendOutcome {
        let result = Verifier.verify(program, options: options, hooks: PermissiveHooks())
        return BackendOutcome(
            backend: name, variant: variant, verification: result, failure: result.error, program: program,
            metrics: BackendMetrics(), unwind: .none)
    }
}

/// Verifier hooks that accept every throw point whatever it holds.
final class PermissiveHooks: VerifierHooks {
    var exploresThrowingCalls: Bool { true }
    func atThrowPoint(_ point: ThrowPoint, state: inout VerifierState, context: ThrowContext) -> VerifierError? { nil }
}

/// A program as a backend would hand it over, without verifying it: for kernel-function tests
/// and for the plans the unwinder tests build by hand.
func unverified(_ program: BPFProgram, plan: UnwindPlan = .none, backend: String = "hand") -> BackendOutcome {
    BackendOutcome(
        backend: backend, variant: "test", verification: VerificationResult(), failure: nil, program: program,
        metrics: BackendMetrics(), unwind: plan)
}

/// Every backend configuration: reject, descriptors (both variants), table (all variants).
let allConfigurations: [(backend: String, variant: String)] = BackendRegistry.names.flatMap { name in
    BackendRegistry.variants(of: name).map { (name, $0) }
}

func outcome(_ program: BPFProgram, _ backend: String, _ variant: String? = nil) throws -> BackendOutcome {
    try BackendRegistry.make(backend, variant: variant).apply(to: program, options: VerifierOptions())
}

/// Runs a workload on an already applied backend outcome.
func simulate(
    _ outcome: BackendOutcome, baseline: BPFProgram, runs: Int = 1, seed: UInt64 = 1, p: Double = 0,
    throwAt: Int? = nil, budget: UInt64 = 1_000_000, context: [UInt8]? = nil, keepRuns: Bool = true,
    costModel: CostModel = .default
) throws -> ExecutionSummary {
    let workload = Workload(
        runs: runs, seed: seed, acquireFailureProbability: p, throwAt: throwAt, instructionBudget: budget, context: context,
        keepRuns: keepRuns)
    return try Simulator.execute(outcome: outcome, baseline: baseline, workload: workload, costModel: costModel)
}

/// Runs a program unverified (no cleanup plan) with a fixed context.
func runUnverified(_ program: SimProgram, context: [UInt8]? = nil, runs: Int = 1, p: Double = 0) throws -> ExecutionSummary {
    let p0 = try program.load()
    return try simulate(unverified(p0), baseline: p0, runs: runs, p: p, context: context)
}

/// A 192-byte `__sk_buff` whose first word (`len`) is `len`, the rest zero.
func skb(len: UInt32) -> [UInt8] {
    var bytes = [UInt8](repeating: 0, count: 192)
    for i in 0..<4 { bytes[i] = UInt8(truncatingIfNeeded: len >> UInt32(8 * i)) }
    return bytes
}
