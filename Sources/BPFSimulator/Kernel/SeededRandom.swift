/// The simulator's only source of randomness: SplitMix64 (Steele, Lea and Flood), chosen because
/// it is tiny, fast, passes BigCrush, and gives the same stream on every machine (SPEC §9: the
/// same seed gives the same runs, bit for bit). Each run draws from its own stream, derived from
/// the workload seed and the run's index, so a run can be replayed alone.
public struct SeededRandom: Hashable, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    /// The stream of run `index` of a workload seeded with `seed`.
    public init(seed: UInt64, run index: Int) {
        var mixer = SeededRandom(seed: seed ^ 0x6A09_E667_F3BC_C909)
        for _ in 0...(index % 4) { _ = mixer.next() }
        state = mixer.next() &+ UInt64(truncatingIfNeeded: index) &* 0x9E37_79B9_7F4A_7C15
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform value in `0..<bound` (`bound` > 0), by multiply-shift (the bias is below 2^-32
    /// for the small bounds the kernel model uses).
    public mutating func next(below bound: UInt64) -> UInt64 {
        precondition(bound > 0, "a random bound must be positive")
        return next().multipliedFullWidth(by: bound).high
    }

    /// A uniform value in `[0, 1)` with 53 random bits.
    public mutating func nextUnit() -> Double { Double(next() >> 11) * 0x1p-53 }

    /// `count` random bytes: each word's bytes in little-endian order. Filled in place (a
    /// run's context and packet are drawn per run, and byte-wise appends dominated).
    public mutating func bytes(_ count: Int) -> [UInt8] {
        guard count > 0 else { return [] }
        return [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            var i = 0
            while i < count {
                let word = next()
                let n = min(8, count - i)
                for k in 0..<n { buffer[i + k] = UInt8(truncatingIfNeeded: word >> UInt64(8 * k)) }
                i += n
            }
            initialized = count
        }
    }
}
