import ArgumentParser
import BPFCleanup
import BPFExperiments
import BPFKernelModel
import BPFObject
import BPFVerifier
import Foundation
import KernelCheck

/// `bpfsim verify`: the verifier model on every program of one file (SPEC §4, §7).
struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Verify every program of a file with bpfsim's model of the kernel verifier.",
        discussion: """
            FILE is a clang -target bpf ELF object (.o), a C source (.c, compiled with \
            /opt/swift/usr/bin/clang -target bpf -O2 -g, cached), or an assembly file with a \
            '; bpfsim: section=...' header.

            Each program is verified under one cleanup backend (default: reject, the kernel's \
            own rules). The summary line per program gives the verdict, the kernel-style \
            message and pc on rejection, and veristat's statistics. --json prints one object \
            per program per line with veristat's column names (file_name, prog_name, verdict, \
            total_insns, total_states, peak_states, stack_depth, ...) and the backend's metrics.

            --kernel also loads each program into the running kernel through libbpf (root or \
            CAP_BPF needed) and prints its verdict beside bpfsim's.

            Exit status: 0 when every program was verified (accepted or rejected), 1 when a \
            file or program could not be read or uses something bpfsim does not model, 2 on a \
            usage error.

            Examples:
              bpfsim verify prog.o
              bpfsim verify prog.c --log
              bpfsim verify prog.o --json --kernel
            """
    )

    @Argument(help: "The object, C source or assembly file.")
    var file: String

    @Option(help: "Cleanup backend: \(BackendRegistry.names.joined(separator: ", ")).")
    var backend = "reject"

    @Option(help: "Backend variant (default: the backend's first).")
    var variant: String?

    @Flag(help: "Print the verifier log at level 1 (the failing path), as the kernel does.")
    var log = false

    @Option(name: .customLong("log-level"), help: "Log level: 1 (failing path) or 2 (every path).")
    var logLevel: Int?

    @Flag(help: "One JSON object per program and line.")
    var json = false

    @Flag(help: "With --backend descriptors: print the frame descriptor table.")
    var descriptors = false

    @Option(help: ArgumentHelp("A kernel catalog file extending the built-in helpers and kfuncs.", valueName: "FILE"))
    var catalog: String?

    @Option(name: [.customShort("I"), .customLong("include")], help: ArgumentHelp("Include directory for compiling a .c file (repeatable).", valueName: "DIR"))
    var includes: [String] = []

    @Option(help: "Only the program with this function name.")
    var program: String?

    @Flag(help: "Also load each program into the running kernel through libbpf and show its verdict.")
    var kernel = false

    @Option(name: .customLong("kernel-log"), help: ArgumentHelp("Write the kernel's full verifier log here (with --kernel).", valueName: "FILE"))
    var kernelLog: String?

    @Option(help: ArgumentHelp("libbpf to load at run time (default: libbpf.so.1).", valueName: "PATH"))
    var libbpf: String?

    func validate() throws {
        if let l = logLevel, !(1...2).contains(l) { throw ValidationError("--log-level must be 1 or 2") }
        if !BackendRegistry.names.contains(backend) {
            throw ValidationError("unknown backend '\(backend)' (known: \(BackendRegistry.names.joined(separator: ", ")))")
        }
    }

    func run() throws {
        var options = VerifierOptions()
        options.logLevel = logLevel ?? (log ? 1 : 0)
        if let catalog {
            do {
                options.catalog = try Catalog.builtin.extended(byFile: catalog)
            } catch {
                fail("\(error)")
            }
        }
        let cleanup: CleanupBackend
        do {
            cleanup = try BackendRegistry.make(backend, variant: variant)
        } catch {
            fail("\(error)")
        }
        var compiler = CompilerConfiguration()
        compiler.includePaths += includes
        let input = ProgramInput.read(path: file, compiler: compiler)
        var kernelChecker: KernelVerifier?
        if kernel {
            var kopts = KernelCheckOptions()
            if let libbpf { kopts.libbpfPath = libbpf }
            kopts.keepLog = kernelLog != nil
            let checker = KernelVerifier(options: kopts)
            let availability = checker.availability()
            if availability.isAvailable {
                kernelChecker = checker
            } else {
                FileHandle.standardError.write(Data("bpfsim: kernel check unavailable: \(availability.reason ?? "unknown reason")\n".utf8))
            }
            if input.objectPath == nil {
                FileHandle.standardError.write(Data("bpfsim: kernel check needs an ELF object; \(file) is not one\n".utf8))
                kernelChecker = nil
            }
        }
        var unexpected = false
        var fullKernelLog = ""
        for entry in input.entries {
            switch entry {
            case .failure(let f):
                FileHandle.standardError.write(Data("\(f.error)\n".utf8))
                unexpected = true
            case .program(let p):
                if let only = program, p.function != only { continue }
                let outcome = cleanup.apply(to: p.program, options: options)
                let record = VerificationRecord(file: file, program: p.program, outcome: outcome)
                if outcome.failure?.kind == .unsupported || outcome.failure?.kind == .parse { unexpected = true }
                var kernelRecord: KernelVerification?
                if let checker = kernelChecker, let object = input.objectPath {
                    let k = checker.verify(object: object, program: p.function, section: p.section.hasPrefix("?") ? String(p.section.dropFirst()) : p.section)
                    kernelRecord = k
                    if let l = k.kernelLog { fullKernelLog += "; \(p.identifier)\n" + l + "\n" }
                }
                if json {
                    printJSON(record, kernel: kernelRecord)
                } else {
                    printHuman(record, outcome: outcome, kernel: kernelRecord)
                }
            }
        }
        if let path = kernelLog, !fullKernelLog.isEmpty {
            _ = FileManager.default.createFile(atPath: path, contents: Data(fullKernelLog.utf8))
        }
        if unexpected { throw ExitCode(1) }
    }

    private func printHuman(_ r: VerificationRecord, outcome: BackendOutcome, kernel: KernelVerification?) {
        if !outcome.verification.log.isEmpty { print(outcome.verification.log, terminator: "") }
        let head = "\(r.fileName):\(r.section):\(r.progName): \(r.verdict == "success" ? "accepted" : "rejected")"
        var line = head + " (\(r.backend)) processed \(r.totalInsns) insns, states \(r.totalStates)/\(r.peakStates), stack \(r.stackDepth)"
        if let pc = r.pc, let m = r.message { line += "\n  pc \(pc): " + m.replacingOccurrences(of: "\n", with: "\n  ") }
        print(line)
        for gap in outcome.verification.upstreamGaps { print("  upstream gap: \(gap)") }
        if descriptors, case .descriptors(let table) = outcome.unwind {
            print(table.text(program: outcome.program), terminator: "")
        }
        for event in outcome.mergeEvents where event.resolution != .identical {
            print("  merge pc \(event.pc) frame \(event.frame) \(event.location): \(event.oldSide) + \(event.newSide) -> \(event.resolution.rawValue)")
        }
        if let k = kernel { print("  kernel: \(k.summaryLine)") }
    }

    private func printJSON(_ r: VerificationRecord, kernel: KernelVerification?) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard var object = (try? JSONSerialization.jsonObject(with: encoder.encode(r))) as? [String: Any] else { return }
        if let k = kernel, let kd = try? encoder.encode(k), let ko = try? JSONSerialization.jsonObject(with: kd) as? [String: Any] {
            for (key, value) in ko where key.hasPrefix("kernel_") || key == "libbpf_version" { object[key] = value }
        }
        if let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]) {
            print(String(decoding: data, as: UTF8.self))
        }
    }

    private func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("bpfsim: \(message)\n".utf8))
        Foundation.exit(1)
    }
}
