import BPFISA

/// A function symbol of an executable section, with its instruction range in that section.
struct ObjectFunction {
    let name: String
    let symbol: ELFSymbol
    let section: ELFSection
    /// First and one-past-last slot in the section.
    let start: Int
    let end: Int

    /// libbpf's rule: in a section other than `.text`, a global function is a program.
    /// bpfsim also treats `.text.*` sections (clang's `.text.unlikely.*`) as subprogram code.
    var isMainProgram: Bool { !FunctionTable.isSubprogramSection(section.name) && symbol.isGlobal }
    /// clang's hot/cold splitting names outlined parts `fn.cold.N`.
    var isColdPart: Bool { name.contains(".cold.") }
}

/// Every function of every executable section, and the raw slots of those sections.
struct FunctionTable {
    private(set) var functions: [ObjectFunction] = []
    /// Raw slots of each executable section, by section index.
    private(set) var slots: [Int: [RawInstruction]] = [:]
    private var bySection: [Int: [Int]] = [:]

    static func isSubprogramSection(_ name: String) -> Bool { name == ".text" || name.hasPrefix(".text.") }

    init(elf: ELFFile) throws(ObjectError) {
        for section in elf.sections where section.isExecutable && section.size > 0 {
            guard section.size % 8 == 0 else {
                throw ObjectError(section: section.name, "section size \(section.size) is not a multiple of 8 (struct bpf_insn)")
            }
            let count = section.size / 8
            let data = section.data
            slots[section.index] = (0..<count).map { k in
                var word: UInt64 = 0
                for b in 0..<8 { word |= UInt64(data[k * 8 + b]) << (8 * UInt64(b)) }
                return RawInstruction(word: word)
            }
            let symbols = elf.symbols.filter { $0.sectionIndex == section.index && $0.isFunction }
                .sorted { ($0.value, $0.index) < ($1.value, $1.index) }
            for (k, sym) in symbols.enumerated() {
                guard sym.value % 8 == 0, sym.size % 8 == 0, let start = Int(file: sym.value / 8), start < count else {
                    throw ObjectError(section: section.name, "function '\(sym.name)' at offset \(sym.value) (size \(sym.size)) is outside the section or misaligned")
                }
                var end: Int
                if sym.size > 0 {
                    guard let length = Int(file: sym.size / 8), length <= count - start else {
                        throw ObjectError(section: section.name, "function '\(sym.name)' (offset \(sym.value), size \(sym.size)) runs past the end of the section")
                    }
                    end = start + length
                } else {
                    // gcc and hand-written objects may leave st_size at 0: run to the next function.
                    end = count
                    for next in symbols[(k + 1)...] where next.value / 8 > UInt64(start) {
                        end = Int(next.value / 8)
                        break
                    }
                }
                bySection[section.index, default: []].append(functions.count)
                functions.append(ObjectFunction(name: sym.name, symbol: sym, section: section, start: start, end: end))
            }
        }
    }

    /// The function of `section` that starts at slot `index`.
    func function(section: Int, startingAt index: Int) -> Int? {
        bySection[section]?.first { functions[$0].start == index }
    }

    /// The function of `section` whose range contains slot `index`.
    func function(section: Int, containing index: Int) -> Int? {
        bySection[section]?.first { functions[$0].start <= index && index < functions[$0].end }
    }

    func function(named name: String) -> [Int] {
        functions.indices.filter { functions[$0].name == name }
    }
}
