import BPFISA

/// `bpfsim disasm FILE.o`: every program of an object as an `llvm-objdump -dS`-style listing
/// (``BPFISA/Disassembler``), with function labels for the main program and each appended
/// subprogram, each relocation target by name (map, global, kfunc, callee, callback), CO-RE
/// relocations with their values, and source lines from BTF line info interleaved.
public enum ObjectListing {
    /// One line naming the program, its section, type and attach point.
    public static func header(for program: BPFProgram) -> String {
        var facts = ["section \(program.section)", "\(program.programType)"]
        if let attach = program.expectedAttachType { facts.append("attach \(attach)") }
        if let target = program.attachTarget { facts.append("target \(target)") }
        if program.isSleepable { facts.append("sleepable") }
        if let cb = program.exceptionCallback { facts.append("exception callback \(cb)") }
        return "Disassembly of program \(program.name) (\(facts.joined(separator: ", "))):"
    }

    /// Function symbols (subprogram starts) plus kfunc and map names for the disassembler.
    public static func symbols(for program: BPFProgram) -> DisassemblySymbols {
        var functions: [Int: String] = [:]
        for s in program.subprograms { functions[s.startPC] = s.name }
        var maps: [Int32: String] = [:]
        for (i, m) in program.maps.enumerated() { maps[Int32(i)] = m.name }
        return DisassemblySymbols(
            functions: functions, labels: functions, kfuncs: program.kfuncs.mapValues(\.name), maps: maps)
    }

    /// Source lines before instructions (when the line changes, as `objdump -S`) and resolved
    /// references and CO-RE relocations after them.
    public static func annotations(for program: BPFProgram) -> ListingAnnotations {
        var before: [Int: [String]] = [:]
        var previous: (String, Int)?
        for location in program.lineInfo where !location.sourceLine.isEmpty {
            let key = (location.file, location.line)
            if let p = previous, p == key, program.subprogram(startingAt: location.pc) == nil { continue }
            previous = key
            before[location.pc, default: []].append("; " + location.sourceLine)
        }
        var after: [Int: [String]] = [:]
        for r in program.references {
            after[r.pc, default: []].append("\t\t; " + describe(r, in: program))
        }
        for c in program.coreRelocations {
            let access = c.kind.isFieldBased ? " (\(c.accessString))" : ""
            after[c.pc, default: []].append("\t\t; CO-RE <\(c.kind.name)> \(c.typeID) \(c.spec)\(access) = \(hex(c.value))")
        }
        return ListingAnnotations(before: before, after: after)
    }

    /// What a reference resolved to, naming the ELF symbol first as llvm-objdump does.
    public static func describe(_ r: ResolvedReference, in program: BPFProgram) -> String {
        func mapName(_ i: Int) -> String { program.maps.indices.contains(i) ? program.maps[i].name : "map#\(i)" }
        switch r.target {
        case .map(let i):
            let type = program.maps.indices.contains(i) ? " (\(program.maps[i].type))" : ""
            return "\(r.symbol): map #\(i)\(type)"
        case .globalData(let m, let offset):
            return "\(r.symbol): \(mapName(m))+\(offset) (map #\(m))"
        case .kconfig(let m, let offset):
            return "\(r.symbol): \(mapName(m))+\(offset) (map #\(m))"
        case .kfunc(let id):
            return "\(r.symbol): kfunc \(program.kfuncs[id]?.name ?? "?") (btf_id \(id))"
        case .ksym(let id):
            return "\(r.symbol): ksym \(program.ksyms[id]?.name ?? "?") (btf_id \(id))"
        case .subprogram(let name):
            return r.symbol == name ? "call \(name)" : "\(r.symbol): call \(name)"
        case .callback(let name):
            return r.symbol == name ? "callback \(name)" : "\(r.symbol): callback \(name)"
        }
    }

    /// The whole object, program after program, in `options`' spelling.
    public static func listing(of object: BPFObjectFile, options: DisassemblyOptions = .llvm21, rawBytes: Bool = false) -> String {
        object.programs.map { listing(of: $0, options: options, rawBytes: rawBytes) }.joined(separator: "\n")
    }

    /// One program: its header line, then the annotated instructions.
    public static func listing(of program: BPFProgram, options: DisassemblyOptions = .llvm21, rawBytes: Bool = false) -> String {
        header(for: program) + "\n"
            + Disassembler.listing(
                program.instructions, options: options, symbols: symbols(for: program),
                annotations: annotations(for: program), rawBytes: rawBytes)
    }
}
