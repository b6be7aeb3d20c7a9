/// A BTF type id: an index into ``BTF/types``; 0 is `void`.
public struct BTFTypeID: RawRepresentable, Hashable, Comparable, Sendable, ExpressibleByIntegerLiteral,
    CustomStringConvertible
{
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    public init(_ value: UInt32) { self.rawValue = value }
    public init(integerLiteral value: UInt32) { self.rawValue = value }

    public static let void = BTFTypeID(0)
    public var isVoid: Bool { rawValue == 0 }
    public static func < (a: BTFTypeID, b: BTFTypeID) -> Bool { a.rawValue < b.rawValue }
    /// `[42]`, as bpftool and the verifier log print type ids.
    public var description: String { "[\(rawValue)]" }
}

/// One BTF type, `struct btf_type` plus its kind-specific trailer (`include/uapi/linux/btf.h`).
///
/// Every kind the kernel defines (BTF_KIND_INT ... BTF_KIND_ENUM64) is a case; names are
/// resolved from the string table. Referenced ids are kept as read, so a malformed blob can be
/// represented and then reported by ``BTF/validate()``.
public enum BTFType: Hashable, Sendable {
    /// Type id 0.
    case void
    /// `BTF_KIND_INT`.
    case int(name: String, size: UInt32, encoding: BTFIntEncoding, bitOffset: UInt8, bits: UInt8)
    /// `BTF_KIND_PTR`.
    case pointer(to: BTFTypeID)
    /// `BTF_KIND_ARRAY`.
    case array(element: BTFTypeID, index: BTFTypeID, count: UInt32)
    /// `BTF_KIND_STRUCT`.
    case structure(BTFComposite)
    /// `BTF_KIND_UNION`.
    case union(BTFComposite)
    /// `BTF_KIND_ENUM` (32-bit values).
    case enumeration(BTFEnum)
    /// `BTF_KIND_FWD`.
    case forward(name: String, isUnion: Bool)
    /// `BTF_KIND_TYPEDEF`.
    case typedef(name: String, type: BTFTypeID)
    /// `BTF_KIND_VOLATILE`.
    case volatile(BTFTypeID)
    /// `BTF_KIND_CONST`.
    case const(BTFTypeID)
    /// `BTF_KIND_RESTRICT`.
    case restrict(BTFTypeID)
    /// `BTF_KIND_FUNC`: a function (program, subprogram or extern), its prototype and linkage.
    case function(name: String, proto: BTFTypeID, linkage: BTFLinkage)
    /// `BTF_KIND_FUNC_PROTO`.
    case functionProto(returnType: BTFTypeID, parameters: [BTFParameter])
    /// `BTF_KIND_VAR`.
    case variable(name: String, type: BTFTypeID, linkage: BTFLinkage)
    /// `BTF_KIND_DATASEC`: the variables of `.data`, `.maps`, `.ksyms`, `.kconfig`, ...
    case dataSection(name: String, size: UInt32, variables: [BTFVariableInSection])
    /// `BTF_KIND_FLOAT`.
    case float(name: String, size: UInt32)
    /// `BTF_KIND_DECL_TAG`: `btf_decl_tag("...")` on a declaration (`componentIndex` -1) or on
    /// one of its members/parameters.
    case declTag(name: String, target: BTFTypeID, componentIndex: Int32)
    /// `BTF_KIND_TYPE_TAG`: `btf_type_tag("...")`, e.g. `kptr`, `rcu`, `percpu`, `user`.
    case typeTag(name: String, type: BTFTypeID)
    /// `BTF_KIND_ENUM64`.
    case enumeration64(BTFEnum)

    /// The kernel's `BTF_KIND_*` number.
    public var kindNumber: Int {
        switch self {
        case .void: return 0
        case .int: return 1
        case .pointer: return 2
        case .array: return 3
        case .structure: return 4
        case .union: return 5
        case .enumeration: return 6
        case .forward: return 7
        case .typedef: return 8
        case .volatile: return 9
        case .const: return 10
        case .restrict: return 11
        case .function: return 12
        case .functionProto: return 13
        case .variable: return 14
        case .dataSection: return 15
        case .float: return 16
        case .declTag: return 17
        case .typeTag: return 18
        case .enumeration64: return 19
        }
    }

    /// `INT`, `STRUCT`, `FUNC_PROTO`, ... as bpftool prints kinds.
    public var kindName: String {
        switch self {
        case .void: return "VOID"
        case .int: return "INT"
        case .pointer: return "PTR"
        case .array: return "ARRAY"
        case .structure: return "STRUCT"
        case .union: return "UNION"
        case .enumeration: return "ENUM"
        case .forward: return "FWD"
        case .typedef: return "TYPEDEF"
        case .volatile: return "VOLATILE"
        case .const: return "CONST"
        case .restrict: return "RESTRICT"
        case .function: return "FUNC"
        case .functionProto: return "FUNC_PROTO"
        case .variable: return "VAR"
        case .dataSection: return "DATASEC"
        case .float: return "FLOAT"
        case .declTag: return "DECL_TAG"
        case .typeTag: return "TYPE_TAG"
        case .enumeration64: return "ENUM64"
        }
    }

    /// The type's name, `""` for anonymous types and kinds without names.
    public var name: String {
        switch self {
        case .int(let n, _, _, _, _), .forward(let n, _), .typedef(let n, _), .function(let n, _, _),
            .variable(let n, _, _), .dataSection(let n, _, _), .float(let n, _), .declTag(let n, _, _),
            .typeTag(let n, _):
            return n
        case .structure(let c), .union(let c): return c.name
        case .enumeration(let e), .enumeration64(let e): return e.name
        case .void, .pointer, .array, .volatile, .const, .restrict, .functionProto: return ""
        }
    }

    /// Every type id this type refers to (what validation checks and loops follow).
    public var references: [BTFTypeID] {
        switch self {
        case .void, .int, .enumeration, .enumeration64, .forward, .float: return []
        case .pointer(let t), .typedef(_, let t), .volatile(let t), .const(let t), .restrict(let t),
            .variable(_, let t, _), .typeTag(_, let t):
            return [t]
        case .array(let e, let i, _): return [e, i]
        case .structure(let c), .union(let c): return c.members.map(\.type)
        case .function(_, let p, _): return [p]
        case .functionProto(let r, let ps): return [r] + ps.map(\.type)
        case .dataSection(_, _, let vs): return vs.map(\.type)
        case .declTag(_, let t, _): return [t]
        }
    }

    /// Modifier kinds that `resolve` looks through: typedef, const, volatile, restrict, type tag.
    var modifiedType: BTFTypeID? {
        switch self {
        case .typedef(_, let t), .volatile(let t), .const(let t), .restrict(let t), .typeTag(_, let t): return t
        default: return nil
        }
    }
}

/// `BTF_INT_SIGNED`, `BTF_INT_CHAR`, `BTF_INT_BOOL` bits of an INT's encoding.
public struct BTFIntEncoding: OptionSet, Hashable, Sendable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static let signed = BTFIntEncoding(rawValue: 1)
    public static let char = BTFIntEncoding(rawValue: 2)
    public static let bool = BTFIntEncoding(rawValue: 4)
}

/// `BTF_FUNC_STATIC` / `GLOBAL` / `EXTERN` for FUNC, `BTF_VAR_STATIC` / `GLOBAL_ALLOCATED` /
/// `GLOBAL_EXTERN` for VAR (same numbers).
public enum BTFLinkage: UInt32, Hashable, Sendable {
    case `static` = 0
    case global = 1
    case `extern` = 2
}

/// A struct or union (`BTF_KIND_STRUCT`/`UNION`).
public struct BTFComposite: Hashable, Sendable {
    public let name: String
    public let size: UInt32
    public let members: [BTFMember]
}

/// `struct btf_member`: offsets are in bits; `bitfieldSize` is non-zero for bitfields (from
/// the kind flag encoding).
public struct BTFMember: Hashable, Sendable {
    public let name: String
    public let type: BTFTypeID
    public let bitOffset: UInt32
    public let bitfieldSize: UInt8
}

/// An enum (`BTF_KIND_ENUM` or `ENUM64`); values are widened to 64 bits, signedness from the
/// kind flag.
public struct BTFEnum: Hashable, Sendable {
    public let name: String
    public let size: UInt32
    public let isSigned: Bool
    public let values: [BTFEnumValue]
}

public struct BTFEnumValue: Hashable, Sendable {
    public let name: String
    public let value: Int64
}

/// `struct btf_param` of a FUNC_PROTO; a trailing parameter with type 0 marks varargs.
public struct BTFParameter: Hashable, Sendable {
    public let name: String
    public let type: BTFTypeID
}

/// `struct btf_var_secinfo` of a DATASEC.
public struct BTFVariableInSection: Hashable, Sendable {
    public let type: BTFTypeID
    public let offset: UInt32
    public let size: UInt32
}
