import BPFObject

/// The arguments a BTF-typed context carries: what `btf_ctx_access` (`kernel/bpf/btf.c`)
/// reads from the kernel's BTF for `tp_btf`, `fentry`/`fexit`/`fmod_ret` and `lsm` programs,
/// whose context is an array of u64 arguments, one per parameter of the attach point.
public struct AttachPrototype: Hashable, Sendable {
    /// The name the kernel's log uses (`sched_switch`, `do_unlinkat`, `file_open`).
    public var function: String
    public var arguments: [TracingArgument]
    /// The attach point's return value, readable after the arguments by `fexit` and
    /// `fmod_ret` programs; nil for a void function.
    public var returnValue: TracingArgument?

    public init(function: String, arguments: [TracingArgument], returnValue: TracingArgument? = nil) {
        self.function = function
        self.arguments = arguments
        self.returnValue = returnValue
    }
}

/// One context argument as `btf_ctx_access` types it.
public enum TracingArgument: Hashable, Sendable {
    /// An integer, enum or bool, or a pointer to void or to an integer: read as a scalar.
    case scalar
    /// A pointer to a struct: `ptr_<name>` (`trusted_ptr_<name>` where the program type's
    /// arguments are trusted). `kernelBTFID` is the struct's id in the kernel's BTF, which the
    /// kernel prints (`func 'sched_switch' arg1 has btf_id 123 type STRUCT 'task_struct'`).
    case structPointer(name: String, kernelBTFID: UInt32)
    /// A type the kernel refuses as an argument (a pointer to a pointer, a function pointer):
    /// reading it is an invalid context access.
    case unsupported(kind: String)
}

/// Where bpfsim found an attach point's prototype (recorded in the result as
/// `attach_btf_source`).
public enum AttachPrototypeSource: String, Hashable, Sendable, Codable {
    /// bpfsim's committed snapshot of Linux 6.18's prototypes: the same on every machine.
    case snapshot
    /// The running kernel's `/sys/kernel/btf/vmlinux`, for an attach point not in the snapshot.
    case kernelBTF = "vmlinux"
}

extension AttachPrototype {
    /// The BTF name of the attach point a section names (`tp_btf/sched_switch` ->
    /// `btf_trace_sched_switch`, `fentry/do_unlinkat` -> `do_unlinkat`, `lsm/file_open` ->
    /// `bpf_lsm_file_open`), with the name the log uses, or nil for other programs.
    static func attachName(programType: ProgramType, attachType: AttachType?, target: String?) -> (btf: String, log: String)? {
        guard let target, !target.isEmpty else { return nil }
        switch (programType, attachType) {
        case (.tracing, .traceRawTP?): return ("btf_trace_" + target, target)
        case (.tracing, .traceFentry?), (.tracing, .traceFexit?), (.tracing, .modifyReturn?): return (target, target)
        case (.lsm, _): return ("bpf_lsm_" + target, target)
        default: return nil
        }
    }

    /// Reads the prototype of `name` (as ``attachName`` spells it) from a kernel BTF.
    static func read(from btf: BTF, btfName name: String, logName: String) -> AttachPrototype? {
        var dropFirst = false
        var proto: BTFTypeID?
        if name.hasPrefix("btf_trace_") {
            // `typedef void (*btf_trace_X)(void *__data, args...)`: the first is not the program's.
            guard let id = btf.firstID(named: name, where: { if case .typedef = $0 { return true } else { return false } }),
                case .pointer(let to)? = btf.resolve(id)?.type
            else { return nil }
            proto = to
            dropFirst = true
        } else if let f = btf.function(named: name), case .function(_, let p, _)? = btf[f] {
            proto = p
        }
        guard let proto, let (ret, params) = btf.prototype(of: proto) else { return nil }
        let args = (dropFirst ? Array(params.dropFirst()) : params).map { argument(btf, $0.type) }
        let returnValue = ret.isVoid ? nil : argument(btf, ret)
        return AttachPrototype(function: logName, arguments: args, returnValue: returnValue)
    }

    /// `btf_ctx_access`'s classification of one parameter type.
    static func argument(_ btf: BTF, _ type: BTFTypeID) -> TracingArgument {
        guard let t = btf.resolve(type)?.type else { return .scalar }
        switch t {
        case .int, .enumeration, .enumeration64, .structure, .union: return .scalar
        case .pointer(let to):
            guard let pointee = btf.resolve(to) else { return .scalar }
            switch pointee.type {
            case .void, .int: return .scalar
            case .structure(let c): return .structPointer(name: c.name, kernelBTFID: pointee.id.rawValue)
            default: return .unsupported(kind: pointee.type.kindName)
            }
        default: return .unsupported(kind: t.kindName)
        }
    }
}
