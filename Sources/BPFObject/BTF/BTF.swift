/// A parsed BTF blob (`.BTF` of an object): its types, indexed by ``BTFTypeID``, and its string
/// table, with the look-ups the loader and the verifier need.
///
/// Models the kernel's `struct btf` (`kernel/bpf/btf.c`) and libbpf's `btf.c` reader. bpfsim
/// resolves CO-RE relocations and kfunc prototypes against this BTF: the simulated kernel uses
/// the program's own view of kernel types.
public struct BTF: Sendable {
    /// All types; `types[0]` is ``BTFType/void``.
    public private(set) var types: [BTFType]
    /// The raw string section (offset 0 is the empty string).
    public let strings: [UInt8]
    private let byName: [String: [BTFTypeID]]
    private let tagsByTarget: [BTFTypeID: [BTFDeclTag]]

    public static let magic: UInt16 = 0xeb9f

    /// A BTF holding `types` after `void` (for programs built without an object, e.g. assembly).
    public init(types: [BTFType], strings: [UInt8] = [0]) {
        self.init(allTypes: [.void] + types, strings: strings)
    }

    /// The same BTF with some types replaced by types of the same name (the name and tag
    /// indexes stay valid): used by the DATASEC fixup.
    func replacing(_ replacements: [Int: BTFType]) -> BTF {
        var copy = self
        for (i, t) in replacements where copy.types.indices.contains(i) && copy.types[i].name == t.name {
            copy.types[i] = t
        }
        return copy
    }

    /// `allTypes[0]` must be ``BTFType/void``.
    init(allTypes: [BTFType], strings: [UInt8]) {
        self.types = allTypes
        self.strings = strings
        var byName: [String: [BTFTypeID]] = [:]
        var tags: [BTFTypeID: [BTFDeclTag]] = [:]
        for (i, t) in self.types.enumerated() where i > 0 {
            let id = BTFTypeID(UInt32(i))
            if !t.name.isEmpty { byName[t.name, default: []].append(id) }
            if case .declTag(let name, let target, let component) = t {
                tags[target, default: []].append(BTFDeclTag(id: id, name: name, componentIndex: component))
            }
        }
        self.byName = byName
        self.tagsByTarget = tags
    }

    /// An empty BTF (only `void`).
    public static let empty = BTF(types: [])

    public var count: Int { types.count }

    /// The type with this id, or nil when the id is out of range.
    public subscript(id: BTFTypeID) -> BTFType? {
        let i = Int(id.rawValue)
        return i < types.count ? types[i] : nil
    }

    /// The ids of every type with this name, in id order.
    public func ids(named name: String) -> [BTFTypeID] { byName[name] ?? [] }

    /// The first type with this name whose kind passes `where`.
    public func firstID(named name: String, where matches: (BTFType) -> Bool = { _ in true }) -> BTFTypeID? {
        ids(named: name).first { self[$0].map(matches) ?? false }
    }

    /// Declaration tags attached to `target` (`btf_decl_tag`), e.g. `exception_callback:cb` on a
    /// main program's FUNC, or `arg:ctx` on a parameter.
    public func declTags(on target: BTFTypeID) -> [BTFDeclTag] { tagsByTarget[target] ?? [] }

    /// The string at `offset` of the string section, nil when out of range or unterminated.
    public func string(at offset: UInt32) -> String? {
        ByteReader(strings).cString(at: Int(offset))
    }
}

/// A `BTF_KIND_DECL_TAG` as seen from its target.
public struct BTFDeclTag: Hashable, Sendable {
    /// The DECL_TAG type's own id.
    public let id: BTFTypeID
    /// The tag text, e.g. `exception_callback:handler`.
    public let name: String
    /// -1 for the declaration itself, else the member or parameter index.
    public let componentIndex: Int32
}
