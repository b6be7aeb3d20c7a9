/// One 8-byte stack slot: the kernel's `struct bpf_stack_state` (`spilled_ptr` and
/// `slot_type[8]`). Byte `i` of the slot at `fp-8*(spi+1)` is the byte at `fp-8*spi-1-i`, as
/// in the kernel, so the log prints the types in the kernel's order.
public struct StackSlot: Hashable, Sendable {
    /// `slot_type[0...7]`, one byte each.
    public var types: SlotTypes
    /// The spilled register (valid when the slot holds a spill), or the iterator's state.
    public var spilled: RegState

    public init(types: SlotTypes = .invalid, spilled: RegState = .notInit) {
        self.types = types
        self.spilled = spilled
    }

    public static let invalid = StackSlot()

    /// A full 8-byte spill of a register.
    public var isFullSpill: Bool { types == .allSpill }
    public var isInvalid: Bool { types == .invalid }
}

/// The kernel's `enum bpf_stack_slot_type`.
public enum SlotByte: UInt8, Hashable, Sendable {
    case invalid = 0
    case spill = 1
    case misc = 2
    case zero = 3
    case dynptr = 4
    case iter = 5
    case irqFlag = 6

    /// The log's character for this byte (`slot_type_char`).
    public var character: Character {
        switch self {
        case .invalid: return "?"
        case .spill: return "r"
        case .misc: return "m"
        case .zero: return "0"
        case .dynptr: return "d"
        case .iter: return "i"
        case .irqFlag: return "f"
        }
    }
}

/// Eight `SlotByte`s packed in one word, so slots compare and copy cheaply.
public struct SlotTypes: Hashable, Sendable {
    public var packed: UInt64

    public static let invalid = SlotTypes(packed: 0)
    public static let allSpill = SlotTypes(all: .spill)
    public static let allMisc = SlotTypes(all: .misc)
    public static let allZero = SlotTypes(all: .zero)
    public static let allIter = SlotTypes(all: .iter)

    public init(packed: UInt64) { self.packed = packed }
    public init(all b: SlotByte) { packed = UInt64(b.rawValue) &* 0x0101_0101_0101_0101 }

    public subscript(i: Int) -> SlotByte {
        get { SlotByte(rawValue: UInt8(truncatingIfNeeded: packed >> UInt64(8 * i))) ?? .invalid }
        set {
            let shift = UInt64(8 * i)
            packed = (packed & ~(0xff << shift)) | (UInt64(newValue.rawValue) << shift)
        }
    }

    /// Whether every byte is `b`.
    public func all(_ b: SlotByte) -> Bool { self == SlotTypes(all: b) }
    /// Whether some byte is `b`.
    public func any(_ b: SlotByte) -> Bool { (0..<8).contains { self[$0] == b } }

    /// The eight log characters, `slot_type[0]` first (`mmmmmmmm`, `????rrrr`).
    public var logString: String { String((0..<8).map { self[$0].character }) }
}
