import BPFISA
import Testing

@testable import BPFVerifier

/// The scalar domain must be sound: every concrete result of an operation on concrete members
/// of the operands lies in the abstract result. Checked on seeded random value sets.
@Suite struct ScalarSoundnessTests {
    /// A seeded generator (SplitMix64), so failures reproduce.
    struct Rng {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        /// Values biased towards the interesting places: small, near sign and width boundaries.
        mutating func interesting() -> UInt64 {
            let base: [UInt64] = [0, 1, 2, 7, 0xff, 0x7fff_ffff, 0x8000_0000, 0xffff_ffff, 1 << 32, 1 << 63, .max]
            switch next() % 4 {
            case 0: return base[Int(next() % UInt64(base.count))] &+ (next() % 5) &- 2
            case 1: return next() % 64
            case 2: return next() & 0xffff_ffff
            default: return next()
            }
        }
    }

    static func hull(_ values: [UInt64]) -> Scalar {
        var s = Scalar.known(values[0])
        for v in values.dropFirst() {
            let k = Scalar.known(v)
            s.varOff = s.varOff.union(k.varOff)
            s.umin = min(s.umin, k.umin)
            s.umax = max(s.umax, k.umax)
            s.smin = min(s.smin, k.smin)
            s.smax = max(s.smax, k.smax)
            s.u32min = min(s.u32min, k.u32min)
            s.u32max = max(s.u32max, k.u32max)
            s.s32min = min(s.s32min, k.s32min)
            s.s32max = max(s.s32max, k.s32max)
        }
        s.sync()
        return s
    }

    static func member(_ v: UInt64, _ s: Scalar) -> Bool {
        let lo = UInt32(truncatingIfNeeded: v)
        return s.varOff.contains(.const(v)) && s.umin <= v && v <= s.umax
            && s.smin <= Int64(bitPattern: v) && Int64(bitPattern: v) <= s.smax
            && s.u32min <= lo && lo <= s.u32max
            && s.s32min <= Int32(bitPattern: lo) && Int32(bitPattern: lo) <= s.s32max
    }

    static func concrete(_ op: ALUOperation, _ a: UInt64, _ b: UInt64, _ width: Width) -> UInt64? {
        if width == .w32 {
            let x = UInt32(truncatingIfNeeded: a)
            let y = UInt32(truncatingIfNeeded: b)
            let r: UInt32
            switch op {
            case .add: r = x &+ y
            case .sub: r = x &- y
            case .mul: r = x &* y
            case .and: r = x & y
            case .or: r = x | y
            case .xor: r = x ^ y
            case .lsh: r = x << (y & 31)
            case .rsh: r = x >> (y & 31)
            case .arsh: r = UInt32(bitPattern: Int32(bitPattern: x) >> Int32(y & 31))
            case .mov: r = y
            default: return nil
            }
            return UInt64(r)
        }
        switch op {
        case .add: return a &+ b
        case .sub: return a &- b
        case .mul: return a &* b
        case .and: return a & b
        case .or: return a | b
        case .xor: return a ^ b
        case .lsh: return a << (b & 63)
        case .rsh: return a >> (b & 63)
        case .arsh: return UInt64(bitPattern: Int64(bitPattern: a) >> Int64(b & 63))
        case .mov: return b
        default: return nil
        }
    }

    static let ops: [ALUOperation] = [.add, .sub, .mul, .and, .or, .xor, .lsh, .rsh, .arsh, .mov]

    @Test(arguments: ops, [Width.w64, .w32])
    func aluIsSound(op: ALUOperation, width: Width) {
        var rng = Rng(state: 0xB9F5_0000 &+ UInt64(Self.ops.firstIndex(of: op)!) &* 31 &+ (width == .w32 ? 7 : 0))
        for _ in 0..<400 {
            let xs = (0..<Int(1 + rng.next() % 3)).map { _ in rng.interesting() }
            var ys = (0..<Int(1 + rng.next() % 3)).map { _ in rng.interesting() }
            if [.lsh, .rsh, .arsh].contains(op) {
                // The verifier only computes shifts by a constant in range; others are unknown.
                let k = rng.next() % (width == .w32 ? 32 : 64)
                ys = [k]
            }
            let a = Self.hull(xs)
            let b = Self.hull(ys)
            var r = a
            r.apply(op, b, width: width)
            for x in xs {
                for y in ys {
                    guard let v = Self.concrete(op, x, y, width) else { continue }
                    #expect(Self.member(v, r), "\(op) \(width): \(x) op \(y) = \(v) not in \(r) (a=\(a), b=\(b))")
                }
            }
        }
    }

    @Test(arguments: JumpCondition.allCases, [Width.w64, .w32])
    func branchesAreSound(cond: JumpCondition, width: Width) {
        var rng = Rng(state: 0xC0DE &+ UInt64(JumpCondition.allCases.firstIndex(of: cond)!) &* 131 &+ (width == .w32 ? 1 : 0))
        func holds(_ x: UInt64, _ y: UInt64) -> Bool {
            let (a, b) = width == .w32 ? (x & 0xffff_ffff, y & 0xffff_ffff) : (x, y)
            let (sa, sb): (Int64, Int64) =
                width == .w32
                ? (Int64(Int32(truncatingIfNeeded: x)), Int64(Int32(truncatingIfNeeded: y)))
                : (Int64(bitPattern: x), Int64(bitPattern: y))
            switch cond {
            case .eq: return a == b
            case .ne: return a != b
            case .gt: return a > b
            case .ge: return a >= b
            case .lt: return a < b
            case .le: return a <= b
            case .set: return a & b != 0
            case .sgt: return sa > sb
            case .sge: return sa >= sb
            case .slt: return sa < sb
            case .sle: return sa <= sb
            }
        }
        for _ in 0..<400 {
            let xs = (0..<Int(1 + rng.next() % 3)).map { _ in rng.interesting() }
            let ys = (0..<Int(1 + rng.next() % 2)).map { _ in rng.interesting() }
            let a = Self.hull(xs)
            let b = Self.hull(ys)
            let decided = Scalar.branchTaken(a, b, cond, width: width)
            for taken in [true, false] {
                var ra = a
                var rb = b
                Scalar.refine(&ra, &rb, cond, taken: taken, width: width)
                for x in xs {
                    for y in ys where holds(x, y) == taken {
                        if let d = decided { #expect(d == taken, "\(cond): decided \(d) but \(x),\(y) gives \(taken)") }
                        #expect(Self.member(x, ra), "\(cond) taken=\(taken): \(x) lost from \(ra) (a=\(a) b=\(b))")
                        #expect(Self.member(y, rb), "\(cond) taken=\(taken): \(y) lost from \(rb) (a=\(a) b=\(b))")
                    }
                }
            }
        }
    }

    @Test func signExtensionIsSound() {
        var rng = Rng(state: 42)
        for size in [1, 2, 4] {
            for _ in 0..<300 {
                let xs = (0..<Int(1 + rng.next() % 3)).map { _ in rng.interesting() }
                var s = Self.hull(xs)
                s.signExtend(fromBytes: size)
                for x in xs {
                    let v: Int64 = size == 1 ? Int64(Int8(truncatingIfNeeded: x)) : size == 2 ? Int64(Int16(truncatingIfNeeded: x)) : Int64(Int32(truncatingIfNeeded: x))
                    #expect(Self.member(UInt64(bitPattern: v), s), "sext\(size * 8)(\(x)) not in \(s)")
                }
                var z = Self.hull(xs)
                z.coerce(toBytes: size)
                for x in xs {
                    let v = x & ((1 << UInt64(size * 8)) - 1)
                    #expect(Self.member(v, z), "zext\(size * 8)(\(x)) not in \(z)")
                }
            }
        }
    }
}
