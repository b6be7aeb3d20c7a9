import GRDB

/// A `verifications` row: a ``VerificationRecord`` (the keys of `verify --json`, metrics
/// flattened) keyed by its corpus entry and build, so the table and the JSON lines share
/// their column names (SPEC §7, §8).
public struct VerificationRow: Codable, Hashable, Sendable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "verifications"

    public var programId: Int
    public var build: String
    public var record: VerificationRecord

    public init(programId: Int, build: String, record: VerificationRecord) {
        self.programId = programId
        self.build = build
        self.record = record
    }

    enum CodingKeys: String, CodingKey { case programId = "program_id", build }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(programId, forKey: .programId)
        try c.encode(build, forKey: .build)
        try record.encode(to: encoder)
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        programId = try c.decode(Int.self, forKey: .programId)
        build = try c.decode(String.self, forKey: .build)
        record = try VerificationRecord(from: decoder)
    }
}
