/// A kind of kernel object a program must give back (SPEC §2): what the verifier tracks as an
/// acquired reference (`ref_obj_id`), and what a cleanup backend must release when `bpf_throw`
/// unwinds past it.
///
/// The raw value is the name used in logs, descriptors, the database and catalog files.
public struct ResourceKind: RawRepresentable, Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ name: String) { self.rawValue = name }

    public static let task = ResourceKind("task_struct")
    public static let cgroup = ResourceKind("cgroup")
    public static let cpumask = ResourceKind("bpf_cpumask")
    /// A `bpf_obj_new` object of a program-local type (`MEM_ALLOC`).
    public static let object = ResourceKind("obj_new")
    public static let socket = ResourceKind("sock")
    public static let ringbufRecord = ResourceKind("ringbuf_record")
    public static let conntrack = ResourceKind("nf_conn")
    /// An open-coded numeric iterator living in stack slots (`bpf_iter_num`).
    public static let iterNum = ResourceKind("bpf_iter_num")

    public var description: String { rawValue }
    public static func < (a: ResourceKind, b: ResourceKind) -> Bool { a.rawValue < b.rawValue }
}

/// How a resource is acquired, released and destroyed on unwinding: one row of the catalog's
/// resource table.
public struct ResourceSpec: Hashable, Sendable {
    public var kind: ResourceKind
    /// Helpers and kfuncs that return a new reference of this kind.
    public var acquiredBy: [String]
    /// Helpers and kfuncs that end the program's reference (release, or transfer to the kernel).
    public var releasedBy: [String]
    /// The function an unwinder calls to give the object back (`bpf_task_release`, ...).
    public var destructor: String
    /// Whether the object lives in the program's stack slots (iterators, dynptrs) rather than
    /// being a pointer in a register.
    public var isStackObject: Bool

    public init(kind: ResourceKind, acquiredBy: [String], releasedBy: [String], destructor: String, isStackObject: Bool = false) {
        self.kind = kind
        self.acquiredBy = acquiredBy
        self.releasedBy = releasedBy
        self.destructor = destructor
        self.isStackObject = isStackObject
    }
}
