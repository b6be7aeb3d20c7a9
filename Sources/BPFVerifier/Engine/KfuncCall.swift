import BPFISA
import BPFKernelModel
import BPFObject

/// kfunc calls: `check_kfunc_call` and `check_kfunc_args`, with references, RCU, iterators,
/// program-local objects and their collections, and `bpf_throw`. Messages are Linux 6.18's.
extension VerifierRun {
    func checkKfuncCall(_ state: inout VerifierState, btfID: Int32, pc: Int, parent: Int?) throws(VerifierError) -> StepOutcome {
        guard let ext = program.kfuncs[btfID] else {
            throw VerifierError("kernel btf_id \(btfID) is not a function", pc: pc)
        }
        guard let spec = catalog.kfunc(ext.name) else {
            throw VerifierError(
                "kfunc \(ext.name) is not in bpfsim's kernel catalog (extend it with --catalog FILE)", pc: pc,
                kind: .unsupported)
        }
        let graphAPI: Set<KfuncSpecial> = [.graphInsert, .graphRemove, .graphPeek, .objectDrop, .refcountAcquire]
        if state.activeLockID != 0 && !graphAPI.contains(spec.special) {
            throw VerifierError("function calls are not allowed while holding a lock", pc: pc)
        }
        if spec.special == .throw { return try checkThrow(&state, pc: pc) }
        if spec.flags.contains(.sleepable) && !program.isSleepable {
            throw VerifierError("program must be sleepable to call sleepable kfunc \(ext.name)", pc: pc)
        }
        var call = KfuncCallFacts()
        for (i, arg) in kfuncArguments(spec, ext).enumerated() where i < 5 {
            let r = Register(i + 1)!
            let reg = try readReg(state, r, pc: pc)
            try checkKfuncArgument(&call, arg, index: i, register: r, reg, spec: spec, name: ext.name, state: state, pc: pc)
        }
        if spec.flags.contains(.release) && call.releaseID == nil && spec.special != .graphInsert {
            throw VerifierError("release kernel function \(ext.name) expects refcounted PTR_TO_BTF_ID", pc: pc)
        }
        // bpf_rbtree_add's `less` runs in the caller's state, before the node changes hands.
        if spec.special == .graphInsert, let less = call.callback, let root = call.graphRoot {
            var node = RegState(
                type: .btfObject(root.nodeType), flags: [.allocated, .nonOwning], off: Int32(root.nodeOffset))
            node.value = .known(UInt64(0))
            try pushCallback(&state, subprog: less, kind: .rbtreeLess, context: node, nrLoopsMax: nil, mapIndex: nil, pc: pc, parent: parent)
        }
        if let id = call.releaseID {
            try release(&state, id: id, pc: pc, keepNonOwning: spec.special == .graphInsert)
        }
        switch spec.special {
        case .rcuReadLock:
            if state.rcuDepth > 0 { throw VerifierError("nested rcu read lock (kernel function \(ext.name))", pc: pc) }
            state.rcuDepth += 1
        case .rcuReadUnlock:
            if state.rcuDepth == 0 { throw VerifierError("unmatched rcu read unlock (kernel function \(ext.name))", pc: pc) }
            state.rcuDepth -= 1
        case .preemptDisable: state.preemptDepth += 1
        case .preemptEnable:
            if state.preemptDepth == 0 { throw VerifierError("unmatched attempt to enable preemption (kernel function \(ext.name))", pc: pc) }
            state.preemptDepth -= 1
        default: break
        }
        if spec.flags.contains(.iterNew) || spec.flags.contains(.iterNext) || spec.flags.contains(.iterDestroy),
            let slot = call.iterSlot
        {
            return try iteratorCall(&state, spec: spec, slot: slot, pc: pc, parent: parent)
        }
        clobberArguments(&state)
        try setKfuncReturn(&state, spec: spec, call: call, pc: pc)
        return .next(pc + 1)
    }

    /// What the argument checks learned for the call's effect (`struct bpf_kfunc_call_arg_meta`).
    struct KfuncCallFacts {
        var releaseID: UInt32?
        var localType: BTFObjectType?
        /// The argument of `bpf_refcount_acquire` is an owning reference (the result cannot be NULL).
        var owningArgument = false
        var iterSlot: (frame: Int, spi: Int)?
        var graphRoot: SpecialFields.GraphRoot?
        var callback: Int?
    }

    /// `check_kfunc_args` for one argument.
    private func checkKfuncArgument(
        _ call: inout KfuncCallFacts, _ arg: KfuncArg, index i: Int, register r: Register, _ reg: RegState,
        spec: KfuncSpec, name: String, state: VerifierState, pc: Int
    ) throws(VerifierError) {
        let trusted = spec.flags.contains(.trustedArgs) || spec.flags.contains(.release) || spec.flags.contains(.rcu)
        switch arg {
        case .scalar, .memorySize:
            guard reg.type == .scalar else { throw VerifierError("R\(r.index) is not a scalar", pc: pc) }
        case .constant:
            guard reg.type == .scalar, let v = reg.value.constValue else {
                throw VerifierError("arg#\(i) is expected to be a constant", pc: pc)
            }
            if spec.special == .objectNew { call.localType = localObjectType(id: UInt32(truncatingIfNeeded: v)) }
        case .ignored, .memory:
            break
        case .callback:
            if case .function(let sub) = reg.type { call.callback = sub }
        case .context:
            guard reg.type == .context else {
                throw VerifierError("arg#\(i) expected pointer to ctx, but got \(StateFormat(maps: program.maps).typeName(reg))", pc: pc)
            }
        case .object(let typeName):
            try checkObjectArgument(&call, typeName, index: i, register: r, reg, spec: spec, name: name, trusted: trusted, pc: pc)
        case .localObject:
            if reg.isMaybeNull { throw VerifierError("Possibly NULL pointer passed to trusted arg\(i)", pc: pc) }
            guard case .btfObject(let t) = reg.type, reg.flags.contains(.allocated) else {
                throw VerifierError("R\(r.index) must be referenced or trusted", pc: pc)
            }
            if reg.off != 0 {
                throw VerifierError("R\(r.index) must have zero offset when passed to release func or trusted arg to kfunc", pc: pc)
            }
            call.localType = t
            call.owningArgument = reg.refObjID != 0
            if spec.flags.contains(.release) {
                guard reg.refObjID != 0 else {
                    throw VerifierError("release kernel function \(name) expects refcounted PTR_TO_BTF_ID", pc: pc)
                }
                call.releaseID = reg.refObjID
            }
        case .graphRoot:
            call.graphRoot = try graphRootArgument(reg, index: i, spec: spec, state: state, pc: pc)
        case .graphNode:
            guard case .btfObject = reg.type, reg.flags.contains(.allocated), !reg.isMaybeNull else {
                throw VerifierError("arg#\(i) expected pointer to allocated object", pc: pc)
            }
            if spec.special == .graphInsert {
                guard reg.refObjID != 0 else {
                    throw VerifierError("release kernel function \(name) expects refcounted PTR_TO_BTF_ID", pc: pc)
                }
                call.releaseID = reg.refObjID
            }
        case .iterator(let iterType):
            call.iterSlot = try iteratorArgument(state, r, reg, iterType: iterType, spec: spec, argIndex: i, pc: pc)
        }
    }

    /// A pointer to a kernel struct (`KF_ARG_PTR_TO_BTF_ID`).
    private func checkObjectArgument(
        _ call: inout KfuncCallFacts, _ typeName: String, index i: Int, register r: Register, _ reg: RegState,
        spec: KfuncSpec, name: String, trusted: Bool, pc: Int
    ) throws(VerifierError) {
        if trusted && (reg.isMaybeNull || reg.isNullScalar) {
            throw VerifierError("Possibly NULL pointer passed to trusted arg\(i)", pc: pc)
        }
        guard case .btfObject(let t) = reg.type else {
            if reg.type == .scalar {
                // `get_kfunc_ptr_arg_type`: a scalar is plain memory only for a struct of scalars.
                let refused = "arg#\(i) pointer type STRUCT \(typeName) must point to scalar, or struct with scalar"
                switch catalog.structShape(typeName) {
                case .scalars: throw VerifierError("R\(r.index) type=scalar expected=fp", pc: pc)
                case .pointers: throw VerifierError(refused, pc: pc)
                case .deep: throw VerifierError("max struct nesting depth exceeded\n" + refused, pc: pc)
                }
            }
            throw VerifierError(
                "arg#\(i) expected pointer to STRUCT \(typeName) but R\(r.index) is \(StateFormat(maps: program.maps).typeName(reg))",
                pc: pc)
        }
        guard Self.compatible(t.name, expected: typeName) else {
            throw VerifierError(
                "kernel function \(name) args#\(i) expected pointer to STRUCT \(typeName) but R\(r.index) has a pointer to STRUCT \(t.name)",
                pc: pc)
        }
        if (spec.flags.contains(.release) || spec.flags.contains(.trustedArgs)) && reg.off != 0 {
            throw VerifierError("R\(r.index) must have zero offset when passed to release func or trusted arg to kfunc", pc: pc)
        }
        if spec.flags.contains(.trustedArgs) && !(reg.flags.contains(.trusted) || reg.refObjID != 0) {
            throw VerifierError("R\(r.index) must be referenced or trusted", pc: pc)
        }
        if spec.flags.contains(.rcu) && reg.flags.contains(.untrusted) {
            throw VerifierError("R\(r.index) must be a rcu pointer", pc: pc)
        }
        if spec.flags.contains(.release), reg.refObjID != 0, call.releaseID == nil {
            call.releaseID = reg.refObjID
        }
    }

    /// A `bpf_list_head` / `bpf_rb_root` in a map value: what it holds, and the rule that the
    /// lock of the same value is held (`check_reg_allocation_locked`).
    private func graphRootArgument(
        _ reg: RegState, index i: Int, spec: KfuncSpec, state: VerifierState, pc: Int
    ) throws(VerifierError) -> SpecialFields.GraphRoot? {
        switch reg.type {
        case .mapValue(let m) where !reg.isMaybeNull:
            guard reg.value.isConst else { return nil }
            let off = Int(reg.off) + Int(Int64(bitPattern: reg.value.varOff.value))
            let fields = specialFields(ofMap: m)
            let isList = spec.name.hasPrefix("bpf_list_")
            let kind = isList ? "bpf_list_head" : "bpf_rb_root"
            guard let root = fields.graphRoots[off], root.isList == isList else {
                throw VerifierError("\(kind) not found at offset=\(off)", pc: pc)
            }
            if state.activeLockID == 0 {
                throw VerifierError("bpf_spin_lock at off=\(fields.spinLock ?? 0) must be held for \(kind)", pc: pc)
            }
            return root
        case .btfObject where reg.flags.contains(.allocated):
            return nil
        default:
            throw VerifierError("arg#\(i) expected pointer to map value or allocated object", pc: pc)
        }
    }

    /// `struct cpumask *` parameters accept `struct bpf_cpumask *` (it embeds one first).
    static func compatible(_ actual: String, expected: String) -> Bool {
        actual == expected || (expected == "cpumask" && actual == "bpf_cpumask")
            || (expected == "sock_common" && actual == "sock")
    }

    /// The argument kinds: the catalog's, or, for a kfunc the catalog lists without arguments
    /// (a catalog-file entry), read from the program's BTF extern prototype by type
    /// (`get_kfunc_ptr_arg_type`: the kernel reads the same from vmlinux; an extern's
    /// parameter names are not in the program's BTF, so name suffixes such as `__k` are not).
    private func kfuncArguments(_ spec: KfuncSpec, _ ext: ExternFunction) -> [KfuncArg] {
        if !spec.args.isEmpty { return spec.args }
        guard let proto = ext.btfPrototypeID, let p = program.btf.prototype(of: proto) else { return [] }
        let btf = program.btf
        return p.parameters.map { param in
            if param.name.hasSuffix("__ign") { return .ignored }
            if param.name.hasSuffix("__k") { return .constant }
            if param.name.hasSuffix("__sz") || param.name.hasSuffix("__szk") { return .memorySize }
            guard case .pointer(let to)? = btf.resolve(param.type)?.type else { return .scalar }
            switch btf.resolve(to)?.type {
            case .structure(let c)?:
                switch c.name {
                case "bpf_list_head", "bpf_rb_root": return .graphRoot
                case "bpf_list_node", "bpf_rb_node": return .graphNode
                case "__sk_buff", "xdp_md": return .context
                default: return c.name.hasPrefix("bpf_iter_") ? .iterator(c.name) : .object(c.name)
                }
            case .functionProto?: return .callback
            default: return .memory
            }
        }
    }

    /// The program-local type `bpf_obj_new` allocates (`local_type_id__k`, an id in the
    /// program's BTF).
    private func localObjectType(id: UInt32) -> BTFObjectType {
        let tid = BTFTypeID(id)
        let name = program.btf.resolve(tid).map { $0.type.name } ?? "obj_\(id)"
        let size = program.btf.size(of: tid).map { Int32($0) }
        return BTFObjectType(name: name.isEmpty ? "obj_\(id)" : name, localTypeID: id, size: size)
    }

    /// R0 after the call. An acquiring kfunc that may return NULL spends one id on the NULL
    /// check and one on the reference, as the kernel does; `bpf_refcount_acquire` of an owning
    /// reference cannot fail. Collection kfuncs return a pointer to the node inside its object.
    private func setKfuncReturn(_ state: inout VerifierState, spec: KfuncSpec, call: KfuncCallFacts, pc: Int) throws(VerifierError) {
        var r0: RegState
        var mayBeNull = spec.flags.contains(.retNull)
        switch spec.returns {
        case .integer: r0 = .unknownScalar
        case .void: r0 = .notInit
        case .object(let name):
            r0 = RegState(type: .btfObject(BTFObjectType(name: name, size: structSize(named: name))), flags: [.trusted])
        case .localObject:
            if let root = call.graphRoot, spec.special == .graphRemove || spec.special == .graphPeek {
                r0 = RegState(type: .btfObject(root.nodeType), flags: [.allocated], off: Int32(root.nodeOffset))
            } else {
                r0 = RegState(type: .btfObject(call.localType ?? BTFObjectType(name: "obj")), flags: [.allocated])
            }
            if spec.special == .graphPeek { r0.flags.insert(.nonOwning) }
            if spec.special == .refcountAcquire && call.owningArgument { mayBeNull = false }
        case .memory(let size):
            r0 = RegState(type: .memory(size: Int32(size)), flags: [.readOnly])
        }
        if mayBeNull {
            r0.flags.insert(.maybeNull)
            r0.id = newID()
        }
        if spec.flags.contains(.acquire), let kind = spec.resource {
            r0.flags.remove(.trusted)
            let id = acquire(&state, kind: kind, pc: pc)
            r0.refObjID = id
            if mayBeNull { r0.id = id }
        }
        setReg(&state, .r0, r0)
    }
}
