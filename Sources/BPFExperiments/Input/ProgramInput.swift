import BPFObject
import Foundation

/// One file given on the command line, read into programs: an ELF object, a `.c` source
/// (compiled with the corpus compiler configuration and its cache) or an assembly file.
public struct ProgramInput: Sendable {
    public var path: String
    public var entries: [CorpusEntry]
    /// An ELF object the running kernel can load (the compiled `.o` for a `.c` file).
    public var objectPath: String?

    public static func read(path: String, compiler: CompilerConfiguration = CompilerConfiguration()) -> ProgramInput {
        let url = URL(fileURLWithPath: path)
        let kind = CorpusFileKind(path: path)
        let options = CorpusOptions(compiler: compiler)
        var objectPath: String? = kind == .object ? path : nil
        if kind == .source {
            // Compile once more through the cache to hand the kernel the same bytes.
            if let (bytes, _) = try? CCompiler(configuration: compiler).compile(source: url, displayName: path) {
                let out = FileManager.default.temporaryDirectory.appendingPathComponent("bpfsim-\(UUID().uuidString).o")
                if FileManager.default.createFile(atPath: out.path, contents: Data(bytes)) { objectPath = out.path }
            }
        }
        let entries: [CorpusEntry]
        if kind == nil {
            entries = [.failure(CorpusFailure(relativePath: path, kind: .assembly, error: ObjectError(file: path, "unknown file type (expected .o, .c, .s or .asm)")))]
        } else {
            entries = Corpus.readFile(url, relativePath: path, compiler: CCompiler(configuration: compiler), options: options)
        }
        return ProgramInput(path: path, entries: entries, objectPath: objectPath)
    }
}
