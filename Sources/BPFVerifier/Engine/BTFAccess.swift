import BPFISA
import BPFObject

/// BTF-typed memory: the arguments of `tp_btf`/`fentry`/`lsm` programs (`btf_ctx_access`) and
/// loads through `ptr_<struct>` registers (`check_ptr_to_btf_access`, `btf_struct_walk`).
///
/// Argument types come from the attach point's prototype (``AttachPrototype``): bpfsim's
/// committed snapshot of Linux 6.18 first, the running kernel's BTF for attach points the
/// snapshot lacks. Struct layouts come from the program's own BTF when it defines the struct
/// (its CO-RE relocations were resolved against it, so its offsets are the ones in the
/// instructions), else from the kernel's BTF; a struct neither defines is opaque (any read
/// inside is a scalar).
extension VerifierRun {
    /// The prototype of the program's attach point, looked up once.
    var attachPrototype: AttachPrototype? {
        if let cached = attachPrototypeCache { return cached.prototype }
        var found: (AttachPrototype?, AttachPrototypeSource?) = (nil, nil)
        if let name = AttachPrototype.attachName(
            programType: program.programType, attachType: program.expectedAttachType, target: program.attachTarget)
        {
            if let p = AttachPrototypeSnapshot.prototypes[name.btf] {
                found = (p, .snapshot)
            } else if let btf = kernelBTF, let p = AttachPrototype.read(from: btf, btfName: name.btf, logName: name.log) {
                found = (p, .kernelBTF)
            }
        }
        attachPrototypeCache = found
        result.attachPrototypeSource = found.1
        return found.0
    }

    /// Whether pointer arguments are trusted (`prog_args_trusted`): `tp_btf`, `lsm`,
    /// `struct_ops` and iterators; not `fentry`/`fexit`.
    private var argumentsTrusted: Bool {
        switch (program.programType, program.expectedAttachType) {
        case (.tracing, .traceRawTP?), (.tracing, .traceIter?), (.lsm, _), (.structOps, _): return true
        default: return false
        }
    }

    /// A read of the u64 argument array at `off` (`btf_ctx_access`); nil when the attach point
    /// is unknown (the read is then an unknown scalar).
    func tracingArgument(at off: Int, size: Int, pc: Int) throws(VerifierError) -> RegState? {
        guard let proto = attachPrototype else { return nil }
        func refuse(_ why: String) -> VerifierError {
            VerifierError("\(why)\ninvalid bpf_context access off=\(off) size=\(size)", pc: pc)
        }
        if off % 8 != 0 { throw refuse("func '\(proto.function)' offset \(off) is not multiple of 8") }
        let index = off / 8
        let argument: TracingArgument
        if index < proto.arguments.count {
            argument = proto.arguments[index]
        } else if index == proto.arguments.count,
            [.traceFexit, .modifyReturn, .lsmMac].contains(program.expectedAttachType ?? .traceRawTP) || program.programType == .lsm
        {
            argument = proto.returnValue ?? .scalar
        } else {
            throw refuse("func '\(proto.function)' doesn't have \(index + 1)-th argument")
        }
        switch argument {
        case .scalar:
            return .unknownScalar
        case .unsupported(let kind):
            throw refuse("func '\(proto.function)' arg\(index) type \(kind) is not a struct")
        case .structPointer(let name, let id):
            log.line("func '\(proto.function)' arg\(index) has btf_id \(id) type STRUCT '\(name)'")
            let size = structLayout(named: name).flatMap { $0.btf.size(of: $0.id) }.map { Int32($0) }
            return RegState(type: .btfObject(BTFObjectType(name: name, size: size)), flags: argumentsTrusted ? [.trusted] : [])
        }
    }

    // MARK: - Loads through ptr_<struct>

    func btfObjectAccess(
        _ state: VerifierState, base: Register, reg: RegState, type t: BTFObjectType, off: Int, size: Int, access: Access,
        helperAccess: Bool = false, pc: Int
    ) throws(VerifierError) -> RegState {
        let typeText = "ptr_" + t.name
        if off < 0 {
            throw VerifierError("R\(base.index) is \(typeText) invalid negative access: off=\(off)", pc: pc)
        }
        if !reg.value.isConst {
            throw VerifierError("R\(base.index) is \(typeText) invalid variable offset: off=\(off), var_off=(\(StateFormat.hex(reg.value.varOff.value)); \(StateFormat.hex(reg.value.varOff.mask)))", pc: pc)
        }
        if access == .write && !reg.flags.contains(.allocated) {
            throw VerifierError("only read is supported", pc: pc)
        }
        // Instruction offsets were CO-RE-relocated against the program's own BTF, so its
        // layout is walked; memory a helper reads goes by the kernel's layout first, as the
        // kernel's own check does.
        let layout = t.localTypeID.map { (btf: program.btf, id: BTFTypeID($0)) }
            ?? (helperAccess ? kernelStructLayout(named: t.name) ?? structLayout(named: t.name) : structLayout(named: t.name))
        guard let layout else { return .unknownScalar }
        let field: PointerField
        switch Self.walk(layout.btf, layout.id, off: off, size: size) {
        case .scalar: return .unknownScalar
        case .refused(let why): throw VerifierError(why, pc: pc)
        case .pointer(let f):
            guard access == .read && !helperAccess else { return .unknownScalar }
            field = f
        }
        var loaded = RegState(type: .btfObject(BTFObjectType(name: field.pointee, size: structLayout(named: field.pointee).flatMap {
            $0.btf.size(of: $0.id)
        }.map { Int32($0) })))
        loaded.flags = pointerFlags(state, base: reg, baseType: t.name, field: field)
        if loaded.flags.contains(.maybeNull) { loaded.id = newID() }
        return loaded
    }

    /// The struct a name denotes: the program's own definition (CO-RE flavours `name___x`
    /// included), else the kernel's.
    func structLayout(named name: String) -> (btf: BTF, id: BTFTypeID)? {
        func find(_ btf: BTF) -> BTFTypeID? {
            btf.firstID(named: name) { if case .structure = $0 { return true } else { return false } }
        }
        if let id = find(program.btf) { return (program.btf, id) }
        for (i, t) in program.btf.types.enumerated() {
            if case .structure(let c) = t, c.name.hasPrefix(name + "___") { return (program.btf, BTFTypeID(UInt32(i))) }
        }
        if let btf = kernelBTF, let id = find(btf) { return (btf, id) }
        return nil
    }

    /// The kernel's definition of a struct, when its BTF is available.
    func kernelStructLayout(named name: String) -> (btf: BTF, id: BTFTypeID)? {
        guard let btf = kernelBTF,
            let id = btf.firstID(named: Self.baseName(name), where: { if case .structure = $0 { return true } else { return false } })
        else { return nil }
        return (btf, id)
    }

    func structSize(named name: String) -> Int32? {
        structLayout(named: name).flatMap { $0.btf.size(of: $0.id) }.map { Int32($0) }
    }

    /// A struct pointer member loaded whole: its name, the pointee struct and the type tags
    /// of the member's pointer (`rcu`).
    struct PointerField {
        var name: String
        var pointee: String
        var tags: [String]
    }

    /// What a read of `[off, off + size)` inside a struct finds (`btf_struct_walk`).
    enum StructWalk {
        case scalar
        case pointer(PointerField)
        /// The kernel's complaint (`access beyond struct ...`), for the log.
        case refused(String)
    }

    /// `btf_struct_walk` + `btf_struct_access`: descends nested structs and arrays of structs
    /// to the member the read covers; a read inside an integer (or an array of them) is a
    /// scalar, a whole pointer to a struct is that pointer.
    static func walk(_ btf: BTF, _ id: BTFTypeID, off startOff: Int, size: Int) -> StructWalk {
        var id = id
        var off = startOff
        for _ in 0..<32 {
            guard let resolved = btf.resolve(id), let c = btf.composite(resolved.id) else {
                return .refused("Type '\(btf.typeName(id))' is not a struct")
            }
            if off + size > Int(c.size) {
                return .refused("access beyond struct \(c.name) at off \(off) size \(size)")
            }
            var next: (id: BTFTypeID, off: Int)?
            members: for m in c.members {
                let moff = Int(m.bitOffset / 8)
                if off + size <= moff { break }
                if m.bitfieldSize > 0 {
                    let endBit = Int(m.bitOffset) + Int(m.bitfieldSize)
                    if off <= moff && (endBit + 7) / 8 <= off + size { return .scalar }
                    continue
                }
                guard let msize = btf.size(of: m.type).map(Int.init) else { continue }
                if off >= moff + msize { continue }
                if off < moff { break }
                guard let mtype = btf.resolve(m.type) else { return .scalar }
                switch mtype.type {
                case .structure, .union:
                    next = (mtype.id, off - moff)
                    break members
                case .array(let element, _, _):
                    guard let e = btf.resolve(element), let esize = btf.size(of: e.id).map(Int.init), esize > 0 else { return .scalar }
                    if case .structure = e.type {
                        next = (e.id, (off - moff) % esize)
                        break members
                    }
                    if off + size > moff + msize {
                        return .refused("access beyond the end of member \(m.name) (mend:\(moff + msize)) in struct \(c.name) with off \(off) size \(size)")
                    }
                    return .scalar
                case .pointer(let to):
                    guard off == moff, size == 8, let pointee = btf.resolve(to), case .structure(let target) = pointee.type else {
                        if off + size > moff + msize {
                            return .refused("access beyond the end of member \(m.name) (mend:\(moff + msize)) in struct \(c.name) with off \(off) size \(size)")
                        }
                        return .scalar
                    }
                    return .pointer(PointerField(name: m.name, pointee: Self.baseName(target.name), tags: pointee.typeTags))
                default:
                    if off + size > moff + msize {
                        return .refused("access beyond the end of member \(m.name) (mend:\(moff + msize)) in struct \(c.name) with off \(off) size \(size)")
                    }
                    return .scalar
                }
            }
            guard let (nid, noff) = next else { return .refused("struct \(c.name) doesn't have field at offset \(off)") }
            id = nid
            off = noff
        }
        return .scalar
    }

    /// `task_struct___v2` -> `task_struct`.
    static func baseName(_ name: String) -> String {
        name.range(of: "___").map { String(name[..<$0.lowerBound]) } ?? name
    }

    /// The type flags of a pointer loaded from a struct (`check_ptr_to_btf_access`): walking
    /// a trusted pointer yields an untrusted one, unless the kernel lists the field as safe
    /// (`BTF_TYPE_SAFE_TRUSTED`/`_RCU`/`_RCU_OR_NULL`) or tags it `__rcu`, inside an RCU
    /// read-side section (which a non-sleepable program always is).
    private func pointerFlags(_ state: VerifierState, base: RegState, baseType: String, field: PointerField) -> PointerFlags {
        var flags: PointerFlags = field.tags.contains("rcu") ? [.rcu] : []
        let struct_ = Self.baseName(baseType)
        if base.flags.contains(.untrusted) { return [.untrusted] }
        let trustedBase = base.flags.contains(.trusted) || base.refObjID != 0 || base.flags.contains(.rcu)
        guard trustedBase else { return [] }
        let inRCU = state.rcuDepth > 0 || state.activeLockID != 0 || !program.isSleepable
        switch SafeBTFFields.kind(of: struct_, field.name) {
        case .trusted?: return flags.union(.trusted)
        case .trustedOrNull?: return flags.union([.trusted, .maybeNull])
        case let kind:
            guard inRCU && !base.isMaybeNull else { return [.untrusted] }
            if kind == .rcu { return flags.union(.rcu) }
            if flags.contains(.rcu) || kind == .rcuOrNull { return [.rcu, .maybeNull] }
            flags = []
            return flags
        }
    }
}

/// The kernel's lists of struct fields whose pointers keep their parent's trust
/// (`BTF_TYPE_SAFE_TRUSTED`, `BTF_TYPE_SAFE_TRUSTED_OR_NULL`, `BTF_TYPE_SAFE_RCU`,
/// `BTF_TYPE_SAFE_RCU_OR_NULL` in `kernel/bpf/verifier.c`, Linux 6.18).
enum SafeBTFFields {
    enum Kind { case trusted, trustedOrNull, rcu, rcuOrNull }

    static let table: [String: [String: Kind]] = [
        "task_struct": ["cpus_ptr": .rcu, "cgroups": .rcu, "real_parent": .rcu, "group_leader": .rcu],
        "cgroup": ["kn": .rcu],
        "css_set": ["dfl_cgrp": .rcu],
        "cgroup_subsys_state": ["cgroup": .rcu],
        "mm_struct": ["exe_file": .rcuOrNull],
        "sk_buff": ["sk": .rcuOrNull],
        "request_sock": ["sk": .rcuOrNull],
        "bpf_iter_meta": ["seq": .trusted],
        "bpf_iter__task": ["meta": .trusted, "task": .trusted],
        "linux_binprm": ["file": .trusted],
        "file": ["f_inode": .trusted],
        "dentry": ["d_inode": .trusted],
        "socket": ["sk": .trustedOrNull],
        "vm_area_struct": ["vm_file": .trustedOrNull],
    ]

    static func kind(of structName: String, _ field: String) -> Kind? { table[structName]?[field] }
}
