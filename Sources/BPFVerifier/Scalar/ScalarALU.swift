import BPFISA

/// Scalar arithmetic as `adjust_scalar_min_max_vals` does it: each operation updates the tnum
/// and both the 32- and 64-bit ranges; 32-bit operations then zero-extend.
extension Scalar {
    /// Applies `self = self op src`. Division and modulo (whose bounds the kernel does not track)
    /// yield an unknown value, as do shifts by a non-constant or out-of-range amount.
    public mutating func apply(_ op: ALUOperation, _ src: Scalar, width: Width) {
        let alu32 = width == .w32
        let bitness: UInt64 = alu32 ? 32 : 64
        switch op {
        case .lsh, .rsh, .arsh:
            let srcConst = alu32 ? src.isSubregConst : src.isConst
            let amountMax = alu32 ? UInt64(src.u32max) : src.umax
            guard srcConst, amountMax < bitness else {
                self = .unknown
                if alu32 { zeroExtend32(); sync() }
                return
            }
        case .add, .sub, .mul, .and, .or, .xor:
            break
        case .mov:
            self = src
            if alu32 { zeroExtend32() }
            sync()
            return
        case .div, .sdiv, .mod, .smod:
            self = .unknown
            if alu32 { zeroExtend32(); sync() }
            return
        }

        switch op {
        case .add:
            add32(src)
            add64(src)
            varOff = varOff + src.varOff
        case .sub:
            sub32(src)
            sub64(src)
            varOff = varOff - src.varOff
        case .mul:
            varOff = varOff * src.varOff
            mul32(src)
            mul64(src)
        case .and:
            varOff = varOff & src.varOff
            bitwise32(src, .and)
            bitwise64(src, .and)
        case .or:
            varOff = varOff | src.varOff
            bitwise32(src, .or)
            bitwise64(src, .or)
        case .xor:
            varOff = varOff ^ src.varOff
            bitwise32(src, .xor)
            bitwise64(src, .xor)
        case .lsh:
            if alu32 { lsh32(src) } else { lsh64(src) }
        case .rsh:
            if alu32 { rsh32(src) } else { rsh64(src) }
        case .arsh:
            if alu32 { arsh32(src) } else { arsh64(src) }
        default:
            break
        }
        if alu32 { zeroExtend32() }
        sync()
    }

    /// `dst = -dst`, as the kernel computes it: `0 - dst`.
    public mutating func negate(width: Width) {
        let old = self
        self = .known(UInt64(0))
        sub32(old)
        sub64(old)
        varOff = Tnum.const(0) - old.varOff
        if width == .w32 { zeroExtend32() }
        sync()
    }

    // MARK: - add / sub / mul

    private mutating func add32(_ src: Scalar) {
        let (a, o1) = s32min.addingReportingOverflow(src.s32min)
        let (b, o2) = s32max.addingReportingOverflow(src.s32max)
        if o1 || o2 {
            s32min = .min
            s32max = .max
        } else {
            s32min = a
            s32max = b
        }
        let (c, minOverflow) = u32min.addingReportingOverflow(src.u32min)
        let (d, maxOverflow) = u32max.addingReportingOverflow(src.u32max)
        u32min = c
        u32max = d
        if !minOverflow && maxOverflow {
            u32min = 0
            u32max = .max
        }
    }

    private mutating func add64(_ src: Scalar) {
        let (a, o1) = smin.addingReportingOverflow(src.smin)
        let (b, o2) = smax.addingReportingOverflow(src.smax)
        if o1 || o2 {
            smin = .min
            smax = .max
        } else {
            smin = a
            smax = b
        }
        let (c, minOverflow) = umin.addingReportingOverflow(src.umin)
        let (d, maxOverflow) = umax.addingReportingOverflow(src.umax)
        umin = c
        umax = d
        if !minOverflow && maxOverflow {
            umin = 0
            umax = .max
        }
    }

    private mutating func sub32(_ src: Scalar) {
        let (a, o1) = s32min.subtractingReportingOverflow(src.s32max)
        let (b, o2) = s32max.subtractingReportingOverflow(src.s32min)
        if o1 || o2 {
            s32min = .min
            s32max = .max
        } else {
            s32min = a
            s32max = b
        }
        let (c, minUnderflow) = u32min.subtractingReportingOverflow(src.u32max)
        let (d, maxUnderflow) = u32max.subtractingReportingOverflow(src.u32min)
        u32min = c
        u32max = d
        if minUnderflow && !maxUnderflow {
            u32min = 0
            u32max = .max
        }
    }

    private mutating func sub64(_ src: Scalar) {
        let (a, o1) = smin.subtractingReportingOverflow(src.smax)
        let (b, o2) = smax.subtractingReportingOverflow(src.smin)
        if o1 || o2 {
            smin = .min
            smax = .max
        } else {
            smin = a
            smax = b
        }
        let (c, minUnderflow) = umin.subtractingReportingOverflow(src.umax)
        let (d, maxUnderflow) = umax.subtractingReportingOverflow(src.umin)
        umin = c
        umax = d
        if minUnderflow && !maxUnderflow {
            umin = 0
            umax = .max
        }
    }

    private mutating func mul32(_ src: Scalar) {
        let (hi, o1) = u32max.multipliedReportingOverflow(by: src.u32max)
        let (lo, o2) = u32min.multipliedReportingOverflow(by: src.u32min)
        if o1 || o2 {
            u32min = 0
            u32max = .max
        } else {
            u32min = lo
            u32max = hi
        }
        let products = [
            s32min.multipliedReportingOverflow(by: src.s32min), s32min.multipliedReportingOverflow(by: src.s32max),
            s32max.multipliedReportingOverflow(by: src.s32min), s32max.multipliedReportingOverflow(by: src.s32max),
        ]
        if products.contains(where: { $0.overflow }) {
            s32min = .min
            s32max = .max
        } else {
            s32min = products.map(\.partialValue).min()!
            s32max = products.map(\.partialValue).max()!
        }
    }

    private mutating func mul64(_ src: Scalar) {
        let (hi, o1) = umax.multipliedReportingOverflow(by: src.umax)
        let (lo, o2) = umin.multipliedReportingOverflow(by: src.umin)
        if o1 || o2 {
            umin = 0
            umax = .max
        } else {
            umin = lo
            umax = hi
        }
        let products = [
            smin.multipliedReportingOverflow(by: src.smin), smin.multipliedReportingOverflow(by: src.smax),
            smax.multipliedReportingOverflow(by: src.smin), smax.multipliedReportingOverflow(by: src.smax),
        ]
        if products.contains(where: { $0.overflow }) {
            smin = .min
            smax = .max
        } else {
            smin = products.map(\.partialValue).min()!
            smax = products.map(\.partialValue).max()!
        }
    }

    // MARK: - and / or / xor

    private enum Bitwise { case and, or, xor }

    /// `scalar32_min_max_{and,or,xor}`; the tnum is already updated.
    private mutating func bitwise32(_ src: Scalar, _ kind: Bitwise) {
        let v = varOff.subreg
        if isSubregConst && src.isSubregConst {
            mark32Known(UInt32(truncatingIfNeeded: v.value))
            return
        }
        switch kind {
        case .and:
            u32min = UInt32(truncatingIfNeeded: v.value)
            u32max = min(u32max, src.u32max)
        case .or:
            u32min = max(u32min, src.u32min)
            u32max = UInt32(truncatingIfNeeded: v.value | v.mask)
        case .xor:
            u32min = UInt32(truncatingIfNeeded: v.value)
            u32max = UInt32(truncatingIfNeeded: v.value | v.mask)
        }
        if Int32(bitPattern: u32min) <= Int32(bitPattern: u32max) {
            s32min = Int32(bitPattern: u32min)
            s32max = Int32(bitPattern: u32max)
        } else {
            s32min = .min
            s32max = .max
        }
    }

    /// `scalar_min_max_{and,or,xor}`; the tnum is already updated.
    private mutating func bitwise64(_ src: Scalar, _ kind: Bitwise) {
        if varOff.isConst && src.isConst {
            // Both operands were constant: the tnum holds the exact result.
            let v = varOff.value
            umin = v
            umax = v
            smin = Int64(bitPattern: v)
            smax = Int64(bitPattern: v)
            return
        }
        switch kind {
        case .and:
            umin = varOff.value
            umax = min(umax, src.umax)
        case .or:
            umin = max(umin, src.umin)
            umax = varOff.value | varOff.mask
        case .xor:
            umin = varOff.value
            umax = varOff.value | varOff.mask
        }
        if Int64(bitPattern: umin) <= Int64(bitPattern: umax) {
            smin = Int64(bitPattern: umin)
            smax = Int64(bitPattern: umax)
        } else {
            smin = .min
            smax = .max
        }
        updateBounds()
    }

    // MARK: - shifts (the amount is a constant below the bit width)

    private mutating func lsh32Bounds(_ lo: UInt64, _ hi: UInt64) {
        s32min = .min
        s32max = .max
        if hi > 31 || UInt64(u32max) > (1 << (31 - hi)) {
            u32min = 0
            u32max = .max
        } else {
            u32min <<= UInt32(lo)
            u32max <<= UInt32(hi)
        }
    }

    private mutating func lsh32(_ src: Scalar) {
        let lo = UInt64(src.u32min)
        let hi = UInt64(src.u32max)
        let sub = varOff.subreg
        lsh32Bounds(lo, hi)
        varOff = (sub << lo).subreg
        mark64Unbounded()
        update32Bounds()
    }

    private mutating func lsh64(_ src: Scalar) {
        let lo = src.umin
        let hi = src.umax
        // 64-bit bounds use the unshifted 32-bit bounds: compute them first.
        if lo == 32 && hi == 32 && s32max >= 0 {
            smax = Int64(s32max) << 32
        } else {
            smax = .max
        }
        if lo == 32 && hi == 32 && s32min >= 0 {
            smin = Int64(s32min) << 32
        } else {
            smin = .min
        }
        if umax > (1 << (63 - hi)) {
            umin = 0
            umax = .max
        } else {
            umin <<= lo
            umax <<= hi
        }
        lsh32Bounds(lo, hi)
        varOff = varOff << lo
        updateBounds()
    }

    private mutating func rsh32(_ src: Scalar) {
        let lo = UInt32(src.u32min)
        let hi = UInt32(src.u32max)
        let sub = varOff.subreg
        s32min = .min
        s32max = .max
        varOff = sub >> UInt64(lo)
        u32min >>= hi
        u32max >>= lo
        mark64Unbounded()
        update32Bounds()
    }

    private mutating func rsh64(_ src: Scalar) {
        let lo = src.umin
        let hi = src.umax
        smin = .min
        smax = .max
        varOff = varOff >> lo
        umin >>= hi
        umax >>= lo
        mark32Unbounded()
        updateBounds()
    }

    private mutating func arsh32(_ src: Scalar) {
        let amount = Int32(src.u32min)
        s32min = s32min >> amount
        s32max = s32max >> amount
        varOff = varOff.subreg.arsh(UInt64(amount), bits: 32)
        u32min = 0
        u32max = .max
        mark64Unbounded()
        update32Bounds()
    }

    private mutating func arsh64(_ src: Scalar) {
        let amount = Int64(src.umin)
        smin >>= amount
        smax >>= amount
        varOff = varOff.arsh(UInt64(amount), bits: 64)
        umin = 0
        umax = .max
        mark32Unbounded()
        updateBounds()
    }
}

extension Scalar {
    /// Byte-order conversion on a little-endian host (6.18.44 tracks it, `scalar_byte_swap`):
    /// `le` only truncates; `be` and `bswap` reverse the bytes of the tnum, and the ranges are
    /// recomputed from it.
    public mutating func byteSwap(_ kind: ByteSwap, bits: Int) {
        if kind == .toLittleEndian {
            if bits < 64 { coerce(toBytes: bits / 8) }
            return
        }
        func swapped(_ v: UInt64) -> UInt64 {
            switch bits {
            case 16: return UInt64(UInt16(truncatingIfNeeded: v).byteSwapped)
            case 32: return UInt64(UInt32(truncatingIfNeeded: v).byteSwapped)
            default: return v.byteSwapped
            }
        }
        let t = Tnum(value: swapped(varOff.value), mask: swapped(varOff.mask))
        self = .unknown
        varOff = t
        sync()
    }
}
