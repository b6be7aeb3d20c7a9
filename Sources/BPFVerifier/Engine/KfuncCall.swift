import BPFISA
import BPFKernelModel
import BPFObject

/// kfunc calls: `check_kfunc_call` and `check_kfunc_args`, with references, RCU, iterators,
/// program-local objects and `bpf_throw`.
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
        let args = kfuncArguments(spec, ext)
        var releaseID: UInt32?
        var localType: BTFObjectType?
        var iterSlot: (frame: Int, spi: Int)?
        for (i, arg) in args.enumerated() where i < 5 {
            let r = Register(i + 1)!
            let reg = try readReg(state, r, pc: pc)
            switch arg {
            case .scalar, .memorySize:
                guard reg.type == .scalar else { throw VerifierError("R\(r.index) is not a scalar", pc: pc) }
            case .constant:
                guard reg.type == .scalar, let v = reg.value.constValue else {
                    throw VerifierError("arg#\(i) is expected to be a constant", pc: pc)
                }
                if spec.special == .objectNew { localType = localObjectType(id: UInt32(truncatingIfNeeded: v)) }
            case .ignored, .callback, .memory:
                break
            case .context:
                guard reg.type == .context else {
                    throw VerifierError("arg#\(i) expected pointer to ctx, but got \(StateFormat(maps: program.maps).typeName(reg))", pc: pc)
                }
            case .object(let typeName):
                if reg.isMaybeNull && (spec.flags.contains(.trustedArgs) || spec.flags.contains(.release) || spec.flags.contains(.rcu)) {
                    throw VerifierError("Possibly NULL pointer passed to trusted arg\(i)", pc: pc)
                }
                guard case .btfObject(let t) = reg.type else {
                    if reg.isNullScalar { throw VerifierError("Possibly NULL pointer passed to trusted arg\(i)", pc: pc) }
                    if reg.type == .scalar, spec.flags.contains(.release) {
                        throw VerifierError("arg#\(i) pointer type STRUCT \(typeName) must point to scalar, or struct with scalar", pc: pc)
                    }
                    throw VerifierError("arg#\(i) expected pointer to STRUCT \(typeName) but R\(r.index) is \(StateFormat(maps: program.maps).typeName(reg))", pc: pc)
                }
                guard Self.compatible(t.name, expected: typeName) else {
                    throw VerifierError(
                        "kernel function \(ext.name) args#\(i) expected pointer to STRUCT \(typeName) but R\(r.index) has a pointer to STRUCT \(t.name)",
                        pc: pc)
                }
                if spec.flags.contains(.trustedArgs) && !(reg.flags.contains(.trusted) || reg.refObjID != 0) {
                    throw VerifierError("R\(r.index) must be referenced or trusted", pc: pc)
                }
                if spec.flags.contains(.rcu) && reg.flags.contains(.untrusted) {
                    throw VerifierError("R\(r.index) must be a rcu pointer", pc: pc)
                }
            case .localObject:
                guard case .btfObject(let t) = reg.type, reg.flags.contains(.allocated), !reg.isMaybeNull else {
                    throw VerifierError("arg#\(i) expected pointer to allocated object", pc: pc)
                }
                localType = t
            case .graphRoot:
                switch reg.type {
                case .mapValue where !reg.isMaybeNull: break
                case .btfObject where reg.flags.contains(.allocated): break
                default: throw VerifierError("arg#\(i) expected pointer to map value or allocated object", pc: pc)
                }
            case .graphNode:
                guard case .btfObject = reg.type, reg.flags.contains(.allocated), !reg.isMaybeNull else {
                    throw VerifierError("arg#\(i) expected pointer to allocated object", pc: pc)
                }
                if spec.special == .graphInsert {
                    guard reg.refObjID != 0 else { throw VerifierError("arg#\(i) expected owning reference", pc: pc) }
                    releaseID = reg.refObjID
                }
            case .iterator(let iterType):
                iterSlot = try iteratorArgument(state, r, reg, iterType: iterType, spec: spec, argIndex: i, pc: pc)
            }
            if spec.flags.contains(.release), releaseID == nil, reg.isPointer, arg != .ignored {
                guard reg.refObjID != 0 else {
                    throw VerifierError("release kernel function \(ext.name) expects refcounted PTR_TO_BTF_ID", pc: pc)
                }
                releaseID = reg.refObjID
            }
        }
        if let id = releaseID { try release(&state, id: id, pc: pc) }
        switch spec.special {
        case .rcuReadLock: state.rcuDepth += 1
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
            let slot = iterSlot
        {
            return try iteratorCall(&state, spec: spec, slot: slot, pc: pc, parent: parent)
        }
        clobberArguments(&state)
        try setKfuncReturn(&state, spec: spec, localType: localType, pc: pc)
        return .next(pc + 1)
    }

    /// `struct cpumask *` parameters accept `struct bpf_cpumask *` (it embeds one first).
    static func compatible(_ actual: String, expected: String) -> Bool {
        actual == expected || (expected == "cpumask" && actual == "bpf_cpumask")
            || (expected == "sock_common" && actual == "sock")
    }

    /// The argument list: the catalog's, or derived from the program's BTF prototype for
    /// kfuncs the catalog lists without arguments.
    private func kfuncArguments(_ spec: KfuncSpec, _ ext: ExternFunction) -> [KfuncArg] {
        if !spec.args.isEmpty { return spec.args }
        guard let proto = ext.btfPrototypeID, let p = program.btf.prototype(of: proto) else { return [] }
        return p.parameters.map { param in
            if param.name.hasSuffix("__ign") { return .ignored }
            if param.name.hasSuffix("__k") { return .constant }
            if param.name.hasSuffix("__sz") || param.name.hasSuffix("__szk") { return .memorySize }
            if case .pointer(let to)? = program.btf.resolve(param.type)?.type {
                if case .structure(let c)? = program.btf.resolve(to)?.type { return .object(c.name) }
                return .memory
            }
            return .scalar
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

    private func setKfuncReturn(_ state: inout VerifierState, spec: KfuncSpec, localType: BTFObjectType?, pc: Int) throws(VerifierError) {
        var r0: RegState
        switch spec.returns {
        case .integer: r0 = .unknownScalar
        case .void: r0 = .notInit
        case .object(let name):
            r0 = RegState(type: .btfObject(BTFObjectType(name: name, size: structSize(named: name))), flags: [.trusted])
        case .localObject:
            r0 = RegState(type: .btfObject(localType ?? BTFObjectType(name: "obj")), flags: [.allocated])
            if spec.special == .graphPeek { r0.flags.insert(.nonOwning) }
        case .memory(let size):
            r0 = RegState(type: .memory(size: Int32(size)), flags: [.readOnly])
        }
        if spec.flags.contains(.retNull) {
            r0.flags.insert(.maybeNull)
            r0.id = newID()
        }
        if spec.flags.contains(.acquire), let kind = spec.resource {
            r0.flags.remove(.trusted)
            let id = acquire(&state, kind: kind, pc: pc)
            if r0.id == 0 { r0.id = id }
            r0.refObjID = id
            if spec.flags.contains(.retNull) { r0.id = id }
        }
        setReg(&state, .r0, r0)
    }
}
