import BPFISA
import BPFObject
import BPFTestSupport
import BPFVerifier
import Foundation
import Testing

/// `VerificationResult.releaseArguments`: which argument register (and offset) carried the
/// released object into each release call; the table backend pops the entry through it.
@Suite struct ReleaseArgumentTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var source: String
        /// Release pc -> expected (register, offset) pairs.
        var expected: [Int: Set<ReleasedArgument>]
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(
            name: "kfunc release through R1", source: """
                r1 = 5
                call bpf_task_from_pid
                if r0 == 0 goto out
                r1 = r0
                call bpf_task_release
                out:
                r0 = 0
                exit
                """, expected: [4: [ReleasedArgument(register: 1, offset: 0)]]),
        Case(
            name: "copies in R1 and R3 both name the object", source: """
                r1 = 5
                call bpf_task_from_pid
                if r0 == 0 goto out
                r1 = r0
                r3 = r0
                call bpf_task_release
                out:
                r0 = 0
                exit
                """, expected: [5: [ReleasedArgument(register: 1, offset: 0), ReleasedArgument(register: 3, offset: 0)]]),
        Case(
            name: "iterator destroy through the stack pointer in R1", source: """
                r1 = r10
                r1 += -8
                r2 = 0
                r3 = 3
                call bpf_iter_num_new
                r1 = r10
                r1 += -8
                call bpf_iter_num_destroy
                r0 = 0
                exit
                """, expected: [7: [ReleasedArgument(register: 1, offset: 0)]]),
        Case(
            name: "ringbuf submit through R1", source: """
                ; bpfsim: section=tc license=GPL
                ; map: name=events type=ringbuf max_entries=4096
                r1 = events ll
                r2 = 8
                r3 = 0
                call bpf_ringbuf_reserve
                if r0 == 0 goto out
                r1 = r0
                r2 = 0
                call bpf_ringbuf_submit
                out:
                r0 = 0
                exit
                """, expected: [8: [ReleasedArgument(register: 1, offset: 0)]]),
    ]

    @Test(arguments: cases)
    func releaseArguments(_ c: Case) throws {
        let r = try verify(c.source)
        #expect(r.error == nil, "\(c.name): rejected at pc \(r.error?.pc ?? -1): \(r.error?.message ?? "")")
        #expect(r.releaseArguments == c.expected, "\(c.name): release arguments \(r.releaseArguments)")
        #expect(Set(r.releaseArguments.keys) == Set(r.releaseSites.keys), "\(c.name): every release site has its argument")
    }

    /// `bpf_kptr_xchg(&s->task, t)` releases R2 (the map value in R1 holds no reference); the
    /// map value's BTF names the `__kptr` field, so this one is compiled from C.
    @Test func kptrXchgReleasesTheSecondArgument() throws {
        let url = TestPaths.repositoryRoot.appendingPathComponent("Tests/Fixtures/table/kptr_xchg.c")
        let compiler = CCompiler(
            configuration: CompilerConfiguration(
                includePaths: CompilerConfiguration.defaultIncludePaths
                    + [TestPaths.repositoryRoot.appendingPathComponent("Tests/Fixtures/include").path],
                cacheDirectory: try TestPaths.temporaryDirectory("bpfsim-release-args-cc")))
        let object = try BPFObjectFile.load(bytes: try compiler.compile(source: url, displayName: "kptr_xchg.c").bytes, name: "kptr_xchg.c")
        let program = try #require(object.programs.first)
        let xchg = try #require(program.instructions.firstIndex { $0 == .call(.helper(194)) })
        let r = Verifier.verify(program, options: VerifierOptions(), hooks: UpstreamAcceptingThrows())
        #expect(r.error == nil, "kptr_xchg.c: rejected at pc \(r.error?.pc ?? -1): \(r.error?.message ?? "")")
        #expect(r.releaseArguments[xchg] == [ReleasedArgument(register: 2, offset: 0)], "kptr_xchg.c: pc \(xchg): \(r.releaseArguments)")
        #expect(Set(r.releaseArguments.keys) == Set(r.releaseSites.keys), "kptr_xchg.c: every release site has its argument")
    }
}

/// Upstream's rules except at throw points, which end the path without judging what is held
/// (the fixture throws while holding the task).
final class UpstreamAcceptingThrows: VerifierHooks {
    var exploresThrowingCalls: Bool { false }
    func atThrowPoint(_ point: ThrowPoint, state: inout VerifierState, context: ThrowContext) -> VerifierError? { nil }
}
