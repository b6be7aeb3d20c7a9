/// How bpfsim's verdict on one program compares with the running kernel's (issue 4's
/// agreement table, SPEC §4.1): the rows of `bpfsim xcheck` and the `agreement` column.
public enum KernelAgreement: String, CaseIterable, Codable, Sendable {
    case bothAccept = "both_accept"
    /// Both reject, with the same message lines at the same pc.
    case bothRejectSameMessage = "both_reject_same_message"
    case bothRejectDifferentMessage = "both_reject_different_message"
    /// bpfsim accepts what the kernel rejects: bpfsim is too permissive.
    case bpfsimOnlyAccept = "bpfsim_only_accept"
    /// The kernel accepts what bpfsim rejects: bpfsim is too strict.
    case kernelOnlyAccept = "kernel_only_accept"
    /// The kernel gave no verdict (libbpf, a missing attach target, lockdown, ...).
    case kernelLoadError = "kernel_load_error"
    /// bpfsim could not verify the program (it could not be read, or uses something bpfsim
    /// does not model): no verdict to compare.
    case bpfsimCannotVerify = "bpfsim_cannot_verify"

    /// The table's row title.
    public var title: String {
        switch self {
        case .bothAccept: return "both accept"
        case .bothRejectSameMessage: return "both reject, same message"
        case .bothRejectDifferentMessage: return "both reject, different message"
        case .bpfsimOnlyAccept: return "bpfsim-only accept"
        case .kernelOnlyAccept: return "kernel-only accept"
        case .kernelLoadError: return "kernel load error"
        case .bpfsimCannotVerify: return "bpfsim cannot verify"
        }
    }

    /// Whether the two verdicts differ (a message difference is not a verdict difference).
    public var isVerdictDisagreement: Bool { self == .bpfsimOnlyAccept || self == .kernelOnlyAccept }

    /// Compares bpfsim's outcome (`nil`: accepted) with the kernel's: `kernelAccepted` nil
    /// means the kernel gave no verdict.
    public static func classify(
        bpfsim: VerifierError?, kernelAccepted: Bool?, kernelMessage: String?, kernelPC: Int?
    ) -> KernelAgreement {
        if let e = bpfsim, e.kind == .parse || e.kind == .unsupported { return .bpfsimCannotVerify }
        guard let kernelAccepted else { return .kernelLoadError }
        switch (bpfsim, kernelAccepted) {
        case (nil, true): return .bothAccept
        case (nil, false): return .bpfsimOnlyAccept
        case (.some, true): return .kernelOnlyAccept
        case (.some(let e), false):
            let same = KernelMessage.same(e.message, kernelMessage ?? "") && (kernelPC == nil || kernelPC == e.pc)
            return same ? .bothRejectSameMessage : .bothRejectDifferentMessage
        }
    }
}

/// Rejection messages as the kernel's log ends them, compared line by line.
public enum KernelMessage {
    /// The lines that carry a rejection's meaning: trimmed, without blank lines and without the
    /// state dumps some messages append at higher log levels (`cur state: ...`).
    public static func lines(_ text: String) -> [String] {
        text.split(separator: "\n").map { unglued($0).trimmingCharacters(in: " \t\r") }.filter {
            !$0.isEmpty && !$0.hasPrefix("cur state:") && !$0.hasPrefix("old state:")
        }
    }

    /// A few kernel messages end without a newline (`insn %d cannot call exception cb
    /// directly`), so the statistics line that follows is glued to them.
    private static func unglued(_ line: Substring) -> Substring {
        for marker in ["verification time ", "processed "] {
            if let r = line.range(of: marker), r.lowerBound != line.startIndex {
                return line[..<r.lowerBound]
            }
        }
        return line
    }

    /// Whether bpfsim's message says what the kernel's does, line for line.
    public static func same(_ bpfsim: String, _ kernel: String) -> Bool {
        lines(bpfsim) == lines(kernel)
    }
}

extension Substring {
    fileprivate func trimmingCharacters(in set: String) -> String {
        var text = self
        while let first = text.first, set.contains(first) { text = text.dropFirst() }
        while let last = text.last, set.contains(last) { text = text.dropLast() }
        return String(text)
    }
}
