import BPFISA
import BPFObject
import BPFVerifier

/// Where a program holds references, pc by pc, as the verifier's own exploration sees it.
///
/// The verifier shows a backend its state only at acquires, releases and throw points. To see
/// every pc, the probe verifies a copy of the program with a *probe throw* inserted before each
/// instruction (4 instructions become 1 at each original pc):
///
///     if r10 > r10 goto +2    ; two pointers: the verifier cannot decide, explores both
///     r1 = 0
///     call bpf_throw          ; a throw point: the hook records the state; the path ends
///
/// The fall-through side ends at once; the other continues with the original instruction in
/// the original state, so the exploration is the original's plus one short dead end per pc.
/// Probes are left out where a throw is not allowed at all: inside `bpf_spin_lock` regions,
/// in callbacks (and what they call) and in the exception callback.
///
/// What it finds (all in original pcs):
/// - the pcs reached while holding at least one reference (a table can unwind there);
/// - acquire sites whose references can outlive the frame that acquired them (the subprogram
///   returns them), and the subprograms that exit holding references;
/// - per subprogram, the most table entries one of its frames can hold at once: references
///   acquired in that frame, plus those handed up to it by callees that returned them;
/// - release sites where the released reference was not acquired by the releasing frame.
struct ReferenceProbe {
    struct Facts {
        var heldPCs: Set<Int> = []
        var escapingSites: Set<Int> = []
        var handUpSubprograms: Set<Int> = []
        /// Subprogram -> most entries one of its frames can hold at once.
        var frameLoad: [Int: Int] = [:]
        var crossFrameReleases: Set<Int> = []
        /// Instructions the probe verification processed (its cost, for the record).
        var processedInstructions = 0
    }

    /// Runs the probe verification of `program`, which the same options already accepted.
    static func run(program: BPFProgram, options: VerifierOptions, graph: CallGraph) -> Result<Facts, VerifierError> {
        let locks = LockRegions(program: program)
        var linker = KfuncLinker(program: program)
        let throwID = linker.id(of: "bpf_throw")
        var insertions: [Insertion] = []
        var probed: [Int] = []
        for (s, sub) in program.subprograms.enumerated() where !graph.underCallback.contains(s) && !sub.isExceptionCallback {
            for pc in sub.startPC..<min(sub.endPC, program.instructions.count) {
                if case .continuation = program.instructions[pc] { continue }
                if locks.locked.contains(pc) { continue }
                insertions.append(Insertion(pc: pc, position: .before, instructions: probe(throwID), purpose: "probe"))
                probed.append(pc)
            }
        }
        let patched: BPFProgram
        let map: PCMap
        do {
            (patched, map) = try Patcher.apply(insertions, to: linker.program)
        } catch {
            return .failure(VerifierError("table: cannot insert the reference probes: \(error)", pc: 0, kind: .backend))
        }
        var original: [Int: Int] = [:]
        for (old, new) in map.instruction.enumerated() { original[new] = old }
        var probeCalls: [Int: Int] = [:]
        for pc in probed { probeCalls[map.instruction[pc] - 1] = pc }
        let hooks = ProbeHooks(program: program, original: original, probeCalls: probeCalls)
        var probeOptions = options
        probeOptions.logLevel = 0
        probeOptions.instructionLimit = options.instructionLimit * 4
        let result = Verifier.verify(patched, options: probeOptions, hooks: hooks)
        if let error = result.error {
            let at = original[error.pc] ?? probeCalls[error.pc] ?? error.pc
            return .failure(VerifierError("table: probing where references are held: \(error.message)", pc: at, kind: error.kind == .limit ? .limit : .backend))
        }
        var facts = hooks.facts()
        facts.processedInstructions = result.processedInstructions
        return .success(facts)
    }

    /// `if r10 > r10 goto +2; r1 = 0; call bpf_throw`.
    private static func probe(_ throwID: Int32) -> [Instruction] {
        [
            .jump(.gt, .w64, dst: .fp, src: .register(.fp), offset: 2),
            .alu(.mov, .w64, dst: .r1, src: .immediate(0)),
            .call(.kfunc(btfID: throwID, module: 0)),
        ]
    }
}

/// The probe's verifier hooks: every probe throw records the state and ends its path; the
/// program's own throws are accepted (the real verification already judged them).
final class ProbeHooks: VerifierHooks {
    /// A state at a probe, reduced to what the facts need: the subprogram of each frame and,
    /// per held reference, its frame and original acquire pc.
    struct Sample: Hashable {
        var subprogs: [Int]
        var refs: [Held]
    }
    struct Held: Hashable, Comparable {
        var frame: Int
        var site: Int
        static func < (a: Held, b: Held) -> Bool { (a.frame, a.site) < (b.frame, b.site) }
    }
    struct Release: Hashable {
        var pc: Int
        var site: Int
        var local: Bool
    }

    let program: BPFProgram
    let original: [Int: Int]
    let probeCalls: [Int: Int]
    var held = Set<Int>()
    var samples = Set<Sample>()
    var exitSamples = Set<Sample>()
    var releases = Set<Release>()

    init(program: BPFProgram, original: [Int: Int], probeCalls: [Int: Int]) {
        self.program = program
        self.original = original
        self.probeCalls = probeCalls
    }

    var exploresThrowingCalls: Bool { false }

    func atThrowPoint(_ point: ThrowPoint, state: inout VerifierState, context: ThrowContext) -> VerifierError? {
        guard case .throwCall = point.kind, let pc = probeCalls[point.pc] else { return nil }
        let refs = state.pointerRefs
        if refs.isEmpty { return nil }
        held.insert(pc)
        let sample = Sample(
            subprogs: state.frames.map(\.subprog),
            refs: refs.map { Held(frame: $0.frame, site: original[$0.acquirePC] ?? $0.acquirePC) }.sorted())
        samples.insert(sample)
        if case .exit = program.instructions[pc], state.frames.count > 1 { exitSamples.insert(sample) }
        return nil
    }

    func released(_ ref: Reference, at pc: Int, state: VerifierState) {
        guard ref.resource != nil else { return }
        releases.insert(
            Release(pc: original[pc] ?? pc, site: original[ref.acquirePC] ?? ref.acquirePC, local: ref.frame == state.currentFrameNo))
    }

    func facts() -> ReferenceProbe.Facts {
        var f = ReferenceProbe.Facts()
        f.heldPCs = held
        for s in exitSamples {
            let current = s.subprogs.count - 1
            for r in s.refs where r.frame >= current {
                f.handUpSubprograms.insert(s.subprogs[current])
                if r.frame == current { f.escapingSites.insert(r.site) }
            }
        }
        for s in samples {
            let current = s.subprogs.count - 1
            for frame in 0...current {
                let own = s.refs.filter { $0.frame == frame }.count
                let handed = s.refs.filter { $0.frame > frame && (f.escapingSites.contains($0.site) || $0.frame > current) }.count
                let sub = s.subprogs[frame]
                f.frameLoad[sub] = max(f.frameLoad[sub] ?? 0, own + handed)
            }
        }
        for r in releases where !r.local || f.escapingSites.contains(r.site) { f.crossFrameReleases.insert(r.pc) }
        return f
    }
}
