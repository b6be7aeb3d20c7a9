/// The generator's random source: SplitMix64 (Steele, Lea and Flood, 2014), chosen because
/// it is tiny, fast and fully specified, so a seed names the same programs on every machine
/// and Swift version (the standard library's generator cannot be seeded).
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// True with probability `p` (53 bits of the next word, so p = 0 and p = 1 are exact).
    public mutating func chance(_ p: Double) -> Bool {
        let unit = Double(next() >> 11) * 0x1p-53
        return unit < p
    }

    /// A value of `range`, uniformly (no modulo bias worth the name for ranges this small).
    public mutating func pick(_ range: ClosedRange<Int>) -> Int {
        let width = UInt64(range.upperBound - range.lowerBound) + 1
        return range.lowerBound + Int(next() % width)
    }

    /// One element of a non-empty array.
    public mutating func pick<T>(_ items: [T]) -> T {
        items[Int(next() % UInt64(items.count))]
    }
}
