import BPFCleanup
import GRDB

/// A `merge_events` row: one ``MergeEvent`` of the descriptors backend (SPEC §5.2) with the
/// entry, backend and variant it belongs to and its order among that run's events.
public struct MergeEventRecord: Codable, Hashable, Sendable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "merge_events"

    public var programId: Int
    public var backend: String
    public var variant: String
    public var seq: Int
    public var pc: Int
    public var frame: Int
    public var subprog: Int
    public var location: String
    public var oldSide: String
    public var newSide: String
    public var resolution: String
    public var round: Int

    enum CodingKeys: String, CodingKey {
        case programId = "program_id", backend, variant, seq, pc, frame, subprog, location
        case oldSide = "old_side", newSide = "new_side", resolution, round
    }

    public init(programId: Int, backend: String, variant: String, seq: Int, event: MergeEvent) {
        self.programId = programId
        self.backend = backend
        self.variant = variant
        self.seq = seq
        pc = event.pc
        frame = event.frame
        subprog = event.subprog
        location = event.location
        oldSide = event.oldSide
        newSide = event.newSide
        resolution = event.resolution.rawValue
        round = event.round
    }
}
