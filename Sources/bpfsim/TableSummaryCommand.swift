import ArgumentParser
import BPFCleanup
import BPFExperiments
import BPFKernelModel
import BPFObject
import BPFVerifier
import Foundation

/// `bpfsim table-summary`: the table backend's price per variant over some programs (issue 8).
struct TableSummaryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "table-summary",
        abstract: "Summarise the table backend's variants over programs: bytes reserved, instructions inserted.",
        discussion: """
            Applies the table backend (SPEC 5.3) in each of its 8 variants (entry size 16 or 8, \
            one table per frame or one for the program, push/pop as kfunc calls or inlined) to \
            every program of every FILE (.o, .c or assembly), and prints one line per variant: \
            programs, accepted, rejected because the tables push the combined stack past 512 \
            bytes, other failures, then summed over the accepted programs: table and scratch \
            bytes reserved, instructions inserted (push, pop, zeroing; hand-up is in the \
            total only), pops of references from another frame, pcs where a table can unwind \
            while a reference is held, and the largest combined stack after instrumentation.

            Per-program numbers are in 'bpfsim verify FILE --backend table --variant V --json'.

            Examples:
              bpfsim table-summary -I Tests/Fixtures/include Tests/Fixtures/table/*.[sc]
              bpfsim table-summary prog.o other.c
            """
    )

    @Argument(help: "Objects, C sources or assembly files.")
    var files: [String]

    @Option(help: ArgumentHelp("A kernel catalog file extending the built-in helpers and kfuncs.", valueName: "FILE"))
    var catalog: String?

    @Option(name: [.customShort("I"), .customLong("include")], help: ArgumentHelp("Include directory for compiling a .c file (repeatable).", valueName: "DIR"))
    var includes: [String] = []

    func run() throws {
        var options = VerifierOptions()
        if let catalog {
            do {
                options.catalog = try Catalog.builtin.extended(byFile: catalog)
            } catch {
                FileHandle.standardError.write(Data("bpfsim: \(error)\n".utf8))
                throw ExitCode(1)
            }
        }
        var compiler = CompilerConfiguration()
        compiler.includePaths += includes
        var programs: [BPFProgram] = []
        var unreadable = false
        for file in files {
            for entry in ProgramInput.read(path: file, compiler: compiler).entries {
                switch entry {
                case .program(let p): programs.append(p.program)
                case .failure(let f):
                    FileHandle.standardError.write(Data("\(f.error)\n".utf8))
                    unreadable = true
                }
            }
        }
        print(TableSummary(programs: programs, options: options).text, terminator: "")
        if unreadable { throw ExitCode(1) }
    }
}
