/// A failure to read an object, a BTF blob, an assembly file or a corpus entry, with its place.
///
/// Printed as `file[:section[:pc]]: message` (STYLE "errors are values with places"); the
/// message uses libbpf's or the kernel's words where they have words for the same problem, so a
/// BPF developer recognises it.
public struct ObjectError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The file as the user named it (a corpus-relative path inside a corpus).
    public var file: String
    /// The ELF section (or BTF section such as `.BTF`) the problem is in, when there is one.
    public var section: String?
    /// The instruction slot within `section` (or within the program, for program-level errors).
    public var pc: Int?
    public var message: String
    /// 1-based line and column in a text input (assembly files, compiler output).
    public var line: Int?
    public var column: Int?

    public init(
        file: String = "", section: String? = nil, pc: Int? = nil, line: Int? = nil, column: Int? = nil, _ message: String
    ) {
        self.file = file
        self.section = section
        self.pc = pc
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String {
        var place = file.isEmpty ? "<input>" : file
        if let section { place += ":" + section }
        if let pc { place += ":\(pc)" }
        if let line {
            place += ":\(line)"
            if let column { place += ":\(column)" }
        }
        return place + ": " + message
    }

    /// The same error placed in `file` (set by the outermost reader, which knows the path).
    func inFile(_ file: String) -> ObjectError {
        var copy = self
        if copy.file.isEmpty { copy.file = file }
        return copy
    }

    /// The same error placed in `section` when it has no section yet.
    func inSection(_ section: String) -> ObjectError {
        var copy = self
        if copy.section == nil { copy.section = section }
        return copy
    }
}
