import BPFISA
import Foundation

/// An assembly file as a corpus entry: text in either dialect (``BPFISA/Assembler``) with a
/// declarative header in comments that says what an ELF section name and BTF would say for a
/// compiled program.
///
/// Header lines (any comment leader: `;`, `#`, `//`), all optional:
///
///     ; bpfsim: section=tc name=classify license=GPL
///     ; bpfsim: prog_type=sched_cls attach=tcx_ingress global=helper exception_callback=on_throw
///     ; map: name=counts type=hash key_size=4 value_size=8 max_entries=16 flags=0
///
/// `section` gives program type and attach type exactly as for ELF objects (libbpf's names);
/// `prog_type` overrides it. Maps are numbered in header order; `r1 = counts ll` loads map 0.
/// Functions are the main program (pc 0) and every label a `call` or a function address
/// reaches; `global=` lists the ones to verify as global functions.
public struct AssemblyHeader: Hashable, Sendable {
    public var section: String?
    public var name: String?
    public var license: String = ""
    public var programType: ProgramType?
    public var attachType: AttachType?
    public var globalFunctions: [String] = []
    public var exceptionCallback: String?
    public var maps: [MapDefinition] = []

    public init() {}

    /// Reads the header lines of `text`; malformed header lines are errors with their line.
    public init(text: String) throws(ObjectError) {
        for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var line = Substring(raw).drop { $0 == " " || $0 == "\t" }
            var commented = false
            for leader in [";", "#", "//"] where line.hasPrefix(leader) {
                line = line.dropFirst(leader.count).drop { $0 == " " || $0 == "\t" }
                commented = true
                break
            }
            guard commented else { continue }
            if line.hasPrefix("bpfsim:") {
                try readProgramLine(line.dropFirst("bpfsim:".count), line: n + 1)
            } else if line.hasPrefix("map:") {
                try readMapLine(line.dropFirst("map:".count), line: n + 1)
            }
        }
    }

    private static func pairs(_ text: Substring, line: Int) throws(ObjectError) -> [(String, String)] {
        var out: [(String, String)] = []
        for word in text.split(whereSeparator: { $0 == " " || $0 == "\t" }) {
            guard let eq = word.firstIndex(of: "="), eq != word.startIndex else {
                throw ObjectError(line: line, "header: expected key=value, got '\(word)'")
            }
            out.append((String(word[..<eq]), String(word[word.index(after: eq)...])))
        }
        return out
    }

    private mutating func readProgramLine(_ text: Substring, line: Int) throws(ObjectError) {
        for (key, value) in try AssemblyHeader.pairs(text, line: line) {
            switch key {
            case "section": section = value
            case "name": name = value
            case "license": license = value
            case "prog_type":
                guard let t = ProgramType(name: value) else { throw ObjectError(line: line, "header: unknown prog_type '\(value)'") }
                programType = t
            case "attach":
                guard let t = AttachType.allCases.first(where: { $0.description == value }) else {
                    throw ObjectError(line: line, "header: unknown attach type '\(value)'")
                }
                attachType = t
            case "global": globalFunctions += value.split(separator: ",").map(String.init)
            case "exception_callback": exceptionCallback = value
            default: throw ObjectError(line: line, "header: unknown key '\(key)'")
            }
        }
    }

    private mutating func readMapLine(_ text: Substring, line: Int) throws(ObjectError) {
        var map = MapDefinition(name: "", type: .unspecified, keySize: 0, valueSize: 0, maxEntries: 0)
        func number(_ key: String, _ value: String) throws(ObjectError) -> UInt32 {
            let parsed = value.hasPrefix("0x") ? UInt32(value.dropFirst(2), radix: 16) : UInt32(value)
            guard let v = parsed else { throw ObjectError(line: line, "map: \(key)=\(value) is not a number") }
            return v
        }
        for (key, value) in try AssemblyHeader.pairs(text, line: line) {
            switch key {
            case "name": map.name = value
            case "type":
                guard let t = MapType(name: value) else { throw ObjectError(line: line, "map: unknown type '\(value)'") }
                map.type = t
            case "key_size": map.keySize = try number(key, value)
            case "value_size": map.valueSize = try number(key, value)
            case "max_entries": map.maxEntries = try number(key, value)
            case "flags": map.flags = try number(key, value)
            default: throw ObjectError(line: line, "map: unknown key '\(key)'")
            }
        }
        guard !map.name.isEmpty else { throw ObjectError(line: line, "map: missing name=") }
        guard map.type != .unspecified else { throw ObjectError(line: line, "map '\(map.name)': missing type=") }
        guard !maps.contains(where: { $0.name == map.name }) else {
            throw ObjectError(line: line, "map '\(map.name)' is declared twice")
        }
        maps.append(map)
    }
}

/// Loading an assembly file into a ``BPFProgram``.
public enum AssemblyFile {
    /// Assembles `text` (named `path` in errors) with its header.
    public static func load(text: String, path: String) throws(ObjectError) -> BPFProgram {
        let header: AssemblyHeader
        do {
            header = try AssemblyHeader(text: text)
        } catch {
            throw error.inFile(path)
        }
        let resolver = SymbolResolver(maps: Dictionary(uniqueKeysWithValues: header.maps.enumerated().map { ($1.name, Int32($0)) }))
        let assembled: AssembledProgram
        do {
            assembled = try Assembler.assemble(text, resolver: resolver)
        } catch {
            throw ObjectError(file: path, line: error.line, column: error.column, error.message)
        }
        guard !assembled.instructions.isEmpty else { throw ObjectError(file: path, "no instructions") }

        let fileName = path.split(separator: "/").last.map(String.init) ?? path
        let baseName = fileName.split(separator: ".").first.map(String.init) ?? fileName
        let name = header.name ?? baseName
        let sectionName = header.section ?? header.programType?.description ?? "socket"
        let sectionInfo = ProgramSection(sectionName: sectionName)
        guard let programType = header.programType ?? sectionInfo?.programType else {
            throw ObjectError(file: path, "section '\(sectionName)' names no program type; add prog_type= to the bpfsim: header")
        }
        var labelsByPC: [Int: [String]] = [:]
        for (label, pc) in assembled.labels { labelsByPC[pc, default: []].append(label) }

        // Function starts: pc 0, every call target, every function address.
        var roles: [Int: Subprogram.Role] = [0: .main]
        for (pc, insn) in assembled.instructions.enumerated() {
            switch insn {
            case .call(.local(let off)): roles[pc + Int(off) + 1, default: []].insert(.callee)
            case .loadImm64(_, .function(let off)): roles[pc + Int(off) + 1, default: []].insert(.callbackTarget)
            default: break
            }
        }
        if let cb = header.exceptionCallback {
            guard let pc = assembled.labels[cb] else {
                throw ObjectError(file: path, "prog '\(name)': cannot find exception callback '\(cb)'")
            }
            guard header.globalFunctions.contains(cb) else {
                throw ObjectError(file: path, "prog '\(name)': exception callback \(cb) must be a global non-hidden function")
            }
            roles[pc, default: []].insert(.exceptionCallback)
        }
        for g in header.globalFunctions {
            guard let pc = assembled.labels[g] else { throw ObjectError(file: path, "global function '\(g)' is not a label") }
            if roles[pc] == nil { roles[pc] = [] }
        }
        let starts = roles.keys.sorted()
        for s in starts where s < 0 || s >= assembled.instructions.count || assembled.instructions[s] == .continuation {
            throw ObjectError(file: path, "call target pc \(s) is not an instruction of the program")
        }
        let subprograms = starts.enumerated().map { (k, start) -> Subprogram in
            let end = k + 1 < starts.count ? starts[k + 1] : assembled.instructions.count
            let label = start == 0 ? name : (labelsByPC[start]?.sorted().first ?? "subprog_\(start)")
            return Subprogram(
                name: label, startPC: start, endPC: end, isGlobal: start == 0 || header.globalFunctions.contains(label),
                section: sectionName, role: roles[start] ?? [])
        }

        var references: [ResolvedReference] = []
        var kfuncs: [Int32: ExternFunction] = [:]
        for (pc, insn) in assembled.instructions.enumerated() {
            switch insn {
            case .call(.kfunc(let id, _)):
                let kname = assembled.kfuncs[id] ?? "kfunc#\(id)"
                kfuncs[id] = ExternFunction(name: kname)
                references.append(ResolvedReference(pc: pc, symbol: kname, target: .kfunc(id)))
            case .loadImm64(_, .mapFD(let m)) where Int(m) < header.maps.count && m >= 0:
                references.append(ResolvedReference(pc: pc, symbol: header.maps[Int(m)].name, target: .map(Int(m))))
            case .call(.local(let off)):
                let target = subprograms.first { $0.startPC == pc + Int(off) + 1 }?.name ?? "?"
                references.append(ResolvedReference(pc: pc, symbol: target, target: .subprogram(target)))
            case .loadImm64(_, .function(let off)):
                let target = subprograms.first { $0.startPC == pc + Int(off) + 1 }?.name ?? "?"
                references.append(ResolvedReference(pc: pc, symbol: target, target: .callback(target)))
            default:
                break
            }
        }
        let textLines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let lines = assembled.sourceLines.enumerated().compactMap { (pc, line) -> SourcePosition? in
            guard pc == 0 || assembled.sourceLines[pc - 1] != line else { return nil }
            return SourcePosition(pc: pc, file: fileName, line: line, column: 0, sourceLine: line >= 1 && line <= textLines.count ? textLines[line - 1].trimmingCharacters(in: .whitespaces) : "")
        }
        return BPFProgram(
            name: name, section: sectionName, programType: programType,
            expectedAttachType: header.attachType ?? sectionInfo?.expectedAttachType, attachTarget: sectionInfo?.attachTarget,
            isSleepable: sectionInfo?.isSleepable ?? false, instructions: assembled.instructions, subprograms: subprograms,
            maps: header.maps, kfuncs: kfuncs, lineInfo: lines, exceptionCallback: header.exceptionCallback,
            license: header.license, references: references)
    }
}
