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
public struct EntryEvaluator: Sendable {
    public var plan: BackendPlan
    public var options: VerifierOptions
    public var workload: ExperimentConfig.Workload
    public var executor: WorkloadExecutor?
    public var kernel: KernelVerifier?
    public var corpusDirectory: URL
    /// The compiler configuration of each build, by its name.
    public var compilers: [String: CompilerConfiguration]

    public func evaluate(_ planned: CorpusPlan.Entry) -> EntryResult {
        var result = EntryResult(id: planned.id)
        switch planned.entry {
        case .failure(let f):
            let compile = f.kind == .source && f.error.message.hasPrefix("does not compile")
            // A later build whose compiler cannot build a loadable program from a source (it
            // does not compile, or leaves a builtin such as GCC 12's `__builtin_btf_type_id`
            // unexpanded) is `unbuilt`: a finding about that compiler, not a failed entry.
            let kind = !planned.isReferenceBuild && f.kind == .source ? "unbuilt" : compile ? "compile" : "parse"
            result.error = ErrorRecord(
                programId: planned.id, fileName: f.relativePath, build: planned.build, section: nil, progName: nil,
                stage: compile ? "compile" : "read", kind: kind, backend: nil, variant: nil,
                message: "\(f.error)")
            return result
        case .program(let entry):
            result.program = ProgramRecord(programId: planned.id, build: planned.build, entry: entry)
            var rejectVerdict: String?
            for item in plan.items {
                let outcome = item.instance.apply(to: entry.program, options: options)
                var record = VerificationRecord(file: entry.relativePath, program: entry.program, outcome: outcome)
                // The entry's identity, whatever the backend calls itself.
                record.backend = item.backend
                record.variant = item.variant
                result.verifications.append(VerificationRow(programId: planned.id, build: planned.build, record: record))
                for (seq, event) in outcome.mergeEvents.enumerated() {
                    result.mergeEvents.append(
                        MergeEventRecord(programId: planned.id, backend: item.backend, variant: item.variant, seq: seq, event: event))
                }
                if item.backend == "reject" && rejectVerdict == nil { rejectVerdict = record.verdict }
                if let failure = outcome.failure, result.error == nil, let kind = Self.errorKind(failure.kind) {
                    result.error = ErrorRecord(
                        programId: planned.id, fileName: entry.relativePath, build: planned.build, section: entry.section,
                        progName: entry.function, stage: "verify", kind: kind, backend: item.backend, variant: item.variant,
                        message: "\(entry.identifier):\(failure.pc): \(failure.message)")
                }
                if outcome.isAccepted, let executor {
                    var run = executor.execute(outcome, original: entry.program, programId: planned.id, workload: workload)
                    run.backend = item.backend
                    run.variant = item.variant
                    result.executions.append(run)
                    if let kind = Self.executionErrorKind(run), result.error == nil {
                        result.error = ErrorRecord(
                            programId: planned.id, fileName: entry.relativePath, build: planned.build, section: entry.section,
                            progName: entry.function, stage: "execute", kind: kind, backend: item.backend, variant: item.variant,
                            message: "\(entry.identifier): \(run.error ?? "\(run.oracleViolations ?? 0) oracle violations")")
                    }
                }
            }
            if let kernel {
                result.kernelCheck = kernelCheck(kernel, entry: entry, build: planned.build, id: planned.id, bpfsimVerdict: rejectVerdict)
            }
            return result
        }
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

    private func kernelCheck(_ kernel: KernelVerifier, entry: CorpusProgram, build: String, id: Int, bpfsimVerdict: String?) -> KernelCheckRecord {
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
            let k = KernelVerification(
                fileName: entry.relativePath, progName: entry.function, section: entry.section, verdict: .unavailable,
                failureKind: .unavailable, message: "not an ELF object: the kernel is asked about objects only")
            return KernelCheckRecord(programId: id, fileName: entry.relativePath, kernel: k, bpfsimVerdict: bpfsimVerdict)
        }
        var k = kernel.verify(object: objectPath, program: entry.function, section: section)
        k.section = entry.section
        k.progName = entry.function
        return KernelCheckRecord(programId: id, fileName: entry.relativePath, kernel: k, bpfsimVerdict: bpfsimVerdict)
    }
}
