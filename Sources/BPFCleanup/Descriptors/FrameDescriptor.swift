import BPFISA
import BPFKernelModel

/// One entry of a frame descriptor (the RFC's `bpf_frame_desc_reg_entry`): where a resource
/// lives in a frame at a throw point, what kind of slot holds it, and its type.
public struct DescriptorEntry: Hashable, Sendable, Codable, CustomStringConvertible {
    public enum Location: Hashable, Sendable, Codable, CustomStringConvertible {
        /// A stack slot at `fp + offset` (offset negative, a multiple of 8).
        case stack(offset: Int)
        /// A callee-saved register, R6-R9.
        case register(UInt8)

        public var description: String {
            switch self {
            case .stack(let off): return "fp\(off)"
            case .register(let r): return "R\(r)"
            }
        }
    }

    public enum Kind: String, Hashable, Sendable, Codable {
        /// A referenced pointer spilled to the stack.
        case spilledPointer = "spill"
        /// A referenced pointer in a callee-saved register.
        case register = "reg"
        /// An open-coded iterator (the slot holds the object itself).
        case iterator = "iter"
        case dynptr
        /// Garbage the unwinder must not touch: a conflict if merged against a pointer.
        case notInitialised = "uninit"
    }

    public var location: Location
    public var kind: Kind
    /// The resource type; nil for a not-initialised marker.
    public var resource: ResourceKind?
    /// The BTF type the log prints (`task_struct`).
    public var typeName: String?
    /// NULL on some path (a NULL merge): the unwinder skips NULL at run time.
    public var maybeNull: Bool

    public init(location: Location, kind: Kind, resource: ResourceKind?, typeName: String?, maybeNull: Bool = false) {
        self.location = location
        self.kind = kind
        self.resource = resource
        self.typeName = typeName
        self.maybeNull = maybeNull
    }

    /// `fp-16: ptr_task_struct (maybe-null)`, as `verify --descriptors` prints it.
    public var description: String { "\(location): \(valueText)" }

    /// What the entry holds, without its location: `ptr_task_struct (maybe-null)`.
    public var valueText: String {
        switch kind {
        case .notInitialised: return "not-initialised"
        case .iterator: return "iter_\(typeName.map { $0.hasPrefix("bpf_iter_") ? String($0.dropFirst(9)) : $0 } ?? "?")"
        default: return "ptr_\(typeName ?? resource?.rawValue ?? "?")" + (maybeNull ? " (maybe-null)" : "")
        }
    }
}

/// The description of one frame at one pc (the RFC's `bpf_exception_frame_desc`): for the
/// throwing frame the pc of the throw, for a caller the pc of its call instruction.
public struct FrameDescriptor: Hashable, Sendable, Codable {
    public var pc: Int
    /// The subprogram the frame executes.
    public var subprog: Int
    /// Stack entries first (by slot), then R6-R9.
    public var entries: [DescriptorEntry]

    public init(pc: Int, subprog: Int, entries: [DescriptorEntry]) {
        self.pc = pc
        self.subprog = subprog
        self.entries = entries
    }

    public var stackEntries: [DescriptorEntry] { entries.filter { if case .stack = $0.location { return true } else { return false } } }
    public var registerEntries: [DescriptorEntry] { entries.filter { if case .register = $0.location { return true } else { return false } } }
}

/// Every descriptor of a program, keyed by pc, plus what the unwinder needs to find values.
public struct DescriptorTable: Hashable, Sendable, Codable {
    public var descriptors: [Int: FrameDescriptor]
    /// Per subprogram, the callee-saved registers the RFC's trampoline makes it save, so an
    /// unwinder can recover its caller's R6-R9 from its frame.
    public var savedRegisters: [Int: [UInt8]]
    /// Spill-on-conflict: acquire pc (in the rewritten program) -> the reserved slot's fp
    /// offset in the acquiring frame.
    public var reservedSlots: [Int: Int]
    /// Per subprogram, the R6-R9 saves the trampoline forces beyond those the subprogram's
    /// own code needs: extra prologue/epilogue work on the normal path of every call.
    public var forcedSaves: [Int: Int]

    public init(
        descriptors: [Int: FrameDescriptor] = [:], savedRegisters: [Int: [UInt8]] = [:], reservedSlots: [Int: Int] = [:],
        forcedSaves: [Int: Int] = [:]
    ) {
        self.descriptors = descriptors
        self.savedRegisters = savedRegisters
        self.reservedSlots = reservedSlots
        self.forcedSaves = forcedSaves
    }
}

/// One merge of two descriptors reaching the same pc on different paths (SPEC §5.2).
public struct MergeEvent: Hashable, Sendable, Codable {
    public enum Resolution: String, Hashable, Sendable, Codable {
        /// Both sides identical.
        case identical
        /// NULL on one side, a pointer on the other: the pointer wins.
        case nullMerge = "null_merge"
        /// Irreconcilable (two types, two kinds, garbage against a pointer).
        case conflict
        /// A conflict later resolved by spilling the resource to a reserved slot.
        case spilled
    }

    public var pc: Int
    public var frame: Int
    public var subprog: Int
    public var location: String
    public var oldSide: String
    public var newSide: String
    public var resolution: Resolution
    public var round: Int

    public init(pc: Int, frame: Int, subprog: Int, location: String, oldSide: String, newSide: String, resolution: Resolution, round: Int) {
        self.pc = pc
        self.frame = frame
        self.subprog = subprog
        self.location = location
        self.oldSide = oldSide
        self.newSide = newSide
        self.resolution = resolution
        self.round = round
    }
}
