/// A tristate number: each bit is known 0, known 1, or unknown (`kernel/bpf/tnum.c`).
///
/// `value` holds the known-1 bits, `mask` the unknown ones; a bit set in both is invalid.
/// The kernel prints it as `var_off=(0x0; 0xff)`.
public struct Tnum: Hashable, Sendable {
    public var value: UInt64
    public var mask: UInt64

    @inlinable public init(value: UInt64, mask: UInt64) {
        self.value = value
        self.mask = mask
    }

    @inlinable public static func const(_ v: UInt64) -> Tnum { Tnum(value: v, mask: 0) }
    public static let unknown = Tnum(value: 0, mask: .max)

    /// The smallest tnum covering `[min, max]`.
    public static func range(_ min: UInt64, _ max: UInt64) -> Tnum {
        let chi = min ^ max
        let bits = chi == 0 ? 0 : 64 - chi.leadingZeroBitCount
        if bits > 63 { return .unknown }
        let delta: UInt64 = (1 << UInt64(bits)) &- 1
        return Tnum(value: min & ~delta, mask: delta)
    }

    @inlinable public var isConst: Bool { mask == 0 }
    @inlinable public var isUnknown: Bool { mask == .max }

    public static func << (a: Tnum, shift: UInt64) -> Tnum {
        Tnum(value: a.value << shift, mask: a.mask << shift)
    }
    public static func >> (a: Tnum, shift: UInt64) -> Tnum {
        Tnum(value: a.value >> shift, mask: a.mask >> shift)
    }
    /// Arithmetic shift right over `bits` (32 or 64) bits.
    public func arsh(_ shift: UInt64, bits: Int) -> Tnum {
        if bits == 32 {
            let v = UInt64(UInt32(bitPattern: Int32(bitPattern: UInt32(truncatingIfNeeded: value)) >> Int32(shift)))
            let m = UInt64(UInt32(bitPattern: Int32(bitPattern: UInt32(truncatingIfNeeded: mask)) >> Int32(shift)))
            return Tnum(value: v, mask: m)
        }
        return Tnum(
            value: UInt64(bitPattern: Int64(bitPattern: value) >> Int64(shift)),
            mask: UInt64(bitPattern: Int64(bitPattern: mask) >> Int64(shift)))
    }

    public static func + (a: Tnum, b: Tnum) -> Tnum {
        let sm = a.mask &+ b.mask
        let sv = a.value &+ b.value
        let sigma = sm &+ sv
        let chi = sigma ^ sv
        let mu = chi | a.mask | b.mask
        return Tnum(value: sv & ~mu, mask: mu)
    }

    public static func - (a: Tnum, b: Tnum) -> Tnum {
        let dv = a.value &- b.value
        let alpha = dv &+ a.mask
        let beta = dv &- b.mask
        let chi = alpha ^ beta
        let mu = chi | a.mask | b.mask
        return Tnum(value: dv & ~mu, mask: mu)
    }

    public static func & (a: Tnum, b: Tnum) -> Tnum {
        let alpha = a.value | a.mask
        let beta = b.value | b.mask
        let v = a.value & b.value
        return Tnum(value: v, mask: alpha & beta & ~v)
    }

    public static func | (a: Tnum, b: Tnum) -> Tnum {
        let v = a.value | b.value
        let mu = a.mask | b.mask
        return Tnum(value: v, mask: mu & ~v)
    }

    public static func ^ (a: Tnum, b: Tnum) -> Tnum {
        let v = a.value ^ b.value
        let mu = a.mask | b.mask
        return Tnum(value: v & ~mu, mask: mu)
    }

    /// Multiplication as `tnum_mul`: the known product plus the shifted uncertain partials.
    public static func * (a: Tnum, b: Tnum) -> Tnum {
        let knownProduct = a.value &* b.value
        var a = a
        var b = b
        var uncertain = Tnum.const(0)
        while a.value != 0 || a.mask != 0 {
            if a.value & 1 != 0 {
                uncertain = uncertain + Tnum(value: 0, mask: b.mask)
            } else if a.mask & 1 != 0 {
                uncertain = uncertain + Tnum(value: 0, mask: b.value | b.mask)
            }
            a = a >> 1
            b = b << 1
        }
        return Tnum.const(knownProduct) + uncertain
    }

    /// Bits known in either operand (both must describe the same value).
    public func intersect(_ b: Tnum) -> Tnum {
        let v = value | b.value
        let mu = mask & b.mask
        return Tnum(value: v & ~mu, mask: mu)
    }

    /// The smallest tnum covering both.
    public func union(_ b: Tnum) -> Tnum {
        let v = value & b.value
        let mu = (value ^ b.value) | mask | b.mask
        return Tnum(value: v & ~mu, mask: mu)
    }

    /// Whether every value `b` can hold, `self` can hold too (`tnum_in(self, b)`).
    public func contains(_ b: Tnum) -> Bool {
        if b.mask & ~mask != 0 { return false }
        return value == b.value & ~mask
    }

    /// Truncated to `size` bytes (`tnum_cast`).
    public func cast(bytes size: Int) -> Tnum {
        if size >= 8 { return self }
        let keep: UInt64 = (1 << UInt64(size * 8)) - 1
        return Tnum(value: value & keep, mask: mask & keep)
    }

    /// The low 32 bits (`tnum_subreg`).
    public var subreg: Tnum { cast(bytes: 4) }
    /// The high 32 bits cleared of the low part (`tnum_clear_subreg`).
    public var clearingSubreg: Tnum { (self >> 32) << 32 }
    /// Replaces the low 32 bits with `sub` (`tnum_with_subreg`).
    public func withSubreg(_ sub: Tnum) -> Tnum { clearingSubreg | sub.subreg }

    public var minValue: UInt64 { value }
    public var maxValue: UInt64 { value | mask }

    /// Whether the value is known to be a multiple of `size` (a power of two).
    public func isAligned(_ size: UInt64) -> Bool {
        if size == 0 { return true }
        return (value | mask) & (size - 1) == 0
    }
}
