import BPFCleanup
import BPFObject
import BPFVerifier

/// One program verified under one backend and variant: a line of `verify --json` and a row of
/// the `verifications` table (SPEC §7, §8). Where veristat has a name for a metric, this is it;
/// backend metrics follow SPEC §5. Absent metrics are nil (omitted in JSON, empty in CSV).
public struct VerificationRecord: Codable, Hashable, Sendable {
    public var fileName: String
    public var progName: String
    public var progType: String
    public var section: String
    public var backend: String
    public var variant: String
    /// `success` or `failure`, as veristat.
    public var verdict: String
    public var message: String?
    public var pc: Int?
    public var failureKind: String?
    /// Verification time in µs (veristat's `duration`).
    public var duration: Int
    public var totalInsns: Int
    public var totalStates: Int
    public var peakStates: Int
    public var maxStatesPerInsn: Int
    /// Per-subprogram stack depths joined with `+` (veristat's form).
    public var stackDepth: String
    public var stackChainMax: Int?
    public var metrics: BackendMetrics
    /// Places where the kernel accepts a throw that would leak (reject backend).
    public var upstreamGapDetails: [String]?

    enum CodingKeys: String, CodingKey {
        case fileName = "file_name", progName = "prog_name", progType = "prog_type", section, backend, variant
        case verdict, message, pc, failureKind = "failure_kind", duration, totalInsns = "total_insns"
        case totalStates = "total_states", peakStates = "peak_states", maxStatesPerInsn = "max_states_per_insn"
        case stackDepth = "stack_depth", stackChainMax = "stack_chain_max", upstreamGapDetails = "upstream_gap_details"
    }

    public init(file: String, program: BPFProgram, outcome: BackendOutcome) {
        let v = outcome.verification
        fileName = file
        progName = program.name
        progType = program.programType.description
        section = program.section
        backend = outcome.backend
        variant = outcome.variant
        verdict = outcome.isAccepted ? "success" : "failure"
        message = outcome.failure?.message
        pc = outcome.failure?.pc
        failureKind = outcome.failure?.kind.rawValue
        duration = v.durationMicroseconds
        totalInsns = v.processedInstructions
        totalStates = v.totalStates
        peakStates = v.peakStates
        maxStatesPerInsn = v.maxStatesPerInstruction
        stackDepth = v.stackDepthText
        stackChainMax = outcome.metrics.stackChainMax ?? v.stackChainMax
        metrics = outcome.metrics
        upstreamGapDetails = v.upstreamGaps.isEmpty ? nil : v.upstreamGaps
    }

    /// Metrics are flattened into the record: one JSON object, one row.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(fileName, forKey: .fileName)
        try c.encode(progName, forKey: .progName)
        try c.encode(progType, forKey: .progType)
        try c.encode(section, forKey: .section)
        try c.encode(backend, forKey: .backend)
        try c.encode(variant, forKey: .variant)
        try c.encode(verdict, forKey: .verdict)
        try c.encodeIfPresent(message, forKey: .message)
        try c.encodeIfPresent(pc, forKey: .pc)
        try c.encodeIfPresent(failureKind, forKey: .failureKind)
        try c.encode(duration, forKey: .duration)
        try c.encode(totalInsns, forKey: .totalInsns)
        try c.encode(totalStates, forKey: .totalStates)
        try c.encode(peakStates, forKey: .peakStates)
        try c.encode(maxStatesPerInsn, forKey: .maxStatesPerInsn)
        try c.encode(stackDepth, forKey: .stackDepth)
        try c.encodeIfPresent(stackChainMax, forKey: .stackChainMax)
        try c.encodeIfPresent(upstreamGapDetails, forKey: .upstreamGapDetails)
        try metrics.encode(to: encoder)
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        fileName = try c.decode(String.self, forKey: .fileName)
        progName = try c.decode(String.self, forKey: .progName)
        progType = try c.decode(String.self, forKey: .progType)
        section = try c.decode(String.self, forKey: .section)
        backend = try c.decode(String.self, forKey: .backend)
        variant = try c.decode(String.self, forKey: .variant)
        verdict = try c.decode(String.self, forKey: .verdict)
        message = try c.decodeIfPresent(String.self, forKey: .message)
        pc = try c.decodeIfPresent(Int.self, forKey: .pc)
        failureKind = try c.decodeIfPresent(String.self, forKey: .failureKind)
        duration = try c.decode(Int.self, forKey: .duration)
        totalInsns = try c.decode(Int.self, forKey: .totalInsns)
        totalStates = try c.decode(Int.self, forKey: .totalStates)
        peakStates = try c.decode(Int.self, forKey: .peakStates)
        maxStatesPerInsn = try c.decode(Int.self, forKey: .maxStatesPerInsn)
        stackDepth = try c.decode(String.self, forKey: .stackDepth)
        stackChainMax = try c.decodeIfPresent(Int.self, forKey: .stackChainMax)
        upstreamGapDetails = try c.decodeIfPresent([String].self, forKey: .upstreamGapDetails)
        metrics = try BackendMetrics(from: decoder)
    }
}
