import BPFISA

/// Everything about an object that linking one program needs.
struct ObjectContext {
    let elf: ELFFile
    let btf: BTF?
    let btfExt: BTFExt?
    let functions: FunctionTable
    let references: SectionReferences
    let maps: [MapDefinition]
    let externs: ExternCollector
    let kconfigMap: Int?
    let license: String
    /// FUNC types whose BTF entry cannot be used (dangling prototype of a cold part).
    let unusableFunctions: Set<BTFTypeID>
}

/// Builds one ``BPFProgram`` from a main function the way libbpf's `bpf_object__relocate`
/// does: `bpf_object__reloc_code` appends each subprogram at the end the first time a call or
/// function address reaches it (depth first, in instruction order) and fixes the pc-relative
/// immediates; the `__exception_cb` target is appended last if nothing called it; then data
/// relocations (`bpf_object__relocate_data`) and CO-RE relocations are applied to every copy.
struct ProgramLinker {
    let context: ObjectContext
    let main: Int

    private var slots: [RawInstruction] = []
    /// Function index -> first slot in the program, in placement order.
    private var placed: [(function: Int, start: Int)] = []
    private var startOf: [Int: Int] = [:]
    private var roles: [Int: Subprogram.Role] = [:]
    private var references: [ResolvedReference] = []
    private var diagnostics: [ObjectError] = []

    init(context: ObjectContext, main: Int) {
        self.context = context
        self.main = main
    }

    mutating func link() throws(ObjectError) -> (BPFProgram, [ObjectError]) {
        let mainFunction = context.functions.functions[main]
        let sectionName = mainFunction.section.name
        roles[main] = .main
        append(main)
        try relocateCode(main)

        let exceptionCallback = try exceptionCallbackName(of: mainFunction)
        if let name = exceptionCallback {
            let candidates = context.functions.function(named: name).filter {
                FunctionTable.isSubprogramSection(context.functions.functions[$0].section.name)
            }
            guard let cb = candidates.first else {
                throw ObjectError(section: sectionName, "prog '\(mainFunction.name)': cannot find exception callback '\(name)'")
            }
            guard candidates.count == 1 else {
                throw ObjectError(section: sectionName, "prog '\(mainFunction.name)': multiple subprogs with same name as exception callback '\(name)'")
            }
            guard isGlobal(cb) else {
                throw ObjectError(section: sectionName, "prog '\(mainFunction.name)': exception callback \(name) must be a global non-hidden function")
            }
            roles[cb, default: []].insert(.exceptionCallback)
            if startOf[cb] == nil {
                append(cb)
                try relocateCode(cb)
            }
        }

        var core: [AppliedCORERelocation] = []
        var lines: [SourcePosition] = []
        for (function, start) in placed {
            try relocateData(function, at: start)
            core += try relocateCORE(function, at: start)
            lines += lineInfo(function, at: start)
        }
        references.sort { $0.pc < $1.pc }

        let instructions: [Instruction]
        do {
            instructions = try Instruction.decodeProgram(slots)
        } catch {
            throw place(error.message, pc: error.pc)
        }

        let subprograms = placed.map { (function, start) -> Subprogram in
            let f = context.functions.functions[function]
            let btfFunction = btfFunctionID(function)
            var role = roles[function] ?? []
            if f.isColdPart { role.insert(.coldPart) }
            return Subprogram(
                name: f.name, startPC: start, endPC: start + (f.end - f.start), isGlobal: function == main ? true : isGlobal(function),
                btfFunctionID: btfFunction, btfPrototypeID: btfFunction.flatMap { prototypeID($0) },
                section: f.section.name, role: role)
        }
        let sectionInfo = ProgramSection(sectionName: sectionName)
        if sectionInfo == nil {
            diagnostics.append(ObjectError(section: sectionName, "prog '\(mainFunction.name)': missing BPF prog type, check ELF section name '\(sectionName)'"))
        }
        let program = BPFProgram(
            name: mainFunction.name, section: sectionName, programType: sectionInfo?.programType ?? .unspecified,
            expectedAttachType: sectionInfo?.expectedAttachType, attachTarget: sectionInfo?.attachTarget,
            isSleepable: sectionInfo?.isSleepable ?? false, instructions: instructions, subprograms: subprograms,
            maps: context.maps, kfuncs: usedKfuncs(), ksyms: usedKsyms(), lineInfo: lines.sorted { $0.pc < $1.pc },
            exceptionCallback: exceptionCallback, license: context.license, btf: context.btf ?? .empty,
            references: references, coreRelocations: core.sorted { $0.pc < $1.pc })
        return (program, diagnostics)
    }

    // MARK: layout

    private mutating func append(_ function: Int) {
        let f = context.functions.functions[function]
        let start = slots.count
        startOf[function] = start
        placed.append((function, start))
        slots += context.functions.slots[f.section.index]?[f.start..<f.end] ?? []
    }

    /// `bpf_object__reloc_code` for one function already placed in the program.
    private mutating func relocateCode(_ function: Int) throws(ObjectError) {
        let f = context.functions.functions[function]
        guard let base = startOf[function] else { return }
        let entries = context.references.entries(section: f.section.index)
        for i in f.start..<f.end {
            let pc = base + (i - f.start)
            let insn = slots[pc]
            var targetSection = f.section.index
            let targetIndex: Int
            var isAddress = false
            var symbol: String?
            switch entries[i]?.reference {
            case .call(let s, let index)?:
                (targetSection, targetIndex, symbol) = (s, index, entries[i]?.symbol)
            case .functionAddress(let s, let index)?:
                (targetSection, targetIndex, symbol, isAddress) = (s, index, entries[i]?.symbol, true)
            case nil where insn.code == 0x85 && insn.src == 1:
                targetIndex = i + Int(insn.imm) + 1  // a call inside the section, no relocation
            case nil where insn.code == 0x18 && insn.src == 4:
                targetIndex = i + Int(insn.imm) + 1
                isAddress = true
            default:
                continue
            }
            guard let callee = context.functions.function(section: targetSection, startingAt: targetIndex) else {
                let sectionName = context.elf.section(at: targetSection)?.name ?? "?"
                throw ObjectError(section: f.section.name, pc: i, "\(isAddress ? "function address" : "call") target is insn \(targetIndex) of '\(sectionName)', which is not the start of a function")
            }
            if startOf[callee] == nil {
                append(callee)
                try relocateCode(callee)
            }
            roles[callee, default: []].insert(isAddress ? .callbackTarget : .callee)
            guard let calleeStart = startOf[callee] else { continue }
            let displacement = calleeStart - pc - 1
            guard let imm = Int32(exactly: displacement) else { throw place("call displacement out of range", pc: pc) }
            slots[pc].imm = imm
            let calleeName = context.functions.functions[callee].name
            if isAddress {
                guard i + 1 < f.end else {
                    throw ObjectError(section: f.section.name, pc: i, "lddw of '\(calleeName)' on the last slot of function '\(f.name)'")
                }
                slots[pc].src = 4  // BPF_PSEUDO_FUNC
                slots[pc + 1].imm = 0
                references.append(ResolvedReference(pc: pc, symbol: symbol ?? calleeName, target: .callback(calleeName)))
            } else {
                references.append(ResolvedReference(pc: pc, symbol: symbol ?? calleeName, target: .subprogram(calleeName)))
            }
        }
    }

    // MARK: data, externs, CO-RE, line info

    /// `bpf_object__relocate_data` for one placed function.
    private mutating func relocateData(_ function: Int, at base: Int) throws(ObjectError) {
        let f = context.functions.functions[function]
        let entries = context.references.entries(section: f.section.index)
        for i in entries.keys.sorted() where f.start <= i && i < f.end {
            guard let entry = entries[i] else { continue }
            let pc = base + (i - f.start)
            switch entry.reference {
            case .map, .data, .kconfig, .ksym:
                guard i + 1 < f.end else {
                    throw ObjectError(section: f.section.name, pc: i, "lddw relocation '\(entry.symbol)' on the last slot of function '\(f.name)'")
                }
            default:
                break
            }
            switch entry.reference {
            case .map(let m):
                slots[pc].src = 1  // BPF_PSEUDO_MAP_FD
                slots[pc].imm = Int32(m)
                slots[pc + 1].imm = 0
                references.append(ResolvedReference(pc: pc, symbol: entry.symbol, target: .map(m)))
            case .data(let m, let symbolOffset):
                let offset = Int64(slots[pc].imm) + (Int64(exactly: symbolOffset) ?? Int64.max / 2)
                guard let size = context.maps[m].initialValue?.count, offset >= 0, offset <= Int64(size) else {
                    throw ObjectError(section: f.section.name, pc: i, "global data reference '\(entry.symbol)' at offset \(offset) is outside '\(context.maps[m].name)'")
                }
                slots[pc].src = 2  // BPF_PSEUDO_MAP_VALUE
                slots[pc].imm = Int32(m)
                slots[pc + 1].imm = Int32(offset)
                references.append(ResolvedReference(pc: pc, symbol: entry.symbol, target: .globalData(map: m, offset: UInt32(offset))))
            case .kconfig(let index):
                guard let m = context.kconfigMap else { throw ObjectError(section: f.section.name, pc: i, "no .kconfig map") }
                let offset = context.externs.kconfig[index].offset
                slots[pc].src = 2
                slots[pc].imm = Int32(m)
                slots[pc + 1].imm = Int32(offset)
                references.append(ResolvedReference(pc: pc, symbol: entry.symbol, target: .kconfig(map: m, offset: UInt32(offset))))
            case .kfunc(let imm):
                slots[pc].src = 2  // BPF_PSEUDO_KFUNC_CALL
                slots[pc].imm = imm
                slots[pc].off = 0
                references.append(ResolvedReference(pc: pc, symbol: entry.symbol, target: .kfunc(imm)))
            case .ksym(let imm):
                slots[pc].src = 3  // BPF_PSEUDO_BTF_ID
                slots[pc].imm = imm
                slots[pc + 1].imm = 0
                references.append(ResolvedReference(pc: pc, symbol: entry.symbol, target: .ksym(imm)))
            case .call, .functionAddress:
                continue
            }
        }
    }

    private mutating func relocateCORE(_ function: Int, at base: Int) throws(ObjectError) -> [AppliedCORERelocation] {
        let f = context.functions.functions[function]
        guard let records = context.btfExt?.coreRelocations[f.section.name], !records.isEmpty else { return [] }
        // GCC 12's CO-RE records do not line up with its instructions; its compiled offsets
        // are the object's own layout, which is what resolving against its BTF gives.
        if context.elf.producedByGCC { return [] }
        guard let btf = context.btf else { return [] }
        let relocator = CORERelocator(btf: btf)
        var applied: [AppliedCORERelocation] = []
        for r in records where r.byteOffset % 8 == 0 && f.start <= Int(r.byteOffset / 8) && Int(r.byteOffset / 8) < f.end {
            let i = Int(r.byteOffset / 8)
            let pc = base + (i - f.start)
            do {
                let result = try relocator.resolve(r)
                try CORERelocator.patch(&slots, at: pc, value: result.value, kind: r.kind)
                applied.append(
                    AppliedCORERelocation(pc: pc, kind: r.kind, typeID: r.typeID, accessString: r.accessString, spec: result.spec, value: result.value))
            } catch {
                throw ObjectError(section: f.section.name, pc: i, error.message)
            }
        }
        return applied
    }

    private func lineInfo(_ function: Int, at base: Int) -> [SourcePosition] {
        let f = context.functions.functions[function]
        guard let records = context.btfExt?.lineInfo[f.section.name] else { return [] }
        return records.compactMap { r in
            let i = Int(r.byteOffset / 8)
            guard r.byteOffset % 8 == 0, f.start <= i, i < f.end else { return nil }
            return SourcePosition(pc: base + i - f.start, file: r.file, line: Int(r.line), column: Int(r.column), sourceLine: r.sourceLine)
        }
    }

    // MARK: BTF facts

    /// The FUNC describing `function`: from func_info at its start, else by name.
    private func btfFunctionID(_ function: Int) -> BTFTypeID? {
        let f = context.functions.functions[function]
        guard let btf = context.btf else { return nil }
        var id: BTFTypeID?
        if let infos = context.btfExt?.funcInfo[f.section.name],
            let info = infos.first(where: { Int($0.byteOffset) == f.start * 8 })
        {
            id = info.typeID
        } else {
            id = btf.function(named: f.name)
        }
        guard let found = id, case .function? = btf[found], !context.unusableFunctions.contains(found) else { return nil }
        return found
    }

    private func prototypeID(_ function: BTFTypeID) -> BTFTypeID? {
        guard case .function(_, let proto, _)? = context.btf?[function], case .functionProto? = context.btf?[proto] else {
            return nil
        }
        return proto
    }

    /// Global linkage in BTF (or ELF binding without BTF), and not `__hidden`: libbpf marks
    /// hidden functions static before the kernel sees them.
    private func isGlobal(_ function: Int) -> Bool {
        let f = context.functions.functions[function]
        if f.symbol.visibility == ELFSymbol.visibilityHidden { return false }
        // GCC 12 writes every FUNC as static in BTF; its ELF binding is the reliable fact.
        if context.elf.producedByGCC { return f.symbol.isGlobal && !f.isColdPart }
        if let id = btfFunctionID(function), case .function(_, _, let linkage)? = context.btf?[id] {
            return linkage == .global
        }
        return f.symbol.isGlobal && !f.isColdPart
    }

    /// The `exception_callback:NAME` decl tag on the main program's FUNC.
    private func exceptionCallbackName(of main: ObjectFunction) throws(ObjectError) -> String? {
        guard let btf = context.btf, let id = btfFunctionID(self.main) else { return nil }
        let prefix = "exception_callback:"
        let tags = btf.declTags(on: id).filter { $0.componentIndex == -1 && $0.name.hasPrefix(prefix) }
        guard tags.count <= 1 else {
            throw ObjectError(section: main.section.name, "prog '\(main.name)': multiple exception callback tags for main subprogram")
        }
        guard let tag = tags.first else { return nil }
        let name = String(tag.name.dropFirst(prefix.count))
        guard !name.isEmpty else {
            throw ObjectError(section: main.section.name, "prog '\(main.name)': exception callback tag has no function name")
        }
        return name
    }

    private func usedKfuncs() -> [Int32: ExternFunction] {
        var out: [Int32: ExternFunction] = [:]
        for r in references { if case .kfunc(let imm) = r.target { out[imm] = context.externs.kfuncs[imm] } }
        return out
    }

    private func usedKsyms() -> [Int32: KsymVariable] {
        var out: [Int32: KsymVariable] = [:]
        for r in references { if case .ksym(let imm) = r.target { out[imm] = context.externs.ksyms[imm] } }
        return out
    }

    /// An error at program pc `pc`, placed in the section and section slot it came from.
    private func place(_ message: String, pc: Int) -> ObjectError {
        for (function, start) in placed.reversed() where start <= pc {
            let f = context.functions.functions[function]
            return ObjectError(section: f.section.name, pc: f.start + (pc - start), message)
        }
        return ObjectError(pc: pc, message)
    }
}
