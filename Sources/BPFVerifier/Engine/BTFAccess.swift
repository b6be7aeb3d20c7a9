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
        pc: Int
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
        let layout = t.localTypeID.map { (btf: program.btf, id: BTFTypeID($0)) } ?? structLayout(named: t.name)
        if let total = t.size ?? layout.flatMap({ $0.btf.size(of: $0.id) }).map({ Int32($0) }), off + size > Int(total) {
            throw VerifierError("access beyond struct \(t.name) at off \(off) size \(size)", pc: pc)
        }
        guard access == .read, let layout, let field = Self.pointerField(layout.btf, layout.id, off: off, size: size) else {
            return .unknownScalar
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

    /// `btf_struct_walk`: the pointer member exactly covered by `[off, off + size)`, walking
    /// nested structs and arrays of structs; nil when the read is a scalar.
    static func pointerField(_ btf: BTF, _ id: BTFTypeID, off: Int, size: Int, depth: Int = 0) -> PointerField? {
        guard depth < 32, let c = btf.composite(id) else { return nil }
        for m in c.members where m.bitfieldSize == 0 {
            let start = Int(m.bitOffset / 8)
            guard let msize = btf.size(of: m.type).map(Int.init), off >= start, off < start + max(msize, 1) else { continue }
            guard let resolved = btf.resolve(m.type) else { return nil }
            switch resolved.type {
            case .structure, .union:
                return pointerField(btf, resolved.id, off: off - start, size: size, depth: depth + 1)
            case .array(let element, _, _):
                guard let esize = btf.size(of: element).map(Int.init), esize > 0 else { return nil }
                let inner = (off - start) % esize
                guard let e = btf.resolve(element), case .structure = e.type else { return nil }
                return pointerField(btf, e.id, off: inner, size: size, depth: depth + 1)
            case .pointer(let to):
                guard off == start, size == 8, let pointee = btf.resolve(to), case .structure(let s) = pointee.type else {
                    return nil
                }
                let tags = btf.resolve(to).map(\.typeTags) ?? []
                return PointerField(name: m.name, pointee: Self.baseName(s.name), tags: tags)
            default:
                return nil
            }
        }
        return nil
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
