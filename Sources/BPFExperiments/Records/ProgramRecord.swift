import BPFISA
import BPFObject
import GRDB

/// A `programs` row: one readable corpus entry (SPEC §3, §8), identified by file, build,
/// section and function; `program_id` is its index in corpus order.
public struct ProgramRecord: Codable, Hashable, Sendable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "programs"

    public var programId: Int
    public var fileName: String
    public var build: String
    public var section: String
    public var progName: String
    public var progType: String?
    public var kind: String?
    public var sha256: String?
    public var insns: Int?
    public var subprograms: Int?
    public var maps: Int?
    public var kfuncs: String?
    public var exceptionCb: String?

    enum CodingKeys: String, CodingKey {
        case programId = "program_id", fileName = "file_name", build, section, progName = "prog_name"
        case progType = "prog_type", kind, sha256, insns, subprograms, maps, kfuncs, exceptionCb = "exception_cb"
    }

    public init(programId: Int, build: String, entry: CorpusProgram) {
        let p = entry.program
        self.programId = programId
        fileName = entry.relativePath
        self.build = build
        section = p.section
        progName = p.name
        progType = p.programType.description
        kind = entry.kind.rawValue
        sha256 = entry.sha256
        insns = p.instructions.count
        subprograms = p.subprograms.count
        maps = p.maps.count
        let names = Set(p.kfuncs.values.map(\.name)).sorted()
        kfuncs = names.isEmpty ? nil : names.joined(separator: ",")
        exceptionCb = p.exceptionCallback
    }
}
