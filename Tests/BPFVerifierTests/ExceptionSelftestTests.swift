import BPFObject
import BPFVerifier
import Testing

/// `bpf_throw` as Linux 6.18 has it, on C programs that mirror the kernel selftests
/// `tools/testing/selftests/bpf/progs/exceptions.c`, `exceptions_assert.c` and
/// `exceptions_fail.c` (same program names, bpfsim's own code): throws from the main program,
/// static and global subprograms and callbacks, custom exception callbacks and their rules,
/// `bpf_assert` bounds, throws under a lock, in an RCU section and while holding references.
/// The expected verdict, message and pc are the running kernel's (`Tests/Fixtures/exceptions/
/// manifest.json`; `ReferenceKernelTests` re-checks them).
@Suite struct ExceptionSelftestTests {
    static let cases = KernelCase.all(in: "exceptions").filter { $0.expected.verdict != "load_error" }

    @Test(arguments: cases)
    func bpfsimAgreesWithKernel(_ c: KernelCase) throws {
        let program = try ReferenceFixtures.program(folder: c.folder, file: c.file, name: c.name)
        expectKernelVerdict(program, c, via: "mirrors selftest progs/\(c.file) \(c.name)")
    }

    @Test func everyProgramHasAKernelVerdict() throws {
        try expectManifestComplete("exceptions")
    }
}
