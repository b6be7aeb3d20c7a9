/// One raw 8-byte instruction slot, `struct bpf_insn` of `include/uapi/linux/bpf.h`:
/// `code:8 dst_reg:4 src_reg:4 off:16 imm:32`, little-endian.
///
/// Only the codec looks inside these; everything else works on ``Instruction``.
public struct RawInstruction: Hashable, Sendable {
    public var code: UInt8
    public var dst: UInt8
    public var src: UInt8
    public var off: Int16
    public var imm: Int32

    public init(code: UInt8, dst: UInt8 = 0, src: UInt8 = 0, off: Int16 = 0, imm: Int32 = 0) {
        self.code = code
        self.dst = dst
        self.src = src
        self.off = off
        self.imm = imm
    }

    /// Decodes the slot from 8 little-endian bytes starting at `start`.
    @inlinable
    public init<C: RandomAccessCollection>(bytes: C, at start: C.Index) where C.Element == UInt8 {
        var i = start
        func next() -> UInt8 {
            defer { i = bytes.index(after: i) }
            return bytes[i]
        }
        code = next()
        let regs = next()
        dst = regs & 0x0f
        src = regs >> 4
        let o0 = UInt16(next())
        let o1 = UInt16(next())
        off = Int16(bitPattern: o0 | o1 << 8)
        var v: UInt32 = 0
        for k in 0..<4 { v |= UInt32(next()) << (8 * k) }
        imm = Int32(bitPattern: v)
    }

    /// The slot as the 64-bit little-endian word the conformance suite's `-- raw` lines show.
    public init(word: UInt64) {
        code = UInt8(word & 0xff)
        dst = UInt8((word >> 8) & 0x0f)
        src = UInt8((word >> 12) & 0x0f)
        off = Int16(bitPattern: UInt16((word >> 16) & 0xffff))
        imm = Int32(bitPattern: UInt32(word >> 32))
    }

    public var word: UInt64 {
        UInt64(code) | UInt64(dst & 0x0f) << 8 | UInt64(src & 0x0f) << 12
            | UInt64(UInt16(bitPattern: off)) << 16 | UInt64(UInt32(bitPattern: imm)) << 32
    }

    public var bytes: [UInt8] {
        let w = word
        return (0..<8).map { UInt8((w >> (8 * UInt64($0))) & 0xff) }
    }
}
