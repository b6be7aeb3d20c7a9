import BPFVerifier
import Testing

/// Issue 5 "bad input": a program that never terminates, one that exceeds the
/// 1,000,000-instruction limit, a call chain whose combined stack passes 512 bytes and one
/// nine frames deep are each rejected in the kernel's words, at the kernel's pc. The
/// expectations are the running kernel's answers in `Tests/Fixtures/verifier/manifest.json`;
/// the words each must contain are `verifier.c`'s, so a manifest recorded from a kernel that
/// says something else fails here rather than passing silently.
@Suite struct VerifierBadInputTests {
    struct BadInput: Sendable, CustomTestStringConvertible {
        var program: String
        var kernelWords: String
        /// A million steps take seconds in a debug build: VerifierCaseTests already verifies
        /// this program against the same manifest entry, so only the kernel's words are checked.
        var verifiedElsewhere = false
        var testDescription: String { program }
    }

    static let inputs: [BadInput] = [
        BadInput(program: "loops.s:infinite_loop_exact", kernelWords: "infinite loop detected at insn"),
        BadInput(program: "loops.s:infinite_conditional_loop", kernelWords: "infinite loop detected at insn"),
        BadInput(program: "loops.s:loop_too_large", kernelWords: "BPF program is too large. Processed 1000001 insn", verifiedElsewhere: true),
        BadInput(program: "subprogs.c:combined_stack_too_large", kernelWords: "combined stack size of 3 calls is"),
        BadInput(program: "subprogs.c:call_depth_nine_frames", kernelWords: "the call stack of 9 frames is too deep"),
    ]

    @Test(arguments: inputs)
    func rejectedInTheKernelsWords(_ input: BadInput) throws {
        let manifest = try #require(KernelManifest.load("verifier"), "verifier/manifest.json missing")
        let expected = try #require(manifest[input.program], "\(input.program): no kernel verdict in the manifest")
        #expect(expected.verdict == "failure", "\(input.program): the kernel's verdict is \(expected.verdict)")
        #expect(expected.message?.contains(input.kernelWords) == true, "\(input.program): the kernel says '\(expected.message ?? "")'")
        if input.verifiedElsewhere { return }
        let c = KernelCase(folder: "verifier", expected: expected)
        let program = try ReferenceFixtures.program(folder: c.folder, file: c.file, name: c.name)
        let result = Verifier.verify(program)
        let e = try #require(result.error, "\(input.program): bpfsim accepts")
        #expect(e.message.contains(input.kernelWords), "\(input.program): pc \(e.pc): bpfsim says '\(e.message)'")
        // The first line is the rejection; the state lines after an infinite loop's may differ
        // in precision marks (VerifierCaseTests.knownDifferences).
        let first = { (m: String) in m.split(separator: "\n").first.map(String.init) ?? m }
        #expect(first(e.message) == first(expected.message ?? ""), "\(input.program): bpfsim says '\(e.message)', the kernel '\(expected.message ?? "")'")
        if let pc = expected.pc { #expect(e.pc == pc, "\(input.program): bpfsim rejects at pc \(e.pc), the kernel at pc \(pc)") }
    }

    /// The stress program of `bpfsim verifier-bench` processes exactly what it was made for
    /// (every diamond's second side pruned at its join): at the limit it is accepted, one more
    /// is too large. Checked at a limit of 10,000 (a debug build is slow).
    @Test func stressProgramStopsAtTheLimit() throws {
        var options = VerifierOptions()
        options.instructionLimit = 10_000
        let fits = Verifier.verify(try VerifierStress.program(processing: 10_000), options: options)
        #expect(fits.error == nil, "pc \(fits.error?.pc ?? -1): \(fits.error?.message ?? "")")
        #expect(fits.processedInstructions == 10_000, "processed \(fits.processedInstructions)")
        let over = Verifier.verify(try VerifierStress.program(processing: 10_001), options: options)
        #expect(over.error?.message == "BPF program is too large. Processed 10001 insn", "\(over.error?.message ?? "accepted")")
    }

    @Test func limitIsCountedInProcessedInstructions() throws {
        var options = VerifierOptions()
        options.instructionLimit = 1_000
        let program = try VerifierStress.program(instructions: 2_000)
        let result = Verifier.verify(program, options: options)
        let e = try #require(result.error, "a 2,000-instruction program passed a 1,000-instruction limit")
        #expect(e.message.hasPrefix("BPF program is too large. Processed 1001 insn"), "pc \(e.pc): \(e.message)")
    }
}
