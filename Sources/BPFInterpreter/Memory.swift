import BPFISA

/// The simulated address space of one run: the stacks of all frames, the caller's input memory
/// and whatever the simulated kernel maps (map values, contexts, kernel objects; SPEC §6).
///
/// A reference type because its identity matters: the interpreter loop, helper and kfunc
/// implementations and the unwinder all act on the same bytes during a run, and the loop reads
/// the region table through a stable pointer.
///
/// Layout: region `index` lies inside the window `index << 32 ..< (index + 1) << 32`. Window 0
/// stays unmapped below ``lowestAddress``, so NULL and small integers fault; above it,
/// ``map(at:_:size:permissions:kind:bytes:)`` may place one region there, whose addresses fit
/// in 32 bits (packet data, which `__sk_buff` and `xdp_md` expose as 32-bit `data`/`data_end`
/// fields that the kernel's context rewriting widens to pointers). Windows `1...8` hold the stacks of call
/// depths 0-7, each at the top of its window, so `r10` of frame `k` is `(k + 2) << 32` and an
/// overflow below `fp-512` faults inside the same window. Window 9 stays unmapped as a guard
/// above the last stack. Later windows are handed out by
/// ``map(_:size:permissions:kind:bytes:)``, each region at the start of its window, and never
/// reused, so a pointer into a region that was unmapped (a freed object) faults instead of
/// reaching a newer one. Like any flat address space, an offset of 4 GiB or more can still
/// reach another region; the verifier's bounds make that impossible for verified programs.
public final class Memory {
    /// `MAX_BPF_STACK`: the stack of one frame, in bytes.
    public static let stackSize = 512
    /// `MAX_CALL_FRAMES`: the deepest call chain, main program included.
    public static let maxFrames = 8
    /// A pointer's bits above this shift select the window.
    public static let windowShift: UInt64 = 32
    /// The size of a window, the largest possible region.
    public static let windowSize = 1 << 32
    /// Windows beyond this are refused, which keeps `map(at:)` from allocating a table sized by
    /// an arbitrary address.
    public static let maxWindows = 1 << 20
    /// The lowest address a region may start at in window 0: NULL plus any 16-bit offset
    /// still faults.
    public static let lowestAddress = 1 << 16

    /// What the interpreter loop reads per access: the host address of the region's first byte,
    /// the region's offset in its window, and the byte limits for reads and writes (0 when the
    /// access is not permitted or the window is unmapped), so that one subtraction and one
    /// comparison check bounds, mapping and permission together.
    struct Slot {
        var host: UnsafeMutableRawPointer?
        var low: UInt32
        var readLimit: UInt64
        var writeLimit: UInt64

        static var unmapped: Slot { Slot(host: nil, low: 0, readLimit: 0, writeLimit: 0) }
    }

    private struct Entry {
        var region: MemoryRegion?
        var storage: UnsafeMutableRawPointer?
        var isUnmapped = false
    }

    private(set) var slots: UnsafeMutablePointer<Slot>
    private var slotCapacity: Int
    private(set) var slotCount: Int
    private var entries: [Entry] = []
    private let stackStorage: UnsafeMutableRawPointer

    public init() {
        slotCapacity = 64
        slots = .allocate(capacity: slotCapacity)
        slotCount = 0
        let stackBytes = Memory.stackSize * Memory.maxFrames
        stackStorage = .allocate(byteCount: stackBytes, alignment: 16)
        stackStorage.initializeMemory(as: UInt8.self, repeating: 0, count: stackBytes)
        append(Entry(), slot: .unmapped)
        for frame in 0..<Memory.maxFrames {
            let index = slotCount
            let low = Memory.windowSize - Memory.stackSize
            let region = MemoryRegion(
                index: index, name: "stack of frame \(frame)", kind: .stack(frame: frame),
                base: UInt64(index) << Memory.windowShift + UInt64(low), size: Memory.stackSize,
                permissions: .readWrite)
            append(
                Entry(region: region),
                slot: Slot(
                    host: stackStorage + frame * Memory.stackSize, low: UInt32(low),
                    readLimit: UInt64(Memory.stackSize), writeLimit: UInt64(Memory.stackSize)))
        }
        append(Entry(), slot: .unmapped)
    }

    deinit {
        for entry in entries { entry.storage?.deallocate() }
        stackStorage.deallocate()
        slots.deallocate()
    }

    // MARK: Regions

    /// Every region ever mapped, unmapped ones included, in window order.
    public var regions: [MemoryRegion] { entries.compactMap(\.region) }

    /// The stack region of the frame at call depth `frame` (0: the main program).
    public func stack(frame: Int) -> MemoryRegion {
        precondition((0..<Memory.maxFrames).contains(frame), "frame \(frame) out of 0..<\(Memory.maxFrames)")
        return entries[1 + frame].region.unsafelyUnwrapped
    }

    /// `r10` of the frame at call depth `frame`: one past the top of its stack.
    public func framePointer(frame: Int) -> UInt64 { stack(frame: frame).end }

    /// Zeroes every frame's stack, so that runs are reproducible (SPEC §9) even for programs
    /// that read stack bytes they never wrote.
    public func clearStacks() {
        stackStorage.initializeMemory(as: UInt8.self, repeating: 0, count: Memory.stackSize * Memory.maxFrames)
    }

    /// Maps a fresh zero-filled region (or one holding `bytes`) at the start of the next free
    /// window.
    @discardableResult
    public func map(
        _ name: String, size: Int, permissions: MemoryPermissions = .readWrite, kind: MemoryRegionKind = .kernel,
        bytes: [UInt8] = []
    ) throws(MemoryError) -> MemoryRegion {
        try map(at: UInt64(slotCount) << Memory.windowShift, name, size: size, permissions: permissions, kind: kind,
            bytes: bytes)
    }

    /// Maps a region at a chosen base address, in a window no other region has used, and
    /// without crossing into the next window. Lets the kernel model give objects recognisable
    /// addresses.
    @discardableResult
    public func map(
        at base: UInt64, _ name: String, size: Int, permissions: MemoryPermissions = .readWrite,
        kind: MemoryRegionKind = .kernel, bytes: [UInt8] = []
    ) throws(MemoryError) -> MemoryRegion {
        let window = base >> Memory.windowShift
        let low = Int(base & UInt64(Memory.windowSize - 1))
        guard window < UInt64(Memory.maxWindows) else {
            throw MemoryError("cannot map '\(name)' at \(hex(base)): beyond the first \(Memory.maxWindows) windows of 4 GiB")
        }
        guard size >= 0, low + size <= Memory.windowSize else {
            throw MemoryError("cannot map '\(name)' of \(size) bytes at \(hex(base)): it would cross a 4 GiB window")
        }
        guard bytes.count <= size else {
            throw MemoryError("cannot map '\(name)': \(bytes.count) initial bytes exceed its size of \(size)")
        }
        let index = Int(window)
        guard index >= slotCount || ((index > 0 || low >= Memory.lowestAddress) && entries[index].region == nil) else {
            throw MemoryError("cannot map '\(name)' at \(hex(base)): window \(index) is taken")
        }
        while slotCount <= index { append(Entry(), slot: .unmapped) }
        let storage = UnsafeMutableRawPointer.allocate(byteCount: max(size, 1), alignment: 16)
        storage.initializeMemory(as: UInt8.self, repeating: 0, count: max(size, 1))
        bytes.withUnsafeBytes { buffer in
            if let source = buffer.baseAddress { storage.copyMemory(from: source, byteCount: buffer.count) }
        }
        let region = MemoryRegion(
            index: index, name: name, kind: kind, base: base, size: size, permissions: permissions)
        entries[index] = Entry(region: region, storage: storage)
        slots[index] = Slot(
            host: storage, low: UInt32(low), readLimit: permissions.contains(.read) ? UInt64(size) : 0,
            writeLimit: permissions.contains(.write) ? UInt64(size) : 0)
        return region
    }

    /// Unmaps a region: its bytes are freed and any later access through an old pointer faults
    /// as an access to an unmapped region. Stacks stay mapped.
    public func unmap(_ region: MemoryRegion) {
        guard region.index < entries.count, entries[region.index].region == region,
            !entries[region.index].isUnmapped
        else { return }
        if case .stack = region.kind { return }
        entries[region.index].storage?.deallocate()
        entries[region.index].storage = nil
        entries[region.index].isUnmapped = true
        slots[region.index] = .unmapped
    }

    /// The region holding `address`, mapped or since unmapped; `nil` when no region does.
    public func region(containing address: UInt64) -> MemoryRegion? {
        let index = address >> Memory.windowShift
        guard index < UInt64(entries.count), let region = entries[Int(index)].region,
            region.contains(address)
        else { return nil }
        return region
    }

    /// Whether `region` was unmapped.
    public func isUnmapped(_ region: MemoryRegion) -> Bool {
        region.index < entries.count && entries[region.index].isUnmapped
    }

    private func append(_ entry: Entry, slot: Slot) {
        if slotCount == slotCapacity {
            let bigger = UnsafeMutablePointer<Slot>.allocate(capacity: slotCapacity * 2)
            bigger.moveInitialize(from: slots, count: slotCount)
            slots.deallocate()
            slots = bigger
            slotCapacity *= 2
        }
        (slots + slotCount).initialize(to: slot)
        slotCount += 1
        entries.append(entry)
    }

    // MARK: Access

    /// The host address of `count` bytes at `address`, or `nil` when the access would fault.
    @inline(__always)
    func host(_ address: UInt64, count: UInt64, write: Bool) -> UnsafeMutableRawPointer? {
        Memory.host(address, count: count, write: write, slots: slots, windows: UInt64(slotCount))
    }

    /// The lookup shared by ``host(_:count:write:)`` and the interpreter loop (which keeps the
    /// table pointer in a local).
    ///
    /// The offset in the window minus the region's offset is computed in 32 bits, so an address
    /// below the region wraps to at least `2^32 - low`, which no `count` within the window can
    /// bring under the limit: one comparison checks bounds, mapping and permission.
    @inline(__always)
    static func host(
        _ address: UInt64, count: UInt64, write: Bool, slots: UnsafeMutablePointer<Slot>, windows: UInt64
    ) -> UnsafeMutableRawPointer? {
        let index = address >> Memory.windowShift
        guard index < windows else { return nil }
        let slot = slots[Int(index)]
        let offset = UInt64(UInt32(truncatingIfNeeded: address) &- slot.low)
        guard offset &+ count <= (write ? slot.writeLimit : slot.readLimit) else { return nil }
        return slot.host.unsafelyUnwrapped + Int(offset)
    }

    private func checked(_ address: UInt64, count: Int, write: Bool) throws(MemoryFault) -> UnsafeMutableRawPointer {
        guard count >= 0, count <= Memory.windowSize, let p = host(address, count: UInt64(count), write: write)
        else { throw fault(address, size: count, write: write) }
        return p
    }

    /// Reads a 1-, 2-, 4- or 8-byte little-endian value, zero-extended.
    public func load(_ address: UInt64, size: AccessSize) throws(MemoryFault) -> UInt64 {
        let p = try checked(address, count: size.bytes, write: false)
        switch size {
        case .byte: return UInt64(p.load(as: UInt8.self))
        case .half: return UInt64(p.loadUnaligned(as: UInt16.self))
        case .word: return UInt64(p.loadUnaligned(as: UInt32.self))
        case .double: return p.loadUnaligned(as: UInt64.self)
        }
    }

    /// Writes the low `size` bytes of `value`, little-endian.
    public func store(_ address: UInt64, size: AccessSize, value: UInt64) throws(MemoryFault) {
        let p = try checked(address, count: size.bytes, write: true)
        switch size {
        case .byte: p.storeBytes(of: UInt8(truncatingIfNeeded: value), as: UInt8.self)
        case .half: p.storeBytes(of: UInt16(truncatingIfNeeded: value), as: UInt16.self)
        case .word: p.storeBytes(of: UInt32(truncatingIfNeeded: value), as: UInt32.self)
        case .double: p.storeBytes(of: value, as: UInt64.self)
        }
    }

    /// Copies `count` bytes out of the address space.
    public func bytes(at address: UInt64, count: Int) throws(MemoryFault) -> [UInt8] {
        let p = try checked(address, count: count, write: false)
        return Array(UnsafeRawBufferPointer(start: p, count: count))
    }

    /// Copies bytes into the address space.
    public func write(_ bytes: [UInt8], at address: UInt64) throws(MemoryFault) {
        let p = try checked(address, count: bytes.count, write: true)
        bytes.withUnsafeBytes { buffer in
            if let source = buffer.baseAddress { p.copyMemory(from: source, byteCount: buffer.count) }
        }
    }

    /// The whole content of a mapped region (empty once unmapped).
    public func bytes(of region: MemoryRegion) -> [UInt8] {
        guard region.index < slotCount, let host = slots[region.index].host else { return [] }
        return Array(UnsafeRawBufferPointer(start: host, count: region.size))
    }

    // MARK: Faults

    /// The fault an access of `size` bytes at `address` raises, in words that name the nearest
    /// region: a stack access speaks of the frame and its `fp` offset, as the verifier log does.
    public func fault(_ address: UInt64, size: Int, write: Bool) -> MemoryFault {
        let access = write ? "write" : "read"
        let what = "invalid \(access) of \(size) byte\(size == 1 ? "" : "s")"
        let message: String
        if let region = nearestRegion(to: address) {
            if isUnmapped(region) {
                message = "\(what) at \(hex(address)): region '\(region.name)' was unmapped"
            } else if case .stack(let frame) = region.kind {
                let fpOffset = Int64(bitPattern: address &- region.end)
                let place = fpOffset < 0 ? "fp\(fpOffset)" : "fp+\(fpOffset)"
                message = "\(what) at \(place) in the stack of frame \(frame) (\(region.size) bytes)"
            } else if region.contains(address), address - region.base + UInt64(size) <= UInt64(region.size) {
                message = "\(what) at \(hex(address)): region '\(region.name)' is \(write ? "read-only" : "not readable")"
            } else {
                let offset = Int64(bitPattern: address &- region.base)
                message = "\(what) at \(hex(address)): off=\(offset) is outside region '\(region.name)' of \(region.size) bytes"
            }
        } else {
            message = "\(what) at unmapped address \(hex(address))"
        }
        return MemoryFault(address: address, size: size, isWrite: write, message: message)
    }

    /// The region holding `address`, else the closest one in its window or the two beside it,
    /// if it is within 16 MiB: farther than that, naming a region would mislead.
    private func nearestRegion(to address: UInt64) -> MemoryRegion? {
        let window = Int(address >> Memory.windowShift)
        var best: (region: MemoryRegion, distance: UInt64)?
        for index in [window, window - 1, window + 1] where index >= 0 && index < entries.count {
            guard let region = entries[index].region else { continue }
            let distance: UInt64
            if address < region.base {
                distance = region.base - address
            } else if address >= region.end {
                distance = address - region.end + 1
            } else {
                return region
            }
            if distance <= 1 << 24, best.map({ distance < $0.distance }) ?? true { best = (region, distance) }
        }
        return best?.region
    }
}

/// A load or store outside every mapped, permitted range (the kernel would oops or, for a
/// verified program, never get here).
public struct MemoryFault: Error, Hashable, Sendable, CustomStringConvertible {
    public let address: UInt64
    public let size: Int
    public let isWrite: Bool
    public let message: String
    public var description: String { message }
}

/// A request the address space cannot satisfy (a window taken, a region too large).
public struct MemoryError: Error, Hashable, Sendable, CustomStringConvertible {
    public let message: String
    init(_ message: String) { self.message = message }
    public var description: String { message }
}
