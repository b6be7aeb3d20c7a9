import BPFISA

/// Conditional jumps on scalars: deciding a branch (`is_scalar_branch_taken`) and narrowing
/// both operands on each side (`regs_refine_cond_op`, called by `reg_set_min_max`).
extension Scalar {
    /// `true`/`false` when the condition's outcome is known, `nil` when both sides are possible.
    public static func branchTaken(_ a: Scalar, _ b: Scalar, _ cond: JumpCondition, width: Width) -> Bool? {
        let w32 = width == .w32
        let t1 = w32 ? a.varOff.subreg : a.varOff
        let t2 = w32 ? b.varOff.subreg : b.varOff
        let umin1 = w32 ? UInt64(a.u32min) : a.umin
        let umax1 = w32 ? UInt64(a.u32max) : a.umax
        let smin1 = w32 ? Int64(a.s32min) : a.smin
        let smax1 = w32 ? Int64(a.s32max) : a.smax
        let umin2 = w32 ? UInt64(b.u32min) : b.umin
        let umax2 = w32 ? UInt64(b.u32max) : b.umax
        let smin2 = w32 ? Int64(b.s32min) : b.smin
        let smax2 = w32 ? Int64(b.s32max) : b.smax
        switch cond {
        case .eq, .ne:
            let eq = cond == .eq
            if t1.isConst && t2.isConst { return (t1.value == t2.value) == eq }
            if umin1 > umax2 || umax1 < umin2 { return !eq }
            if smin1 > smax2 || smax1 < smin2 { return !eq }
            if !w32 {
                if a.u32min > b.u32max || a.u32max < b.u32min { return !eq }
                if a.s32min > b.s32max || a.s32max < b.s32min { return !eq }
            }
            return nil
        case .set:
            var (x, y) = (t1, t2)
            if !y.isConst { swap(&x, &y) }
            guard y.isConst else { return nil }
            if (~x.mask & x.value) & y.value != 0 { return true }
            if (x.mask | x.value) & y.value == 0 { return false }
            return nil
        case .gt:
            if umin1 > umax2 { return true }
            if umax1 <= umin2 { return false }
        case .sgt:
            if smin1 > smax2 { return true }
            if smax1 <= smin2 { return false }
        case .lt:
            if umax1 < umin2 { return true }
            if umin1 >= umax2 { return false }
        case .slt:
            if smax1 < smin2 { return true }
            if smin1 >= smax2 { return false }
        case .ge:
            if umin1 >= umax2 { return true }
            if umax1 < umin2 { return false }
        case .sge:
            if smin1 >= smax2 { return true }
            if smax1 < smin2 { return false }
        case .le:
            if umax1 <= umin2 { return true }
            if umin1 > umax2 { return false }
        case .sle:
            if smax1 <= smin2 { return true }
            if smin1 > smax2 { return false }
        }
        return nil
    }

    /// Narrows `a` and `b` given that `a cond b` holds (`taken`) or does not hold. Either result
    /// may be empty (``isEmpty``): that side of the branch is dead.
    public static func refine(
        _ a: inout Scalar, _ b: inout Scalar, _ cond: JumpCondition, taken: Bool, width: Width
    ) {
        if taken {
            refineOp(&a, &b, .cond(cond), w32: width == .w32)
        } else if let n = cond.negated {
            refineOp(&a, &b, .cond(n), w32: width == .w32)
        } else {
            refineOp(&a, &b, .notSet, w32: width == .w32)
        }
        a.sync()
        b.sync()
    }

    private enum RefineOp { case cond(JumpCondition), notSet }

    private static func refineOp(_ r1: inout Scalar, _ r2: inout Scalar, _ op: RefineOp, w32: Bool) {
        guard case .cond(let c) = op else {
            // !(r1 & r2): with r2 constant, the bits of r2 are clear in r1.
            if r2.isConst(w32) {
                refineNotSet(&r1, r2.constValue(w32), w32: w32)
            } else if r1.isConst(w32) {
                refineNotSet(&r2, r1.constValue(w32), w32: w32)
            }
            return
        }
        switch c {
        case .ge, .gt, .sge, .sgt:
            refineOp(&r2, &r1, .cond(c.swapped), w32: w32)
        case .eq:
            if w32 {
                r1.u32min = max(r1.u32min, r2.u32min)
                r1.u32max = min(r1.u32max, r2.u32max)
                r1.s32min = max(r1.s32min, r2.s32min)
                r1.s32max = min(r1.s32max, r2.s32max)
                r2.u32min = r1.u32min
                r2.u32max = r1.u32max
                r2.s32min = r1.s32min
                r2.s32max = r1.s32max
                let t = r1.varOff.subreg.intersect(r2.varOff.subreg)
                r1.varOff = r1.varOff.withSubreg(t)
                r2.varOff = r2.varOff.withSubreg(t)
            } else {
                r1.umin = max(r1.umin, r2.umin)
                r1.umax = min(r1.umax, r2.umax)
                r1.smin = max(r1.smin, r2.smin)
                r1.smax = min(r1.smax, r2.smax)
                r2.umin = r1.umin
                r2.umax = r1.umax
                r2.smin = r1.smin
                r2.smax = r1.smax
                r1.varOff = r1.varOff.intersect(r2.varOff)
                r2.varOff = r1.varOff
            }
        case .ne:
            if r2.isConst(w32) {
                excludeEdge(&r1, r2.constValue(w32), w32: w32)
            } else if r1.isConst(w32) {
                excludeEdge(&r2, r1.constValue(w32), w32: w32)
            }
        case .set:
            var (x, y) = (r1, r2)
            var swapped = false
            if !y.isConst(w32) {
                swap(&x, &y)
                swapped = true
            }
            guard y.isConst(w32) else { return }
            let v = y.constValue(w32)
            // Only a single tested bit tells which bit is set.
            guard v != 0, v & (v - 1) == 0 else { return }
            if w32 {
                x.varOff = x.varOff.withSubreg(x.varOff.subreg | .const(v))
            } else {
                x.varOff = x.varOff | .const(v)
            }
            if swapped { r2 = x } else { r1 = x }
        case .le:
            if w32 {
                r1.u32max = min(r1.u32max, r2.u32max)
                r2.u32min = max(r1.u32min, r2.u32min)
            } else {
                r1.umax = min(r1.umax, r2.umax)
                r2.umin = max(r1.umin, r2.umin)
            }
        case .lt:
            if w32 {
                r1.u32max = min(r1.u32max, r2.u32max &- 1)
                r2.u32min = max(r1.u32min &+ 1, r2.u32min)
            } else {
                r1.umax = min(r1.umax, r2.umax &- 1)
                r2.umin = max(r1.umin &+ 1, r2.umin)
            }
        case .sle:
            if w32 {
                r1.s32max = min(r1.s32max, r2.s32max)
                r2.s32min = max(r1.s32min, r2.s32min)
            } else {
                r1.smax = min(r1.smax, r2.smax)
                r2.smin = max(r1.smin, r2.smin)
            }
        case .slt:
            if w32 {
                r1.s32max = min(r1.s32max, r2.s32max &- 1)
                r2.s32min = max(r1.s32min &+ 1, r2.s32min)
            } else {
                r1.smax = min(r1.smax, r2.smax &- 1)
                r2.smin = max(r1.smin &+ 1, r2.smin)
            }
        }
    }

    /// `r != v` with `v` at an edge of `r`'s range moves that edge.
    private static func excludeEdge(_ r: inout Scalar, _ v: UInt64, w32: Bool) {
        if w32 {
            let u = UInt32(truncatingIfNeeded: v)
            let s = Int32(bitPattern: u)
            if r.u32min == u { r.u32min &+= 1 }
            if r.u32max == u { r.u32max &-= 1 }
            if r.s32min == s { r.s32min &+= 1 }
            if r.s32max == s { r.s32max &-= 1 }
        } else {
            let s = Int64(bitPattern: v)
            if r.umin == v { r.umin &+= 1 }
            if r.umax == v { r.umax &-= 1 }
            if r.smin == s { r.smin &+= 1 }
            if r.smax == s { r.smax &-= 1 }
        }
    }

    private static func refineNotSet(_ r: inout Scalar, _ v: UInt64, w32: Bool) {
        // Forget the ranges first: on a dead branch the narrowed tnum could contradict them.
        r.markUnbounded()
        if w32 {
            r.varOff = r.varOff.withSubreg(r.varOff.subreg & .const(~v & 0xffff_ffff))
        } else {
            r.varOff = r.varOff & .const(~v)
        }
    }
}
