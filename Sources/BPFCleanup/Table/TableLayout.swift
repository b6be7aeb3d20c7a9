import BPFKernelModel

/// Where the runtime resource tables live and how entries are encoded (SPEC §5.3), for the
/// instrumented program and its unwinder.
public struct TableLayout: Hashable, Sendable, Codable {
    /// One table per frame, or one table for the whole program (sized for the deepest chain).
    public enum Scope: String, Hashable, Sendable, Codable, CaseIterable {
        case perFrame = "frame"
        case wholeProgram = "program"
    }

    /// 16 bytes (pointer, type) or 8 (the type index packed into the pointer's low bits).
    public enum EntrySize: Int, Hashable, Sendable, Codable, CaseIterable {
        case full = 16
        case compact = 8
    }

    /// push/pop as kfunc calls or as inlined instruction sequences.
    public enum Operations: String, Hashable, Sendable, Codable, CaseIterable {
        case kfunc
        case inline
    }

    public var scope: Scope
    public var entrySize: EntrySize
    public var operations: Operations
    /// Per subprogram: the table's lowest address as an fp offset, and its entry count.
    /// Whole-program scope: one entry, the main program's (subprogram 0).
    ///
    /// Entry `i` starts at `fp + offset + i * entrySize`. A 16-byte entry is the object pointer
    /// (u64) then the type index (u64); an 8-byte entry is the pointer with the type index in
    /// its three low bits (objects and stack slots are 8-byte aligned, so at most 8 types).
    /// A pointer word of 0 is a free entry. The table is zeroed on every entry to the frame.
    public var tables: [Int: Table]
    /// Resource kinds by the type index stored in entries.
    public var resourceTypes: [ResourceKind]

    public struct Table: Hashable, Sendable, Codable {
        public var offset: Int
        public var entries: Int
        /// The frame's 8-byte scratch slot (fp offset) the inserted code uses to keep R0 and the
        /// released pointer across calls; nil when the frame's code needs none. It sits between
        /// the frame's own stack and the table.
        public var scratchOffset: Int?
        /// Whether the subprogram hands its remaining entries to its caller before `exit`
        /// (references acquired in it can be returned to the caller).
        public var handsUp: Bool
        /// 8-byte slots, between the scratch slot and the table, that carry a pointer from a
        /// push or pop inside a `bpf_spin_lock` region to the kfunc call after the unlock.
        public var deferralSlots: Int

        public init(offset: Int, entries: Int, scratchOffset: Int? = nil, handsUp: Bool = false, deferralSlots: Int = 0) {
            self.offset = offset
            self.entries = entries
            self.scratchOffset = scratchOffset
            self.handsUp = handsUp
            self.deferralSlots = deferralSlots
        }

        /// Bytes this frame reserves past its own stack: the table, the scratch slot and the
        /// deferral slots.
        public func reservedBytes(entrySize: EntrySize) -> Int {
            entries * entrySize.rawValue + (scratchOffset == nil ? 0 : 8) + 8 * deferralSlots
        }
    }

    public init(scope: Scope, entrySize: EntrySize, operations: Operations, tables: [Int: Table] = [:], resourceTypes: [ResourceKind] = []) {
        self.scope = scope
        self.entrySize = entrySize
        self.operations = operations
        self.tables = tables
        self.resourceTypes = resourceTypes
    }

    /// The variant string: `e16-frame-kfunc`.
    public var variant: String { "e\(entrySize.rawValue)-\(scope.rawValue)-\(operations.rawValue)" }

    /// Every variant, in report order: entry size, then scope, then operations.
    public static let allVariants: [TableLayout] = EntrySize.allCases.flatMap { e in
        Scope.allCases.flatMap { s in Operations.allCases.map { TableLayout(scope: s, entrySize: e, operations: $0) } }
    }

    /// The layout named by a variant string (`e8-program-inline`), without tables.
    public init?(variant: String) {
        guard let match = TableLayout.allVariants.first(where: { $0.variant == variant }) else { return nil }
        self = match
    }

    /// The type index entries store for `kind`.
    public func typeIndex(of kind: ResourceKind) -> Int? { resourceTypes.firstIndex(of: kind) }
}
