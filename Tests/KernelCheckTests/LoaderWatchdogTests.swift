import Foundation
import Testing

@testable import KernelCheck

/// What happens when a load cannot be answered: the loader hangs or dies, libbpf or the loader
/// is missing, the object cannot be opened. Each gives one record with one line of reason, and
/// the caller goes on.
@Suite(.enabled(if: KernelUnderTest.loaderRuns, KernelUnderTest.loaderSkipReason))
struct LoaderWatchdogTests {
    private func verifier(_ configure: (inout KernelCheckOptions) -> Void) -> KernelVerifier {
        var options = KernelCheckOptions()
        configure(&options)
        return KernelVerifier(options: options)
    }

    @Test func hangingLoadIsKilledAtTheTimeLimit() throws {
        let object = try FixtureObjects.object("verdicts")
        let hanging = verifier {
            $0.fault = .hang
            $0.timeLimit = .milliseconds(300)
        }
        let clock = ContinuousClock()
        let start = clock.now
        let result = hanging.verify(object: object, program: "clean")
        let elapsed = clock.now - start
        #expect(result.kernelVerdict == .loadError && result.kernelFailureKind == .timeout, "\(result.summaryLine)")
        #expect(result.kernelMessage == "no answer within 0.3 s: the loader was killed (SIGKILL)")
        #expect(elapsed < .seconds(5), "the watchdog took \(elapsed)")
    }

    @Test func crashingLoaderIsACrashNotAVerdict() throws {
        let object = try FixtureObjects.object("verdicts")
        let result = verifier { $0.fault = .crash }.verify(object: object, program: "clean")
        #expect(result.kernelVerdict == .loadError && result.kernelFailureKind == .crash, "\(result.summaryLine)")
        #expect(result.kernelMessage?.hasPrefix("the loader died of signal \(SIGSEGV)") == true, "\(result.summaryLine)")
    }

    @Test func missingLibbpfMakesTheKernelUnavailable() throws {
        let object = try FixtureObjects.object("verdicts")
        let missing = verifier { $0.libbpfPath = "/nonexistent/libbpf.so.1" }
        let availability = missing.availability()
        let reason = try #require(availability.reason)
        #expect(reason.hasPrefix("libbpf not loadable: /nonexistent/libbpf.so.1"), "\(reason)")
        #expect(!reason.contains("\n"))

        let result = missing.verify(object: object, program: "clean")
        #expect(result.kernelVerdict == .unavailable && result.kernelFailureKind == .unavailable)
        #expect(result.kernelMessage == reason)
    }

    struct Unopenable: Sendable, CustomTestStringConvertible {
        let name: String
        let contents: String?
        let mentions: String
        var testDescription: String { name }
    }

    @Test(
        .enabled(if: KernelUnderTest.isAvailable, KernelUnderTest.skipReason),
        arguments: [
            Unopenable(name: "missing.o", contents: nil, mentions: "No such file or directory"),
            Unopenable(name: "text.o", contents: "not an ELF file\n", mentions: "not a proper ELF object"),
        ])
    func unopenableObjectGivesOneRecord(_ case_: Unopenable) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bpfsim-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent(case_.name).path
        if let contents = case_.contents { try contents.write(toFile: path, atomically: true, encoding: .utf8) }

        let results = KernelUnderTest.verifier.verifyAll(object: path)
        let result = try #require(results.count == 1 ? results.first : nil, "\(case_.name): \(results)")
        #expect(result.progName == nil && result.fileName == path)
        #expect(result.kernelVerdict == .loadError && result.kernelFailureKind == .openError, "\(result.summaryLine)")
        #expect(result.kernelMessage?.hasPrefix("libbpf cannot open the object: ") == true, "\(result.summaryLine)")
        #expect(result.kernelMessage?.contains(case_.mentions) == true, "\(result.summaryLine)")
    }
}

/// The loader itself missing needs no privileges to report.
@Suite struct MissingLoaderTests {
    @Test func missingLoaderIsOneLineOfUnavailability() {
        var options = KernelCheckOptions()
        options.loader = KernelLoaderCommand(executable: "/nonexistent/bpfsim-kernel-load")
        let verifier = KernelVerifier(options: options)
        let result = verifier.verify(object: "any.o", program: "clean")
        #expect(result.kernelVerdict == .unavailable && result.kernelFailureKind == .unavailable)
        #if os(Linux)
            #expect(verifier.availability().reason?.hasPrefix("the loader /nonexistent/bpfsim-kernel-load is missing") == true)
        #endif
    }
}
