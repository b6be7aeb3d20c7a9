import ArgumentParser
import BPFObject
import BPFVerifier
import Foundation
import KernelCheck

/// `bpfsim verifier-bench`: the verifier model's speed in processed instructions per second
/// (issue 5), on real programs and on a generated stress program, with the peak memory and,
/// per program, bpfsim's processed count beside the running kernel's.
struct VerifierBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verifier-bench",
        abstract: "Measure the verifier model in processed instructions per second.",
        discussion: """
            Verifies every program of each DIR or FILE (.o, .c, assembly with one program per \
            file; default: the C programs of Tests/Fixtures/verifier) --repeat times under \
            upstream's rules and prints, per program, the verdict, bpfsim's processed \
            instructions (veristat total_insns), the best time and processed instructions per \
            second; then the total over all programs \
            (processed instructions over the sum of best times). Then it generates a tc \
            program (blocks of ALU, stack spill/fill and a diamond the verifier prunes at its \
            join; see VerifierStress) whose walk processes exactly --stress-insns instructions \
            (1,000,000: the kernel's limit; a block of 128 instructions is 129 processed, the \
            pruned side of its diamond counting twice) and verifies it the same way. Last, the \
            peak resident memory of the process (getrusage ru_maxrss).

            --kernel also loads each program (not the stress program) into the running kernel \
            through libbpf and prints the kernel's processed count and verification time beside \
            bpfsim's, with the ratio bpfsim/kernel. Build in release mode first:

              swift build -c release --product bpfsim
              .build/release/bpfsim verifier-bench Tests/Fixtures/verifier/*.c Experiments/corpus \\
                  -I Tests/Fixtures/include --kernel
            """)

    @Argument(help: "Directories or files of programs.")
    var paths: [String] = ["context", "loops", "maps", "packet", "subprogs", "tracing"].map { "Tests/Fixtures/verifier/\($0).c" }

    @Option(name: .customLong("stress-insns"), help: "Processed instructions of the generated stress program (0: none).")
    var stressInstructions = 1_000_000

    @Option(name: .customLong("repeat"), help: "Verifications per program; the best time is reported.")
    var repetitions = 3

    @Flag(help: "Also ask the running kernel for its processed count per program.")
    var kernel = false

    @Option(help: ArgumentHelp("libbpf to load with --kernel (default: libbpf.so.1).", valueName: "PATH"))
    var libbpf: String?

    @Option(name: .customShort("I"), help: ArgumentHelp("An include directory for .c files.", valueName: "DIR"))
    var includes: [String] = []

    func run() throws {
        var compilerConfiguration = CompilerConfiguration()
        compilerConfiguration.includePaths += includes
        let compiler = CCompiler(configuration: compilerConfiguration)
        var kernelVerifier: KernelVerifier?
        if kernel {
            var options = KernelCheckOptions()
            if let libbpf { options.libbpfPath = libbpf }
            let checker = KernelVerifier(options: options)
            if let reason = checker.availability().reason {
                FileHandle.standardError.write(Data("bpfsim: kernel check unavailable: \(reason)\n".utf8))
                throw ExitCode(1)
            }
            kernelVerifier = checker
        }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("bpfsim-vbench-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }

        print(pad("program", 58) + pad("verdict", 9) + pad("processed", 11) + pad("best µs", 10) + pad("insns/s", 12)
            + (kernel ? pad("kernel", 10) + pad("ratio", 7) + "kernel µs" : ""))
        var totalProcessed = 0
        var totalMicroseconds = 0
        var ratios: [Double] = []
        var unreadable = 0
        for path in paths {
            for entry in try entries(path, compiler: compiler) {
                guard case .program(let p) = entry else {
                    if case .failure(let f) = entry { print("\(f.relativePath): cannot read: \(f.error.message)") }
                    unreadable += 1
                    continue
                }
                let (result, best) = measure(p.program)
                totalProcessed += result.processedInstructions
                totalMicroseconds += best
                var line = pad("\(p.relativePath):\(p.function)", 58) + pad(result.isAccepted ? "success" : "failure", 9)
                    + pad("\(result.processedInstructions)", 11) + pad("\(best)", 10) + pad(rate(result.processedInstructions, best), 12)
                if let checker = kernelVerifier {
                    let k = objectPath(p, root: path, compiler: compiler, scratch: scratch).map {
                        checker.verify(object: $0, program: p.function, section: p.section.hasPrefix("?") ? String(p.section.dropFirst()) : p.section)
                    }
                    if let insns = k?.kernelTotalInsns, insns > 0 {
                        let ratio = Double(result.processedInstructions) / Double(insns)
                        ratios.append(ratio)
                        line += pad("\(insns)", 10) + pad(String(format: "%.2f", ratio), 7) + (k?.kernelDuration.map(String.init) ?? "-")
                    } else {
                        line += pad("-", 10) + pad("-", 7) + (k.map { "(\($0.kernelVerdict.rawValue))" } ?? "(no object)")
                    }
                }
                print(line)
            }
        }
        print("total: \(totalProcessed) processed insns in \(totalMicroseconds) µs: \(rate(totalProcessed, totalMicroseconds)) insns/s"
            + (unreadable > 0 ? " (\(unreadable) files unreadable)" : ""))
        if !ratios.isEmpty {
            let within = ratios.filter { $0 <= 2 && $0 >= 0.5 }.count
            let sorted = ratios.sorted()
            print("bpfsim/kernel processed: \(within) of \(ratios.count) programs within 2x; median \(String(format: "%.2f", sorted[sorted.count / 2])), min \(String(format: "%.2f", sorted[0])), max \(String(format: "%.2f", sorted[sorted.count - 1]))")
        }
        if stressInstructions > 0 {
            let program = try VerifierStress.program(processing: stressInstructions)
            let (result, best) = measure(program)
            let verdict = result.error.map { "failure at pc \($0.pc): \($0.message)" } ?? "success"
            print("stress: \(program.instructions.count) insns, \(verdict); processed \(result.processedInstructions) insns, "
                + "\(result.totalStates) states (peak \(result.peakStates)) in \(best) µs: \(rate(result.processedInstructions, best)) insns/s")
        }
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        print("peak memory: \(usage.ru_maxrss / 1024) MiB (max resident set size)")
    }

    private func measure(_ program: BPFProgram) -> (VerificationResult, Int) {
        var best = Int.max
        var last = VerificationResult()
        for _ in 0..<max(1, repetitions) {
            last = Verifier.verify(program)
            best = min(best, last.durationMicroseconds)
        }
        return (last, best)
    }

    private func entries(_ path: String, compiler: CCompiler) throws -> [CorpusEntry] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ValidationError("\(path): no such file or directory")
        }
        do {
            if isDirectory.boolValue {
                return try Corpus.read(directory: URL(fileURLWithPath: path), options: CorpusOptions(compiler: compiler.configuration))
            }
            let url = URL(fileURLWithPath: path)
            return Corpus.readFile(url, relativePath: url.lastPathComponent, compiler: compiler, options: CorpusOptions(compiler: compiler.configuration))
        } catch {
            throw ValidationError("\(path): \(error)")
        }
    }

    /// The ELF object the kernel loads: `.o` as it is, `.c` compiled into `scratch`.
    private func objectPath(_ p: CorpusProgram, root: String, compiler: CCompiler, scratch: URL) -> String? {
        var isDirectory: ObjCBool = false
        let file = FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory) && isDirectory.boolValue ? URL(fileURLWithPath: root).appendingPathComponent(p.relativePath) : URL(fileURLWithPath: root)
        switch p.kind {
        case .object: return file.path
        case .assembly: return nil
        case .source:
            guard let (bytes, _) = try? compiler.compile(source: file, displayName: p.relativePath) else { return nil }
            try? FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
            let out = scratch.appendingPathComponent(p.relativePath.replacingOccurrences(of: "/", with: "__") + ".o")
            return FileManager.default.createFile(atPath: out.path, contents: Data(bytes)) ? out.path : nil
        }
    }

    private func rate(_ insns: Int, _ microseconds: Int) -> String {
        microseconds > 0 ? String(Int((Double(insns) / (Double(microseconds) / 1e6)).rounded())) : "-"
    }

    private func pad(_ s: String, _ width: Int) -> String {
        s.count >= width ? s + " " : s + String(repeating: " ", count: width - s.count)
    }
}
