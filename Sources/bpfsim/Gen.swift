import ArgumentParser
import BPFExperiments
import Foundation

/// `bpfsim gen`: a seeded synthetic corpus for scaling curves (issue 11 item 2).
struct Gen: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Generate seeded synthetic BPF programs with controlled frames, resources and conflicts.",
        discussion: """
            Writes COUNT assembly files (LLVM pseudo-C syntax with a '; bpfsim:' header) and a \
            MANIFEST.json of what each was meant to contain into --out. The same options and \
            seed always give the same bytes.

            Each program is a call chain of --frames functions (main program plus static \
            subprograms, each calling the next). Every frame acquires --resources resources of \
            the --kinds, keeps each in R6-R8 or an 8-byte stack slot (--stack-rate: probability \
            of a slot; iterators always live in theirs), calls the next frame with all of them \
            held, may throw (--throw-rate: probability that a frame has a throw point, guarded \
            by bpf_get_prandom_u32() & 7), then releases them in reverse order.

            Branching: --branch-rate is the probability that an acquire is conditional (NULL \
            on the other path). --conflict-rate is the probability that the other path puts a \
            different resource kind (or, for one conflict in four, a non-zero number) into the \
            same register or slot, with a tag slot saying which ran: the descriptor merge \
            conflicts of SPEC 5.2. --padding adds a zeroed buffer per frame to move the call \
            chain towards the 512-byte stack limit. Each conditional or conflicting acquire \
            doubles the paths below it, and references differ on every path, so states do not \
            prune: deep chains with many branches can reach the 1,000,000-instruction limit \
            (the kernel agrees); use a lower --branch-rate and --conflict-rate for long chains.

            Kinds: task (bpf_task_from_pid), cgroup (bpf_cgroup_from_id), sock \
            (bpf_sk_lookup_tcp), ringbuf (bpf_ringbuf_reserve), iter (bpf_iter_num_new), \
            ct (bpf_skb_ct_lookup), cpumask (bpf_cpumask_create; --section syscall only). \
            Ranges are N or A-B, drawn per program (frames) or per frame (resources, padding).

            Examples:
              bpfsim gen --out /tmp/gen --seed 1
              bpfsim gen --out /tmp/deep --seed 7 --count 50 --frames 1-8 --resources 1-4
              bpfsim gen --out /tmp/conf --seed 3 --conflict-rate 0.5 --kinds task,cgroup,sock
            """
    )

    @Option(help: ArgumentHelp("Output directory (created if missing).", valueName: "DIR"))
    var out: String

    @Option(help: "Seed of the generator.")
    var seed: UInt64

    @Option(help: "Number of programs.")
    var count = 10

    @Option(help: ArgumentHelp("Frames in the call chain, 1-8 (N or A-B).", valueName: "RANGE"))
    var frames = "3"

    @Option(help: ArgumentHelp("Resources acquired per frame (N or A-B).", valueName: "RANGE"))
    var resources = "2"

    @Option(help: ArgumentHelp("Resource kinds to draw from, comma-separated.", valueName: "LIST"))
    var kinds = GeneratedKind.defaults.map(\.rawValue).joined(separator: ",")

    @Option(name: .customLong("conflict-rate"), help: "Probability that another kind reaches the same home on another path.")
    var conflictRate = 0.0

    @Option(name: .customLong("branch-rate"), help: "Probability that an acquire is conditional.")
    var branchRate = 0.5

    @Option(name: .customLong("stack-rate"), help: "Probability that a pointer resource lives in a stack slot.")
    var stackRate = 0.5

    @Option(name: .customLong("throw-rate"), help: "Probability that a frame has a throw point.")
    var throwRate = 1.0

    @Option(help: ArgumentHelp("Extra zeroed stack bytes per frame (N or A-B).", valueName: "RANGE"))
    var padding = "0"

    @Option(help: "Program type: tc or syscall.")
    var section = "tc"

    func options() throws -> GeneratorOptions {
        guard let frameRange = GeneratorOptions.range(frames) else { throw ValidationError("--frames: expected N or A-B, got '\(frames)'") }
        guard let resourceRange = GeneratorOptions.range(resources) else { throw ValidationError("--resources: expected N or A-B, got '\(resources)'") }
        guard let paddingRange = GeneratorOptions.range(padding) else { throw ValidationError("--padding: expected N or A-B, got '\(padding)'") }
        var kindList: [GeneratedKind] = []
        for name in kinds.split(separator: ",") {
            guard let k = GeneratedKind(rawValue: String(name)) else {
                throw ValidationError("--kinds: unknown kind '\(name)' (known: \(GeneratedKind.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            kindList.append(k)
        }
        guard let sectionValue = GeneratorSection(rawValue: section) else { throw ValidationError("--section must be tc or syscall") }
        let o = GeneratorOptions(
            seed: seed, count: count, frames: frameRange, resourcesPerFrame: resourceRange, kinds: kindList,
            conflictRate: conflictRate, branchRate: branchRate, stackRate: stackRate, throwRate: throwRate,
            padding: paddingRange, section: sectionValue)
        if let problem = o.problem() { throw ValidationError(problem) }
        return o
    }

    func validate() throws { _ = try options() }

    func run() throws {
        let corpus = SyntheticCorpus(options: try options())
        do {
            try corpus.write(to: URL(fileURLWithPath: out))
        } catch {
            FileHandle.standardError.write(Data("bpfsim: cannot write \(out): \(error.localizedDescription)\n".utf8))
            throw ExitCode(1)
        }
        let holding = corpus.files.filter(\.plan.throwsHoldingResources).count
        print("\(corpus.files.count) programs in \(out) (\(holding) throw while holding resources); MANIFEST.json lists their plans")
    }
}
