import BPFTestSupport
import Foundation
import KernelCheck
import Testing

/// The running kernel re-checks the manifests of `Tests/Fixtures/references`,
/// `Tests/Fixtures/exceptions` and `Tests/Fixtures/verifier`: every fixture program is loaded alone through libbpf, and its
/// verdict, message and pc must be the recorded ones. Skipped, with the reason, where the
/// kernel cannot be asked.
///
/// `BPFSIM_LIBBPF` names the libbpf to load (the system's 1.1 predates `exception_callback:`
/// tags; with it those programs must come back as `libbpf_unsupported` load errors).
/// `BPFSIM_RECORD_MANIFEST=1` rewrites the manifests from the kernel's answers instead.
@Suite(.enabled(if: ReferenceKernel.isAvailable, ReferenceKernel.skipReason))
struct ReferenceKernelTests {
    struct FixtureFile: Sendable, CustomTestStringConvertible {
        let folder: String
        let file: String
        var testDescription: String { "\(folder)/\(file)" }
    }

    static let fixtureFiles: [FixtureFile] = ReferenceFixtures.folders.flatMap { folder in
        ReferenceFixtures.files(in: folder).map { FixtureFile(folder: folder, file: $0) }
    }

    @Test(.enabled(if: !ReferenceKernel.recording, "recording the manifests instead"), arguments: fixtureFiles)
    func kernelAgreesWithManifest(_ fixture: FixtureFile) throws {
        let manifest = try #require(KernelManifest.load(fixture.folder), "\(fixture.folder)/manifest.json missing")
        let answers = try ReferenceKernel.answers(folder: fixture.folder, file: fixture.file)
        #expect(!answers.isEmpty, "\(fixture): no programs")
        for (answer, record) in answers {
            let place = "\(fixture.folder)/\(answer.program): kernel \(record.summaryLine)"
            guard let expected = manifest[answer.program] else {
                Issue.record("\(place): not in the manifest (record it with BPFSIM_RECORD_MANIFEST=1)")
                continue
            }
            let program = try ReferenceFixtures.elfProgram(folder: fixture.folder, file: fixture.file, name: answer.program.split(separator: ":")[1].description)
            if program.exceptionCallback != nil, ReferenceKernel.predatesExceptionCallbacks(record.libbpfVersion),
                record.kernelFailureKind == .libbpfUnsupported
            {
                // libbpf before 1.3 drops a callback only the tag names: the kernel never saw
                // this program as written (BPFSIM_LIBBPF names a newer libbpf).
                continue
            }
            #expect(answer == expected, "\(place)")
        }
    }

    @Test(.enabled(if: ReferenceKernel.recording, "set BPFSIM_RECORD_MANIFEST=1 to record"))
    func recordManifests() throws {
        for folder in ReferenceFixtures.folders where ReferenceKernel.recordsFolder(folder) {
            var cases: [KernelExpectation] = []
            var libbpf = ""
            var release = ""
            for file in ReferenceFixtures.files(in: folder) {
                for (answer, record) in try ReferenceKernel.answers(folder: folder, file: file) {
                    #expect(!ReferenceKernel.predatesExceptionCallbacks(record.libbpfVersion), "\(answer.program): record with a libbpf >= 1.3 (BPFSIM_LIBBPF)")
                    libbpf = record.libbpfVersion ?? libbpf
                    release = record.kernelRelease ?? release
                    cases.append(answer)
                }
            }
            try KernelManifest(kernelRelease: release, libbpfVersion: libbpf, cases: cases)
                .write(folder)
        }
    }
}

/// The kernel these tests ask, decided once.
enum ReferenceKernel {
    static let verifier: KernelVerifier = {
        var options = KernelCheckOptions()
        if let path = ProcessInfo.processInfo.environment["BPFSIM_LIBBPF"], !path.isEmpty { options.libbpfPath = path }
        return KernelVerifier(options: options)
    }()
    static let availability = verifier.availability()
    static var isAvailable: Bool { availability.isAvailable }
    static var skipReason: Comment { Comment(rawValue: "kernel re-check skipped: \(availability.reason ?? "available")") }
    static var recording: Bool { ProcessInfo.processInfo.environment["BPFSIM_RECORD_MANIFEST"] == "1" }

    /// `BPFSIM_RECORD_FOLDERS=verifier,references` limits recording to those folders (default:
    /// all), so adding cases to one folder does not rewrite the others' manifests.
    static func recordsFolder(_ folder: String) -> Bool {
        guard let list = ProcessInfo.processInfo.environment["BPFSIM_RECORD_FOLDERS"], !list.isEmpty else { return true }
        return list.split(separator: ",").contains { $0.trimmingCharacters(in: .whitespaces) == folder }
    }

    /// The kernel's answer for every program of one fixture file, as manifest entries.
    static func answers(folder: String, file: String) throws -> [(KernelExpectation, KernelVerification)] {
        let object = try ReferenceFixtures.object(folder: folder, file: file)
        return try ReferenceFixtures.programNames(folder: folder, file: file).map { name in
            let record = verifier.verify(object: object, program: name)
            let verdict: String
            switch record.kernelVerdict {
            case .success: verdict = "success"
            case .failure: verdict = "failure"
            default: verdict = "load_error"
            }
            var message = verdict == "success" ? nil : record.kernelMessage
            // A kernel message without its newline (`insn 3 cannot call exception cb directly`)
            // is glued to the statistics line that follows it.
            if let m = message, let glued = m.range(of: "verification time "), glued.lowerBound != m.startIndex {
                message = String(m[..<glued.lowerBound])
            }
            let pc = verdict == "failure" ? record.kernelPc : nil
            return (KernelExpectation(program: "\(file):\(name)", verdict: verdict, message: message, pc: pc), record)
        }
    }

    /// libbpf learned to hand `exception_callback:` subprograms to the kernel in 1.3.
    static func predatesExceptionCallbacks(_ version: String?) -> Bool {
        let parts = (version ?? "").split(separator: ".").compactMap { Int($0) }
        guard parts.count >= 2 else { return false }
        return parts[0] < 1 || (parts[0] == 1 && parts[1] < 3)
    }
}
