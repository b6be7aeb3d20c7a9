import ArgumentParser
import BPFISA
import Foundation

/// `bpfsim asm`: assembly text (either dialect) to raw instruction bytes.
struct Asm: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Assemble BPF assembly text into raw instructions.",
        discussion: """
            Reads the pseudo-C syntax that llvm-objdump and the kernel verifier log print \
            (r0 = *(u32 *)(r1 + 4), if r1 s> 5 goto +2, call bpf_map_lookup_elem) or the uBPF \
            mnemonic syntax of the conformance vectors (ldxw %r0, [%r1+4], jne %r0, 1, out); \
            --syntax auto decides per file. Labels (name:), comments (; // #), pasted \
            verifier-log lines (12: (bf) r6 = r1) and pasted objdump lines are accepted. For a \
            conformance vector (.data) only its '-- asm' section is read.

            call NAME resolves to a label (bpf-to-bpf call), else a helper of \
            include/uapi/linux/bpf.h, else a kfunc: with the id given by --kfunc, or a \
            synthetic id from 0x10000001 on. r1 = NAME ll loads a map given by --map, or the \
            address of a label (a callback).

            Output: --format raw (default) writes the little-endian 8-byte slots, as the \
            kernel's struct bpf_insn array; --format hex writes one 64-bit word per line, like \
            a vector's '-- raw' section. Errors print as FILE:LINE:COLUMN: message and exit 1.

            Examples:
              bpfsim asm prog.s -o prog.bin
              bpfsim asm ../shared/conformance/lddw.data --format hex
              bpfsim asm prog.s -o prog.bin --map counts=0 --kfunc bpf_task_acquire=65913
            """
    )

    @Argument(help: "Assembly file ('-' reads standard input; a .data vector's '-- asm' section).")
    var file: String

    @Option(name: .shortAndLong, help: "Output file (required for --format raw; hex defaults to standard output).")
    var output: String?

    @Option(help: "raw: little-endian instruction bytes; hex: one 64-bit word per line.")
    var format: OutputFormat = .raw

    @Option(help: "auto, llvm (pseudo-C) or ubpf (mnemonics).")
    var syntax: SyntaxChoice = .auto

    @Option(name: .customLong("map"), help: ArgumentHelp("A map for 'r1 = NAME ll'.", valueName: "NAME=INDEX"))
    var maps: [String] = []

    @Option(name: .customLong("kfunc"), help: ArgumentHelp("A kfunc's BTF id for 'call NAME'.", valueName: "NAME=ID"))
    var kfuncs: [String] = []

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
        case raw, hex
    }

    func validate() throws {
        if format == .raw, output == nil { throw ValidationError("--format raw needs -o OUT (binary is not written to a terminal)") }
        _ = try Self.assignments(maps, "--map")
        _ = try Self.assignments(kfuncs, "--kfunc")
    }

    func run() throws {
        let text = try AssemblyInput.read(file)
        let resolver = SymbolResolver(maps: try Self.assignments(maps, "--map"), kfuncs: try Self.assignments(kfuncs, "--kfunc"))
        let program: AssembledProgram
        do {
            program = try Assembler.assemble(text, syntax: syntax.syntax, resolver: resolver)
        } catch {
            CommandOutput.fail("\(file):\(error)")
        }
        switch format {
        case .raw:
            try CommandOutput.write(Data(program.bytes), to: output)
        case .hex:
            let words = program.instructions.flatMap { $0.encode() }.map { hex($0.word, width: 16) }
            try CommandOutput.write(Data(words.map { $0 + "\n" }.joined().utf8), to: output)
        }
    }

    /// `NAME=NUMBER` pairs.
    static func assignments(_ values: [String], _ option: String) throws -> [String: Int32] {
        var table: [String: Int32] = [:]
        for value in values {
            let parts = value.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, let number = Int32(parts[1]) else {
                throw ValidationError("\(option) takes NAME=NUMBER, not '\(value)'")
            }
            table[String(parts[0])] = number
        }
        return table
    }
}

/// `--syntax` values.
enum SyntaxChoice: String, ExpressibleByArgument, CaseIterable {
    case auto, llvm, ubpf

    var syntax: AssemblySyntax {
        switch self {
        case .auto: return .auto
        case .llvm: return .llvm
        case .ubpf: return .ubpf
        }
    }
}

/// Reading assembly files for `asm` and `disasm`.
enum AssemblyInput {
    /// The text of `path` (`-`: standard input). For a conformance vector (`.data`) every line
    /// outside its `-- asm` section is blanked, so error lines still count from the file's top.
    static func read(_ path: String) throws -> String {
        let data: Data
        if path == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            guard let d = FileManager.default.contents(atPath: path) else { CommandOutput.fail("\(path): cannot read file") }
            data = d
        }
        let text = String(decoding: data, as: UTF8.self)
        guard path.hasSuffix(".data") else { return text }
        var inAsm = false
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> Substring in
            if line.hasPrefix("-- ") {
                inAsm = line == "-- asm"
                return ""
            }
            return inAsm ? line : ""
        }.joined(separator: "\n")
    }
}

/// Output and failure conventions shared by the text-tool commands (SPEC §7).
enum CommandOutput {
    /// One line on standard error, exit status 1.
    static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data((message + "\n").utf8))
        Foundation.exit(1)
    }

    static func write(_ data: Data, to path: String?) throws {
        guard let path, path != "-" else {
            FileHandle.standardOutput.write(data)
            return
        }
        guard FileManager.default.createFile(atPath: path, contents: data) else { fail("\(path): cannot write file") }
    }
}
