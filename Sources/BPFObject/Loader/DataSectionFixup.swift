/// libbpf's `btf_fixup_datasec`: clang leaves DATASEC sizes and variable offsets at 0 in the
/// object; libbpf fills the size from the ELF section and each variable's offset from its ELF
/// symbol, then sorts the variables by offset, before it reads `.maps` or hands the BTF to the
/// kernel. `.kconfig` and `.ksyms` are laid out by libbpf itself and left alone.
enum DataSectionFixup {
    static func apply(to btf: BTF, elf: ELFFile) -> BTF {
        var replacements: [Int: BTFType] = [:]
        for (i, t) in btf.types.enumerated() {
            guard case .dataSection(let name, let size, let vars) = t, name != ".kconfig", name != ".ksyms", size == 0,
                let section = elf.section(named: name)
            else { continue }
            let symbols = elf.symbols.filter { $0.sectionIndex == section.index && !$0.isSection }
            let fixed = vars.map { v -> BTFVariableInSection in
                guard let varName = btf[v.type]?.name, let sym = symbols.first(where: { $0.name == varName }),
                    let offset = UInt32(exactly: sym.value)
                else { return v }
                return BTFVariableInSection(type: v.type, offset: offset, size: v.size)
            }
            .enumerated().sorted { ($0.element.offset, $0.offset) < ($1.element.offset, $1.offset) }.map(\.element)
            replacements[i] = .dataSection(name: name, size: UInt32(clamping: section.size), variables: fixed)
        }
        return replacements.isEmpty ? btf : btf.replacing(replacements)
    }
}
