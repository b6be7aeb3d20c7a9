/// The assembler's second pass: label displacements, `call NAME`, `r1 = NAME ll`.
struct SymbolResolution {
    var labels: [String: Int]
    let resolver: SymbolResolver
    let dialect: AssemblySyntax
    /// The pc of the first `exit`, target of a uBPF jump to an undefined label `exit`.
    let firstExit: Int?
    private(set) var kfuncNames: [Int32: String] = [:]
    private(set) var mapNames: [Int32: String] = [:]
    private var syntheticKfuncs: [String: Int32] = [:]
    private var nextSyntheticKfunc: Int32

    init(labels: [String: Int], resolver: SymbolResolver, dialect: AssemblySyntax, firstExit: Int?) {
        self.labels = labels
        self.resolver = resolver
        self.dialect = dialect
        self.firstExit = firstExit
        self.nextSyntheticKfunc = resolver.firstSyntheticKfuncID
    }

    mutating func resolve(_ p: PendingInstruction) throws(AssemblyError) -> Instruction {
        let insn = p.parsed.instruction
        if case .call(.kfunc(let id, _)) = insn, let name = p.parsed.kfuncName { kfuncNames[id] = name }
        guard let ref = p.parsed.reference else { return insn }
        switch ref.use {
        case .jump, .localCall:
            guard let target = labelPC(ref.name) else { throw ref.error("undefined label '\(ref.name)'") }
            return try displaced(insn, to: target, from: p.pc, ref)
        case .call:
            if let target = labels[ref.name] { return try displaced(.call(.local(offset: 0)), to: target, from: p.pc, ref) }
            if let id = HelperNames.id(of: ref.name) { return .call(.helper(id)) }
            let id = kfuncID(ref.name)
            kfuncNames[id] = ref.name
            return .call(.kfunc(btfID: id, module: 0))
        case .address:
            guard case .loadImm64(let dst, _) = insn else { return insn }
            if let index = resolver.maps[ref.name] {
                mapNames[index] = ref.name
                return .loadImm64(dst: dst, .mapFD(index))
            }
            if let target = labels[ref.name] {
                return try displaced(.loadImm64(dst: dst, .function(offset: 0)), to: target, from: p.pc, ref)
            }
            throw ref.error("undefined symbol '\(ref.name)' (neither a map nor a label)")
        }
    }

    private func labelPC(_ name: String) -> Int? {
        if let pc = labels[name] { return pc }
        if dialect == .ubpf, name == "exit" { return firstExit }
        return nil
    }

    private func displaced(_ insn: Instruction, to target: Int, from pc: Int, _ ref: SymbolReference)
        throws(AssemblyError) -> Instruction
    {
        guard let resolved = insn.withDisplacement(target - pc - 1) else {
            let bits: String
            switch insn {
            case .ja, .jump, .mayGoto: bits = "16"
            default: bits = "32"
            }
            let kind = insn.isCallOrAddress ? "call offset" : "jump offset"
            throw ref.error("\(kind) to '\(ref.name)' does not fit in \(bits) bits")
        }
        return resolved
    }

    private mutating func kfuncID(_ name: String) -> Int32 {
        if let id = resolver.kfuncs[name] ?? syntheticKfuncs[name] { return id }
        let id = nextSyntheticKfunc
        nextSyntheticKfunc &+= 1
        syntheticKfuncs[name] = id
        return id
    }
}

extension Instruction {
    fileprivate var isCallOrAddress: Bool {
        switch self {
        case .call, .loadImm64: return true
        default: return false
        }
    }
}
