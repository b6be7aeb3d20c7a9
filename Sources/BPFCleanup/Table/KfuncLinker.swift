import BPFObject

/// Gives kfuncs the backend calls (`bpf_throw` for the probe, the ``BPFKernelModel/TableKfunc``s)
/// a `call` immediate in a program: the id the program already uses for that name, else a
/// fresh one above every id in use, as the assembler does for names the object's BTF lacks.
struct KfuncLinker {
    private(set) var program: BPFProgram
    private var next: Int32

    init(program: BPFProgram) {
        self.program = program
        let highest = program.kfuncs.keys.max() ?? 0
        next = max(highest, 0x2000_0000) + 1
    }

    /// The `call` immediate of kfunc `name`, adding an extern when the program has none.
    mutating func id(of name: String) -> Int32 {
        if let id = program.kfuncs.filter({ $0.value.name == name }).keys.min() { return id }
        let id = next
        next += 1
        program.kfuncs[id] = ExternFunction(name: name)
        return id
    }
}
