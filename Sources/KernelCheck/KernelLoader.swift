import CKernelLoader
#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The loader process's side of ``LoaderRequest``: the only code in bpfsim that calls libbpf.
///
/// It follows what a BPF developer's loader does: `bpf_object__open_file`, autoload off for
/// every program but one, a per-program log buffer and log level, `bpf_object__load`, then
/// `bpf_object__close`. Nothing is attached or pinned (map pin paths are cleared); closing the
/// object unloads everything.
/// Run by the `bpfsim-kernel-load` executable (or any executable that hands it its arguments).
public enum KernelLoader {
    /// The argument that precedes the JSON request on the loader's command line.
    public static let requestFlag = "--request"

    /// Runs one request given as `[--request, JSON]` and returns the process exit status:
    /// 0 when a report was written (whatever it says), 2 for a malformed command line, 3 when
    /// the report could not be written.
    public static func main(arguments: [String]) -> Int32 {
        guard let flag = arguments.firstIndex(of: requestFlag), flag + 1 < arguments.count,
            let request = try? JSONDecoder().decode(LoaderRequest.self, from: Data(arguments[flag + 1].utf8))
        else {
            FileIO.writeStandardError("usage: bpfsim-kernel-load --request JSON (internal to bpfsim)\n")
            return 2
        }
        _ = bpfsim_die_with_parent()
        var log = ""
        let report = run(request, log: &log)
        guard let encoded = try? JSONEncoder().encode(report) else {
            FileIO.writeStandardError("bpfsim-kernel-load: cannot encode the report\n")
            return 3
        }
        for (bytes, path) in [(Array(log.utf8), request.logPath), (Array(encoded), request.reportPath)] {
            if let error = FileIO.writeFile(bytes, to: path) {
                FileIO.writeStandardError("bpfsim-kernel-load: cannot write \(path): \(ErrnoName.describe(error))\n")
                return 3
            }
        }
        return 0
    }

    static func run(_ request: LoaderRequest, log: inout String) -> LoaderReport {
        let libbpf: LibBPF
        switch LibBPF.open(request.libbpfPath) {
        case .failure(let error):
            return LoaderReport(stage: .libbpf, error: error.message)
        case .success(let library):
            libbpf = library
        }
        _ = libbpf.setPrint(bpfsim_libbpf_print_callback())
        var report = LoaderReport(stage: .done, libbpfVersion: libbpf.version)
        perform(request, libbpf, &report, log: &log)
        report.libbpfMessages += takeMessages()
        return report
    }

    private static func perform(
        _ request: LoaderRequest, _ libbpf: LibBPF, _ report: inout LoaderReport, log: inout String
    ) {
        switch request.fault {
        case .hang?:
            while true { sleep(60) }
        case .crash?:
            // The Swift runtime's backtracer handles SIGSEGV; die the way a C crash does.
            signal(SIGSEGV, SIG_DFL)
            raise(SIGSEGV)
        case nil:
            break
        }

        switch request.mode {
        case .probe:
            report.probeResult = libbpf.probeProgramType(1, nil)  // BPF_PROG_TYPE_SOCKET_FILTER
        case .list:
            guard let object = open(request, libbpf, &report) else { return }
            report.programs = programs(of: object, libbpf).map { $0.program }
            libbpf.close(object)
        case .load:
            load(request, libbpf, &report, log: &log)
        }
    }

    /// Loads the requested program, reopening the object with a four times larger log buffer
    /// each time the kernel answers ENOSPC with a full log (libbpf will not load an object
    /// twice, and the kernel fails the whole load when the log overflows).
    private static func load(
        _ request: LoaderRequest, _ libbpf: LibBPF, _ report: inout LoaderReport, log: inout String
    ) {
        var size = max(256, min(request.initialLogSize, LoaderRequest.maximumLogSize))
        while true {
            guard let object = open(request, libbpf, &report) else { return }
            defer { libbpf.close(object) }
            let all = programs(of: object, libbpf)
            guard
                let target = all.first(where: {
                    $0.program.name == request.programName
                        && (request.section == nil || $0.program.section == request.section)
                })
            else {
                report.stage = .find
                report.programs = all.map { $0.program }
                return
            }
            report.programs = [target.program]
            // `SEC("?...")` programs start with autoload off; the requested one must load.
            for other in all { _ = libbpf.setAutoload(other.handle, other.handle == target.handle) }
            // Maps declared with `pinning` would be pinned in (or reused from) bpffs.
            var map = libbpf.nextMap(object, nil)
            while let current = map {
                _ = libbpf.setPinPath(current, nil)
                map = libbpf.nextMap(object, current)
            }
            let buffer = UnsafeMutablePointer<CChar>.allocate(capacity: size)
            defer { buffer.deallocate() }
            buffer.initialize(to: 0)
            _ = libbpf.setLogBuffer(target.handle, buffer, size)
            _ = libbpf.setLogLevel(target.handle, request.logLevel)

            report.stage = .load
            report.loadAttempts += 1
            report.logBufferSize = size
            let result = libbpf.load(object)
            report.loadResult = result
            report.loadResultDescription = result == 0 ? nil : describe(result, libbpf)
            let written = strnlen(buffer, size)
            log = String(decoding: UnsafeRawBufferPointer(start: buffer, count: written), as: UTF8.self)

            let overflowed = result == -ENOSPC && written >= size - 1
            guard overflowed else { return }
            guard size < LoaderRequest.maximumLogSize else {
                report.logTruncated = true
                return
            }
            report.libbpfMessages += takeMessages()
            size = min(size * 4, LoaderRequest.maximumLogSize)
        }
    }

    private static func open(_ request: LoaderRequest, _ libbpf: LibBPF, _ report: inout LoaderReport)
        -> OpaquePointer?
    {
        errno = 0
        guard let path = request.objectPath, let object = libbpf.openFile(path, nil) else {
            report.stage = .open
            report.openErrno = errno
            return nil
        }
        return object
    }

    private static func programs(of object: OpaquePointer, _ libbpf: LibBPF)
        -> [(handle: OpaquePointer, program: KernelProgram)]
    {
        var found: [(handle: OpaquePointer, program: KernelProgram)] = []
        var cursor = libbpf.nextProgram(object, nil)
        while let program = cursor {
            let type = libbpf.programType(program)
            found.append(
                (
                    program,
                    KernelProgram(
                        name: libbpf.programName(program).map { String(cString: $0) } ?? "",
                        section: libbpf.programSection(program).map { String(cString: $0) } ?? "",
                        type: libbpf.programTypeName(type).map { String(cString: $0) },
                        insnCount: libbpf.programInsnCount(program))
                ))
            cursor = libbpf.nextProgram(object, program)
        }
        return found
    }

    private static func describe(_ result: Int32, _ libbpf: LibBPF) -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        _ = libbpf.stringError(result, &buffer, buffer.count)
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Drains what libbpf printed since the last call (see the `CKernelLoader` shim).
    private static func takeMessages() -> [LibBPFMessage] {
        guard let raw = bpfsim_libbpf_print_take() else { return [] }
        defer { free(raw) }
        return String(cString: raw).split(separator: "\u{1e}").compactMap { record in
            guard let digit = record.first?.wholeNumberValue,
                let level = LibBPFMessage.Level(rawValue: digit)
            else { return nil }
            return LibBPFMessage(level: level, text: String(record.dropFirst()))
        }
    }
}
