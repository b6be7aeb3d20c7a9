import BPFISA

/// A kfunc's identity in a `call` instruction: its BTF id and the index of the BTF it lives in
/// (`insn->off`; 0 is vmlinux), as `BPF_PSEUDO_KFUNC_CALL` encodes it.
public struct KfuncID: Hashable, Sendable, CustomStringConvertible {
    public let btfID: Int32
    public let module: Int16

    public init(btfID: Int32, module: Int16 = 0) {
        self.btfID = btfID
        self.module = module
    }

    public var description: String { module == 0 ? "btf_id \(btfID)" : "btf_id \(btfID) (module \(module))" }
}

/// What a helper or kfunc call did.
public enum HelperResult: Hashable, Sendable {
    /// Returned normally: the value goes to `r0`; `r1`-`r5` keep their values.
    case value(UInt64)
    /// The call cannot proceed (a bad argument the verifier should have caught, an injected
    /// failure): the run ends with a fault at the call's pc.
    case fault(String)
    /// End the whole program at once with this return value and no unwinding (the conformance
    /// suite's helper 5).
    case stop(returning: UInt64)
    /// `bpf_throw(cookie)`: end the program and hand every frame to an unwinder
    /// (``ExecutionOutcome/thrown(_:)``).
    case throwException(cookie: UInt64)
}

/// What a helper or kfunc implementation sees: its arguments, the machine state and the address
/// space, both of which it may change.
public struct HelperCall {
    /// The pc of the call instruction.
    public let pc: Int
    public let callee: Callee
    /// The running frame, its callers, and (in `registers`) the arguments in `r1`-`r5`.
    public var state: ExecutionState
    public let memory: Memory

    /// Which key space the call went through.
    public enum Callee: Hashable, Sendable {
        case helper(Int32)
        case kfunc(KfuncID)
    }

    /// Argument `n` (1...5), from `r1`-`r5`.
    public func argument(_ n: Int) -> UInt64 {
        precondition((1...5).contains(n), "BPF calls take arguments in r1-r5, not r\(n)")
        return state.registers[n]
    }
}

/// One helper or kfunc implementation.
public struct Helper {
    /// The kernel's name (`bpf_task_acquire`), for traces and messages.
    public let name: String
    public let body: (inout HelperCall) -> HelperResult

    public init(_ name: String, body: @escaping (inout HelperCall) -> HelperResult) {
        self.name = name
        self.body = body
    }
}

/// The single dispatch table of calls out of BPF: helpers keyed by their id in
/// `include/uapi/linux/bpf.h`, kfuncs by BTF id. The simulated kernel (SPEC §6) fills it; an id
/// missing from it is a run-time fault at the call, as an unknown helper is a verifier error
/// (`invalid func unknown#N`).
public struct HelperTable {
    public var helpers: [Int32: Helper] = [:]
    public var kfuncs: [KfuncID: Helper] = [:]

    public init() {}

    public mutating func register(helper id: Int32, _ helper: Helper) { helpers[id] = helper }
    public mutating func register(kfunc id: KfuncID, _ helper: Helper) { kfuncs[id] = helper }

    /// The conformance suite's "unwind" helper, id 5 (the uBPF plugin convention): returns its
    /// first argument, and when that is 0 stops the program at once returning 0.
    public static var conformance: HelperTable {
        var table = HelperTable()
        table.register(
            helper: 5,
            Helper("unwind") { call in
                let value = call.argument(1)
                return value == 0 ? .stop(returning: 0) : .value(value)
            })
        return table
    }
}
