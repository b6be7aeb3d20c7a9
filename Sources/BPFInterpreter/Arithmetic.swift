/// The ALU cases where RFC 9669 defines what C leaves undefined: division and modulo by zero,
/// `INT_MIN / -1`, and 32-bit results zero-extended into 64-bit registers. Shift counts arrive
/// already masked for immediates; register counts are masked by Swift's masking shifts
/// (`&<<`, `&>>` take the count modulo the width: `& 63`, `& 31`).
enum Arithmetic {
    @inline(__always) static func low(_ v: UInt64) -> UInt32 { UInt32(truncatingIfNeeded: v) }
    @inline(__always) static func zext(_ v: UInt32) -> UInt64 { UInt64(v) }
    @inline(__always) static func zext(_ v: Int32) -> UInt64 { UInt64(UInt32(bitPattern: v)) }

    /// `dst / 0` is 0.
    @inline(__always) static func div64(_ a: UInt64, _ b: UInt64) -> UInt64 { b == 0 ? 0 : a / b }
    /// `dst % 0` leaves `dst`.
    @inline(__always) static func mod64(_ a: UInt64, _ b: UInt64) -> UInt64 { b == 0 ? a : a % b }
    /// Signed, truncating; `/ 0` is 0 and `INT64_MIN / -1` wraps to `INT64_MIN`.
    @inline(__always) static func sdiv64(_ a: UInt64, _ b: UInt64) -> UInt64 {
        b == 0 ? 0 : UInt64(bitPattern: Int64(bitPattern: a).dividedReportingOverflow(by: Int64(bitPattern: b)).partialValue)
    }
    /// Signed; the result takes the dividend's sign, `% 0` leaves `dst`, `INT64_MIN % -1` is 0.
    @inline(__always) static func smod64(_ a: UInt64, _ b: UInt64) -> UInt64 {
        b == 0
            ? a
            : UInt64(bitPattern: Int64(bitPattern: a).remainderReportingOverflow(dividingBy: Int64(bitPattern: b)).partialValue)
    }

    @inline(__always) static func div32(_ a: UInt64, _ b: UInt64) -> UInt64 {
        low(b) == 0 ? 0 : zext(low(a) / low(b))
    }
    /// `% 0` leaves the low 32 bits of `dst`, zero-extended.
    @inline(__always) static func mod32(_ a: UInt64, _ b: UInt64) -> UInt64 {
        low(b) == 0 ? zext(low(a)) : zext(low(a) % low(b))
    }
    @inline(__always) static func sdiv32(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let x = Int32(bitPattern: low(a))
        let y = Int32(bitPattern: low(b))
        return y == 0 ? 0 : zext(x.dividedReportingOverflow(by: y).partialValue)
    }
    @inline(__always) static func smod32(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let x = Int32(bitPattern: low(a))
        let y = Int32(bitPattern: low(b))
        return y == 0 ? zext(low(a)) : zext(x.remainderReportingOverflow(dividingBy: y).partialValue)
    }

    @inline(__always) static func arsh64(_ a: UInt64, _ n: UInt64) -> UInt64 {
        UInt64(bitPattern: Int64(bitPattern: a) &>> n)
    }
    @inline(__always) static func arsh32(_ a: UInt64, _ n: UInt64) -> UInt64 {
        zext(Int32(bitPattern: low(a)) &>> low(n))
    }
    @inline(__always) static func sext(_ v: UInt64, fromBits bits: UInt64) -> UInt64 {
        UInt64(bitPattern: Int64(bitPattern: v &<< (64 - bits)) &>> (64 - bits))
    }
}
