import ArgumentParser
import BPFCleanup
import BPFExperiments
import BPFISA
import BPFInterpreter
import BPFKernelModel
import BPFObject
import BPFSimulator
import BPFVerifier
import Foundation

/// `bpfsim run`: execute programs on the simulated kernel under a cleanup backend, with seeded
/// workloads, throw injection, the exactly-once oracle and the cost model (SPEC §6, §7); or a
/// bare instruction sequence on the interpreter alone.
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run BPF programs on the simulated kernel (or bare instructions on the interpreter).",
        discussion: """
            On the simulated kernel (ELF objects, .c sources, assembly with a '; bpfsim:' \
            header, or any input with --backend/--runs/--seed/--throw-at/--p/--json): each \
            program is verified under the backend (default reject), then run --runs times \
            (default 1), each run on a fresh kernel seeded from --seed and the run's index: \
            random context bytes (packets for tc and XDP), maybe-NULL acquires failing with \
            probability --p, throws from the program's own bpf_throw calls or forced at \
            --throw-at PC (a pc of the original program: a bpf_throw call or a call of a \
            global subprogram that may throw). A throw is unwound by the backend's unwinder, \
            then the exception callback runs. After every run the oracle checks that each \
            object acquired was released exactly once; the original program runs the same \
            workload to price the backend's normal-path overhead. --trace shows each \
            instruction, kernel call, acquire and release, and on a throw each frame unwound \
            and each object released. --json prints one object per program (keys: runs, \
            throws, insns_by_class, cycles, unwind_cycles, overhead_pct, oracle_violations, \
            ...). A program the backend rejects is reported and not run (--unverified runs \
            it anyway). Exit status 1 when a run faults or the oracle finds a violation.

            On the interpreter alone: assembly text in either syntax (a conformance vector's \
            '-- asm' section for .data files) or raw instructions (.bin, .raw: 8-byte \
            little-endian slots).

            Memory: --mem maps the given bytes as one read-write region and passes its address \
            in r1 and its length in r2, as the conformance suite does (a .data vector's '-- mem' \
            is used when --mem is absent). r10 points at the top of a 512-byte stack per frame. \
            Helper 5 is the conformance suite's unwind helper (returns r1, stops the program \
            when r1 is 0) on the interpreter alone.

            Counts: alu (incl. lddw, neg, movsx, byte swaps), load, store, atomic, branch (jumps, \
            gotos, may_goto), call (bpf-to-bpf calls and every exit), helper (incl. callx), \
            kfunc. --trace prints each executed instruction as the verifier log does, with the \
            registers it changed.

            A fault (out-of-bounds access, budget, call depth, unknown helper) prints \
            FILE:pc N: message and exits 1.

            Examples:
              bpfsim run prog.o --backend descriptors --runs 100 --p 0.2 --json
              bpfsim run prog.c -I include --backend table --variant e8-frame-inline --throw-at 14 --trace
              bpfsim run ../shared/conformance/call_local.data --trace
              bpfsim run prog.s --mem "01 02 03 04" --budget 1000000
              bpfsim run prog.bin
            """
    )

    @Argument(help: "ELF object, C source, assembly file, .data conformance vector, or raw instructions (.bin, .raw).")
    var file: String

    @Option(help: "Cleanup backend: \(BackendRegistry.names.joined(separator: ", ")).")
    var backend: String?

    @Option(help: ArgumentHelp(
        "Backend variant (default: the backend's first): "
            + BackendRegistry.names.map { "\($0): \(BackendRegistry.variants(of: $0).joined(separator: ", "))" }.joined(separator: "; ")
            + ".", valueName: "V"))
    var variant: String?

    @Option(help: ArgumentHelp("Runs per program, each on a fresh simulated kernel (default 1).", valueName: "N"))
    var runs: Int?

    @Option(help: ArgumentHelp("Workload seed (default 1): the same seed gives the same runs, bit for bit.", valueName: "S"))
    var seed: UInt64?

    @Option(
        name: .customLong("throw-at"),
        help: ArgumentHelp(
            "Force a throw when a run reaches this throw point: a pc of the original program holding a bpf_throw call or a call of a global subprogram that may throw (another pc is refused with the list).",
            valueName: "PC"))
    var throwAt: Int?

    @Option(
        name: [.customLong("p"), .customLong("acquire-failure-probability")],
        help: ArgumentHelp("Probability that an acquire which may return NULL does (default 0).", valueName: "P"))
    var acquireFailure: Double?

    @Flag(help: "One JSON object per program and line (keys: runs, throws, insns_by_class, cycles, unwind_cycles, overhead_pct, oracle_violations, ...).")
    var json = false

    @Option(name: .customLong("cost-model"), help: ArgumentHelp("A cost model file (default: Experiments/cost-model.json's values).", valueName: "FILE"))
    var costModel: String?

    @Option(help: "Only the program with this function name.")
    var program: String?

    @Option(help: ArgumentHelp("A kernel catalog file extending the built-in helpers and kfuncs.", valueName: "FILE"))
    var catalog: String?

    @Flag(help: "Run programs the backend rejects.")
    var unverified = false

    @Option(help: ArgumentHelp("Input memory as hex bytes ('00 01 ff' or '0001ff'): address in r1, length in r2.", valueName: "HEX"))
    var mem: String?

    @Flag(help: "Print every executed instruction and the registers it changed; on the simulated kernel also each kernel call, acquire and release, and on a throw each frame unwound and each object released.")
    var trace = false

    @Option(help: "Fault after this many executed instructions (default: 1,000,000,000 bare, 1,000,000 per run on the kernel).")
    var budget: UInt64?

    @Option(name: [.customShort("I"), .customLong("include")], help: ArgumentHelp("Include directory for compiling a .c file (repeatable).", valueName: "DIR"))
    var includes: [String] = []

    @Option(help: "Syntax of an assembly input: auto, llvm or ubpf.")
    var syntax: SyntaxChoice = .auto

    func validate() throws {
        if let mem, Self.parseHex(mem) == nil { throw ValidationError("--mem: '\(mem)' is not a sequence of hex bytes") }
        if budget == 0 { throw ValidationError("--budget must be at least 1") }
        if let runs, runs < 1 { throw ValidationError("--runs must be at least 1") }
        if let p = acquireFailure, !(0...1).contains(p) { throw ValidationError("--p must be a probability in [0, 1]") }
        if let backend, !BackendRegistry.names.contains(backend) {
            throw ValidationError("unknown backend '\(backend)' (known: \(BackendRegistry.names.joined(separator: ", ")))")
        }
    }

    func run() throws {
        if onKernel {
            try KernelRun(command: self).run()
            return
        }
        let budget = self.budget ?? 1_000_000_000
        let (instructions, sourceLines) = load()
        func place(_ pc: Int) -> String {
            let line = pc < sourceLines.count ? " (line \(sourceLines[pc]))" : ""
            return "\(file):pc \(pc)\(line)"
        }
        let interpreter: Interpreter
        do {
            interpreter = try Interpreter(
                instructions, helpers: .conformance, limits: ExecutionLimits(instructionBudget: budget))
        } catch {
            CommandOutput.fail("\(place(error.pc)): \(error.message)")
        }
        let memory = Memory()
        var arguments: [UInt64] = [0, 0]
        let bytes = mem.flatMap(Self.parseHex) ?? (file.hasSuffix(".data") ? Self.vectorMemory(file) : [])
        if !bytes.isEmpty {
            do {
                let region = try memory.map("mem", size: bytes.count, kind: .input, bytes: bytes)
                arguments = [region.base, UInt64(region.size)]
            } catch {
                CommandOutput.fail("\(file): \(error)")
            }
        }
        let result: ExecutionResult
        if trace {
            result = interpreter.run(arguments: arguments, memory: memory) { print(Self.traceLine($0)) }
        } else {
            result = interpreter.run(arguments: arguments, memory: memory)
        }
        switch result.outcome {
        case .exited(let r0):
            print("r0 = \(hex(r0)) (\(r0))")
        case .stopped(let r0, let pc):
            print("r0 = \(hex(r0)) (\(r0)), stopped by the helper called at pc \(pc)")
        case .thrown(let exception):
            print("thrown at pc \(exception.pc) with cookie \(hex(exception.cookie)) through \(exception.frames.count) frame(s)")
        case .faulted(let fault):
            printCounts(result.counts)
            CommandOutput.fail("\(place(fault.pc)): \(fault.message)")
        }
        printCounts(result.counts)
    }

    /// Whether the input runs on the simulated kernel rather than on the bare interpreter.
    private var onKernel: Bool {
        if backend != nil || runs != nil || seed != nil || throwAt != nil || acquireFailure != nil || json || costModel != nil
            || unverified || variant != nil || !includes.isEmpty
        {
            return true
        }
        if file.hasSuffix(".o") || file.hasSuffix(".c") { return true }
        if file.hasSuffix(".bin") || file.hasSuffix(".raw") || file.hasSuffix(".data") { return false }
        if let head = FileManager.default.contents(atPath: file)?.prefix(4), head.elementsEqual([0x7f, 0x45, 0x4c, 0x46]) { return true }
        guard let text = FileManager.default.contents(atPath: file) else { return false }
        return String(decoding: text, as: UTF8.self).contains("bpfsim:")
    }

    private func printCounts(_ counts: InstructionCounts) {
        print("executed \(counts.total) instructions: \(counts)")
    }

    /// Instructions and, for assembly, the source line of each slot.
    private func load() -> ([Instruction], [Int]) {
        if file.hasSuffix(".bin") || file.hasSuffix(".raw") {
            guard let data = FileManager.default.contents(atPath: file) else { CommandOutput.fail("\(file): cannot read file") }
            do {
                return (try Instruction.decodeProgram(Array(data)), [])
            } catch {
                CommandOutput.fail("\(file):\(error)")
            }
        }
        do {
            let program = try Assembler.assemble(try AssemblyInput.read(file), syntax: syntax.syntax)
            return (program.instructions, program.sourceLines)
        } catch {
            CommandOutput.fail("\(file):\(error)")
        }
    }

    /// `12: (bf) r6 = r1  ; r6=0x200000000`, indented by call depth.
    static func traceLine(_ record: TraceRecord) -> String { SimulationText.traceLine(.instruction(record)) }

    static func parseHex(_ text: String) -> [UInt8]? {
        let digits = text.filter { !$0.isWhitespace && $0 != "," }
        guard digits.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        var index = digits.startIndex
        while index < digits.endIndex {
            let next = digits.index(index, offsetBy: 2)
            guard let byte = UInt8(digits[index..<next], radix: 16) else { return nil }
            bytes.append(byte)
            index = next
        }
        return bytes
    }

    /// The `-- mem` section of a conformance vector.
    static func vectorMemory(_ path: String) -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        var inMem = false
        var hexText = ""
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            if line.hasPrefix("-- ") {
                inMem = line == "-- mem"
            } else if inMem {
                hexText += line + " "
            }
        }
        return parseHex(hexText) ?? []
    }
}

/// `bpfsim run` on the simulated kernel: every program of the file, verified under the
/// backend, then the workload.
private struct KernelRun {
    let command: Run

    func run() throws {
        var options = VerifierOptions()
        var catalog = Catalog.builtin
        if let path = command.catalog {
            do {
                catalog = try Catalog.builtin.extended(byFile: path)
            } catch {
                CommandOutput.fail("bpfsim: \(error)")
            }
            options.catalog = catalog
        }
        var model = CostModel.default
        if let path = command.costModel {
            do {
                model = try CostModel.load(path: path)
            } catch {
                CommandOutput.fail("bpfsim: \(error)")
            }
        }
        let cleanup: CleanupBackend
        do {
            cleanup = try BackendRegistry.make(command.backend ?? "reject", variant: command.variant)
        } catch {
            CommandOutput.fail("bpfsim: \(error)")
        }
        let workload = Workload(
            runs: command.runs ?? 1, seed: command.seed ?? 1, acquireFailureProbability: command.acquireFailure ?? 0,
            throwAt: command.throwAt, instructionBudget: command.budget ?? 1_000_000)
        var compiler = CompilerConfiguration()
        compiler.includePaths += command.includes
        let input = ProgramInput.read(path: command.file, compiler: compiler)
        var failed = false
        var ran = 0
        for entry in input.entries {
            switch entry {
            case .failure(let f):
                FileHandle.standardError.write(Data("\(f.error)\n".utf8))
                failed = true
            case .program(let p):
                if let only = command.program, p.function != only { continue }
                ran += 1
                let place = "\(command.file):\(p.section):\(p.function)"
                let outcome = cleanup.apply(to: p.program, options: options)
                if let failure = outcome.failure, !command.unverified {
                    print("\(place): rejected by \(outcome.backend)/\(outcome.variant) at pc \(failure.pc): \(failure.message.split(separator: "\n").last ?? ""); not run (--unverified runs it)")
                    continue
                }
                let trace: ((SimulationEvent) -> Void)? = command.trace ? { print(SimulationText.traceLine($0)) } : nil
                let summary: ExecutionSummary
                do {
                    summary = try Simulator.execute(
                        outcome: outcome, baseline: p.program, workload: workload, costModel: model, catalog: catalog, trace: trace)
                } catch {
                    FileHandle.standardError.write(Data("\(command.file):\(error)\n".utf8))
                    failed = true
                    continue
                }
                if command.json {
                    printJSON(summary, file: command.file)
                } else {
                    SimulationText.summaryLines(summary, place: place).forEach { print($0) }
                }
                if summary.faults > 0 || summary.oracleViolations > 0 { failed = true }
                if let fault = summary.firstFault {
                    let hint = outcome.isAccepted ? " (the program passed bpfsim's verifier: a bpfsim bug)" : ""
                    FileHandle.standardError.write(Data("\(place): \(fault)\(hint)\n".utf8))
                }
            }
        }
        if ran == 0, let only = command.program { CommandOutput.fail("\(command.file): no program named '\(only)'") }
        if failed { throw ExitCode(1) }
    }

    private func printJSON(_ summary: ExecutionSummary, file: String) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(summary),
            var object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
        else { return }
        object["file_name"] = file
        if let out = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]) {
            print(String(decoding: out, as: UTF8.self))
        }
    }
}
