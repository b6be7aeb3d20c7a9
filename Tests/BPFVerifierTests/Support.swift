import BPFObject
import BPFVerifier
import Testing

/// One table-driven verifier case: an assembly snippet (with its `; bpfsim:` header), the
/// expected verdict, and for rejections a substring of the kernel's message and the pc.
struct VerifierCase: CustomTestStringConvertible, Sendable {
    var name: String
    /// The kernel rule or selftest the case mirrors.
    var mirrors: String
    var source: String
    var accept: Bool
    var message: String = ""
    var pc: Int?

    var testDescription: String { name }

    static func accept(_ name: String, _ mirrors: String, _ source: String) -> VerifierCase {
        VerifierCase(name: name, mirrors: mirrors, source: source, accept: true)
    }

    static func reject(_ name: String, _ mirrors: String, _ message: String, at pc: Int? = nil, _ source: String) -> VerifierCase {
        VerifierCase(name: name, mirrors: mirrors, source: source, accept: false, message: message, pc: pc)
    }
}

/// Assembles a case (default header: a tc program) and verifies it.
func verify(_ source: String, hooks: VerifierHooks? = nil, logLevel: Int = 0) throws -> VerificationResult {
    let text = source.contains("bpfsim:") ? source : "; bpfsim: section=tc license=GPL\n" + source
    let program = try AssemblyFile.load(text: text, path: "case.s")
    var options = VerifierOptions()
    options.logLevel = logLevel
    return Verifier.verify(program, options: options, hooks: hooks)
}

/// Checks a case's verdict, message and pc, naming the case and the pc on failure.
func check(_ c: VerifierCase) throws {
    let r = try verify(c.source, logLevel: 0)
    if c.accept {
        #expect(r.error == nil, "\(c.name) [\(c.mirrors)]: expected accept, got pc \(r.error?.pc ?? -1): \(r.error?.message ?? "")")
    } else {
        guard let e = r.error else {
            Issue.record("\(c.name) [\(c.mirrors)]: expected reject with '\(c.message)', got accept")
            return
        }
        #expect(e.message.contains(c.message), "\(c.name) [\(c.mirrors)]: pc \(e.pc): '\(e.message)' does not contain '\(c.message)'")
        if let pc = c.pc { #expect(e.pc == pc, "\(c.name): rejected at pc \(e.pc), expected \(pc): \(e.message)") }
    }
}
