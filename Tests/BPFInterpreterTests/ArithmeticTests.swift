import BPFISA
import BPFInterpreter
import Testing

/// The ALU cases RFC 9669 pins down where C does not: division and modulo by zero, signed
/// overflow, shift counts beyond the width, 32-bit results zero-extended, sign-extended
/// immediates.
@Suite struct ArithmeticTests {
    static let divisionCases: [(Snippet, UInt64)] = [
        (Snippet("div64 by zero is 0", "mov %r0, 7\nmov %r1, 0\ndiv %r0, %r1\nexit"), 0),
        (Snippet("div64 by immediate zero is 0", "mov %r0, 7\ndiv %r0, 0\nexit"), 0),
        (Snippet("mod64 by zero leaves dst", "lddw %r0, 0xffffffff00000007\nmov %r1, 0\nmod %r0, %r1\nexit"), 0xffff_ffff_0000_0007),
        (Snippet("mod32 by zero zero-extends dst", "lddw %r0, 0xffffffff00000007\nmov %r1, 0\nmod32 %r0, %r1\nexit"), 7),
        (Snippet("div32 by zero is 0", "mov %r0, 7\nmov %r1, 0\ndiv32 %r0, %r1\nexit"), 0),
        (Snippet("div32 ignores the divisor's high half", "lddw %r1, 0x100000000\nmov %r0, 5\ndiv32 %r0, %r1\nexit"), 0),
        (Snippet("div32 uses the divisor's low half", "lddw %r1, 0x100000002\nmov %r0, 8\ndiv32 %r0, %r1\nexit"), 4),
        (Snippet("div64 immediate is sign-extended", "mov %r0, -1\ndiv %r0, -1\nexit"), 1),
        (Snippet("sdiv64 INT64_MIN / -1 wraps", "lddw %r0, 0x8000000000000000\nsdiv %r0, -1\nexit"), 0x8000_0000_0000_0000),
        (Snippet("smod64 INT64_MIN % -1 is 0", "lddw %r0, 0x8000000000000000\nsmod %r0, -1\nexit"), 0),
        (Snippet("sdiv64 by zero is 0", "mov %r0, -7\nsdiv %r0, 0\nexit"), 0),
        (Snippet("smod64 by zero leaves dst", "mov %r0, -7\nsmod %r0, 0\nexit"), UInt64(bitPattern: -7)),
        (Snippet("smod64 result takes the dividend's sign", "mov %r0, -7\nsmod %r0, 2\nexit"), UInt64(bitPattern: -1)),
        (Snippet("sdiv64 truncates toward zero", "mov %r0, -7\nsdiv %r0, 2\nexit"), UInt64(bitPattern: -3)),
        (Snippet("sdiv32 INT32_MIN / -1 is INT32_MIN, zero-extended", "mov32 %r0, 0x80000000\nsdiv32 %r0, -1\nexit"), 0x8000_0000),
        (Snippet("smod32 by zero zero-extends dst", "lddw %r0, 0xfffffffffffffff9\nsmod32 %r0, 0\nexit"), 0xffff_fff9),
        (Snippet("smod32 result zero-extended", "mov32 %r0, -7\nsmod32 %r0, 2\nexit"), 0xffff_ffff),
    ]

    @Test(arguments: divisionCases)
    func division(_ snippet: Snippet, expected: UInt64) throws {
        let r0 = try snippet.r0()
        #expect(r0 == expected, "\(snippet.name): r0 = \(r0.map { hex($0) } ?? "-"), expected \(hex(expected))")
    }

    static let shiftCases: [(Snippet, UInt64)] = [
        (Snippet("lsh64 register count is taken & 63", "mov %r0, 1\nmov %r1, 65\nlsh %r0, %r1\nexit"), 2),
        (Snippet("rsh64 register count is taken & 63", "lddw %r0, 0x8000000000000000\nmov %r1, 127\nrsh %r0, %r1\nexit"), 1),
        (Snippet("arsh64 register count is taken & 63", "lddw %r0, 0x8000000000000000\nmov %r1, 127\narsh %r0, %r1\nexit"), .max),
        (Snippet("lsh32 register count is taken & 31", "mov32 %r0, 1\nmov %r1, 33\nlsh32 %r0, %r1\nexit"), 2),
        (Snippet("rsh32 register count is taken & 31", "mov32 %r0, 0x80\nmov %r1, 35\nrsh32 %r0, %r1\nexit"), 0x10),
        (Snippet("arsh32 register count is taken & 31", "mov32 %r0, 0x80000000\nmov %r1, 33\narsh32 %r0, %r1\nexit"), 0xc000_0000),
        (Snippet("lsh32 immediate count is taken & 31", "mov32 %r0, 1\nlsh32 %r0, 36\nexit"), 0x10),
        (Snippet("rsh32 by 0 still zero-extends", "lddw %r0, 0xffffffffffffffff\nmov %r1, 32\nrsh32 %r0, %r1\nexit"), 0xffff_ffff),
        (Snippet("lsh64 immediate count is taken & 63", "mov %r0, 1\nlsh %r0, 68\nexit"), 0x10),
    ]

    @Test(arguments: shiftCases)
    func shiftCountsAreMasked(_ snippet: Snippet, expected: UInt64) throws {
        let r0 = try snippet.r0()
        #expect(r0 == expected, "\(snippet.name): r0 = \(r0.map { hex($0) } ?? "-"), expected \(hex(expected))")
    }

    static let widthCases: [(Snippet, UInt64)] = [
        (Snippet("add32 wraps and zero-extends", "lddw %r0, 0xffffffffffffffff\nadd32 %r0, 1\nexit"), 0),
        (Snippet("mov32 of a negative immediate zero-extends", "mov32 %r0, -1\nexit"), 0xffff_ffff),
        (Snippet("mov64 of a negative immediate sign-extends", "mov %r0, -1\nexit"), .max),
        (Snippet("mov32 register drops the high half", "lddw %r1, 0x1234567800000009\nmov32 %r0, %r1\nexit"), 9),
        (Snippet("neg32 zero-extends", "mov32 %r0, 1\nneg32 %r0\nexit"), 0xffff_ffff),
        (Snippet("neg64 of INT64_MIN is INT64_MIN", "lddw %r0, 0x8000000000000000\nneg %r0\nexit"), 0x8000_0000_0000_0000),
        (Snippet("mul32 keeps the low half", "mov32 %r0, 0x10000\nmul32 %r0, 0x10000\nexit"), 0),
        (Snippet("and64 immediate is sign-extended", "lddw %r0, 0xffffffff00000000\nand %r0, -1\nexit"), 0xffff_ffff_0000_0000),
        (Snippet("movsx832 sign-extends then zero-extends", "mov %r1, 0x80\nmovsx832 %r0, %r1\nexit"), 0xffff_ff80),
        (Snippet("movsx3264 sign-extends a word", "mov32 %r1, 0x80000000\nmovsx3264 %r0, %r1\nexit"), 0xffff_ffff_8000_0000),
        (Snippet("le16 truncates", "lddw %r0, 0x1122334455667788\nle16 %r0\nexit"), 0x7788),
        (Snippet("be32 swaps the low word", "lddw %r0, 0x1122334455667788\nbe32 %r0\nexit"), 0x8877_6655),
        (Snippet("bswap64 swaps all bytes", "lddw %r0, 0x1122334455667788\nbswap64 %r0\nexit"), 0x8877_6655_4433_2211),
    ]

    @Test(arguments: widthCases)
    func widthsAndExtension(_ snippet: Snippet, expected: UInt64) throws {
        let r0 = try snippet.r0()
        #expect(r0 == expected, "\(snippet.name): r0 = \(r0.map { hex($0) } ?? "-"), expected \(hex(expected))")
    }

    static let comparisonCases: [(Snippet, UInt64)] = [
        (Snippet("jgt immediate is sign-extended and compared unsigned", "mov %r0, 5\njgt %r0, -1, big\nexit\nbig:\nmov %r0, 1\nexit"), 5),
        (Snippet("jsgt immediate compares signed", "mov %r0, 5\njsgt %r0, -1, big\nexit\nbig:\nmov %r0, 1\nexit"), 1),
        (Snippet("jeq32 compares the low halves only", "lddw %r0, 0x100000001\njeq32 %r0, 1, eq\nexit\neq:\nmov %r0, 2\nexit"), 2),
        (Snippet("jslt32 compares the low halves signed", "mov32 %r0, 0xffffffff\njslt32 %r0, 0, lt\nexit\nlt:\nmov %r0, 3\nexit"), 3),
        (Snippet("jset tests common bits", "mov %r0, 6\njset %r0, 1, set\nexit\nset:\nmov %r0, 4\nexit"), 6),
    ]

    @Test(arguments: comparisonCases)
    func comparisons(_ snippet: Snippet, expected: UInt64) throws {
        let r0 = try snippet.r0()
        #expect(r0 == expected, "\(snippet.name): r0 = \(r0.map { hex($0) } ?? "-"), expected \(hex(expected))")
    }
}
