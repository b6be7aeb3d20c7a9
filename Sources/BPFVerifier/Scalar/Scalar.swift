/// What the verifier knows about a 64-bit value: a tnum and unsigned/signed bounds on the full
/// value and on its low 32 bits — the numeric fields of the kernel's `struct bpf_reg_state`
/// (`var_off`, `umin_value` ... `s32_max_value`).
///
/// For a scalar register this is its value; for a pointer it is the variable part of the
/// offset. The bounds logic follows `kernel/bpf/verifier.c` (`reg_bounds_sync` and friends).
public struct Scalar: Hashable, Sendable {
    public var varOff: Tnum
    public var umin: UInt64
    public var umax: UInt64
    public var smin: Int64
    public var smax: Int64
    public var u32min: UInt32
    public var u32max: UInt32
    public var s32min: Int32
    public var s32max: Int32

    /// Nothing known (`__mark_reg_unknown`'s numeric part).
    public static let unknown = Scalar(
        varOff: .unknown, umin: 0, umax: .max, smin: .min, smax: .max, u32min: 0, u32max: .max, s32min: .min,
        s32max: .max)

    /// Exactly `v` (`__mark_reg_known`).
    public static func known(_ v: UInt64) -> Scalar {
        Scalar(
            varOff: .const(v), umin: v, umax: v, smin: Int64(bitPattern: v), smax: Int64(bitPattern: v),
            u32min: UInt32(truncatingIfNeeded: v), u32max: UInt32(truncatingIfNeeded: v),
            s32min: Int32(truncatingIfNeeded: Int64(bitPattern: v)),
            s32max: Int32(truncatingIfNeeded: Int64(bitPattern: v)))
    }

    public static func known(_ v: Int64) -> Scalar { known(UInt64(bitPattern: v)) }

    /// An unsigned range `[lo, hi]`, bounds synced.
    public static func range(_ lo: UInt64, _ hi: UInt64) -> Scalar {
        var s = Scalar.unknown
        s.umin = lo
        s.umax = hi
        s.sync()
        return s
    }

    public var isConst: Bool { varOff.isConst }
    public var constValue: UInt64? { varOff.isConst ? varOff.value : nil }
    public var isSubregConst: Bool { varOff.subreg.isConst }

    /// Whether the value is the constant `v` (in 32-bit view when `w32`).
    public func isConst(_ width32: Bool) -> Bool { width32 ? isSubregConst : isConst }
    public func constValue(_ width32: Bool) -> UInt64 {
        width32 ? varOff.subreg.value : varOff.value
    }

    // MARK: - Marking

    mutating func markUnbounded() {
        umin = 0
        umax = .max
        smin = .min
        smax = .max
        mark32Unbounded()
    }

    mutating func mark64Unbounded() {
        umin = 0
        umax = .max
        smin = .min
        smax = .max
    }

    mutating func mark32Unbounded() {
        u32min = 0
        u32max = .max
        s32min = .min
        s32max = .max
    }

    mutating func mark32Known(_ v: UInt32) {
        varOff = varOff.withSubreg(.const(UInt64(v)))
        u32min = v
        u32max = v
        s32min = Int32(bitPattern: v)
        s32max = Int32(bitPattern: v)
    }

    // MARK: - reg_bounds_sync

    /// `__update_reg32_bounds` + `__update_reg64_bounds`: tighten ranges from the tnum.
    mutating func updateBounds() {
        let v32 = varOff.subreg
        s32min = max(s32min, Int32(bitPattern: UInt32(truncatingIfNeeded: v32.value | (v32.mask & 0x8000_0000))))
        s32max = min(s32max, Int32(bitPattern: UInt32(truncatingIfNeeded: v32.value | (v32.mask & 0x7fff_ffff))))
        u32min = max(u32min, UInt32(truncatingIfNeeded: v32.value))
        u32max = min(u32max, UInt32(truncatingIfNeeded: v32.value | v32.mask))

        smin = max(smin, Int64(bitPattern: varOff.value | (varOff.mask & (1 << 63))))
        smax = min(smax, Int64(bitPattern: varOff.value | (varOff.mask & ~(1 << 63))))
        umin = max(umin, varOff.value)
        umax = min(umax, varOff.value | varOff.mask)
    }

    mutating func update32Bounds() {
        let v32 = varOff.subreg
        s32min = max(s32min, Int32(bitPattern: UInt32(truncatingIfNeeded: v32.value | (v32.mask & 0x8000_0000))))
        s32max = min(s32max, Int32(bitPattern: UInt32(truncatingIfNeeded: v32.value | (v32.mask & 0x7fff_ffff))))
        u32min = max(u32min, UInt32(truncatingIfNeeded: v32.value))
        u32max = min(u32max, UInt32(truncatingIfNeeded: v32.value | v32.mask))
    }

    /// `__reg32_deduce_bounds`.
    private mutating func deduce32() {
        if umin >> 32 == umax >> 32 {
            u32min = max(u32min, UInt32(truncatingIfNeeded: umin))
            u32max = min(u32max, UInt32(truncatingIfNeeded: umax))
            if Int32(truncatingIfNeeded: umin) <= Int32(truncatingIfNeeded: umax) {
                s32min = max(s32min, Int32(truncatingIfNeeded: umin))
                s32max = min(s32max, Int32(truncatingIfNeeded: umax))
            }
        }
        if smin >> 32 == smax >> 32 {
            if UInt32(truncatingIfNeeded: smin) <= UInt32(truncatingIfNeeded: smax) {
                u32min = max(u32min, UInt32(truncatingIfNeeded: smin))
                u32max = min(u32max, UInt32(truncatingIfNeeded: smax))
            }
            if Int32(truncatingIfNeeded: smin) <= Int32(truncatingIfNeeded: smax) {
                s32min = max(s32min, Int32(truncatingIfNeeded: smin))
                s32max = min(s32max, Int32(truncatingIfNeeded: smax))
            }
        }
        if UInt32(truncatingIfNeeded: umin >> 32) &+ 1 == UInt32(truncatingIfNeeded: umax >> 32),
            Int32(truncatingIfNeeded: umin) < 0, Int32(truncatingIfNeeded: umax) >= 0
        {
            s32min = max(s32min, Int32(truncatingIfNeeded: umin))
            s32max = min(s32max, Int32(truncatingIfNeeded: umax))
        }
        if UInt32(truncatingIfNeeded: UInt64(bitPattern: smin) >> 32) &+ 1
            == UInt32(truncatingIfNeeded: UInt64(bitPattern: smax) >> 32),
            Int32(truncatingIfNeeded: smin) < 0, Int32(truncatingIfNeeded: smax) >= 0
        {
            s32min = max(s32min, Int32(truncatingIfNeeded: smin))
            s32max = min(s32max, Int32(truncatingIfNeeded: smax))
        }
        if Int32(bitPattern: u32min) <= Int32(bitPattern: u32max) {
            s32min = max(s32min, Int32(bitPattern: u32min))
            s32max = min(s32max, Int32(bitPattern: u32max))
        }
        if UInt32(bitPattern: s32min) <= UInt32(bitPattern: s32max) {
            u32min = max(UInt32(bitPattern: s32min), u32min)
            u32max = min(UInt32(bitPattern: s32max), u32max)
        }
    }

    /// `__reg64_deduce_bounds`.
    private mutating func deduce64() {
        if Int64(bitPattern: umin) <= Int64(bitPattern: umax) {
            smin = max(smin, Int64(bitPattern: umin))
            smax = min(smax, Int64(bitPattern: umax))
        }
        if UInt64(bitPattern: smin) <= UInt64(bitPattern: smax) {
            umin = max(UInt64(bitPattern: smin), umin)
            umax = min(UInt64(bitPattern: smax), umax)
        } else {
            if umax < UInt64(bitPattern: smin) {
                smin = Int64(bitPattern: umin)
                umax = min(umax, UInt64(bitPattern: smax))
            } else if UInt64(bitPattern: smax) < umin {
                smax = Int64(bitPattern: umax)
                umin = max(umin, UInt64(bitPattern: smin))
            }
        }
    }

    /// `__reg_deduce_mixed_bounds`: 64-bit bounds from 32-bit knowledge.
    private mutating func deduceMixed() {
        let newUmin = (umin & ~0xffff_ffff) | UInt64(u32min)
        let newUmax = (umax & ~0xffff_ffff) | UInt64(u32max)
        umin = max(umin, newUmin)
        umax = min(umax, newUmax)
        let newSmin = Int64(bitPattern: (UInt64(bitPattern: smin) & ~0xffff_ffff) | UInt64(u32min))
        let newSmax = Int64(bitPattern: (UInt64(bitPattern: smax) & ~0xffff_ffff) | UInt64(u32max))
        smin = max(smin, newSmin)
        smax = min(smax, newSmax)
        if s32min >= 0, smin >= Int64(Int32.min), smax <= Int64(Int32.max) {
            smin = Int64(s32min)
            smax = Int64(s32max)
            umin = UInt64(bitPattern: Int64(s32min))
            umax = UInt64(bitPattern: Int64(s32max))
            varOff = varOff.intersect(.range(UInt64(bitPattern: smin), UInt64(bitPattern: smax)))
        }
    }

    /// `__reg_bound_offset`: tighten the tnum from the ranges.
    private mutating func boundOffset() {
        let v64 = varOff.intersect(.range(umin, umax))
        let v32 = v64.subreg.intersect(.range(UInt64(u32min), UInt64(u32max)))
        varOff = v64.clearingSubreg | v32
    }

    /// `reg_bounds_sync`: make the tnum and the four ranges agree as far as they can.
    public mutating func sync() {
        updateBounds()
        deduce32()
        deduce64()
        deduceMixed()
        deduce32()
        deduce64()
        deduceMixed()
        boundOffset()
        updateBounds()
    }

    /// Whether the bounds contradict each other: the state is impossible (a dead branch).
    public var isEmpty: Bool {
        umin > umax || smin > smax || u32min > u32max || s32min > s32max
            || varOff.value & varOff.mask != 0
    }

    // MARK: - Zero extension

    /// `zext_32_to_64`: the result of a 32-bit operation.
    mutating func zeroExtend32() {
        varOff = varOff.subreg
        umin = UInt64(u32min)
        umax = UInt64(u32max)
        if s32min >= 0 && s32max >= 0 {
            smin = Int64(s32min)
            smax = Int64(s32max)
        } else {
            smin = 0
            smax = Int64(UInt32.max)
        }
    }

    /// Truncation to `bytes` bytes, zero-extended (`coerce_reg_to_size`), as after a narrow load.
    mutating func coerce(toBytes size: Int) {
        guard size < 8 else { return }
        varOff = varOff.cast(bytes: size)
        let mask: UInt64 = (1 << UInt64(size * 8)) - 1
        if umin & ~mask == umax & ~mask {
            umin &= mask
            umax &= mask
        } else {
            umin = 0
            umax = mask
        }
        smin = Int64(bitPattern: umin)
        smax = Int64(bitPattern: umax)
        if size < 4 { mark32Unbounded() }
        sync()
    }

    /// Sign extension from `bytes` bytes (`coerce_reg_to_size_sx`), as after `movsx` or a
    /// sign-extending load.
    mutating func signExtend(fromBytes size: Int) {
        let bits = UInt64(size * 8)
        func sext(_ v: UInt64) -> Int64 {
            switch size {
            case 1: return Int64(Int8(truncatingIfNeeded: v))
            case 2: return Int64(Int16(truncatingIfNeeded: v))
            default: return Int64(Int32(truncatingIfNeeded: v))
            }
        }
        if varOff.isConst {
            self = .known(sext(varOff.value))
            return
        }
        let topMax = (UInt64(bitPattern: smax) >> bits) << bits
        let topMin = (UInt64(bitPattern: smin) >> bits) << bits
        if topMax == topMin {
            let a = sext(UInt64(bitPattern: smax))
            let b = sext(UInt64(bitPattern: smin))
            let hi = max(a, b)
            let lo = min(a, b)
            if (hi >= 0) == (lo >= 0) {
                smin = lo
                smax = hi
                s32min = Int32(truncatingIfNeeded: lo)
                s32max = Int32(truncatingIfNeeded: hi)
                umin = UInt64(bitPattern: lo)
                umax = UInt64(bitPattern: hi)
                u32min = UInt32(truncatingIfNeeded: lo)
                u32max = UInt32(truncatingIfNeeded: hi)
                varOff = .range(UInt64(bitPattern: lo), UInt64(bitPattern: hi))
                return
            }
        }
        let (lo, hi): (Int64, Int64)
        switch size {
        case 1: (lo, hi) = (Int64(Int8.min), Int64(Int8.max))
        case 2: (lo, hi) = (Int64(Int16.min), Int64(Int16.max))
        default: (lo, hi) = (Int64(Int32.min), Int64(Int32.max))
        }
        smin = lo
        smax = hi
        s32min = Int32(lo)
        s32max = Int32(hi)
        umin = 0
        umax = .max
        u32min = 0
        u32max = .max
        varOff = .unknown
    }

    /// Sign extension inside the 32-bit sub-register (`coerce_subreg_to_size_sx`), as for
    /// `w0 = (s8)w1`; the caller zero-extends afterwards.
    mutating func signExtendSubreg(fromBytes size: Int) {
        let bits = UInt32(size * 8)
        func sext(_ v: UInt32) -> Int32 {
            size == 1 ? Int32(Int8(truncatingIfNeeded: v)) : Int32(Int16(truncatingIfNeeded: v))
        }
        if varOff.isConst {
            let v = sext(UInt32(truncatingIfNeeded: varOff.value))
            varOff = .const(UInt64(bitPattern: Int64(v)))
            s32min = v
            s32max = v
            u32min = UInt32(bitPattern: v)
            u32max = UInt32(bitPattern: v)
            return
        }
        let topMax = (UInt32(bitPattern: s32max) >> bits) << bits
        let topMin = (UInt32(bitPattern: s32min) >> bits) << bits
        if topMax == topMin {
            let a = sext(UInt32(bitPattern: s32max))
            let b = sext(UInt32(bitPattern: s32min))
            let hi = max(a, b)
            let lo = min(a, b)
            if (lo >= 0) == (hi >= 0) {
                s32min = lo
                s32max = hi
                u32min = UInt32(bitPattern: lo)
                u32max = UInt32(bitPattern: hi)
                varOff = Tnum.range(UInt64(bitPattern: Int64(lo)), UInt64(bitPattern: Int64(hi))).subreg
                return
            }
        }
        s32min = size == 1 ? Int32(Int8.min) : Int32(Int16.min)
        s32max = size == 1 ? Int32(Int8.max) : Int32(Int16.max)
        u32min = 0
        u32max = .max
        varOff = Tnum.unknown.subreg
    }
}
