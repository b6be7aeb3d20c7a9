import ArgumentParser
import BPFISA
import BPFObject
import Foundation

/// `bpfsim disasm`: raw instructions or assembly text to a listing.
struct Disasm: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Disassemble BPF instructions the way llvm-objdump or the verifier log prints them.",
        discussion: """
            Input: raw instruction files (.bin, .raw: 8-byte little-endian slots, struct \
            bpf_insn) or assembly text in either syntax (anything else; labels become symbols). \
            ELF objects (.o, recognised by their magic) print every program relocated as libbpf \
            would load it, with subprogram labels, relocation targets by name and source lines.

            Styles: llvm (default) prints exactly what LLVM 21's llvm-objdump -d \
            --no-show-raw-insn prints, hex immediates included (--no-print-imm-hex for \
            decimal); llvm14 what Debian's LLVM 14 prints; kernel the verifier log's form \
            ('12: (bf) r6 = r1', 'call bpf_map_lookup_elem#1', 'goto pc+3'); readable LLVM's \
            spelling with helper, kfunc, map and label names; roundtrip a symbol-free form that \
            bpfsim asm turns back into the same bytes (LLVM's own text cannot tell a \
            bpf-to-bpf call from a helper call).

            A decoding error prints as FILE:pc N (byte offset B): message and exits 1.

            Examples:
              bpfsim disasm prog.bin
              bpfsim disasm prog.bin --style kernel
              bpfsim disasm ../shared/conformance/call_local.data --style readable
              bpfsim disasm prog.bin --style roundtrip > prog.s
              bpfsim asm prog.s -o again.bin          # the same bytes as prog.bin
            """
    )

    @Argument(help: "Raw instructions (.bin, .raw) or an assembly file ('-' reads assembly from standard input).")
    var file: String

    @Option(help: "How to print the instructions (see above).")
    var style: Style = .llvm

    @Flag(help: "Decimal immediates (llvm-objdump's --no-print-imm-hex).")
    var noPrintImmHex = false

    @Flag(help: "Show the instruction bytes, as llvm-objdump does without --no-show-raw-insn.")
    var rawInsn = false

    @Option(help: "Syntax of an assembly input: auto, llvm or ubpf.")
    var syntax: SyntaxChoice = .auto

    enum Style: String, ExpressibleByArgument, CaseIterable {
        case llvm, llvm14, kernel, readable, roundtrip
    }

    func run() throws {
        if let head = FileManager.default.contents(atPath: file)?.prefix(4), head.elementsEqual([0x7f, 0x45, 0x4c, 0x46]) {
            return printObject()
        }
        let (program, symbols) = try load()
        print(Self.render(program, symbols: symbols, style: style, decimal: noPrintImmHex, rawBytes: rawInsn), terminator: "")
    }

    /// The instructions of the input and the names it defines.
    private func load() throws -> ([Instruction], DisassemblySymbols) {
        if file.hasSuffix(".bin") || file.hasSuffix(".raw") {
            guard let data = FileManager.default.contents(atPath: file) else { CommandOutput.fail("\(file): cannot read file") }
            do {
                return (try Instruction.decodeProgram(Array(data)), .none)
            } catch {
                CommandOutput.fail("\(file):\(error)")
            }
        }
        let program: AssembledProgram
        do {
            program = try Assembler.assemble(try AssemblyInput.read(file), syntax: syntax.syntax)
        } catch {
            CommandOutput.fail("\(file):\(error)")
        }
        var functions: [Int: String] = [:]
        for (name, pc) in program.labels where functions[pc].map({ name < $0 }) ?? true { functions[pc] = name }
        return (program.instructions, DisassemblySymbols(program, functions: functions))
    }

    /// An ELF object: every program as the loader relocates it (subprograms appended), with
    /// function labels, relocation targets, CO-RE values and source lines (BPFObject's
    /// ObjectListing supplies symbols and annotations).
    private func printObject() {
        let object: BPFObjectFile
        do {
            object = try BPFObjectFile.load(path: file)
        } catch {
            CommandOutput.fail("\(error)")
        }
        for (i, p) in object.programs.enumerated() {
            print((i > 0 ? "\n" : "") + ObjectListing.header(for: p))
            let text = Self.render(
                p.instructions, symbols: ObjectListing.symbols(for: p), annotations: ObjectListing.annotations(for: p),
                style: style, decimal: noPrintImmHex, rawBytes: rawInsn)
            print(text, terminator: "")
        }
    }

    /// The seam for every input kind: instructions, their symbols and per-pc annotations
    /// (source lines, relocations) in, listing out. The ELF reader calls this per section.
    static func render(
        _ program: [Instruction], symbols: DisassemblySymbols, annotations: ListingAnnotations = .init(), style: Style,
        decimal: Bool = false, rawBytes: Bool = false
    ) -> String {
        var options: DisassemblyOptions
        switch style {
        case .llvm: options = .llvm21
        case .llvm14: options = .llvm14
        case .readable: options = .readable
        case .roundtrip: options = .roundTrip
        case .kernel:
            return program.enumerated().compactMap { pc, insn in
                insn == .continuation ? nil : "\(pc): " + Disassembler.verifierLogText(of: insn, at: pc, symbols: symbols) + "\n"
            }.joined()
        }
        if decimal { options.immediates = .decimal }
        let listingSymbols = style == .roundtrip ? DisassemblySymbols.none : symbols
        return Disassembler.listing(
            program, options: options, symbols: listingSymbols, annotations: annotations, rawBytes: rawBytes)
    }
}
