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
    public var tables: [Int: Table]
    /// Resource kinds by the type index stored in entries.
    public var resourceTypes: [ResourceKind]

    public struct Table: Hashable, Sendable, Codable {
        public var offset: Int
        public var entries: Int
        public init(offset: Int, entries: Int) {
            self.offset = offset
            self.entries = entries
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
}
