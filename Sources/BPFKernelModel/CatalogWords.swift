/// How catalog entries are spelled in catalog files (`--catalog FILE`; README "Catalog
/// files"): helpers in the kernel's `ARG_*` / `RET_*` words of `struct bpf_func_proto`, kfunc
/// flags as `KF_*`, kfunc arguments and returns as short words (`ptr:task_struct`, `scalar`,
/// `const`, ...). Every kind reads and writes its own word, so a catalog file round-trips and
/// an unknown word is named in the error with the words that are known.
protocol CatalogWord {
    init?(word: String)
    var word: String { get }
    /// The accepted words, for error messages.
    static var vocabulary: String { get }
}

extension CatalogWord {
    static func decodeWord(from decoder: Decoder) throws -> Self {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let value = Self(word: text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "unknown word '\(text)' (expected \(Self.vocabulary))")
        }
        return value
    }

    func encodeWord(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(word)
    }
}

/// `word:NAME` (`ptr:task_struct`): the name after the colon, when `text` has that prefix.
private func suffix(_ text: String, after prefix: String) -> String? {
    guard text.hasPrefix(prefix + ":") else { return nil }
    let name = String(text.dropFirst(prefix.count + 1))
    return name.isEmpty ? nil : name
}

extension HelperArg: CatalogWord, Codable {
    public init(from decoder: Decoder) throws { self = try Self.decodeWord(from: decoder) }
    public func encode(to encoder: Encoder) throws { try encodeWord(to: encoder) }

    static let vocabulary =
        "ARG_ANYTHING, ARG_CONST_MAP_PTR, ARG_PTR_TO_MAP_KEY, ARG_PTR_TO_MAP_VALUE, ARG_PTR_TO_MEM[_OR_NULL], "
        + "ARG_PTR_TO_UNINIT_MEM[_OR_NULL], ARG_PTR_TO_WRITABLE_MEM[_OR_NULL], ARG_CONST_SIZE[_OR_ZERO], "
        + "ARG_PTR_TO_CTX, ARG_PTR_TO_SOCK_COMMON, ARG_PTR_TO_SOCKET, ARG_PTR_TO_ALLOC_MEM, "
        + "ARG_CONST_ALLOC_SIZE_OR_ZERO, ARG_PTR_TO_FUNC:loop|for_each_map_elem, ARG_PTR_TO_STACK_OR_NULL, "
        + "ARG_PTR_TO_BTF_ID:TYPE, ARG_PTR_TO_KPTR, ARG_PTR_TO_KPTR_VALUE, ARG_PTR_TO_SPIN_LOCK, "
        + "ARG_PTR_TO_CONST_STR, ARG_PTR_TO_LONG, ARG_PTR_TO_INT"

    init?(word: String) {
        switch word {
        case "ARG_ANYTHING": self = .anything
        case "ARG_CONST_MAP_PTR": self = .mapPointer
        case "ARG_PTR_TO_MAP_KEY": self = .mapKey
        case "ARG_PTR_TO_MAP_VALUE": self = .mapValue
        case "ARG_PTR_TO_MEM": self = .memory(readOnly: true, uninit: false, nullable: false)
        case "ARG_PTR_TO_MEM_OR_NULL": self = .memory(readOnly: true, uninit: false, nullable: true)
        case "ARG_PTR_TO_UNINIT_MEM": self = .memory(readOnly: false, uninit: true, nullable: false)
        case "ARG_PTR_TO_UNINIT_MEM_OR_NULL": self = .memory(readOnly: false, uninit: true, nullable: true)
        case "ARG_PTR_TO_WRITABLE_MEM": self = .memory(readOnly: false, uninit: false, nullable: false)
        case "ARG_PTR_TO_WRITABLE_MEM_OR_NULL": self = .memory(readOnly: false, uninit: false, nullable: true)
        case "ARG_CONST_SIZE": self = .size(zeroAllowed: false)
        case "ARG_CONST_SIZE_OR_ZERO": self = .size(zeroAllowed: true)
        case "ARG_PTR_TO_CTX": self = .context
        case "ARG_PTR_TO_SOCK_COMMON": self = .sockCommon
        case "ARG_PTR_TO_SOCKET": self = .socket
        case "ARG_PTR_TO_ALLOC_MEM": self = .allocatedMemory
        case "ARG_CONST_ALLOC_SIZE_OR_ZERO": self = .allocationSize
        case "ARG_PTR_TO_STACK_OR_NULL": self = .stackOrNull
        case "ARG_PTR_TO_KPTR": self = .kptrField
        case "ARG_PTR_TO_KPTR_VALUE": self = .kptrValue
        case "ARG_PTR_TO_SPIN_LOCK": self = .spinLock
        case "ARG_PTR_TO_CONST_STR": self = .constString
        case "ARG_PTR_TO_LONG": self = .writtenScalar(size: 8)
        case "ARG_PTR_TO_INT": self = .writtenScalar(size: 4)
        default:
            if let kind = suffix(word, after: "ARG_PTR_TO_FUNC").flatMap(CallbackKind.init(rawValue:)) {
                self = .callback(kind)
            } else if let type = suffix(word, after: "ARG_PTR_TO_BTF_ID") {
                self = .btfObject(type)
            } else {
                return nil
            }
        }
    }

    var word: String {
        switch self {
        case .anything: return "ARG_ANYTHING"
        case .mapPointer: return "ARG_CONST_MAP_PTR"
        case .mapKey: return "ARG_PTR_TO_MAP_KEY"
        case .mapValue: return "ARG_PTR_TO_MAP_VALUE"
        case .memory(let readOnly, let uninit, let nullable):
            let base = readOnly ? "ARG_PTR_TO_MEM" : uninit ? "ARG_PTR_TO_UNINIT_MEM" : "ARG_PTR_TO_WRITABLE_MEM"
            return base + (nullable ? "_OR_NULL" : "")
        case .size(let zeroAllowed): return zeroAllowed ? "ARG_CONST_SIZE_OR_ZERO" : "ARG_CONST_SIZE"
        case .context: return "ARG_PTR_TO_CTX"
        case .sockCommon: return "ARG_PTR_TO_SOCK_COMMON"
        case .socket: return "ARG_PTR_TO_SOCKET"
        case .allocatedMemory: return "ARG_PTR_TO_ALLOC_MEM"
        case .allocationSize: return "ARG_CONST_ALLOC_SIZE_OR_ZERO"
        case .callback(let kind): return "ARG_PTR_TO_FUNC:" + kind.rawValue
        case .stackOrNull: return "ARG_PTR_TO_STACK_OR_NULL"
        case .btfObject(let type): return "ARG_PTR_TO_BTF_ID:" + type
        case .kptrField: return "ARG_PTR_TO_KPTR"
        case .kptrValue: return "ARG_PTR_TO_KPTR_VALUE"
        case .spinLock: return "ARG_PTR_TO_SPIN_LOCK"
        case .constString: return "ARG_PTR_TO_CONST_STR"
        case .writtenScalar(let size): return size == 4 ? "ARG_PTR_TO_INT" : "ARG_PTR_TO_LONG"
        }
    }
}

extension HelperReturn: CatalogWord, Codable {
    public init(from decoder: Decoder) throws { self = try Self.decodeWord(from: decoder) }
    public func encode(to encoder: Encoder) throws { try encodeWord(to: encoder) }

    static let vocabulary =
        "RET_INTEGER, RET_VOID, RET_PTR_TO_MAP_VALUE_OR_NULL, RET_PTR_TO_SOCKET_OR_NULL, "
        + "RET_PTR_TO_SOCK_COMMON_OR_NULL, RET_PTR_TO_TCP_SOCK_OR_NULL, RET_PTR_TO_RINGBUF_MEM_OR_NULL, "
        + "RET_PTR_TO_BTF_ID_TRUSTED:TYPE, RET_PTR_TO_KPTR_OR_NULL"

    init?(word: String) {
        switch word {
        case "RET_INTEGER": self = .integer
        case "RET_VOID": self = .void
        case "RET_PTR_TO_MAP_VALUE_OR_NULL": self = .mapValueOrNull
        case "RET_PTR_TO_SOCKET_OR_NULL": self = .socketOrNull
        case "RET_PTR_TO_SOCK_COMMON_OR_NULL": self = .sockCommonOrNull
        case "RET_PTR_TO_TCP_SOCK_OR_NULL": self = .tcpSockOrNull
        case "RET_PTR_TO_RINGBUF_MEM_OR_NULL": self = .ringbufMemoryOrNull
        case "RET_PTR_TO_KPTR_OR_NULL": self = .kptrOrNull
        default:
            guard let type = suffix(word, after: "RET_PTR_TO_BTF_ID_TRUSTED") else { return nil }
            self = .trustedObject(type)
        }
    }

    var word: String {
        switch self {
        case .integer: return "RET_INTEGER"
        case .void: return "RET_VOID"
        case .mapValueOrNull: return "RET_PTR_TO_MAP_VALUE_OR_NULL"
        case .socketOrNull: return "RET_PTR_TO_SOCKET_OR_NULL"
        case .sockCommonOrNull: return "RET_PTR_TO_SOCK_COMMON_OR_NULL"
        case .tcpSockOrNull: return "RET_PTR_TO_TCP_SOCK_OR_NULL"
        case .ringbufMemoryOrNull: return "RET_PTR_TO_RINGBUF_MEM_OR_NULL"
        case .trustedObject(let type): return "RET_PTR_TO_BTF_ID_TRUSTED:" + type
        case .kptrOrNull: return "RET_PTR_TO_KPTR_OR_NULL"
        }
    }
}

extension KfuncArg: CatalogWord, Codable {
    public init(from decoder: Decoder) throws { self = try Self.decodeWord(from: decoder) }
    public func encode(to encoder: Encoder) throws { try encodeWord(to: encoder) }

    static let vocabulary =
        "scalar, const, ctx, ptr:TYPE, alloc, ignored, iter:TYPE, mem, mem_size, graph_root, graph_node, callback"

    init?(word: String) {
        switch word {
        case "scalar": self = .scalar
        case "const": self = .constant
        case "ctx": self = .context
        case "alloc": self = .localObject
        case "ignored": self = .ignored
        case "mem": self = .memory
        case "mem_size": self = .memorySize
        case "graph_root": self = .graphRoot
        case "graph_node": self = .graphNode
        case "callback": self = .callback
        default:
            if let type = suffix(word, after: "ptr") {
                self = .object(type)
            } else if let type = suffix(word, after: "iter") {
                self = .iterator(type)
            } else {
                return nil
            }
        }
    }

    var word: String {
        switch self {
        case .scalar: return "scalar"
        case .constant: return "const"
        case .context: return "ctx"
        case .object(let type): return "ptr:" + type
        case .localObject: return "alloc"
        case .ignored: return "ignored"
        case .iterator(let type): return "iter:" + type
        case .memory: return "mem"
        case .memorySize: return "mem_size"
        case .graphRoot: return "graph_root"
        case .graphNode: return "graph_node"
        case .callback: return "callback"
        }
    }
}

extension KfuncReturn: CatalogWord, Codable {
    public init(from decoder: Decoder) throws { self = try Self.decodeWord(from: decoder) }
    public func encode(to encoder: Encoder) throws { try encodeWord(to: encoder) }

    static let vocabulary = "int, void, ptr:TYPE, local, mem:SIZE"

    init?(word: String) {
        switch word {
        case "int": self = .integer
        case "void": self = .void
        case "local": self = .localObject
        default:
            if let type = suffix(word, after: "ptr") {
                self = .object(type)
            } else if let size = suffix(word, after: "mem").flatMap({ Int($0) }), size > 0 {
                self = .memory(size: size)
            } else {
                return nil
            }
        }
    }

    var word: String {
        switch self {
        case .integer: return "int"
        case .void: return "void"
        case .object(let type): return "ptr:" + type
        case .localObject: return "local"
        case .memory(let size): return "mem:\(size)"
        }
    }
}

/// Flags as a list of `KF_*` names.
extension KfuncFlags: Codable {
    public init(from decoder: Decoder) throws {
        var container = try decoder.unkeyedContainer()
        var flags: KfuncFlags = []
        while !container.isAtEnd {
            let index = container.currentIndex
            let name = try container.decode(String.self)
            guard let flag = KfuncFlags.names.first(where: { $0.0 == name })?.1 else {
                throw DecodingError.dataCorrupted(
                    DecodingError.Context(
                        codingPath: container.codingPath + [ListIndex(index)],
                        debugDescription: "unknown flag '\(name)' (expected \(KfuncFlags.names.map(\.0).joined(separator: ", ")))"))
            }
            flags.insert(flag)
        }
        self = flags
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.unkeyedContainer()
        for name in flagNames { try container.encode(name) }
    }

    /// The kernel's names of the flags set, in the kernel's order.
    public var flagNames: [String] { KfuncFlags.names.filter { contains($0.1) }.map(\.0) }
}

extension HelperSpec: Codable {
    enum CodingKeys: String, CodingKey {
        case id, name, args, ret, acquires, releasesArg = "release_arg", isGPLOnly = "gpl_only"
        case isSleepableOnly = "sleepable_only"
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            id: try c.decode(Int32.self, forKey: .id), name: try c.decode(String.self, forKey: .name),
            args: try c.decodeIfPresent([HelperArg].self, forKey: .args) ?? [],
            ret: try c.decode(HelperReturn.self, forKey: .ret),
            acquires: try c.decodeIfPresent(ResourceKind.self, forKey: .acquires),
            releasesArg: try c.decodeIfPresent(Int.self, forKey: .releasesArg),
            isGPLOnly: try c.decodeIfPresent(Bool.self, forKey: .isGPLOnly) ?? false,
            isSleepableOnly: try c.decodeIfPresent(Bool.self, forKey: .isSleepableOnly) ?? false)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(name, forKey: .name)
        try c.encode(args, forKey: .args)
        try c.encode(ret, forKey: .ret)
        try c.encodeIfPresent(acquires, forKey: .acquires)
        try c.encodeIfPresent(releasesArg, forKey: .releasesArg)
        if isGPLOnly { try c.encode(true, forKey: .isGPLOnly) }
        if isSleepableOnly { try c.encode(true, forKey: .isSleepableOnly) }
    }
}

extension KfuncSpec: Codable {
    enum CodingKeys: String, CodingKey {
        case name, flags, resource, returns = "ret", args, special
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            name: try c.decode(String.self, forKey: .name),
            flags: try c.decodeIfPresent(KfuncFlags.self, forKey: .flags) ?? [],
            resource: try c.decodeIfPresent(ResourceKind.self, forKey: .resource),
            returns: try c.decodeIfPresent(KfuncReturn.self, forKey: .returns) ?? .integer,
            args: try c.decodeIfPresent([KfuncArg].self, forKey: .args) ?? [],
            special: try c.decodeIfPresent(KfuncSpecial.self, forKey: .special) ?? .none)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        if !flags.isEmpty { try c.encode(flags, forKey: .flags) }
        try c.encodeIfPresent(resource, forKey: .resource)
        try c.encode(returns, forKey: .returns)
        try c.encode(args, forKey: .args)
        if special != .none { try c.encode(special, forKey: .special) }
    }
}

extension ResourceSpec: Codable {
    enum CodingKeys: String, CodingKey {
        case kind, acquiredBy = "acquired_by", releasedBy = "released_by", destructor
        case isStackObject = "stack_object"
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            kind: try c.decode(ResourceKind.self, forKey: .kind),
            acquiredBy: try c.decodeIfPresent([String].self, forKey: .acquiredBy) ?? [],
            releasedBy: try c.decodeIfPresent([String].self, forKey: .releasedBy) ?? [],
            destructor: try c.decode(String.self, forKey: .destructor),
            isStackObject: try c.decodeIfPresent(Bool.self, forKey: .isStackObject) ?? false)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(kind, forKey: .kind)
        try c.encode(acquiredBy, forKey: .acquiredBy)
        try c.encode(releasedBy, forKey: .releasedBy)
        try c.encode(destructor, forKey: .destructor)
        if isStackObject { try c.encode(true, forKey: .isStackObject) }
    }
}

/// A position in a list, for error paths (`kfuncs[0].flags[1]`).
struct ListIndex: CodingKey {
    let intValue: Int?
    var stringValue: String { "\(intValue ?? 0)" }
    init(_ index: Int) { intValue = index }
    init?(intValue: Int) { self.intValue = intValue }
    init?(stringValue: String) { return nil }
}
