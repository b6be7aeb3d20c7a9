/// A program the interpreter refuses before running it, with the offending pc.
///
/// Messages use the kernel verifier's words where it has them (`jump out of range from insn 3
/// to 9`, `frame pointer is read only`), because these are the checks `check_cfg`,
/// `check_subprogs` and `check_reg_arg` would fail first.
public struct TranslationError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Slot index of the offending instruction.
    public let pc: Int
    public let message: String

    public init(pc: Int, message: String) {
        self.pc = pc
        self.message = message
    }

    public var description: String { "pc \(pc): \(message)" }
}
