/// The parameters of `bpfsim gen` (issue 11 item 2): what shape of program to draw, and how
/// many. Every probability is per decision point, drawn from ``SplitMix64`` in a fixed order,
/// so the same options and seed always give the same programs.
public struct GeneratorOptions: Sendable, Hashable, Codable {
    public var seed: UInt64
    /// Programs to generate.
    public var count: Int
    /// Frames in the call chain, the main program included (1 to `MAX_CALL_FRAMES` = 8).
    public var frames: ClosedRange<Int>
    /// Resources each frame acquires and holds across its callee and its throw point.
    public var resourcesPerFrame: ClosedRange<Int>
    /// Kinds to draw resources from.
    public var kinds: [GeneratedKind]
    /// Probability that a resource's home (register or stack slot) receives a different kind,
    /// or a plain number, on the alternative path of a branch: a descriptor merge conflict.
    public var conflictRate: Double
    /// Probability that an acquire is conditional (the home is NULL on the other path).
    public var branchRate: Double
    /// Probability that a pointer resource lives in a stack slot rather than R6-R8.
    public var stackRate: Double
    /// Probability that a frame has a throw point (after its callee returns).
    public var throwRate: Double
    /// Extra stack bytes per frame (a zeroed buffer), to push chains towards 512 bytes.
    public var padding: ClosedRange<Int>
    public var section: GeneratorSection

    public init(
        seed: UInt64, count: Int = 10, frames: ClosedRange<Int> = 3...3, resourcesPerFrame: ClosedRange<Int> = 2...2,
        kinds: [GeneratedKind] = GeneratedKind.defaults, conflictRate: Double = 0, branchRate: Double = 0.5,
        stackRate: Double = 0.5, throwRate: Double = 1, padding: ClosedRange<Int> = 0...0, section: GeneratorSection = .tc
    ) {
        self.seed = seed
        self.count = count
        self.frames = frames
        self.resourcesPerFrame = resourcesPerFrame
        self.kinds = kinds
        self.conflictRate = conflictRate
        self.branchRate = branchRate
        self.stackRate = stackRate
        self.throwRate = throwRate
        self.padding = padding
        self.section = section
    }

    /// The first thing wrong with these options, in the words of the CLI flag.
    public func problem() -> String? {
        if count < 1 { return "--count must be at least 1" }
        if frames.lowerBound < 1 || frames.upperBound > 8 { return "--frames must lie within 1-8 (MAX_CALL_FRAMES)" }
        if resourcesPerFrame.lowerBound < 0 || resourcesPerFrame.upperBound > 12 { return "--resources must lie within 0-12 per frame" }
        if padding.lowerBound < 0 || padding.upperBound > 512 { return "--padding must lie within 0-512 bytes" }
        for (flag, p) in [("--conflict-rate", conflictRate), ("--branch-rate", branchRate), ("--stack-rate", stackRate), ("--throw-rate", throwRate)]
        where !(0...1).contains(p) {
            return "\(flag) must be a probability in [0, 1]"
        }
        if kinds.isEmpty { return "--kinds names no kind" }
        if let bad = kinds.first(where: { !$0.allowed(in: section) }) {
            let other = GeneratorSection.allCases.first { $0 != section && bad.allowed(in: $0) }
            return "kind '\(bad.rawValue)' cannot be used in a \(section.rawValue) program" + (other.map { " (use --section \($0.rawValue))" } ?? "")
        }
        return nil
    }

    /// `N` or `A-B` (inclusive), as the CLI takes ranges.
    public static func range(_ text: String) -> ClosedRange<Int>? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let low = Int(parts[0]), let high = Int(parts.last ?? "") else { return nil }
        return low <= high ? low...high : nil
    }
}
