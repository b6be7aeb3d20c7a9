import ArgumentParser
import BPFCleanup
import BPFObject
import BPFVerifier
import Foundation
import KernelCheck

/// `bpfsim xcheck`: bpfsim's verdict beside the running kernel's on every program of a corpus
/// (issue 4 item 3, SPEC §4.1), as an agreement table.
struct XCheck: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "xcheck",
        abstract: "Compare bpfsim's verdicts with the running kernel's on every program of a corpus.",
        discussion: """
            Every program of DIR (.o, .c compiled with the corpus compiler, assembly) is \
            verified by bpfsim under the reject backend (upstream's rules) and loaded alone into \
            the running kernel through libbpf (root or CAP_BPF needed; nothing is attached). \
            The table counts: both accept; both reject with the same message lines at the same \
            pc, or not; bpfsim-only accept (bpfsim too permissive); kernel-only accept (bpfsim \
            too strict); kernel load errors (no verdict: libbpf, lockdown, a missing attach \
            target); programs bpfsim cannot verify. Then one line per disagreement and per \
            message difference: file, program, both verdicts and messages.

            --insns adds one line per program with bpfsim's processed instructions beside the \
            kernel's. --json prints one object per program (bpfsim's keys as in verify --json, \
            the kernel's prefixed kernel_, and agreement), then one summary object. \
            --write-manifest stores the kernel's answers as a JSON manifest (the verifier tests \
            compare bpfsim against it). Assembly files have no ELF object for the kernel: they \
            count as kernel load errors.

            Exit status: 0 when every verdict agrees, 1 when one differs or the kernel cannot \
            be asked, 2 on a usage error.

            Examples:
              bpfsim xcheck Tests/Fixtures/verifier
              bpfsim xcheck corpus/ --insns
              bpfsim xcheck corpus/ --json > xcheck.jsonl
            """
    )

    @Argument(help: "The corpus directory.")
    var directory: String

    @Flag(help: "One JSON object per program, then a summary object.")
    var json = false

    @Flag(help: "Print bpfsim's and the kernel's processed instructions for every program.")
    var insns = false

    @Option(name: .customLong("write-manifest"), help: ArgumentHelp("Write the kernel's answers to this JSON manifest.", valueName: "FILE"))
    var manifest: String?

    @Option(help: ArgumentHelp("libbpf to load at run time (default: libbpf.so.1).", valueName: "PATH"))
    var libbpf: String?

    @Option(help: ArgumentHelp("Seconds one kernel load may take.", valueName: "S"))
    var timeout: Int = 60

    @Option(name: .customShort("I"), help: ArgumentHelp("An include directory for .c files.", valueName: "DIR"))
    var includes: [String] = []

    func run() throws {
        var kernelOptions = KernelCheckOptions()
        if let libbpf { kernelOptions.libbpfPath = libbpf }
        kernelOptions.timeLimit = .seconds(timeout)
        let checker = KernelVerifier(options: kernelOptions)
        let availability = checker.availability()
        guard case .available(let environment) = availability else {
            FileHandle.standardError.write(Data("bpfsim: kernel check unavailable: \(availability.reason ?? "unknown reason")\n".utf8))
            throw ExitCode(1)
        }
        var compiler = CompilerConfiguration()
        compiler.includePaths += includes
        let root = URL(fileURLWithPath: directory)
        let entries: [CorpusEntry]
        do {
            entries = try Corpus.read(directory: root, options: CorpusOptions(compiler: compiler))
        } catch {
            FileHandle.standardError.write(Data("bpfsim: \(error)\n".utf8))
            throw ExitCode(1)
        }
        let objects = ObjectFiles(root: root, compiler: CCompiler(configuration: compiler))
        defer { objects.removeAll() }
        let backend = RejectBackend()
        var rows: [XCheckRow] = []
        for entry in entries {
            switch entry {
            case .failure(let f):
                rows.append(XCheckRow(failure: f))
            case .program(let p):
                let outcome = backend.apply(to: p.program, options: VerifierOptions())
                var kernel: KernelVerification?
                if let object = objects.path(for: p) {
                    let section = p.section.hasPrefix("?") ? String(p.section.dropFirst()) : p.section
                    kernel = checker.verify(object: object, program: p.function, section: section)
                }
                rows.append(XCheckRow(program: p, outcome: outcome, kernel: kernel))
            }
        }
        let report = XCheckReport(rows: rows, environment: environment)
        if json {
            report.printJSON()
        } else {
            report.printTable(directory: directory, perProgram: insns)
        }
        if let manifest {
            do {
                try report.manifestData().write(to: URL(fileURLWithPath: manifest))
            } catch {
                FileHandle.standardError.write(Data("bpfsim: cannot write \(manifest): \(error)\n".utf8))
                throw ExitCode(1)
            }
        }
        if rows.contains(where: { $0.agreement.isVerdictDisagreement }) { throw ExitCode(1) }
    }
}

/// The ELF objects handed to the kernel: `.o` files as they are, `.c` files compiled once
/// more through the cache into a temporary directory.
private final class ObjectFiles {
    let root: URL
    let compiler: CCompiler
    private var compiled: [String: String?] = [:]
    private let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("bpfsim-xcheck-\(UUID().uuidString)")

    init(root: URL, compiler: CCompiler) {
        self.root = root
        self.compiler = compiler
    }

    func path(for program: CorpusProgram) -> String? {
        switch program.kind {
        case .object:
            return root.appendingPathComponent(program.relativePath).path
        case .assembly:
            return nil
        case .source:
            if let done = compiled[program.relativePath] { return done }
            var path: String?
            let source = root.appendingPathComponent(program.relativePath)
            if let (bytes, _) = try? compiler.compile(source: source, displayName: program.relativePath) {
                try? FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
                let name = program.relativePath.replacingOccurrences(of: "/", with: "__") + ".o"
                let out = scratch.appendingPathComponent(name)
                if FileManager.default.createFile(atPath: out.path, contents: Data(bytes)) { path = out.path }
            }
            compiled[program.relativePath] = path
            return path
        }
    }

    func removeAll() { try? FileManager.default.removeItem(at: scratch) }
}

/// One program's two verdicts.
struct XCheckRow {
    var file: String
    var section: String
    var program: String
    var agreement: KernelAgreement
    var bpfsimVerdict: String
    var bpfsimMessage: String?
    var bpfsimPC: Int?
    var bpfsimFailureKind: String?
    var bpfsimInsns: Int?
    var kernel: KernelVerification?

    init(failure: CorpusFailure) {
        file = failure.relativePath
        section = ""
        program = ""
        agreement = .bpfsimCannotVerify
        bpfsimVerdict = "failure"
        bpfsimMessage = failure.error.description
        bpfsimFailureKind = FailureKind.parse.rawValue
    }

    init(program p: CorpusProgram, outcome: BackendOutcome, kernel: KernelVerification?) {
        file = p.relativePath
        section = p.section
        program = p.function
        let failure = outcome.failure
        bpfsimVerdict = failure == nil ? "success" : "failure"
        bpfsimMessage = failure?.message
        bpfsimPC = failure?.pc
        bpfsimFailureKind = failure?.kind.rawValue
        bpfsimInsns = outcome.verification.processedInstructions
        self.kernel = kernel
        let verdict = kernel?.kernelVerdict
        let kernelAccepted: Bool? = verdict?.isVerifierVerdict == true ? verdict == .success : nil
        agreement = KernelAgreement.classify(
            bpfsim: failure, kernelAccepted: kernelAccepted, kernelMessage: kernel?.kernelMessage, kernelPC: kernel?.kernelPc)
    }

    var place: String { section.isEmpty ? file : "\(file):\(section):\(program)" }

    var kernelText: String {
        guard let k = kernel else { return "kernel: no ELF object to load" }
        var text = "kernel \(k.kernelVerdict.rawValue)"
        if let kind = k.kernelFailureKind, kind != .verifier { text += " (\(kind.rawValue))" }
        if let m = k.kernelMessage { text += ": " + (k.kernelPc.map { "pc \($0): " } ?? "") + Self.oneLine(m) }
        return text
    }

    var bpfsimText: String {
        var text = "bpfsim \(bpfsimVerdict)"
        if let m = bpfsimMessage { text += ": " + (bpfsimPC.map { "pc \($0): " } ?? "") + Self.oneLine(m) }
        return text
    }

    static func oneLine(_ s: String) -> String { s.split(separator: "\n").joined(separator: " / ") }

    /// bpfsim's keys as `verify --json` names them, the kernel's with their `kernel_` prefix.
    var jsonObject: [String: Any] {
        var o: [String: Any] = [
            "file_name": file, "section": section, "prog_name": program, "verdict": bpfsimVerdict,
            "agreement": agreement.rawValue,
        ]
        o["message"] = bpfsimMessage
        o["pc"] = bpfsimPC
        o["failure_kind"] = bpfsimFailureKind
        o["total_insns"] = bpfsimInsns
        if let k = kernel {
            o["kernel_verdict"] = k.kernelVerdict.rawValue
            o["kernel_failure_kind"] = k.kernelFailureKind?.rawValue
            o["kernel_message"] = k.kernelMessage
            o["kernel_pc"] = k.kernelPc
            o["kernel_total_insns"] = k.kernelTotalInsns
            o["kernel_total_states"] = k.kernelTotalStates
            o["kernel_peak_states"] = k.kernelPeakStates
            o["kernel_release"] = k.kernelRelease
        }
        return o
    }
}

/// The agreement table, the disagreement lines, the JSON and the manifest.
struct XCheckReport {
    var rows: [XCheckRow]
    var environment: KernelEnvironment

    func count(_ a: KernelAgreement) -> Int { rows.filter { $0.agreement == a }.count }

    func printTable(directory: String, perProgram: Bool) {
        let programs = rows.filter { !$0.section.isEmpty }.count
        print("bpfsim xcheck \(directory): \(programs) programs; kernel \(environment.kernelRelease ?? "?"), libbpf \(environment.libbpfVersion)")
        print("")
        for a in KernelAgreement.allCases {
            print(a.title.padding(toLength: 34, withPad: " ", startingAt: 0) + String(count(a)).leftPadded(6))
        }
        let compared = rows.filter {
            [.bothAccept, .bothRejectSameMessage, .bothRejectDifferentMessage, .bpfsimOnlyAccept, .kernelOnlyAccept].contains($0.agreement)
        }
        let agreeing = compared.filter { !$0.agreement.isVerdictDisagreement }.count
        let percent = compared.isEmpty ? 100 : Double(agreeing) * 100 / Double(compared.count)
        print("")
        print("verdicts agree on \(agreeing) of \(compared.count) programs with both verdicts (\(String(format: "%.1f", percent))%)")
        let rejected = count(.bothRejectSameMessage) + count(.bothRejectDifferentMessage)
        print("messages differ on \(count(.bothRejectDifferentMessage)) of \(rejected) programs both reject")
        let disagreements = rows.filter {
            $0.agreement.isVerdictDisagreement || $0.agreement == .bothRejectDifferentMessage || $0.agreement == .bpfsimCannotVerify
        }
        if !disagreements.isEmpty {
            print("")
            for r in disagreements {
                print("\(r.agreement.title): \(r.place)")
                print("  \(r.bpfsimText)")
                print("  \(r.kernelText)")
            }
        }
        if perProgram {
            print("")
            print("processed insns (bpfsim / kernel) per program:")
            var ratios: [Double] = []
            for r in rows where !r.section.isEmpty {
                let k = r.kernel?.kernelTotalInsns
                var line = "  \(r.place): \(r.bpfsimInsns.map(String.init) ?? "-") / \(k.map(String.init) ?? "-")"
                if let b = r.bpfsimInsns, let k, k > 0 {
                    let ratio = Double(b) / Double(k)
                    ratios.append(ratio)
                    line += String(format: "  (%.2fx)", ratio)
                }
                print(line)
            }
            if !ratios.isEmpty {
                let within = ratios.filter { $0 <= 2 && $0 >= 0.5 }.count
                print("  within 2x of the kernel: \(within) of \(ratios.count)")
            }
        }
    }

    func printJSON() {
        for r in rows { emit(r.jsonObject) }
        var summary: [String: Any] = ["kernel_release": environment.kernelRelease ?? "", "libbpf_version": environment.libbpfVersion]
        for a in KernelAgreement.allCases { summary[a.rawValue] = count(a) }
        emit(["summary": summary])
    }

    private func emit(_ object: [String: Any]) {
        if let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]) {
            print(String(decoding: data, as: UTF8.self))
        }
    }

    /// The kernel's answers, one entry per program, in corpus order, in the format of the test
    /// fixtures' `manifest.json` (a message glued to the statistics line is cut there).
    func manifestData() throws -> Data {
        let entries = rows.compactMap { r -> KernelVerdictManifest.Entry? in
            guard let k = r.kernel, !r.section.isEmpty else { return nil }
            let verdict: String
            switch k.kernelVerdict {
            case .success: verdict = "success"
            case .failure: verdict = "failure"
            default: verdict = "load_error"
            }
            let message = verdict == "success" ? nil : k.kernelMessage.map { KernelMessage.lines($0).joined(separator: "\n") }
            return KernelVerdictManifest.Entry(
                program: "\(r.file):\(r.program)", verdict: verdict, message: message, pc: verdict == "failure" ? k.kernelPc : nil)
        }
        let manifest = KernelVerdictManifest(
            kernelRelease: environment.kernelRelease ?? "", libbpfVersion: environment.libbpfVersion, cases: entries)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(manifest)
    }
}

extension String {
    fileprivate func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
