import BPFISA

/// `r0`-`r10` of the running frame, stored inline (no heap, no reference counting) so the
/// interpreter loop can work on them through one pointer.
public struct RegisterFile: Hashable, Sendable {

    var values: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) =
        (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)

    public init() {}

    public subscript(_ r: Register) -> UInt64 {
        get { self[Int(r.index)] }
        set { self[Int(r.index)] = newValue }
    }

    subscript(_ i: Int) -> UInt64 {
        get { withUnsafeBytes(of: values) { $0.load(fromByteOffset: i * 8, as: UInt64.self) } }
        set { withUnsafeMutableBytes(of: &values) { $0.storeBytes(of: newValue, toByteOffset: i * 8, as: UInt64.self) } }
    }

    /// `r6`-`r9`.
    public var calleeSaved: CalleeSavedRegisters {
        get { CalleeSavedRegisters(r6: self[6], r7: self[7], r8: self[8], r9: self[9]) }
        set {
            self[6] = newValue.r6
            self[7] = newValue.r7
            self[8] = newValue.r8
            self[9] = newValue.r9
        }
    }

    public static func == (a: RegisterFile, b: RegisterFile) -> Bool { (0...10).allSatisfy { a[$0] == b[$0] } }

    public func hash(into hasher: inout Hasher) {
        for i in 0...10 { hasher.combine(self[i]) }
    }
}

/// `R6`-`R9` of one frame at one point: what a caller keeps across a call, and what an unwinder
/// must recover for each frame (SPEC §5.2, "Callee-saved registers").
public struct CalleeSavedRegisters: Hashable, Sendable {
    public var r6: UInt64
    public var r7: UInt64
    public var r8: UInt64
    public var r9: UInt64

    public init(r6: UInt64, r7: UInt64, r8: UInt64, r9: UInt64) {
        self.r6 = r6
        self.r7 = r7
        self.r8 = r8
        self.r9 = r9
    }

    /// The value of `r6`...`r9`; `nil` for any other register.
    public subscript(_ r: Register) -> UInt64? {
        switch r {
        case .r6: return r6
        case .r7: return r7
        case .r8: return r8
        case .r9: return r9
        default: return nil
        }
    }
}
