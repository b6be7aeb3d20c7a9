import BPFObject
import BPFVerifier

/// A design for releasing what a program holds when `bpf_throw` unwinds it (SPEC §5).
///
/// A backend verifies the program under its rules (through ``VerifierHooks`` it gives the
/// verifier), may rewrite it through the ``Patcher``, and describes what its unwinder needs.
/// Adding a design means adding one type that conforms.
public protocol CleanupBackend: Sendable {
    /// `reject`, `descriptors`, `table`: the `backend` column.
    var name: String { get }
    /// The parameters that distinguish this configuration: the `variant` column.
    var variant: String { get }
    func apply(to program: BPFProgram, options: VerifierOptions) -> BackendOutcome
}

/// What a backend made of one program.
public struct BackendOutcome: Sendable {
    public var backend: String
    public var variant: String
    /// The last verification (of the rewritten program, when there is one).
    public var verification: VerificationResult
    /// Why the program is rejected under this design (verifier or backend failure).
    public var failure: VerifierError?
    /// The program to execute: rewritten by the backend, or the original.
    public var program: BPFProgram
    public var metrics: BackendMetrics
    /// What the unwinder of this design needs at run time.
    public var unwind: UnwindPlan
    /// Every descriptor merge with its resolution (descriptors backend).
    public var mergeEvents: [MergeEvent]

    public var isAccepted: Bool { failure == nil }

    public init(
        backend: String, variant: String, verification: VerificationResult, failure: VerifierError?,
        program: BPFProgram, metrics: BackendMetrics, unwind: UnwindPlan, mergeEvents: [MergeEvent] = []
    ) {
        self.backend = backend
        self.variant = variant
        self.verification = verification
        self.failure = failure
        self.program = program
        self.metrics = metrics
        self.unwind = unwind
        self.mergeEvents = mergeEvents
    }
}

/// What the simulator's unwinder runs on (SPEC §6).
public enum UnwindPlan: Sendable {
    /// Nothing to release: the design rejects throws that hold resources (`reject`).
    case none
    /// Look up each live frame's descriptor by pc.
    case descriptors(DescriptorTable)
    /// Walk each live frame's resource table.
    case table(TableLayout)
}

/// Backend metrics (SPEC §5.2, §5.3), named as the JSON keys and database columns. A metric a
/// backend does not define stays nil: absent, never zero.
public struct BackendMetrics: Hashable, Sendable, Codable {
    // Shared.
    public var throwPoints: Int?
    public var refsMax: Int?
    public var refsAtThrowMax: Int?
    public var stackChainMax: Int?
    public var insertedInsns: Int?
    public var upstreamGaps: Int?

    // descriptors.
    public var descriptors: Int?
    public var descriptorEntries: Int?
    public var descriptorBytes: Int?
    public var descriptorBytesCompact: Int?
    public var merges: Int?
    public var nullMerges: Int?
    public var conflicts: Int?
    public var spilledAcquires: Int?
    public var rounds: Int?
    public var mergeFailures: Int?
    /// Per subprogram, `+`-joined like veristat's `stack_depth`.
    public var reservedStackBytes: String?
    /// Trampoline and forced R6-R9 saves at throw sites, as instructions.
    public var trampolineInsns: Int?
    /// A digest of the descriptors without their pcs (``DescriptorTable/shape``): equal
    /// digests from two builds of one program mean the same frames, slots, registers and types.
    public var descriptorShape: String?

    // table.
    public var tableEntries: String?
    public var tableBytes: String?
    public var stackChainBefore: Int?
    public var stackChainAfter: Int?
    public var exceedsStackLimit: Bool?
    public var insertedPush: Int?
    public var insertedPop: Int?
    public var insertedZeroing: Int?
    public var crossFramePops: Int?
    public var throwablePCs: Int?

    public init() {}

    enum CodingKeys: String, CodingKey {
        case throwPoints = "throw_points", refsMax = "refs_max", refsAtThrowMax = "refs_at_throw_max"
        case stackChainMax = "stack_chain_max", insertedInsns = "inserted_insns", upstreamGaps = "upstream_gaps"
        case descriptors, descriptorEntries = "descriptor_entries", descriptorBytes = "descriptor_bytes"
        case descriptorBytesCompact = "descriptor_bytes_compact", merges, nullMerges = "null_merges", conflicts
        case spilledAcquires = "spilled_acquires", rounds, mergeFailures = "merge_failures"
        case reservedStackBytes = "reserved_stack_bytes", trampolineInsns = "trampoline_insns"
        case descriptorShape = "descriptor_shape"
        case tableEntries = "table_entries", tableBytes = "table_bytes", stackChainBefore = "stack_chain_before"
        case stackChainAfter = "stack_chain_after", exceedsStackLimit = "exceeds_stack_limit"
        case insertedPush = "inserted_push", insertedPop = "inserted_pop", insertedZeroing = "inserted_zeroing"
        case crossFramePops = "cross_frame_pops", throwablePCs = "throwable_pcs"
    }
}
