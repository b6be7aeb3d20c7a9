import BPFKernelModel

/// The abstract value of one register or spilled stack slot: the kernel's
/// `struct bpf_reg_state` (`include/linux/bpf_verifier.h`).
public struct RegState: Hashable, Sendable {
    public var type: RegType
    public var flags: PointerFlags
    /// The fixed part of a pointer's offset (`off`).
    public var off: Int32
    /// A scalar's value, or a pointer's variable offset (`var_off` and the bounds).
    public var value: Scalar
    /// Links copies: a NULL check on one marks all with the same id; scalars sharing an id
    /// narrow together; packet pointers share a range.
    public var id: UInt32
    /// The acquired reference this pointer belongs to (0: none).
    public var refObjID: UInt32
    /// Packet pointers: bytes proven readable past the pointer (`range`). Memory: its size.
    public var range: Int32
    /// A scalar linked to the others of its id with a constant delta (`BPF_ADD_CONST` in the
    /// kernel's id): it is theirs plus `off` (`r1 = r2; r1 += 4` prints `id=1+4`).
    public var addConst: ScalarLink = .none

    public init(
        type: RegType, flags: PointerFlags = [], off: Int32 = 0, value: Scalar = .known(UInt64(0)), id: UInt32 = 0,
        refObjID: UInt32 = 0, range: Int32 = 0
    ) {
        self.type = type
        self.flags = flags
        self.off = off
        self.value = value
        self.id = id
        self.refObjID = refObjID
        self.range = range
    }

    public static let notInit = RegState(type: .notInit, value: .unknown)
    public static let unknownScalar = RegState(type: .scalar, value: .unknown)
    public static func scalar(_ v: UInt64) -> RegState { RegState(type: .scalar, value: .known(v)) }
    public static func scalar(_ s: Scalar) -> RegState { RegState(type: .scalar, value: s) }

    public var isScalar: Bool { type == .scalar }
    public var isPointer: Bool {
        switch type {
        case .notInit, .scalar: return false
        default: return true
        }
    }
    public var isMaybeNull: Bool { flags.contains(.maybeNull) }

    /// The struct name of a BTF object pointer (`task_struct`), empty for other types: what
    /// the kernel prints after `reg_type_str` where it names the type in full.
    public var btfTypeName: String {
        if case .btfObject(let t) = type { return t.name }
        return ""
    }

    /// A scalar known to be zero: the NULL pointer constant.
    public var isNullScalar: Bool { type == .scalar && value.constValue == 0 }
}

/// `enum bpf_reg_type`, with the pointee carried in the case.
public enum RegType: Hashable, Sendable {
    case notInit
    case scalar
    /// `PTR_TO_CTX`.
    case context
    /// `PTR_TO_STACK` into the frame with this number.
    case stack(frame: Int)
    /// `CONST_PTR_TO_MAP`, by map index.
    case mapPointer(map: Int)
    /// `PTR_TO_MAP_KEY`.
    case mapKey(map: Int)
    /// `PTR_TO_MAP_VALUE`.
    case mapValue(map: Int)
    /// `PTR_TO_PACKET`, `PTR_TO_PACKET_META`, `PTR_TO_PACKET_END`.
    case packet
    case packetMeta
    case packetEnd
    /// `PTR_TO_BTF_ID` of a kernel type or a program-local (`bpf_obj_new`) type.
    case btfObject(BTFObjectType)
    /// `PTR_TO_MEM` of a known size (ringbuf records, helper-returned memory).
    case memory(size: Int32)
    /// `PTR_TO_SOCKET`, `PTR_TO_SOCK_COMMON`, `PTR_TO_TCP_SOCK`.
    case socket
    case sockCommon
    case tcpSock
    /// `PTR_TO_FUNC`: a subprogram's address, by subprogram index.
    case function(subprog: Int)
}

/// The type of a `PTR_TO_BTF_ID` register.
public struct BTFObjectType: Hashable, Sendable, CustomStringConvertible {
    /// The struct name (`task_struct`, `bpf_cpumask`, or the local struct's name).
    public var name: String
    /// For program-local types (`bpf_obj_new`): the type's id in the program's BTF.
    public var localTypeID: UInt32?
    /// The object's size in bytes when known (local types, kernel types present in the
    /// program's BTF).
    public var size: Int32?

    public init(name: String, localTypeID: UInt32? = nil, size: Int32? = nil) {
        self.name = name
        self.localTypeID = localTypeID
        self.size = size
    }

    public var description: String { name }
}

/// Type flags of `enum bpf_type_flag` that bpfsim tracks.
public struct PointerFlags: OptionSet, Hashable, Sendable {
    public let rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// `PTR_MAYBE_NULL`.
    public static let maybeNull = PointerFlags(rawValue: 1 << 0)
    /// `MEM_RDONLY`.
    public static let readOnly = PointerFlags(rawValue: 1 << 1)
    /// `PTR_TRUSTED`.
    public static let trusted = PointerFlags(rawValue: 1 << 2)
    /// `MEM_RCU`.
    public static let rcu = PointerFlags(rawValue: 1 << 3)
    /// `PTR_UNTRUSTED`.
    public static let untrusted = PointerFlags(rawValue: 1 << 4)
    /// `MEM_ALLOC`: a `bpf_obj_new` object (owning reference).
    public static let allocated = PointerFlags(rawValue: 1 << 5)
    /// `NON_OWN_REF`: points into a collection the program no longer owns.
    public static let nonOwning = PointerFlags(rawValue: 1 << 6)
    /// `MEM_RINGBUF`.
    public static let ringbuf = PointerFlags(rawValue: 1 << 7)
}

/// How a scalar is linked to the others of its id (`BPF_ADD_CONST64`/`BPF_ADD_CONST32`).
public enum ScalarLink: UInt8, Hashable, Sendable {
    /// Equal to the others.
    case none
    /// The others plus `off`, in 64-bit arithmetic (`r1 += 4`).
    case add64
    /// The others plus `off` in the low 32 bits, zero-extended (`w1 += 4`).
    case add32
}
