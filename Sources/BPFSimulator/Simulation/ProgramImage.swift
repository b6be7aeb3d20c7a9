import BPFISA
import BPFInterpreter
import BPFKernelModel
import BPFObject

/// A program made ready to run on the simulated kernel, once per workload: translated with the
/// kernel layout's addresses for its maps, globals, `__ksym` variables and callbacks, with the
/// forced throw (if any) planted, and with the tables the kernel functions and unwinders look
/// things up in.
struct ProgramImage {
    let program: BPFProgram
    let translated: TranslatedProgram
    let layout: KernelLayout
    let catalog: Catalog
    /// kfunc names by the `imm` of their call instructions (the program's, plus the forced throw).
    let kfuncNames: [Int32: String]
    /// The pc whose call was replaced by a forced `bpf_throw`, if any.
    let forcedThrowPC: Int?
    /// The exception callback's entry pc (nil: the default callback, returning the cookie).
    let exceptionCallbackEntry: Int?
    /// Subprogram index (the verifier's and the backends' key) by entry pc.
    let subprogramIndex: [Int: Int]
    /// Original-program pc of each call instruction of this program (see ``CallSites``).
    let originalPCs: [Int: Int]

    /// The call id a forced throw is planted under: not a BTF id any object can have.
    static let forcedThrowID = Int32.min

    init(
        program: BPFProgram, catalog: Catalog, forcedThrowPC: Int?, originalPCs: [Int: Int],
        probeLoads: TranslatedProgram.ProbeLoads
    ) throws(SimulationError) {
        self.program = program
        self.catalog = catalog
        self.forcedThrowPC = forcedThrowPC
        self.originalPCs = originalPCs
        let layout = KernelLayout(program: program)
        self.layout = layout
        var names: [Int32: String] = [:]
        for (id, ext) in program.kfuncs { names[id] = ext.name }
        var instructions = program.instructions
        if let pc = forcedThrowPC {
            guard pc >= 0, pc < instructions.count, case .call = instructions[pc] else {
                throw SimulationError(program: program, pc: forcedThrowPC, "a forced throw needs a call instruction")
            }
            instructions[pc] = .call(.kfunc(btfID: Self.forcedThrowID, module: 0))
            names[Self.forcedThrowID] = "bpf_throw"
        }
        kfuncNames = names
        let maps = program.maps
        let resolve: TranslatedProgram.LoadImm64Resolver = { value, pc in
            switch value {
            case .value(let v): return v
            case .mapFD(let i), .mapIndex(let i):
                return i >= 0 && Int(i) < maps.count ? layout.handleAddress(map: Int(i)) : nil
            case .mapValue(let i, let off), .mapIndexValue(let i, let off):
                guard i >= 0, Int(i) < maps.count, SimulatedMap.isArrayLike(maps[Int(i)].type) else { return nil }
                return layout.storageAddress(map: Int(i)) + UInt64(off)
            case .btfID(let id, _):
                return layout.ksymAddress(id)
            case .function(let off):
                return KernelLayout.functionAddress(pc: pc + Int(off) + 1)
            }
        }
        do {
            translated = try TranslatedProgram(instructions, resolve: resolve, probeLoads: probeLoads)
        } catch {
            throw SimulationError(program: program, pc: error.pc, error.message)
        }
        exceptionCallbackEntry = program.exceptionCallbackSubprogram?.startPC
        var index: [Int: Int] = [:]
        for (i, s) in program.subprograms.enumerated() { index[s.startPC] = i }
        subprogramIndex = index
    }

    /// The name of a kernel function a call instruction reaches, for messages and costs.
    func functionName(_ callee: HelperCall.Callee) -> String {
        switch callee {
        case .helper(let id): return catalog.helper(id)?.name ?? HelperNames.name(of: id) ?? "helper#\(id)"
        case .kfunc(let id): return kfuncNames[id.btfID] ?? "kfunc#\(id.btfID)"
        }
    }

    /// The subprogram index of the frame that entered at `entry`.
    func subprogram(entry: Int) -> Int? { subprogramIndex[entry] }
}
