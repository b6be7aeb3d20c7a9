import BPFInterpreter
import BPFKernelModel

/// An object's serial number within one run. Objects are numbered in creation order, so the
/// same program, seed and throw point number them alike under every backend: the unwinders'
/// cross-check (issue 9) compares these numbers.
public struct ObjectID: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: Int
    public init(_ rawValue: Int) { self.rawValue = rawValue }
    public static func < (a: ObjectID, b: ObjectID) -> Bool { a.rawValue < b.rawValue }
    public var description: String { "#\(rawValue)" }

    public init(from decoder: Decoder) throws { rawValue = try decoder.singleValueContainer().decode(Int.self) }
    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rawValue)
    }
}

/// One object of the simulated kernel's heap (SPEC §6): a task, cgroup, cpumask, program-local
/// object, socket, ringbuf record, conntrack entry or iterator, with the counts that decide
/// when it is freed. The kernel's own objects (`struct task_struct` with its `usage` refcount,
/// `struct bpf_cpumask` with `usage`, ...) are reduced to two counts: references the program
/// holds (each one a ledger ``Acquisition``) and holds the kernel keeps (a map's kptr field, a
/// list or rbtree, the kernel's own tables).
public struct KernelObject: Sendable {
    public let id: ObjectID
    /// The kernel type name (`task_struct`, `bpf_cpumask`, `sock`, a local type's name).
    public let typeName: String
    /// The resource kind references to it are (nil for objects the program never holds).
    public let resource: ResourceKind?
    /// What identifies it to a reader: `pid 4242`, `cpumask`, `16-byte record`.
    public let label: String
    /// Its first byte: a region's base, or a stack address for stack objects (iterators).
    public let address: UInt64
    public let size: Int
    /// Its memory; nil for objects living in the program's stack.
    public let region: MemoryRegion?
    /// Live program references (acquired, not yet released).
    public var references = 0
    /// Holds by the kernel: the object lives on while any remains. A persistent object (the
    /// current task) holds one forever.
    public var holds = 0
    /// The release that freed its memory (its region is then unmapped, so a later access
    /// faults and names it).
    public var freedBy: Release?

    public var isFreed: Bool { freedBy != nil }

    /// `task_struct#3 (pid 4242)`: type, serial number, label.
    public var name: String { "\(typeName)\(id)" + (label.isEmpty ? "" : " (\(label))") }
}

/// The simulated kernel's objects, found by any address inside them (a region's window, or a
/// stack object's exact address), so a pointer into the middle of an object (a list node)
/// finds its object as the kernel's `container_of` would.
struct ObjectHeap {
    private(set) var objects: [KernelObject] = []
    private var byWindow: [Int: ObjectID] = [:]
    /// Live stack objects by address; a later object at the same address replaces a dead one.
    private var byStackAddress: [UInt64: ObjectID] = [:]

    subscript(id: ObjectID) -> KernelObject {
        get { objects[id.rawValue - 1] }
        set { objects[id.rawValue - 1] = newValue }
    }

    mutating func add(
        typeName: String, resource: ResourceKind?, label: String, address: UInt64, size: Int, region: MemoryRegion?
    ) -> ObjectID {
        let id = ObjectID(objects.count + 1)
        objects.append(
            KernelObject(id: id, typeName: typeName, resource: resource, label: label, address: address, size: size, region: region))
        if let region { byWindow[region.index] = id } else { byStackAddress[address] = id }
        return id
    }

    /// The object holding `address`, freed or not.
    func object(at address: UInt64) -> ObjectID? {
        if let id = byStackAddress[address] { return id }
        return byWindow[Int(truncatingIfNeeded: address >> Memory.windowShift)]
    }

    /// The object whose region has this index.
    func object(inRegion index: Int) -> ObjectID? { byWindow[index] }
}
