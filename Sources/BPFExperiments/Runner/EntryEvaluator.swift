import BPFCleanup
import BPFObject
import BPFVerifier
import Foundation
import KernelCheck

/// Everything stored for one corpus entry; written in one transaction, so an entry is either
/// wholly in the database or not at all.
public struct EntryResult: Sendable {
    public var id: Int
    public var program: ProgramRecord?
    public var verifications: [VerificationRow] = []
    public var mergeEvents: [MergeEventRecord] = []
    public var executions: [ExecutionRecord] = []
    public var kernelCheck: KernelCheckRecord?
    public var error: ErrorRecord?
}

/// Verifies one entry under every backend and variant of the plan, executes the accepted
/// outcomes, and asks the kernel when configured. Pure given its inputs (apart from timing
/// columns): the source of `--jobs` independence.
///
/// An entry's work is split into ``Unit``s (one per backend variant, one for the kernel) so
/// that parallel workers share a single expensive program instead of one worker verifying all
/// its variants while the other idles; ``assemble(_:_:)`` puts the pieces back together in
/// plan order, so the rows do not depend on how the units were scheduled.
public struct EntryEvaluator: Sendable {
    public var plan: BackendPlan
    public var options: VerifierOptions
    public var workload: ExperimentConfig.Workload
    public var executor: WorkloadExecutor?
    public var kernel: KernelVerifier?
    public var corpusDirectory: URL
    /// The compiler configuration of each build, by its name.
    public var compilers: [String: CompilerConfiguration]

    /// A piece of an entry's work that can run on its own.
    public enum Unit: Sendable, Equatable {
        /// An entry that could not be read: only its error row.
        case unreadable
        /// Verify (and execute) under `plan.items[i]`.
        case item(Int)
        /// Load into the running kernel.
        case kernel
    }

    /// What one unit produced.
    public struct UnitResult: Sendable {
        var verification: VerificationRow?
        var mergeEvents: [MergeEventRecord] = []
        var execution: ExecutionRecord?
        /// The first error of this unit (verification before execution).
        var error: ErrorRecord?
        /// The kernel's verdict; its row is made by ``assemble(_:_:)``, which knows bpfsim's.
        var kernelVerification: KernelVerification?
    }

    /// The units of an entry, in the order their rows are stored.
    public func units(of planned: CorpusPlan.Entry) -> [Unit] {
        guard case .program = planned.entry else { return [.unreadable] }
        return plan.items.indices.map(Unit.item) + (kernel == nil ? [] : [.kernel])
    }

    /// Everything for one entry, unit after unit.
    public func evaluate(_ planned: CorpusPlan.Entry) -> EntryResult {
        assemble(planned, units(of: planned).map { evaluate(planned, $0) })
    }

    public func evaluate(_ planned: CorpusPlan.Entry, _ unit: Unit) -> UnitResult {
        var result = UnitResult()
        switch (planned.entry, unit) {
        case (.failure(let f), _):
            let compile = f.kind == .source && f.error.message.hasPrefix("does not compile")
            // A later build whose compiler cannot build a loadable program from a source (it
            // does not compile, or leaves a builtin such as GCC 12's `__builtin_btf_type_id`
            // unexpanded) is `unbuilt`: a finding about that compiler, not a failed entry.
            let kind = !planned.isReferenceBuild && f.kind == .source ? "unbuilt" : compile ? "compile" : "parse"
            result.error = ErrorRecord(
                programId: planned.id, fileName: f.relativePath, build: planned.build, section: nil, progName: nil,
                stage: compile ? "compile" : "read", kind: kind, backend: nil, variant: nil,
                message: "\(f.error)")
        case (.program(let entry), .item(let index)):
            let item = plan.items[index]
            let outcome = item.instance.apply(to: entry.program, options: options)
            var record = VerificationRecord(file: entry.relativePath, program: entry.program, outcome: outcome)
            // The entry's identity, whatever the backend calls itself.
            record.backend = item.backend
            record.variant = item.variant
            result.verification = VerificationRow(programId: planned.id, build: planned.build, record: record)
            result.mergeEvents = outcome.mergeEvents.enumerated().map { seq, event in
                MergeEventRecord(programId: planned.id, backend: item.backend, variant: item.variant, seq: seq, event: event)
            }
            if let failure = outcome.failure, let kind = Self.errorKind(failure.kind) {
                result.error = ErrorRecord(
                    programId: planned.id, fileName: entry.relativePath, build: planned.build, section: entry.section,
                    progName: entry.function, stage: "verify", kind: kind, backend: item.backend, variant: item.variant,
                    message: "\(entry.identifier):\(failure.pc): \(failure.message)")
            }
            if outcome.isAccepted, let executor {
                var run = executor.execute(outcome, original: entry.program, programId: planned.id, workload: workload)
                run.backend = item.backend
                run.variant = item.variant
                result.execution = run
                if let kind = Self.executionErrorKind(run), result.error == nil {
                    result.error = ErrorRecord(
                        programId: planned.id, fileName: entry.relativePath, build: planned.build, section: entry.section,
                        progName: entry.function, stage: "execute", kind: kind, backend: item.backend, variant: item.variant,
                        message: "\(entry.identifier): \(run.error ?? "\(run.oracleViolations ?? 0) oracle violations")")
                }
            }
        case (.program(let entry), .kernel):
            if let kernel {
                result.kernelVerification = kernelCheck(kernel, entry: entry, build: planned.build)
            }
        case (.program, .unreadable):
            break
        }
        return result
    }

    /// The entry's rows from its units' results, given in ``units(of:)`` order. The entry's
    /// error is the first unit's error; the kernel row names the first `reject` verdict.
    public func assemble(_ planned: CorpusPlan.Entry, _ parts: [UnitResult]) -> EntryResult {
        var result = EntryResult(id: planned.id)
        if case .program(let entry) = planned.entry {
            result.program = ProgramRecord(programId: planned.id, build: planned.build, entry: entry)
        }
        for part in parts {
            if let v = part.verification { result.verifications.append(v) }
            result.mergeEvents += part.mergeEvents
            if let e = part.execution { result.executions.append(e) }
            if result.error == nil { result.error = part.error }
        }
        if case .program(let entry) = planned.entry, let k = parts.lazy.compactMap(\.kernelVerification).first {
            let rejectVerdict = result.verifications.first { $0.record.backend == "reject" }?.record.verdict
            result.kernelCheck = KernelCheckRecord(programId: planned.id, fileName: entry.relativePath, kernel: k, bpfsimVerdict: rejectVerdict)
        }
        return result
    }

    /// Failure kinds that are errors of the run rather than verdicts about the program.
    static func errorKind(_ kind: FailureKind) -> String? {
        switch kind {
        case .parse: return "parse"
        case .unsupported: return "unsupported"
        case .limit: return "limit"
        case .verifier, .backend: return nil
        }
    }

    /// `budget` (never terminated), `fault` (run-time error), `oracle` (a bpfsim bug).
    static func executionErrorKind(_ run: ExecutionRecord) -> String? {
        if let error = run.error {
            return error.contains("budget") || error.contains("limit") ? "budget" : "fault"
        }
        if let v = run.oracleViolations, v > 0 { return "oracle" }
        return nil
    }

    private func kernelCheck(_ kernel: KernelVerifier, entry: CorpusProgram, build: String) -> KernelVerification {
        let section = entry.section.hasPrefix("?") ? String(entry.section.dropFirst()) : entry.section
        let source = corpusDirectory.appendingPathComponent(entry.relativePath)
        var objectPath: String?
        var temporary: URL?
        switch entry.kind {
        case .object:
            objectPath = source.path
        case .source:
            if let compiler = compilers[build], let (bytes, _) = try? CCompiler(configuration: compiler).compile(source: source, displayName: entry.relativePath) {
                let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("bpfsim-compare-\(UUID().uuidString).o")
                if FileManager.default.createFile(atPath: tmp.path, contents: Data(bytes)) {
                    objectPath = tmp.path
                    temporary = tmp
                }
            }
        case .assembly:
            break
        }
        defer { if let temporary { try? FileManager.default.removeItem(at: temporary) } }
        guard let objectPath else {
            return KernelVerification(
                fileName: entry.relativePath, progName: entry.function, section: entry.section, verdict: .unavailable,
                failureKind: .unavailable, message: "not an ELF object: the kernel is asked about objects only")
        }
        var k = kernel.verify(object: objectPath, program: entry.function, section: section)
        k.section = entry.section
        k.progName = entry.function
        return k
    }
}
