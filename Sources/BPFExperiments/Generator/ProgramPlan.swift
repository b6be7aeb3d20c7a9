/// What one synthetic program is meant to contain, decided before any assembly is written:
/// the intent recorded next to the file, against which the verifier's findings are compared.
public struct ProgramPlan: Sendable, Hashable, Codable {
    public var name: String
    public var section: GeneratorSection
    /// Frame 0 is the main program; frame k+1 is called by frame k.
    public var frames: [FramePlan]

    /// Resources held by every frame at the innermost throw point (all acquires succeed).
    public var resourcesHeld: Int { frames.reduce(0) { $0 + $1.resources.count } }
    public var conflicts: Int { frames.reduce(0) { $0 + $1.resources.filter { $0.conflict != nil }.count } }
    public var throwPoints: Int { frames.filter(\.throws).count }

    /// Whether some throw point can be reached while a resource is held: the programs the
    /// kernel (and the `reject` backend) must refuse.
    public var throwsHoldingResources: Bool {
        var heldBelow = 0
        for frame in frames {
            heldBelow += frame.resources.count
            if frame.throws && heldBelow > 0 { return true }
        }
        return false
    }
}

/// One frame of the call chain and its stack layout (offsets below the frame pointer).
public struct FramePlan: Sendable, Hashable, Codable {
    public var index: Int
    public var resources: [ResourcePlan]
    /// Throw point after the callee returns (or after the acquires, in the innermost frame).
    public var `throws`: Bool
    /// Bytes of the zeroed scratch area the lookups use, at its offset.
    public var scratchOffset: Int?
    public var paddingBytes: Int
    /// The frame's stack depth as the kernel counts it (deepest byte touched, unrounded).
    public var stackDepth: Int
}

/// One acquired resource: its kind, where it is kept, and how its acquire is branched.
public struct ResourcePlan: Sendable, Hashable, Codable {
    public var kind: GeneratedKind
    public var home: Home
    /// The acquire runs on one path only; the home holds NULL on the other.
    public var conditional: Bool
    /// The other path puts something else in the same home.
    public var conflict: ConflictPartner?
    /// Stack slot of the constant that says which path was taken (conflicts only).
    public var tagOffset: Int?
}

/// Where a resource is kept while held.
public enum Home: Sendable, Hashable, Codable, CustomStringConvertible {
    /// One of the callee-saved registers R6-R8 (R9 keeps the context).
    case register(Int)
    /// The 8-byte stack slot at `fp-offset`.
    case slot(Int)

    public var description: String {
        switch self {
        case .register(let r): return "r\(r)"
        case .slot(let off): return "fp-\(off)"
        }
    }
}

/// What the alternative path leaves in a conflicting home.
public enum ConflictPartner: Sendable, Hashable, Codable, CustomStringConvertible {
    /// A resource of another kind (two resource types in one location).
    case kind(GeneratedKind)
    /// A non-zero number (a not-initialised marker against a pointer, SPEC §5.2).
    case scalar

    public var description: String {
        switch self {
        case .kind(let k): return k.rawValue
        case .scalar: return "scalar"
        }
    }
}
