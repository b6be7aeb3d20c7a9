import BPFISA

/// One loadable BPF program: what libbpf would hand `BPF_PROG_LOAD` for one main program of an
/// object (or one assembly file), plus the metadata the verifier, the cleanup backends and the
/// listings need.
///
/// `instructions` is slot-indexed and fully relocated: subprograms reached from the main
/// program are appended in libbpf's order with pseudo-calls fixed up, kfunc calls carry
/// `BPF_PSEUDO_KFUNC_CALL`, CO-RE relocations are applied, and maps appear as indices into
/// ``maps`` where the kernel would see fds (SPEC §3).
public struct BPFProgram: Sendable {
    /// The main function's name (`on_switch`).
    public var name: String
    /// The ELF section (`tp_btf/sched_switch`), or the assembly header's `section=`.
    public var section: String
    public var programType: ProgramType
    public var expectedAttachType: AttachType?
    /// What the section names as attach point: `do_unlinkat` for `fentry/do_unlinkat`.
    public var attachTarget: String?
    public var isSleepable: Bool
    public var instructions: [Instruction]
    /// Main program first, then every appended function, in pc order.
    public var subprograms: [Subprogram]
    /// The object's maps (shared by every program of the object).
    public var maps: [MapDefinition]
    /// kfuncs by the `imm` of their call instructions.
    public var kfuncs: [Int32: ExternFunction]
    /// ksym variables by the `imm` of their `lddw`.
    public var ksyms: [Int32: KsymVariable]
    /// Source positions sorted by pc (empty without BTF.ext line info).
    public var lineInfo: [SourcePosition]
    /// The `__exception_cb(fn)` target's name, when the main program has one.
    public var exceptionCallback: String?
    public var license: String
    /// The object's BTF (empty for assembly without types).
    public var btf: BTF
    /// Every relocated reference, by pc (maps, globals, kfuncs, callees, callbacks).
    public var references: [ResolvedReference]
    /// Every CO-RE relocation applied, by pc.
    public var coreRelocations: [AppliedCORERelocation]

    public init(
        name: String, section: String, programType: ProgramType, expectedAttachType: AttachType? = nil,
        attachTarget: String? = nil, isSleepable: Bool = false, instructions: [Instruction],
        subprograms: [Subprogram], maps: [MapDefinition] = [], kfuncs: [Int32: ExternFunction] = [:],
        ksyms: [Int32: KsymVariable] = [:], lineInfo: [SourcePosition] = [], exceptionCallback: String? = nil,
        license: String = "", btf: BTF = .empty, references: [ResolvedReference] = [],
        coreRelocations: [AppliedCORERelocation] = []
    ) {
        self.name = name
        self.section = section
        self.programType = programType
        self.expectedAttachType = expectedAttachType
        self.attachTarget = attachTarget
        self.isSleepable = isSleepable
        self.instructions = instructions
        self.subprograms = subprograms
        self.maps = maps
        self.kfuncs = kfuncs
        self.ksyms = ksyms
        self.lineInfo = lineInfo
        self.exceptionCallback = exceptionCallback
        self.license = license
        self.btf = btf
        self.references = references
        self.coreRelocations = coreRelocations
    }

    /// The function containing `pc`.
    public func subprogram(containing pc: Int) -> Subprogram? {
        subprograms.first { $0.pcs.contains(pc) }
    }

    /// The function starting at `pc`.
    public func subprogram(startingAt pc: Int) -> Subprogram? {
        subprograms.first { $0.startPC == pc }
    }

    /// The source position in effect at `pc` (the last line-info entry at or before it,
    /// within the same function).
    public func sourcePosition(at pc: Int) -> SourcePosition? {
        var lo = 0, hi = lineInfo.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if lineInfo[mid].pc <= pc { lo = mid + 1 } else { hi = mid }
        }
        guard lo > 0 else { return nil }
        let candidate = lineInfo[lo - 1]
        if let f = subprogram(containing: pc), candidate.pc < f.startPC { return nil }
        return candidate
    }

    /// The references at `pc` (usually zero or one).
    public func references(at pc: Int) -> [ResolvedReference] { references.filter { $0.pc == pc } }

    /// The subprogram the exception callback resolved to.
    public var exceptionCallbackSubprogram: Subprogram? { subprograms.first { $0.isExceptionCallback } }
}
