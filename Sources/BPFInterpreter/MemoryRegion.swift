import BPFISA

/// Who may touch a region's bytes through BPF loads and stores.
///
/// The verifier decides which pointers a program may dereference; at run time the simulator only
/// enforces what the kernel's memory really allows (a read-only context field, a frozen map).
public struct MemoryPermissions: OptionSet, Hashable, Sendable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let read = MemoryPermissions(rawValue: 1)
    public static let write = MemoryPermissions(rawValue: 2)
    public static let readWrite: MemoryPermissions = [.read, .write]
}

/// What a region stands for, so that faults and unwinders can speak of it in kernel terms.
public enum MemoryRegionKind: Hashable, Sendable {
    /// The 512-byte stack of the frame at this call depth (0: the main program).
    case stack(frame: Int)
    /// Memory handed to the program by the caller (the conformance suite's `-- mem`, a context).
    case input
    /// Anything the simulated kernel maps: map values, kernel objects, packets.
    case kernel
}

/// One mapped range of the simulated address space.
///
/// Every region lies inside its own 4 GiB window `index << 32 ..< (index + 1) << 32`, so the high
/// half of a pointer selects the region in one table lookup, and pointer arithmetic inside a
/// region works exactly as on a real address (SPEC §6: pointers are plain 64-bit integers).
public struct MemoryRegion: Hashable, Sendable, CustomStringConvertible {
    /// Position in the region table; also `base >> 32`.
    public let index: Int
    public let name: String
    public let kind: MemoryRegionKind
    /// The address of the first byte.
    public let base: UInt64
    public let size: Int
    public let permissions: MemoryPermissions
    /// The address one past the last byte (the frame pointer for a stack region).
    public var end: UInt64 { base &+ UInt64(size) }

    public func contains(_ address: UInt64) -> Bool { address >= base && address < end }

    public var description: String { "'\(name)' [\(hex(base)), +\(size))" }
}
