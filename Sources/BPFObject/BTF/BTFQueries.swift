/// Look-ups the loader (CO-RE, maps, kfunc prototypes) and the verifier share.
extension BTF {
    /// Bounds every walk through the type graph: malformed BTF may loop, and the kernel itself
    /// caps resolution depth (`MAX_RESOLVE_DEPTH`).
    static let maximumDepth = 32

    /// A type with the typedef/const/volatile/restrict/type-tag layers stripped, and the type
    /// tags met on the way (outermost first), so `__kptr` and `__rcu` stay visible.
    public struct Resolved: Hashable, Sendable {
        public let id: BTFTypeID
        public let type: BTFType
        public let typeTags: [String]
    }

    /// Strips modifiers and typedefs; nil on a bad id or a modifier loop.
    public func resolve(_ id: BTFTypeID) -> Resolved? {
        var current = id
        var tags: [String] = []
        for _ in 0..<BTF.maximumDepth {
            guard let t = self[current] else { return nil }
            if case .typeTag(let name, _) = t { tags.append(name) }
            guard let next = t.modifiedType else { return Resolved(id: current, type: t, typeTags: tags) }
            current = next
        }
        return nil
    }

    /// The size in bytes of a type as C's `sizeof` sees it (pointers are 8 bytes); nil for
    /// void, functions, forward declarations and bad ids.
    public func size(of id: BTFTypeID) -> UInt64? { size(of: id, depth: 0) }

    private func size(of id: BTFTypeID, depth: Int) -> UInt64? {
        guard depth < BTF.maximumDepth, let t = self[id] else { return nil }
        switch t {
        case .int(_, let s, _, _, _), .float(_, let s): return UInt64(s)
        case .structure(let c), .union(let c): return UInt64(c.size)
        case .enumeration(let e), .enumeration64(let e): return UInt64(e.size)
        case .pointer: return 8
        case .array(let element, _, let count):
            guard let s = size(of: element, depth: depth + 1) else { return nil }
            let (total, overflow) = s.multipliedReportingOverflow(by: UInt64(count))
            return overflow ? nil : total
        case .typedef(_, let t), .volatile(let t), .const(let t), .restrict(let t), .typeTag(_, let t),
            .variable(_, let t, _):
            return size(of: t, depth: depth + 1)
        case .dataSection(_, let s, _): return UInt64(s)
        case .void, .forward, .function, .functionProto, .declTag: return nil
        }
    }

    /// The members of a struct or union, through modifiers; nil for other kinds.
    public func composite(_ id: BTFTypeID) -> BTFComposite? {
        switch resolve(id)?.type {
        case .structure(let c)?, .union(let c)?: return c
        default: return nil
        }
    }

    /// The member called `name` of a struct/union, searching anonymous members recursively
    /// as C does; the offset is from the start of the outer type, in bits.
    public func member(named name: String, in id: BTFTypeID) -> (member: BTFMember, bitOffset: UInt32)? {
        member(named: name, in: id, depth: 0)
    }

    private func member(named name: String, in id: BTFTypeID, depth: Int) -> (member: BTFMember, bitOffset: UInt32)? {
        guard depth < BTF.maximumDepth, let c = composite(id) else { return nil }
        for m in c.members {
            if m.name == name { return (m, m.bitOffset) }
            if m.name.isEmpty, let inner = member(named: name, in: m.type, depth: depth + 1) {
                return (inner.member, m.bitOffset &+ inner.bitOffset)
            }
        }
        return nil
    }

    /// The prototype of a FUNC (or of a FUNC_PROTO itself): return type and parameters.
    public func prototype(of id: BTFTypeID) -> (returnType: BTFTypeID, parameters: [BTFParameter])? {
        switch self[id] {
        case .function(_, let proto, _)?:
            if case .functionProto(let r, let ps)? = self[proto] { return (r, ps) }
            return nil
        case .functionProto(let r, let ps)?: return (r, ps)
        default: return nil
        }
    }

    /// A C-like spelling of a type for messages: `struct task_struct *`, `u32`, `int[16]`.
    public func typeName(_ id: BTFTypeID) -> String { typeName(id, depth: 0) }

    private func typeName(_ id: BTFTypeID, depth: Int) -> String {
        guard depth < BTF.maximumDepth else { return "..." }
        guard let t = self[id] else { return "<bad type \(id)>" }
        switch t {
        case .void: return "void"
        case .int(let n, _, _, _, _), .float(let n, _), .typedef(let n, _): return n
        case .structure(let c): return "struct " + (c.name.isEmpty ? "(anon)" : c.name)
        case .union(let c): return "union " + (c.name.isEmpty ? "(anon)" : c.name)
        case .enumeration(let e), .enumeration64(let e): return "enum " + (e.name.isEmpty ? "(anon)" : e.name)
        case .forward(let n, let isUnion): return (isUnion ? "union " : "struct ") + n
        case .pointer(let to): return typeName(to, depth: depth + 1) + " *"
        case .array(let e, _, let n): return typeName(e, depth: depth + 1) + "[\(n)]"
        case .const(let inner): return "const " + typeName(inner, depth: depth + 1)
        case .volatile(let inner): return "volatile " + typeName(inner, depth: depth + 1)
        case .restrict(let inner): return typeName(inner, depth: depth + 1) + " restrict"
        case .typeTag(let tag, let inner): return typeName(inner, depth: depth + 1) + " __tag(\(tag))"
        case .function(let n, _, _), .variable(let n, _, _), .dataSection(let n, _, _), .declTag(let n, _, _): return n
        case .functionProto(let r, let ps):
            return typeName(r, depth: depth + 1) + " (" + ps.map { typeName($0.type, depth: depth + 1) }.joined(separator: ", ") + ")"
        }
    }

    /// The FUNC with this name (programs, subprograms and extern kfuncs).
    public func function(named name: String) -> BTFTypeID? {
        firstID(named: name) { if case .function = $0 { return true } else { return false } }
    }

    /// The DATASEC with this name (`.maps`, `.ksyms`, `.kconfig`, `.data`, ...).
    public func dataSection(named name: String) -> BTFTypeID? {
        firstID(named: name) { if case .dataSection = $0 { return true } else { return false } }
    }
}
