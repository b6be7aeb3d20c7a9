/// A kfunc the program calls: an `extern ... __ksym` function (libbpf's `EXT_KSYM` function
/// extern), or `call NAME` in assembly.
///
/// The `call` instruction carries `BPF_PSEUDO_KFUNC_CALL` and a BTF id in `imm`; bpfsim puts
/// the id of the extern's FUNC in the object's BTF there (there is no vmlinux BTF in the
/// simulation), or a synthetic id above the object's type count when the object has no BTF
/// for it (gcc objects, assembly). ``BPFProgram/kfuncs`` maps that `imm` back to this value.
public struct ExternFunction: Hashable, Sendable {
    public var name: String
    /// The extern's BTF FUNC in the object's BTF (nil when the object's BTF does not describe it).
    public var btfFunctionID: BTFTypeID?
    /// Its FUNC_PROTO: the verifier types arguments and return value from it.
    public var btfPrototypeID: BTFTypeID?
    /// `__weak`: libbpf lets an unresolved weak kfunc through (the call must then be dead code).
    public var isWeak: Bool

    public init(name: String, btfFunctionID: BTFTypeID? = nil, btfPrototypeID: BTFTypeID? = nil, isWeak: Bool = false) {
        self.name = name
        self.btfFunctionID = btfFunctionID
        self.btfPrototypeID = btfPrototypeID
        self.isWeak = isWeak
    }
}

/// A typed kernel variable, `extern const struct rq runqueues __ksym;`, loaded with `lddw` of
/// `BPF_PSEUDO_BTF_ID` (or a typeless `extern const void x __ksym`, a plain address).
public struct KsymVariable: Hashable, Sendable {
    public var name: String
    /// The variable's type in the object's BTF (nil for typeless ksyms).
    public var btfTypeID: BTFTypeID?
    public var isWeak: Bool

    public init(name: String, btfTypeID: BTFTypeID?, isWeak: Bool) {
        self.name = name
        self.btfTypeID = btfTypeID
        self.isWeak = isWeak
    }
}

/// One `.kconfig` extern (`extern int LINUX_KERNEL_VERSION __kconfig;`) and the value bpfsim
/// gave it: it lives at `offset` in the `.kconfig` map's value.
public struct KconfigExtern: Hashable, Sendable {
    public var name: String
    public var offset: Int
    public var size: Int
    public var isWeak: Bool
    /// The value written, or nil when a weak extern was left at zero.
    public var value: KconfigValue?
}
