import BPFCleanup
import BPFObject
import BPFTestSupport
import BPFVerifier
import Foundation
import Testing

/// The `reject` backend (SPEC §5.1): upstream's rules, so its verdict, message and pc on every
/// C program of issue 6 are the running kernel's (`Tests/Fixtures/{references,exceptions}/
/// manifest.json`); a reference held across a call of a global function that may throw is
/// accepted, as Linux 6.18 accepts it, and reported as an upstream gap.
@Suite struct RejectBackendTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var folder: String
        var file: String
        var program: String
        var verdict: String
        var message: String?
        var pc: Int?
        var testDescription: String { "\(folder)/\(file):\(program)" }
    }

    /// The manifests' entries for C programs the kernel gave a verdict on.
    static let cases: [Case] = ["references", "exceptions"].flatMap { folder -> [Case] in
        struct Manifest: Decodable {
            struct Entry: Decodable { var program: String; var verdict: String; var message: String?; var pc: Int? }
            var cases: [Entry]
        }
        let url = RejectFixtures.folder(folder).appendingPathComponent("manifest.json")
        guard let data = try? Data(contentsOf: url), let manifest = try? JSONDecoder().decode(Manifest.self, from: data) else {
            return []
        }
        return manifest.cases.compactMap { e in
            let parts = e.program.split(separator: ":").map(String.init)
            guard parts.count == 2, parts[0].hasSuffix(".c"), e.verdict != "load_error" else { return nil }
            return Case(folder: folder, file: parts[0], program: parts[1], verdict: e.verdict, message: e.message, pc: e.pc)
        }
    }

    @Test(arguments: cases)
    func rejectAgreesWithTheKernel(_ c: Case) throws {
        let program = try RejectFixtures.program(c.folder, c.file, c.program)
        let outcome = RejectBackend().apply(to: program, options: VerifierOptions())
        #expect(outcome.backend == "reject")
        if c.verdict == "success" {
            #expect(outcome.isAccepted, "\(c): kernel accepts; reject says pc \(outcome.failure?.pc ?? -1): \(outcome.failure?.message ?? "")")
        } else {
            #expect(outcome.failure?.message == c.message, "\(c): reject says \(outcome.failure?.message ?? "accept")")
            if let pc = c.pc { #expect(outcome.failure?.pc == pc, "\(c): reject at pc \(outcome.failure?.pc ?? -1), kernel at \(pc)") }
        }
    }

    @Test func everyCProgramIsCovered() {
        #expect(Self.cases.count >= 100, "\(Self.cases.count) C programs with a kernel verdict")
    }

    /// Issue 6: the running kernel accepts a reference held across a call of a global function
    /// that may throw (the callee is verified alone); `reject` accepts too, and says where a
    /// throw would leak what.
    @Test func referenceHeldAcrossThrowingGlobalCallIsAnUpstreamGap() throws {
        let kernel = try #require(Self.cases.first { $0.program == "c_ref_held_across_throwing_global_call" })
        #expect(kernel.verdict == "success", "the kernel's verdict was recorded as \(kernel.verdict)")

        let program = try RejectFixtures.program("references", "calls.c", "c_ref_held_across_throwing_global_call")
        var options = VerifierOptions()
        options.logLevel = 2
        let outcome = RejectBackend().apply(to: program, options: options)
        #expect(outcome.isAccepted, "reject: \(outcome.failure?.message ?? "")")
        let call = try #require(program.instructions.indices.first { pc in
            if case .call(.local(let off)) = program.instructions[pc] {
                return program.subprograms.first { $0.startPC == pc + Int(off) + 1 }?.name == "global_may_throw"
            }
            return false
        })
        let acquire = try #require(program.instructions.firstIndex { if case .call(.kfunc) = $0 { return true } else { return false } })
        #expect(outcome.verification.upstreamGaps == [
            "pc \(call): global function global_may_throw (func#1) may throw while task_struct id=2 alloc_insn=\(acquire) is held; the kernel accepts and a throw would leak it"
        ])
        #expect(outcome.metrics.upstreamGaps == 1)
        #expect(outcome.metrics.throwPoints == 2, "the call and the bpf_throw in the callee")
        #expect(outcome.metrics.refsAtThrowMax == 1 && outcome.metrics.refsMax == 1)
        // The kernel's log has no line for the explored throwing path; the RFC's has.
        #expect(!outcome.verification.log.contains("may throw exception"), "reject's log announces the throwing call")
    }

    /// The same call from a static function runs in the caller's state: rejected, no gap.
    @Test func referenceHeldAcrossThrowingStaticCallIsRejected() throws {
        let program = try RejectFixtures.program("references", "calls.c", "c_ref_held_across_throwing_static_call")
        let outcome = RejectBackend().apply(to: program, options: VerifierOptions())
        #expect(outcome.failure?.message == "Unreleased reference id=2 alloc_insn=2\nbpf_throw would lead to reference leak")
        #expect(outcome.verification.upstreamGaps.isEmpty && outcome.metrics.upstreamGaps == 0)
    }

    struct Metrics: Sendable, CustomTestStringConvertible {
        var file: String
        var program: String
        var throwPoints: Int
        var refsMax: Int
        var refsAtThrowMax: Int
        var testDescription: String { "\(file):\(program)" }
    }

    /// `verify --json` under reject: `backend`, `throw_points`, `refs_max`, `refs_at_throw_max`,
    /// `upstream_gaps`, counted on programs whose answer is known by reading them.
    @Test(arguments: [
        Metrics(file: "calls.c", program: "c_refs_spilled_across_call", throwPoints: 0, refsMax: 5, refsAtThrowMax: 0),
        Metrics(file: "task.c", program: "c_task_throw_holding", throwPoints: 1, refsMax: 1, refsAtThrowMax: 1),
        Metrics(file: "task.c", program: "c_task_acquire_release", throwPoints: 0, refsMax: 1, refsAtThrowMax: 0),
        Metrics(file: "calls.c", program: "c_ref_held_across_throwing_global_call", throwPoints: 2, refsMax: 1, refsAtThrowMax: 1),
    ])
    func metricsAsJSON(_ m: Metrics) throws {
        let program = try RejectFixtures.program("references", m.file, m.program)
        let outcome = RejectBackend().apply(to: program, options: VerifierOptions())
        let json = try #require(
            try JSONSerialization.jsonObject(with: JSONEncoder().encode(outcome.metrics)) as? [String: Any], "\(m)")
        #expect(json["throw_points"] as? Int == m.throwPoints, "\(m): \(json)")
        #expect(json["refs_max"] as? Int == m.refsMax, "\(m): \(json)")
        #expect(json["refs_at_throw_max"] as? Int == m.refsAtThrowMax, "\(m): \(json)")
        #expect(json["upstream_gaps"] as? Int != nil && json["inserted_insns"] as? Int == 0, "\(m): \(json)")
        #expect(json["descriptors"] == nil && json["table_bytes"] == nil, "\(m): reject reports no other backend's metrics")
    }
}

/// The C fixtures of issue 6, compiled once per test run.
enum RejectFixtures {
    static func folder(_ name: String) -> URL {
        TestPaths.repositoryRoot.appendingPathComponent("Tests/Fixtures").appendingPathComponent(name)
    }

    private static let compiler = CCompiler(
        configuration: CompilerConfiguration(
            includePaths: CompilerConfiguration.defaultIncludePaths
                + [TestPaths.repositoryRoot.appendingPathComponent("Tests/Fixtures/include").path],
            cacheDirectory: (try? TestPaths.temporaryDirectory("bpfsim-reject-cc")) ?? FileManager.default.temporaryDirectory))
    private static let lock = NSLock()
    nonisolated(unsafe) private static var objects: [String: BPFObjectFile] = [:]

    static func program(_ folder: String, _ file: String, _ name: String) throws -> BPFProgram {
        lock.lock()
        defer { lock.unlock() }
        let key = folder + "/" + file
        if objects[key] == nil {
            let bytes = try compiler.compile(source: Self.folder(folder).appendingPathComponent(file), displayName: key).bytes
            objects[key] = try BPFObjectFile.load(bytes: bytes, name: key)
        }
        guard let p = objects[key]?.program(named: name) else { throw ObjectError(file: key, "no program \(name)") }
        return p
    }
}
