import BPFCleanup
import BPFExperiments
import BPFObject
import BPFVerifier
import Testing

/// Generated programs are what their plans say (issue 11 item 2): the verifier finds the
/// planned frames, stack depths and references, the `reject` backend refuses exactly the
/// programs that throw while holding resources, and the descriptors backend accepts them,
/// failing without spilling exactly when a planned conflict is live at a throw.
@Suite struct GeneratorVerificationTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var label: String
        var options: GeneratorOptions
        var testDescription: String { label }
    }

    static let cases: [Case] = [
        Case(label: "defaults", options: GeneratorOptions(seed: 11, count: 8)),
        Case(label: "deep chains", options: GeneratorOptions(seed: 12, count: 8, frames: 6...8, resourcesPerFrame: 1...2)),
        Case(label: "many resources per frame", options: GeneratorOptions(seed: 13, count: 6, frames: 1...2, resourcesPerFrame: 4...7)),
        Case(label: "conflicts", options: GeneratorOptions(seed: 14, count: 10, frames: 1...4, conflictRate: 0.6)),
        Case(label: "no throw points", options: GeneratorOptions(seed: 15, count: 4, throwRate: 0)),
        Case(label: "no resources", options: GeneratorOptions(seed: 16, count: 4, resourcesPerFrame: 0...0)),
        Case(
            label: "syscall kinds with conflicts",
            options: GeneratorOptions(seed: 17, count: 6, kinds: [.task, .cgroup, .cpumask, .ringbuf, .iterator], conflictRate: 0.5, section: .syscall)),
        Case(label: "conntrack", options: GeneratorOptions(seed: 18, count: 4, kinds: [.conntrack, .socket], conflictRate: 0.5)),
        Case(label: "padding", options: GeneratorOptions(seed: 19, count: 4, frames: 2...3, padding: 40...120)),
    ]

    static func load(_ f: SyntheticCorpus.File) throws -> BPFProgram {
        try AssemblyFile.load(text: f.text, path: f.name)
    }

    /// Checked on the descriptors backend's verification, which explores every throw point
    /// (upstream's rules stop at the first throw holding a reference); stack depths are the
    /// planned ones plus the slots the backend reserved for spilled resources.
    @Test(arguments: cases)
    func planMatchesVerifier(_ c: Case) throws {
        let spill = try BackendRegistry.make("descriptors", variant: "spill")
        for f in SyntheticCorpus(options: c.options).files {
            let program = try Self.load(f)
            #expect(program.subprograms.count == f.plan.frames.count, "\(f.name): \(program.subprograms.count) functions for \(f.plan.frames.count) frames")
            let o = spill.apply(to: program, options: VerifierOptions())
            guard o.isAccepted else { continue }  // descriptorsAcceptWithSpilling reports it
            let result = o.verification
            let reserved = (o.metrics.reservedStackBytes ?? "").split(separator: "+").compactMap { Int($0) }
            let expectedDepths = f.plan.frames.enumerated().map { i, frame in frame.stackDepth + (i < reserved.count ? reserved[i] : 0) }
            let depths = result.stackDepths, throwPCs = result.throwPoints.sorted(), sites = result.acquireSites
            #expect(depths == expectedDepths, "\(f.name): stack depths \(depths), planned \(expectedDepths)")
            #expect(throwPCs.count == f.plan.throwPoints, "\(f.name): throw points at pcs \(throwPCs)")
            let planned = f.plan.frames.flatMap { frame in
                frame.resources.flatMap { r -> [GeneratedKind] in
                    if case .kind(let k)? = r.conflict { return [r.kind, k] }
                    return [r.kind]
                }
            }
            let found = sites.values.map(\.rawValue).sorted()
            #expect(sites.count == planned.count, "\(f.name): acquire sites \(sites.sorted { $0.key < $1.key })")
            #expect(found == planned.map(\.resource.rawValue).sorted(), "\(f.name): acquired kinds \(found)")
            let perFrame = f.plan.frames.map(\.resources.count)
            let maxHeld = result.refsMax
            #expect(maxHeld == perFrame.reduce(0, +), "\(f.name): at most \(maxHeld) references held at once; planned \(perFrame)")
        }
    }

    @Test(arguments: cases)
    func rejectRefusesThrowsHoldingResources(_ c: Case) throws {
        let reject = try BackendRegistry.make("reject")
        for f in SyntheticCorpus(options: c.options).files {
            let o = reject.apply(to: try Self.load(f), options: VerifierOptions())
            let accepted = o.isAccepted, failure = o.failure?.description ?? ""
            #expect(
                accepted == !f.plan.throwsHoldingResources,
                "\(f.name): reject \(accepted ? "accepted" : "rejected") (\(failure)); plan says throws holding = \(f.plan.throwsHoldingResources)")
            let unsupported = o.failure?.kind == .unsupported
            #expect(!unsupported, "\(f.name): outside the verifier's subset: \(failure)")
        }
    }

    /// A conflict matters when a throw can happen while its frame is live: at a throw in
    /// that frame or in any frame it calls.
    static func liveConflict(_ plan: ProgramPlan) -> Bool {
        var conflicted = false
        for frame in plan.frames {
            conflicted = conflicted || frame.resources.contains { $0.conflict != nil }
            if frame.throws && conflicted { return true }
        }
        return false
    }

    @Test(arguments: cases)
    func descriptorsAcceptWithSpilling(_ c: Case) throws {
        let spill = try BackendRegistry.make("descriptors", variant: "spill")
        let noSpill = try BackendRegistry.make("descriptors", variant: "no-spill")
        for f in SyntheticCorpus(options: c.options).files {
            let program = try Self.load(f)
            let s = spill.apply(to: program, options: VerifierOptions())
            let spillAccepted = s.isAccepted, spillFailure = s.failure?.description ?? ""
            if Self.knownSpillFailures.contains(f.name) {
                withKnownIssue("\(f.name): descriptors (spill) leaves a reference undescribed after spilling") {
                    #expect(spillAccepted, "\(f.name): descriptors (spill) rejected: \(spillFailure)")
                }
                continue
            }
            #expect(spillAccepted, "\(f.name): descriptors (spill) rejected: \(spillFailure)")
            let n = noSpill.apply(to: program, options: VerifierOptions())
            let noSpillAccepted = n.isAccepted, noSpillFailure = n.failure?.description ?? ""
            let live = Self.liveConflict(f.plan)
            #expect(
                noSpillAccepted == !live,
                "\(f.name): descriptors (no-spill) \(noSpillAccepted ? "accepted" : "rejected: \(noSpillFailure)"); planned live conflict = \(live)")
            let conflicts = n.metrics.conflicts ?? 0, spilled = s.metrics.spilledAcquires ?? 0
            if live {
                #expect(conflicts > 0, "\(f.name): a planned conflict was not reported")
                #expect(spilled > 0, "\(f.name): accepted with a conflict but nothing spilled")
            } else {
                #expect(conflicts == 0, "\(f.name): \(conflicts) conflicts reported where none was planned")
                #expect(spilled == 0, "\(f.name): \(spilled) acquires spilled where nothing conflicts")
            }
        }
    }

    /// Programs on which `descriptors/spill` still fails after spilling: a conflicting slot
    /// spilled in a frame that also holds an iterator, and the throw in a callee then finds
    /// the iterator's reference in no described location (`Unreleased reference`). An open
    /// defect of the spill variant, listed in the README; this test fails when one is fixed.
    static let knownSpillFailures: Set<String> = ["gen_14_0005.s", "gen_17_0001.s", "gen_17_0005.s"]

    /// Every other backend the registry knows accepts the programs that are within the stack
    /// limit (the table backend's extra stack may legitimately push a chain past 512 bytes),
    /// or stops at the verifier's instruction limit: instrumented programs are much harder to
    /// verify (README, Findings). The limit is lowered to 100,000 so that a blow-up costs
    /// seconds, not minutes, of this suite; of each backend only its first and last variant run
    /// here (the table's eight are each tested on hand-written programs in BPFCleanupTests).
    @Test(arguments: cases)
    func otherBackendsAccept(_ c: Case) throws {
        var options = VerifierOptions()
        options.instructionLimit = 100_000
        for name in BackendRegistry.names where name != "reject" && name != "descriptors" {
            let all = BackendRegistry.variants(of: name)
            for variant in Set([all.first, all.last].compactMap { $0 }).sorted() {
                let backend = try BackendRegistry.make(name, variant: variant)
                for f in SyntheticCorpus(options: c.options).files {
                    let o = backend.apply(to: try Self.load(f), options: options)
                    let overStack = o.failure?.description.contains("stack") == true && (o.metrics.stackChainMax ?? 0) > 512
                    let overLimit = o.failure?.kind == .limit
                    let accepted = o.isAccepted, failure = o.failure?.description ?? ""
                    #expect(accepted || overStack || overLimit, "\(f.name): \(name)/\(variant) rejected: \(failure)")
                }
            }
        }
    }
}
