import BPFISA
import Testing

/// Errors name the line, the column and what was expected, in both dialects.
@Suite struct AssemblyErrorTests {
    static let cases: [(String, AssemblySyntax, String)] = [
        ("r0 = \nexit", .llvm, "1:6: expected register, immediate or memory operand"),
        ("r0 = *(u32 *)(r1 + 4", .llvm, "1:21: expected ')'"),
        ("foo r0, 1", .ubpf, "1:1: unknown mnemonic 'foo'"),
        ("r0 = 1\nfoo", .llvm, "2:1: unknown instruction 'foo'"),
        ("goto nowhere", .llvm, "1:6: undefined label 'nowhere'"),
        ("jne %r0, 1, nowhere\nexit", .ubpf, "1:13: undefined label 'nowhere'"),
        ("r0 = 0x1ffffffff", .llvm, "1:6: immediate 0x1ffffffff does not fit in 32 bits"),
        ("mov %r0, 0x1ffffffff", .ubpf, "1:10: immediate 0x1ffffffff does not fit in 32 bits"),
        ("r11 = 1", .llvm, "1:1: register r11 does not exist"),
        ("mov %r11, 1", .ubpf, "1:5: register %r11 does not exist"),
        ("ldxw %r0, [%r1+4", .ubpf, "1:17: expected ']'"),
        ("ldxw %r0, %r1", .ubpf, "1:11: expected '[', found '%r1'"),
        ("mov %r0", .ubpf, "1:8: expected ','"),
        ("w0 += r1", .llvm, "1:7: expected a 32-bit w register, found 'r1'"),
        ("r0 = 1 2", .llvm, "1:8: expected end of line, found '2'"),
        ("x:\nx:\nexit", .llvm, "2:1: label 'x' is already defined at line 1"),
        ("r0 = *(u64 *)(r1 + 40000)", .llvm, "1:18: offset + 40000 does not fit in 16 bits"),
        ("r1 = nosuch ll", .llvm, "1:6: undefined symbol 'nosuch' (neither a map nor a label)"),
        ("r0 = 0x ll", .llvm, "1:8: expected hex digits after '0x'"),
        ("r0 = 99999999999999999999 ll", .llvm, "1:6: number 99999999999999999999 does not fit in 64 bits"),
    ]

    @Test(arguments: cases)
    func reportsPlace(_ text: String, _ syntax: AssemblySyntax, _ expected: String) {
        do {
            let program = try Assembler.assemble(text, syntax: syntax)
            Issue.record("'\(text)' assembled to \(program.instructions), expected error \(expected)")
        } catch {
            #expect(error.description == expected, "'\(text)'")
        }
    }

    /// A label more than 32767 instructions away does not fit a 16-bit jump.
    @Test func labelTooFarFor16Bits() {
        let text = "goto far\n" + String(repeating: "r0 = 0\n", count: 40_000) + "far: exit"
        #expect(throws: AssemblyError(line: 1, column: 6, message: "jump offset to 'far' does not fit in 16 bits")) {
            try Assembler.assemble(text)
        }
        #expect(throws: Never.self) { try Assembler.assemble("gotol far\n" + text.dropFirst(9)) }
    }
}
