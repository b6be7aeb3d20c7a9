import BPFTestSupport
import Foundation
import Testing

@testable import KernelCheck

/// The running kernel's verdicts on fixtures whose verdict does not depend on the kernel
/// version (SPEC §4.1). Skipped, with the reason in the test output, where the kernel cannot
/// be asked (no libbpf, not root or no CAP_BPF, not Linux, loader not built).
@Suite(.enabled(if: KernelUnderTest.isAvailable, KernelUnderTest.skipReason))
struct KernelCrossCheckTests {
    struct Expectation: Sendable, CustomTestStringConvertible {
        let program: String
        let verdict: KernelVerdict
        let kind: KernelFailureKind?
        /// The first line of the kernel's message, as a regular expression.
        let message: String?
        /// For a leak: the helper id whose call acquired the leaked reference.
        let acquiringHelper: Int?
        var testDescription: String { "verdicts.o:\(program)" }
    }

    static let verdicts: [Expectation] = [
        Expectation(program: "clean", verdict: .success, kind: nil, message: nil, acquiringHelper: nil),
        Expectation(
            program: "map_null_deref", verdict: .failure, kind: .verifier,
            message: #"^R0 invalid mem access 'map_value_or_null'$"#, acquiringHelper: nil),
        Expectation(
            program: "socket_leak", verdict: .failure, kind: .verifier,
            message: #"^Unreleased reference id=\d+ alloc_insn=(\d+)$"#, acquiringHelper: 84),
        Expectation(
            program: "ringbuf_leak", verdict: .failure, kind: .verifier,
            message: #"^Unreleased reference id=\d+ alloc_insn=(\d+)$"#, acquiringHelper: 131),
        Expectation(
            program: "optional_null_deref", verdict: .failure, kind: .verifier,
            message: #"^R0 invalid mem access 'map_value_or_null'$"#, acquiringHelper: nil),
    ]

    @Test(arguments: verdicts)
    func verdictOfFixture(_ expected: Expectation) throws {
        let object = try FixtureObjects.object("verdicts")
        let result = KernelUnderTest.verifier.verify(object: object, program: expected.program)
        let place = "verdicts.o:\(expected.program): \(result.summaryLine)"
        #expect(result.kernelVerdict == expected.verdict, "\(place)")
        #expect(result.kernelFailureKind == expected.kind, "\(place)")
        #expect(result.section?.hasSuffix("tc") == true && result.progType == "sched_cls", "\(place)")
        #expect(result.kernelRelease == HostFacts.kernelRelease, "\(place)")
        let processed = try #require(result.kernelTotalInsns, "\(place): no processed line")
        #expect(processed > 0 && processed < 1000, "\(place)")
        #expect(result.kernelDuration != nil && result.kernelStackDepth != nil, "\(place): no BPF_LOG_STATS lines")

        guard let pattern = expected.message else {
            #expect(result.kernelMessage == nil && result.kernelErrno == nil, "\(place)")
            return
        }
        let firstLine = try #require(result.kernelMessage?.split(separator: "\n").first, "\(place): no message")
        let match = try #require(try Regex(pattern).wholeMatch(in: firstLine), "\(place): unexpected message")
        let pc = try #require(result.kernelPc, "\(place): no pc")
        #expect(pc < processed + 64, "\(place)")
        if let helper = expected.acquiringHelper {
            // The kernel counts pcs of the entry program as the ELF section does (libbpf appends
            // subprograms after it), so alloc_insn is the pc of the acquiring call there.
            let allocInsn = try #require(match.output[1].substring.flatMap { Int($0) })
            #expect(try callPCs(of: helper, in: expected.program, object: object) == [allocInsn], "\(place)")
        }
    }

    @Test func mapsDeclaredForPinningAreNotPinned() throws {
        let object = try FixtureObjects.object("verdicts")
        let pin = "/sys/fs/bpf/bpfsim_kernelcheck_pinned"
        let result = KernelUnderTest.verifier.verify(object: object, program: "clean")
        #expect(result.kernelVerdict == .success, "\(result.summaryLine)")
        #expect(!FileManager.default.fileExists(atPath: pin), "verdicts.o:clean left \(pin) behind")
    }

    @Test func loadsEveryProgramOfAnObjectAlone() throws {
        let object = try FixtureObjects.object("verdicts")
        let results = KernelUnderTest.verifier.verifyAll(object: object)
        #expect(results.map { $0.progName ?? "-" } == Self.verdicts.map(\.program))
        #expect(results.map(\.kernelVerdict) == Self.verdicts.map(\.verdict))
    }

    struct LoadError: Sendable, CustomTestStringConvertible {
        let fixture: String
        let program: String
        let kind: KernelFailureKind
        let mentions: String
        var testDescription: String { "\(fixture).o:\(program)" }
    }

    /// Failures before the verifier speaks are load errors with libbpf's reason, never
    /// rejections.
    @Test(arguments: [
        LoadError(
            fixture: "missing_kfunc", program: "calls_missing_kfunc", kind: .loadError,
            mentions: "'bpfsim_no_such_kfunc': not found in kernel"),
        LoadError(
            fixture: "missing_attach_target", program: "trace_missing_function", kind: .attachTarget,
            mentions: "bpfsim_no_such_function"),
    ])
    func loadErrorIsNotARejection(_ expected: LoadError) throws {
        let object = try FixtureObjects.object(expected.fixture)
        let result = KernelUnderTest.verifier.verify(object: object, program: expected.program)
        let place = "\(expected.fixture).o:\(expected.program): \(result.summaryLine)"
        #expect(result.kernelVerdict == .loadError, "\(place)")
        #expect(result.kernelFailureKind == expected.kind, "\(place)")
        #expect(result.kernelMessage?.contains(expected.mentions) == true, "\(place)")
        #expect(result.kernelErrno != nil && result.kernelTotalInsns == nil, "\(place)")

        var verbose = KernelUnderTest.verifier
        verbose.options.keepLog = true
        let story = verbose.verify(object: object, program: expected.program).libbpfLog ?? ""
        #expect(story.contains("libbpf: ") && story.contains(expected.mentions), "\(place): libbpf_log \(story)")
    }

    /// libbpf before 1.3 drops the subprogram an `exception_callback:` tag names; the kernel's
    /// complaint is then libbpf's limitation, not a verdict on the program.
    @Test func exceptionCallbackWithOldLibbpfIsALoadError() throws {
        let object = try FixtureObjects.object("exception_callback")
        let result = KernelUnderTest.verifier.verify(object: object, program: "throws_with_callback")
        let place = "exception_callback.o:throws_with_callback: \(result.summaryLine)"
        guard LoadInterpretation.libbpfPredatesExceptionCallbacks(result.libbpfVersion) else {
            #expect(result.kernelFailureKind != .libbpfUnsupported, "\(place)")
            return
        }
        #expect(result.kernelVerdict == .loadError, "\(place)")
        if result.kernelMessage?.contains("exception callback") == true {
            #expect(result.kernelFailureKind == .libbpfUnsupported, "\(place)")
        }
    }

    @Test func unknownProgramIsNamedWithWhatLibbpfSees() throws {
        let object = try FixtureObjects.object("verdicts")
        let result = KernelUnderTest.verifier.verify(object: object, program: "clean", section: "xdp")
        #expect(result.kernelVerdict == .loadError && result.kernelFailureKind == .programNotFound)
        #expect(result.kernelMessage?.contains("tc/clean") == true, "\(result.summaryLine)")
    }

    /// A level-2 log far larger than the first buffer: the kernel answers ENOSPC and the loader
    /// must retry with larger buffers until the whole log fits.
    @Test func levelTwoLogOutgrowingItsBufferIsRetried() throws {
        let object = try FixtureObjects.object("verdicts")
        var options = KernelCheckOptions()
        options.logLevel = .level2
        options.keepLog = true
        options.initialLogSize = 256
        let result = KernelVerifier(options: options).verify(object: object, program: "clean")
        #expect(result.kernelVerdict == .success, "\(result.summaryLine)")
        let log = try #require(result.kernelLog)
        #expect(log.utf8.count > 1024, "the level-2 log should be larger than 1 KiB")
        #expect(log.contains("(85) call bpf_sk_lookup_tcp#84") && log.contains("\nprocessed "))
        #expect(result.kernelTotalInsns != nil)
    }

    /// The pcs, within the program's own function, of `call <helper>` in llvm-objdump's
    /// disassembly of the section.
    private func callPCs(of helper: Int, in function: String, object: String) throws -> [Int] {
        let objdump = TestPaths.clang.replacingOccurrences(of: "/clang", with: "/llvm-objdump")
        let listing = try FixtureObjects.run(objdump, ["-d", "--no-show-raw-insn", object]).get()
        var start: Int?
        var pcs: [Int] = []
        for line in listing.split(separator: "\n") {
            if line.hasSuffix(">:"), let open = line.firstIndex(of: "<") {
                let name = line[line.index(after: open)..<line.index(line.endIndex, offsetBy: -2)]
                let offset = Int(line[..<open].trimmingCharacters(in: .whitespaces), radix: 16)
                start = name == function ? offset.map { $0 / 8 } : nil
                continue
            }
            guard let start, let colon = line.firstIndex(of: ":"),
                let slot = Int(line[..<colon].trimmingCharacters(in: .whitespaces))
            else { continue }
            if line.hasSuffix("call 0x\(String(helper, radix: 16))") { pcs.append(slot - start) }
        }
        return pcs
    }
}
