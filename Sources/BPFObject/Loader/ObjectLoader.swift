/// Turns object bytes into a ``BPFObjectFile``, in the order libbpf's `bpf_object__open` and
/// `bpf_object__load` work: ELF, license, BTF and BTF.ext, maps, externs, relocations, then one
/// linked program per main function.
struct ObjectLoader {
    let bytes: [UInt8]
    let name: String
    let options: LoadOptions

    func load() throws(ObjectError) -> BPFObjectFile {
        let elf = try ELFFile(bytes: bytes)
        var diagnostics: [ObjectError] = []
        let license = elf.section(named: "license").flatMap { ByteReader($0.data).cString(at: 0) } ?? ""

        var btf: BTF?
        var unusable: Set<BTFTypeID> = []
        if let section = elf.section(named: ".BTF") {
            let parsed = try BTF(bytes: section.data)
            for problem in parsed.validate() {
                // clang's hot/cold splitting can leave a `.cold.N` FUNC pointing at a type id
                // that is not in the blob. libbpf (and the kernel) refuse the whole object;
                // bpfsim keeps the cold part as a subprogram without a prototype.
                if case .function(let fn, _, _)? = parsed[problem.typeID], fn.contains(".cold.") {
                    unusable.insert(problem.typeID)
                    diagnostics.append(
                        ObjectError(section: ".BTF", "\(problem); libbpf refuses such BTF, bpfsim treats '\(fn)' as a static subprogram without BTF"))
                    continue
                }
                throw ObjectError(section: ".BTF", problem.description)
            }
            btf = DataSectionFixup.apply(to: parsed, elf: elf)
        }
        var btfExt: BTFExt?
        if let section = elf.section(named: ".BTF.ext") {
            guard let btf else { throw ObjectError(section: ".BTF.ext", "present without .BTF") }
            btfExt = try BTFExt(bytes: section.data, btf: btf)
        }

        let functions = try FunctionTable(elf: elf)
        var maps = try MapCollector(elf: elf, btf: btf)
        let externs = try ExternCollector(elf: elf, btf: btf, options: options)
        diagnostics += externs.diagnostics
        var kconfigMap: Int?
        if !externs.kconfig.isEmpty {
            kconfigMap = maps.addKconfigMap(value: externs.kconfigValue, btfType: externs.kconfigBTFType)
        }
        let references = try SectionReferences(elf: elf, functions: functions, maps: maps, externs: externs)
        let context = ObjectContext(
            elf: elf, btf: btf, btfExt: btfExt, functions: functions, references: references, maps: maps.maps,
            externs: externs, kconfigMap: kconfigMap, license: license, unusableFunctions: unusable)

        for f in functions.functions where !FunctionTable.isSubprogramSection(f.section.name) && !f.symbol.isGlobal {
            diagnostics.append(
                ObjectError(section: f.section.name, pc: f.start, "libbpf: program '\(f.name)' is static and not supported; bpfsim treats it as a subprogram" + (f.isColdPart ? " (a hot/cold split part; compile with -Xclang -fno-split-cold-code to avoid it)" : "")))
        }

        if elf.producedByGCC {
            diagnostics.append(
                ObjectError("produced by GCC: relocation immediates already hold the symbol offset, so bpfsim does not add st_value to them (libbpf would)"))
            let coreCount = btfExt?.coreRelocations.values.reduce(0) { $0 + $1.count } ?? 0
            if coreCount > 0 {
                diagnostics.append(
                    ObjectError(section: ".BTF.ext", "produced by GCC: \(coreCount) CO-RE records ignored (they do not match their instructions); the compiled offsets, which are the object's own layout, are kept"))
            }
        }

        var programs: [BPFProgram] = []
        for (index, f) in functions.functions.enumerated() where f.isMainProgram {
            var linker = ProgramLinker(context: context, main: index)
            let (program, programDiagnostics) = try linker.link()
            programs.append(program)
            diagnostics += programDiagnostics
        }

        return BPFObjectFile(
            path: name, sha256: BPFObjectFile.sha256(of: bytes), programs: programs, maps: maps.maps, btf: btf ?? .empty,
            btfExt: btfExt, license: license, kconfig: externs.kconfig, diagnostics: diagnostics.map { $0.inFile(name) })
    }
}
