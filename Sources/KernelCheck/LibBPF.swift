#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The few libbpf entry points bpfsim calls, resolved at run time with `dlopen`/`dlsym`.
///
/// bpfsim has no link-time dependency on libbpf, so it builds and runs where libbpf is missing.
/// Signatures follow libbpf 1.1's `libbpf.h` (Debian's `libbpf1` 1.1.2); every function used
/// here exists unchanged since libbpf 0.7/1.0. Objects are opened with NULL
/// `bpf_object_open_opts`, so the options struct's ABI never matters.
struct LibBPF {
    typealias SetPrint = @convention(c) (UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer?
    typealias OpenFile = @convention(c) (UnsafePointer<CChar>, UnsafeRawPointer?) -> OpaquePointer?
    typealias NextProgram = @convention(c) (OpaquePointer, OpaquePointer?) -> OpaquePointer?
    typealias ProgramString = @convention(c) (OpaquePointer) -> UnsafePointer<CChar>?
    typealias ProgramType = @convention(c) (OpaquePointer) -> UInt32
    typealias ProgramInsnCount = @convention(c) (OpaquePointer) -> Int
    typealias SetAutoload = @convention(c) (OpaquePointer, Bool) -> Int32
    typealias SetLogBuffer = @convention(c) (OpaquePointer, UnsafeMutablePointer<CChar>?, Int) -> Int32
    typealias SetLogLevel = @convention(c) (OpaquePointer, UInt32) -> Int32
    typealias ObjectLoad = @convention(c) (OpaquePointer) -> Int32
    typealias ObjectClose = @convention(c) (OpaquePointer?) -> Void
    typealias Version = @convention(c) () -> UInt32
    typealias ProgramTypeName = @convention(c) (UInt32) -> UnsafePointer<CChar>?
    typealias ProbeProgramType = @convention(c) (UInt32, UnsafeRawPointer?) -> Int32
    typealias StringError = @convention(c) (Int32, UnsafeMutablePointer<CChar>?, Int) -> Int32
    typealias NextMap = @convention(c) (OpaquePointer, OpaquePointer?) -> OpaquePointer?
    typealias SetPinPath = @convention(c) (OpaquePointer, UnsafePointer<CChar>?) -> Int32

    let setPrint: SetPrint
    let openFile: OpenFile
    let nextProgram: NextProgram
    let programName: ProgramString
    let programSection: ProgramString
    let programType: ProgramType
    let programInsnCount: ProgramInsnCount
    let setAutoload: SetAutoload
    let setLogBuffer: SetLogBuffer
    let setLogLevel: SetLogLevel
    let load: ObjectLoad
    let close: ObjectClose
    let majorVersion: Version
    let minorVersion: Version
    let programTypeName: ProgramTypeName
    let probeProgramType: ProbeProgramType
    let stringError: StringError
    let nextMap: NextMap
    let setPinPath: SetPinPath

    /// `major.minor` as libbpf reports it about itself.
    var version: String { "\(majorVersion()).\(minorVersion())" }

    /// Opens the library at `path` (a file path or a soname searched the usual way) and
    /// resolves every function, or says in one line why it cannot.
    static func open(_ path: String) -> Result<LibBPF, LibBPFLoadError> {
        guard let handle = dlopen(path, RTLD_NOW | RTLD_LOCAL) else {
            let reason = dlerror().map { String(cString: $0) } ?? "dlopen failed"
            return .failure(LibBPFLoadError(message: "libbpf not loadable: \(reason)"))
        }
        var missing: [String] = []
        func resolve<F>(_ name: String, _ type: F.Type) -> F? {
            guard let symbol = dlsym(handle, name) else {
                missing.append(name)
                return nil
            }
            return unsafeBitCast(symbol, to: type)
        }
        let setPrint = resolve("libbpf_set_print", SetPrint.self)
        let openFile = resolve("bpf_object__open_file", OpenFile.self)
        let nextProgram = resolve("bpf_object__next_program", NextProgram.self)
        let programName = resolve("bpf_program__name", ProgramString.self)
        let programSection = resolve("bpf_program__section_name", ProgramString.self)
        let programType = resolve("bpf_program__type", ProgramType.self)
        let programInsnCount = resolve("bpf_program__insn_cnt", ProgramInsnCount.self)
        let setAutoload = resolve("bpf_program__set_autoload", SetAutoload.self)
        let setLogBuffer = resolve("bpf_program__set_log_buf", SetLogBuffer.self)
        let setLogLevel = resolve("bpf_program__set_log_level", SetLogLevel.self)
        let load = resolve("bpf_object__load", ObjectLoad.self)
        let close = resolve("bpf_object__close", ObjectClose.self)
        let majorVersion = resolve("libbpf_major_version", Version.self)
        let minorVersion = resolve("libbpf_minor_version", Version.self)
        let programTypeName = resolve("libbpf_bpf_prog_type_str", ProgramTypeName.self)
        let probeProgramType = resolve("libbpf_probe_bpf_prog_type", ProbeProgramType.self)
        let stringError = resolve("libbpf_strerror", StringError.self)
        let nextMap = resolve("bpf_object__next_map", NextMap.self)
        let setPinPath = resolve("bpf_map__set_pin_path", SetPinPath.self)
        guard let setPrint, let openFile, let nextProgram, let programName, let programSection,
            let programType, let programInsnCount, let setAutoload, let setLogBuffer, let setLogLevel,
            let load, let close, let majorVersion, let minorVersion, let programTypeName,
            let probeProgramType, let stringError, let nextMap, let setPinPath
        else {
            dlclose(handle)
            let names = missing.joined(separator: ", ")
            return .failure(
                LibBPFLoadError(message: "libbpf at \(path) lacks \(names) (libbpf 1.0 or newer is needed)"))
        }
        return .success(
            LibBPF(
                setPrint: setPrint, openFile: openFile, nextProgram: nextProgram, programName: programName,
                programSection: programSection, programType: programType, programInsnCount: programInsnCount,
                setAutoload: setAutoload, setLogBuffer: setLogBuffer, setLogLevel: setLogLevel, load: load,
                close: close, majorVersion: majorVersion, minorVersion: minorVersion,
                programTypeName: programTypeName, probeProgramType: probeProgramType, stringError: stringError,
                nextMap: nextMap, setPinPath: setPinPath))
    }
}

/// Why libbpf could not be used: a missing library or one too old for bpfsim's calls.
struct LibBPFLoadError: Error, Equatable {
    let message: String
}
