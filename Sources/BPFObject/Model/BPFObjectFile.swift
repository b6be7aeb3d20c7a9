import Crypto
import Foundation

/// A loaded BPF ELF object: every program of it, relocated as libbpf would, its maps, BTF and
/// license (SPEC §3). Built by ``load(path:options:)`` or ``load(bytes:name:options:)``.
public struct BPFObjectFile: Sendable {
    /// The path as given.
    public var path: String
    /// SHA-256 of the file's bytes, lower-case hex (the `programs.sha256` column).
    public var sha256: String
    public var programs: [BPFProgram]
    public var maps: [MapDefinition]
    public var btf: BTF
    public var btfExt: BTFExt?
    public var license: String
    /// `.kconfig` externs and the values they got.
    public var kconfig: [KconfigExtern]
    /// Things bpfsim accepted but a user should know (libbpf would refuse the object, a BTF
    /// entry was unusable, a section name matches no program type), each with its place.
    public var diagnostics: [ObjectError]

    /// Reads and loads the object at `path`.
    public static func load(path: String, options: LoadOptions = LoadOptions()) throws(ObjectError) -> BPFObjectFile {
        let bytes: [UInt8]
        do {
            bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw ObjectError(file: path, "cannot read file: \(error.localizedDescription)")
        }
        return try load(bytes: bytes, name: path, options: options)
    }

    /// Loads an object from memory; `name` is used in errors and as ``path``.
    public static func load(bytes: [UInt8], name: String, options: LoadOptions = LoadOptions()) throws(ObjectError)
        -> BPFObjectFile
    {
        do {
            return try ObjectLoader(bytes: bytes, name: name, options: options).load()
        } catch {
            throw error.inFile(name)
        }
    }

    /// Lower-case hex SHA-256 of `bytes`.
    public static func sha256(of bytes: [UInt8]) -> String {
        SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }

    /// The program whose main function is `name`.
    public func program(named name: String) -> BPFProgram? { programs.first { $0.name == name } }
}
