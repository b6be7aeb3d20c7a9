import ArgumentParser
import Foundation

/// The `bpfsim` command: one subcommand per file in this folder, nothing else.
///
/// Exit status (SPEC §7): 0 success, 1 when a program failed unexpectedly, 2 on a usage error
/// (swift-argument-parser would exit 64 on Linux; `main` maps it).
@main
struct BPFSim: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bpfsim",
        abstract: "Measure cleanup designs for bpf_throw on real BPF programs.",
        discussion: """
            bpfsim loads BPF programs (clang -target bpf ELF objects, .c sources, assembly), \
            verifies them with a reference-tracking model of the kernel verifier, applies a \
            cleanup backend for bpf_throw (reject, descriptors, table) and executes the result \
            on a simulated kernel that checks every object is released exactly once.
            """,
        subcommands: [Asm.self, Compare.self, Diff.self, Disasm.self, Gen.self, Report.self, Run.self, TableSummaryCommand.self, Verify.self, VerifierBench.self, XCheck.self]
    )

    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure || code.rawValue == 64 {
                // Print help/usage text the way the parser would, then exit 2.
                let message = fullMessage(for: error)
                if !message.isEmpty { FileHandle.standardError.write(Data((message + "\n").utf8)) }
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}
