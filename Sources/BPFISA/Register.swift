/// One of the eleven BPF registers, `r0` to `r10`.
///
/// `r10` is the read-only frame pointer. The calling convention (RFC 9669 §2.3, the kernel's
/// `BPF_REG_*`): `r0` holds return values, `r1`-`r5` carry arguments and are clobbered by calls,
/// `r6`-`r9` are callee-saved.
public struct Register: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The register number, `0...10`.
    public let index: UInt8

    /// Returns `nil` for numbers above 10: the encoding has four bits, only eleven are registers.
    @inlinable
    public init?(_ index: Int) {
        guard (0...10).contains(index) else { return nil }
        self.index = UInt8(index)
    }

    @usableFromInline
    init(unchecked index: UInt8) { self.index = index }

    public static let r0 = Register(unchecked: 0)
    public static let r1 = Register(unchecked: 1)
    public static let r2 = Register(unchecked: 2)
    public static let r3 = Register(unchecked: 3)
    public static let r4 = Register(unchecked: 4)
    public static let r5 = Register(unchecked: 5)
    public static let r6 = Register(unchecked: 6)
    public static let r7 = Register(unchecked: 7)
    public static let r8 = Register(unchecked: 8)
    public static let r9 = Register(unchecked: 9)
    public static let r10 = Register(unchecked: 10)
    /// The frame pointer, `r10`.
    public static let fp = r10

    /// All registers in order, `r0` to `r10`.
    public static let all: [Register] = (0...10).map { Register(unchecked: UInt8($0)) }
    /// The registers a call passes arguments in (and clobbers).
    public static let arguments: [Register] = [.r1, .r2, .r3, .r4, .r5]
    /// The registers a call preserves.
    public static let calleeSaved: [Register] = [.r6, .r7, .r8, .r9]

    public var isCalleeSaved: Bool { (6...9).contains(index) }

    public static func < (lhs: Register, rhs: Register) -> Bool { lhs.index < rhs.index }

    /// `r6`, as the kernel log and LLVM print it (upper-case `R6` in verifier state lines is
    /// the log's business, not the register's).
    public var description: String { "r\(index)" }
}
