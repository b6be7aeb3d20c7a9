/// What bpfsim reads from a kernel verifier log: the closing statistics, the rejection message
/// and the pc it was raised at.
///
/// The formats are those of `print_verification_stats` (`kernel/bpf/verifier.c`) and of the
/// per-instruction lines `verbose_insn` prints (`N: (bf) r2 = r10`). Parsing is tolerant: each
/// statistic is read by its keyword wherever it sits on the `processed` line, so the extra
/// counters newer kernels append (`mark_read`, `jmp_allocs`, ...) and the ones older kernels
/// lack leave the others intact.
public struct VerifierLogSummary: Equatable, Sendable {
    public var processedInsns: Int?
    public var maxStatesPerInsn: Int?
    public var totalStates: Int?
    public var peakStates: Int?
    public var verificationTimeMicroseconds: Int?
    public var stackDepths: [Int]?
    /// The lines between the last traced instruction and the statistics, in order: for a
    /// rejection, the verifier's message (`R0 invalid mem access 'map_value_or_null'`).
    public var messageLines: [String] = []
    /// The pc of the last instruction line above the message.
    public var pc: Int?
    /// Whether any instruction line was traced (the verifier reached the instruction walk).
    public var tracedInstructions = false

    public init(log: String) {
        let lines = log.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.hasSuffix("\r") ? $0.dropLast() : $0
        }
        var end = lines.count
        if let processed = lines.lastIndex(where: { $0.hasPrefix("processed ") }) {
            readProcessed(lines[processed])
            end = processed
        }
        // The statistics block: `verification time` and `stack depth` just above `processed`.
        while end > 0, Self.isStatisticsLine(lines[end - 1]) || lines[end - 1].isEmpty {
            readStatistic(lines[end - 1])
            end -= 1
        }
        tracedInstructions = lines[..<end].contains { Self.instructionPC($0) != nil }

        var message: [Substring] = []
        var index = end
        while index > 0 {
            let line = lines[index - 1]
            if Self.isTraceLine(line) { break }
            if !Self.isNoiseLine(line) { message.append(line) }
            index -= 1
        }
        messageLines = message.reversed().prefix(Self.maximumMessageLines).map(String.init)
        pc = lines[..<index].reversed().lazy.compactMap(Self.instructionPC).first
    }

    /// Messages are a line or two; a longer run of unrecognised lines keeps its beginning.
    static let maximumMessageLines = 8

    public var message: String? {
        messageLines.isEmpty ? nil : messageLines.joined(separator: "\n")
    }

    private mutating func readProcessed(_ line: Substring) {
        let words = line.split(separator: " ")
        func number(after keyword: String) -> Int? {
            guard let index = words.firstIndex(where: { $0 == keyword }), index + 1 < words.count
            else { return nil }
            return Int(words[index + 1].trimmingCharacters(in: ",()"))
        }
        processedInsns = number(after: "processed")
        maxStatesPerInsn = number(after: "max_states_per_insn")
        totalStates = number(after: "total_states")
        peakStates = number(after: "peak_states")
    }

    private mutating func readStatistic(_ line: Substring) {
        if line.hasPrefix("verification time ") {
            let words = line.split(separator: " ")
            if words.count >= 3 { verificationTimeMicroseconds = Int(words[2]) }
        } else if line.hasPrefix("stack depth ") {
            let depths = line.dropFirst("stack depth ".count).split(separator: "+").map {
                Int($0.trimmingCharacters(in: " "))
            }
            if !depths.isEmpty, depths.allSatisfy({ $0 != nil }) { stackDepths = depths.compactMap { $0 } }
        }
    }

    private static func isStatisticsLine(_ line: Substring) -> Bool {
        line.hasPrefix("verification time ") || line.hasPrefix("stack depth ")
    }

    /// `N: (op) ...`: an instruction the verifier walked.
    static func instructionPC(_ line: Substring) -> Int? {
        guard let colon = line.firstIndex(of: ":"), let pc = Int(line[..<colon]) else { return nil }
        let rest = line[line.index(after: colon)...]
        return rest.hasPrefix(" (") ? pc : nil
    }

    /// Lines that belong to the walk rather than to a message: instructions, register states
    /// (`N: R1=...`, `N: frame1: ...`), source lines (`; ...`), branch headers
    /// (`from 3 to 5: ...`) and per-subprogram results.
    private static func isTraceLine(_ line: Substring) -> Bool {
        if line.hasPrefix("; ") || line.hasPrefix("from ") || line.hasPrefix("Func#")
            || line.hasPrefix("Validating ") || line.hasPrefix("Live regs before insn:")
        {
            return true
        }
        guard let colon = line.firstIndex(of: ":"), Int(line[..<colon]) != nil else { return false }
        return true
    }

    /// Debug output that may sit between the message and the statistics without being part of
    /// either: precision backtracking and the liveness passes of recent kernels.
    private static func isNoiseLine(_ line: Substring) -> Bool {
        if line.trimmingCharacters(in: " \t").isEmpty { return true }
        if line.hasPrefix("mark_precise:") || line.hasPrefix("last_idx ") || line.hasPrefix("regs=") {
            return true
        }
        // `(0) frame 0 insn 6 +live -8`, `(0) live stack update done in 2 iterations`.
        if line.hasPrefix("("), let close = line.firstIndex(of: ")"),
            Int(line[line.index(after: line.startIndex)..<close]) != nil
        {
            return true
        }
        return false
    }
}

extension Substring {
    fileprivate func trimmingCharacters(in set: String) -> Substring {
        var text = self
        while let first = text.first, set.contains(first) { text = text.dropFirst() }
        while let last = text.last, set.contains(last) { text = text.dropLast() }
        return text
    }
}
