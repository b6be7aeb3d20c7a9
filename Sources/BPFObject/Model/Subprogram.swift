/// One function inside a program's instruction stream: the main program, or a subprogram
/// appended after it (a bpf-to-bpf callee, a callback, the exception callback, a cold part).
///
/// This is the kernel verifier's `struct bpf_subprog_info` as it will be derived from
/// `func_info` (`BPF_PROG_LOAD` passes one `bpf_func_info` per subprogram).
public struct Subprogram: Hashable, Sendable {
    public var name: String
    /// First slot of the function in ``BPFProgram/instructions``.
    public var startPC: Int
    /// One past its last slot.
    public var endPC: Int
    /// Global (BTF `linkage=global`, verified on its own against its prototype) vs static
    /// (verified in its caller's context). From BTF func_info when present, else from the
    /// ELF symbol binding.
    public var isGlobal: Bool
    /// The BTF FUNC of this function in the object's BTF (nil without BTF, or for a cold part
    /// whose BTF entry is unusable).
    public var btfFunctionID: BTFTypeID?
    /// Its FUNC_PROTO (the signature a global function is verified against).
    public var btfPrototypeID: BTFTypeID?
    /// The ELF section the function came from.
    public var section: String
    public var role: Role

    /// Why the function is in this program.
    public struct Role: OptionSet, Hashable, Sendable {
        public let rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }
        /// The program's entry (pc 0).
        public static let main = Role(rawValue: 1)
        /// Reached by a `call` (`BPF_PSEUDO_CALL`).
        public static let callee = Role(rawValue: 2)
        /// Its address is taken by `lddw` (`BPF_PSEUDO_FUNC`): a `bpf_loop`/`bpf_for_each_map_elem`
        /// /timer/... callback.
        public static let callbackTarget = Role(rawValue: 4)
        /// The main program's `__exception_cb` target.
        public static let exceptionCallback = Role(rawValue: 8)
        /// A `*.cold.N` part outlined by clang's hot/cold splitting.
        public static let coldPart = Role(rawValue: 16)
    }

    public init(
        name: String, startPC: Int, endPC: Int, isGlobal: Bool, btfFunctionID: BTFTypeID? = nil,
        btfPrototypeID: BTFTypeID? = nil, section: String, role: Role
    ) {
        self.name = name
        self.startPC = startPC
        self.endPC = endPC
        self.isGlobal = isGlobal
        self.btfFunctionID = btfFunctionID
        self.btfPrototypeID = btfPrototypeID
        self.section = section
        self.role = role
    }

    public var isMain: Bool { role.contains(.main) }
    public var isExceptionCallback: Bool { role.contains(.exceptionCallback) }
    public var isCallbackTarget: Bool { role.contains(.callbackTarget) }
    public var pcs: Range<Int> { startPC..<endPC }
}
