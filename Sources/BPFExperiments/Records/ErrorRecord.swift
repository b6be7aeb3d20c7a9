import GRDB

/// An `errors` row: the one unexpected failure of a corpus entry (a file that cannot be read or
/// compiled, something bpfsim does not model, a processing limit, a run-time failure), also
/// printed as one line on stderr. Rejections by a verifier are results, never errors.
public struct ErrorRecord: Codable, Hashable, Sendable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "errors"

    public var programId: Int
    public var fileName: String
    public var build: String?
    public var section: String?
    public var progName: String?
    /// `read`, `compile`, `verify`, `execute`.
    public var stage: String
    /// `parse`, `compile`, `unsupported`, `limit`, `budget`, `fault`, `oracle`.
    public var kind: String
    public var backend: String?
    public var variant: String?
    public var message: String

    enum CodingKeys: String, CodingKey {
        case programId = "program_id", fileName = "file_name", build, section, progName = "prog_name", stage, kind
        case backend, variant, message
    }

    /// Whether it makes `compare` exit 1 (SPEC §7): everything but a processing limit, which
    /// the kernel also reports as a rejection ("BPF program is too large").
    public var isUnexpected: Bool { kind != "limit" && kind != "unbuilt" }

    /// The stderr line: `file:section:prog: stage (kind): message`.
    public var line: String {
        var place = fileName
        if let section, !section.isEmpty { place += ":\(section)" }
        if let progName, !progName.isEmpty { place += ":\(progName)" }
        let who = backend.map { " [\($0)/\(variant ?? "")]" } ?? ""
        return "\(place): \(stage) error (\(kind))\(who): \(message.split(separator: "\n").joined(separator: " / "))"
    }
}
