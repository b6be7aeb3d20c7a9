import BPFKernelModel
import BPFObject

/// The special fields of a map value the kernel finds in its BTF (`btf_parse_fields`,
/// `struct btf_record`): the `bpf_spin_lock`, `__kptr` fields with their pointee type, and
/// list heads / rbtree roots with the node type they contain (the `contains:TYPE:FIELD` decl
/// tag). Reference rules depend on them: `bpf_kptr_xchg` hands back an object of the field's
/// type, a collection may only be touched under the lock of its own map value.
struct SpecialFields {
    /// Offset of the `struct bpf_spin_lock`.
    var spinLock: Int?
    /// `__kptr` fields by offset: the pointee struct.
    var kptrs: [Int: BTFObjectType] = [:]
    /// `struct bpf_list_head` / `struct bpf_rb_root` fields by offset.
    var graphRoots: [Int: GraphRoot] = [:]

    /// A list head or rbtree root and what it holds.
    struct GraphRoot {
        var isList: Bool
        /// The program-local struct of the nodes.
        var nodeType: BTFObjectType
        /// Offset of the `bpf_list_node` / `bpf_rb_node` inside `nodeType`.
        var nodeOffset: Int

        /// `bpf_list_head` or `bpf_rb_root`, as the kernel names the field in messages.
        var typeName: String { isList ? "bpf_list_head" : "bpf_rb_root" }
    }
}

extension VerifierRun {
    /// The special fields of map `m`'s value (a struct, or the DATASEC of a global-data map).
    func specialFields(ofMap m: Int) -> SpecialFields {
        guard m >= 0, m < program.maps.count else { return SpecialFields() }
        let btf = program.btf
        let valueType = program.maps[m].btfValueTypeID
        var fields = SpecialFields()
        switch btf[valueType] {
        case .structure(let c)?:
            for (index, member) in c.members.enumerated() where member.bitfieldSize == 0 {
                let tags = btf.declTags(on: valueType).filter { $0.componentIndex == Int32(index) }.map(\.name)
                addField(&fields, type: member.type, offset: Int(member.bitOffset / 8), tags: tags)
            }
        case .dataSection(_, _, let variables)?:
            for v in variables {
                guard case .variable(_, let type, _)? = btf[v.type] else { continue }
                let tags = btf.declTags(on: v.type).filter { $0.componentIndex == -1 }.map(\.name)
                addField(&fields, type: type, offset: Int(v.offset), tags: tags)
            }
        default:
            break
        }
        return fields
    }

    private func addField(_ fields: inout SpecialFields, type: BTFTypeID, offset: Int, tags: [String]) {
        let btf = program.btf
        guard let resolved = btf.resolve(type) else { return }
        switch resolved.type {
        case .structure(let c) where c.name == "bpf_spin_lock":
            fields.spinLock = offset
        case .structure(let c) where c.name == "bpf_list_head" || c.name == "bpf_rb_root":
            guard let tag = tags.first(where: { $0.hasPrefix("contains:") }) else { return }
            let parts = tag.split(separator: ":").map(String.init)
            guard parts.count == 3, let nodeID = btf.firstID(named: parts[1], where: { if case .structure = $0 { return true } else { return false } }),
                let node = btf.member(named: parts[2], in: nodeID)
            else { return }
            let size = btf.size(of: nodeID).map { Int32($0) }
            fields.graphRoots[offset] = SpecialFields.GraphRoot(
                isList: c.name == "bpf_list_head",
                nodeType: BTFObjectType(name: parts[1], localTypeID: nodeID.rawValue, size: size),
                nodeOffset: Int(node.bitOffset / 8))
        case .pointer(let to):
            guard let pointee = btf.resolve(to), pointee.typeTags.contains("kptr"),
                case .structure(let c) = pointee.type
            else { return }
            let local = !isKernelType(c.name)
            fields.kptrs[offset] = BTFObjectType(
                name: c.name, localTypeID: local ? pointee.id.rawValue : nil, size: btf.size(of: pointee.id).map { Int32($0) })
        default:
            break
        }
    }

    /// Whether `name` is a kernel struct (a kfunc or helper of the catalog returns or takes
    /// it) rather than a program-local one (`bpf_obj_new` types).
    func isKernelType(_ name: String) -> Bool {
        for k in catalog.kfuncs.values {
            if case .object(let n) = k.returns, n == name { return true }
            if k.args.contains(.object(name)) { return true }
        }
        return catalog.helpers.values.contains { $0.ret == .trustedObject(name) || $0.args.contains(.btfObject(name)) }
    }
}
