import BPFObject
import BPFVerifier

/// The price of the table design per variant over a set of programs (issue 8's closing
/// summary): how many programs each variant accepts, how many the stack limit rejects, and,
/// over the accepted ones, the bytes reserved and the instructions inserted.
public struct TableSummary: Sendable {
    public struct Row: Sendable, Hashable {
        public var variant: String
        public var programs = 0
        public var accepted = 0
        /// Rejected because the tables push the combined stack past the limit.
        public var overStackLimit = 0
        /// Rejected for any other reason (the program itself, or another backend failure).
        public var otherFailures = 0
        /// Summed over accepted programs and their frames: table and scratch bytes.
        public var reservedBytes = 0
        public var insertedInsns = 0
        public var push = 0
        public var pop = 0
        public var zeroing = 0
        public var crossFramePops = 0
        public var throwablePCs = 0
        /// The largest combined stack after instrumentation among accepted programs.
        public var maxChainAfter = 0
    }

    public var rows: [Row]

    /// Applies every variant to every program.
    public init(programs: [BPFProgram], options: VerifierOptions = VerifierOptions()) {
        rows = TableLayout.allVariants.map { layout in
            var row = Row(variant: layout.variant)
            let backend = TableBackend(layout: layout)
            for program in programs {
                let o = backend.apply(to: program, options: options)
                let m = o.metrics
                row.programs += 1
                guard o.isAccepted else {
                    if m.exceedsStackLimit == true { row.overStackLimit += 1 } else { row.otherFailures += 1 }
                    continue
                }
                row.accepted += 1
                row.reservedBytes += (m.tableBytes ?? "").split(separator: "+").compactMap { Int($0) }.reduce(0, +)
                row.insertedInsns += m.insertedInsns ?? 0
                row.push += m.insertedPush ?? 0
                row.pop += m.insertedPop ?? 0
                row.zeroing += m.insertedZeroing ?? 0
                row.crossFramePops += m.crossFramePops ?? 0
                row.throwablePCs += m.throwablePCs ?? 0
                row.maxChainAfter = max(row.maxChainAfter, m.stackChainAfter ?? 0)
            }
            return row
        }
    }

    /// A header and one line per variant, columns aligned.
    public var text: String {
        let header = [
            "variant", "programs", "accepted", "stack>512", "failed", "bytes_reserved", "insns_inserted", "push", "pop", "zeroing",
            "cross_frame_pops", "throwable_pcs", "max_chain",
        ]
        let lines = rows.map { r in
            [
                r.variant, "\(r.programs)", "\(r.accepted)", "\(r.overStackLimit)", "\(r.otherFailures)", "\(r.reservedBytes)",
                "\(r.insertedInsns)", "\(r.push)", "\(r.pop)", "\(r.zeroing)", "\(r.crossFramePops)", "\(r.throwablePCs)",
                "\(r.maxChainAfter)",
            ]
        }
        let widths = header.indices.map { i in ([header[i]] + lines.map { $0[i] }).map(\.count).max() ?? 0 }
        func format(_ cells: [String]) -> String {
            cells.enumerated().map { i, c in
                let pad = String(repeating: " ", count: widths[i] - c.count)
                return i == 0 ? c + pad : pad + c
            }.joined(separator: "  ")
        }
        return ([format(header)] + lines.map(format)).joined(separator: "\n") + "\n"
    }
}
