/// Why a program was rejected, in the kernel's words, with the pc where the verifier stopped.
public struct VerifierError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kernel's message (`R1 invalid mem access 'scalar'`), possibly several lines, as the
    /// log ends (`Unreleased reference id=2 alloc_insn=3\nBPF_EXIT instruction in main prog would lead to reference leak`).
    public var message: String
    /// The instruction being checked when the error was found.
    public var pc: Int
    public var kind: FailureKind

    public init(_ message: String, pc: Int, kind: FailureKind = .verifier) {
        self.message = message
        self.pc = pc
        self.kind = kind
    }

    public var description: String { "pc \(pc): \(message)" }
}

/// Why verification failed (`failure_kind` in JSON and the database): not only that it did.
public enum FailureKind: String, Hashable, Sendable, Codable {
    /// The input could not be read or decoded.
    case parse
    /// The program uses something bpfsim does not model (a helper, a program type, ...).
    case unsupported
    /// The verifier model rejects the program, as the kernel would.
    case verifier
    /// The active cleanup backend rejects it (merge failure, table over the stack limit, ...).
    case backend
    /// A processing limit (instructions, states, jump sequence).
    case limit
}
