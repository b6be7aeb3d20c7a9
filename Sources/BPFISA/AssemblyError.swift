/// An assembly text the assembler cannot turn into instructions, with its place.
///
/// `line` and `column` are 1-based; the column counts UTF-8 bytes from the start of the line,
/// which equals characters for the ASCII text BPF assembly is written in. Callers prefix the
/// file name, so a user sees `prog.s:12:9: expected register`, the layout compilers use.
public struct AssemblyError: Error, Hashable, Sendable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public var message: String

    public init(line: Int, column: Int, message: String) {
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String { "\(line):\(column): \(message)" }
}
