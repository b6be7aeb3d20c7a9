import ArgumentParser
import BPFISA
import BPFInterpreter
import Foundation

/// `bpfsim run`: execute one program on the interpreter and show `r0` and the executed
/// instructions by class (SPEC §6, §7).
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a BPF program on the interpreter and print r0 and the executed instructions by class.",
        discussion: """
            Input: assembly text in either syntax (a conformance vector's '-- asm' section for \
            .data files) or raw instructions (.bin, .raw: 8-byte little-endian slots). ELF \
            objects (.o) are not read yet; extract a section with \
            llvm-objcopy -O binary --only-section=SEC prog.o prog.bin.

            Memory: --mem maps the given bytes as one read-write region and passes its address \
            in r1 and its length in r2, as the conformance suite does (a .data vector's '-- mem' \
            is used when --mem is absent). r10 points at the top of a 512-byte stack per frame. \
            Helper 5 is the conformance suite's unwind helper (returns r1, stops the program \
            when r1 is 0); other helpers and kfuncs arrive with the simulated kernel.

            Counts: alu (incl. lddw, neg, movsx, byte swaps), load, store, atomic, branch (jumps, \
            gotos, may_goto), call (bpf-to-bpf calls and every exit), helper (incl. callx), \
            kfunc. --trace prints each executed instruction as the verifier log does, with the \
            registers it changed.

            A fault (out-of-bounds access, budget, call depth, unknown helper) prints \
            FILE:pc N: message and exits 1.

            Examples:
              bpfsim run ../shared/conformance/call_local.data --trace
              bpfsim run prog.s --mem "01 02 03 04" --budget 1000000
              bpfsim run prog.bin
            """
    )

    @Argument(help: "Assembly file, .data conformance vector, or raw instructions (.bin, .raw).")
    var file: String

    @Option(help: ArgumentHelp("Input memory as hex bytes ('00 01 ff' or '0001ff'): address in r1, length in r2.", valueName: "HEX"))
    var mem: String?

    @Flag(help: "Print every executed instruction and the registers it changed.")
    var trace = false

    @Option(help: "Fault after this many executed instructions.")
    var budget: UInt64 = 1_000_000_000

    @Option(help: "Syntax of an assembly input: auto, llvm or ubpf.")
    var syntax: SyntaxChoice = .auto

    func validate() throws {
        if let mem, Self.parseHex(mem) == nil { throw ValidationError("--mem: '\(mem)' is not a sequence of hex bytes") }
        if budget == 0 { throw ValidationError("--budget must be at least 1") }
    }

    func run() throws {
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
        if let head = FileManager.default.contents(atPath: file)?.prefix(4), head.elementsEqual([0x7f, 0x45, 0x4c, 0x46]) {
            CommandOutput.fail(
                "\(file): ELF objects are not supported by run yet; extract a section with llvm-objcopy -O binary --only-section=SEC")
        }
        do {
            let program = try Assembler.assemble(try AssemblyInput.read(file), syntax: syntax.syntax)
            return (program.instructions, program.sourceLines)
        } catch {
            CommandOutput.fail("\(file):\(error)")
        }
    }

    /// `12: (bf) r6 = r1  ; r6=0x200000000`, indented by call depth.
    static func traceLine(_ record: TraceRecord) -> String {
        let text = "\(String(repeating: "  ", count: record.depth))\(record.pc): "
            + Disassembler.verifierLogText(of: record.instruction, at: record.pc)
        guard !record.changes.isEmpty else { return text }
        let changes = record.changes.map { "\($0.register)=\(hex($0.value))" }.joined(separator: " ")
        return text.padding(toLength: max(text.count, 40), withPad: " ", startingAt: 0) + " ; " + changes
    }

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
