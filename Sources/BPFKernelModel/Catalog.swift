import Foundation

/// The kernel catalog (SPEC §2): helpers by id, kfuncs by name, the resource table with each
/// resource's destructor, and the shapes of the kernel structs kfuncs take. One built-in table,
/// extensible by a JSON file (`--catalog FILE`, format in README "Catalog files" and
/// ``CatalogFile``).
public struct Catalog: Sendable {
    public private(set) var helpers: [Int32: HelperSpec]
    public internal(set) var kfuncs: [String: KfuncSpec]
    public private(set) var resources: [ResourceKind: ResourceSpec]
    /// Kernel structs by name, for the kernel's message when a scalar reaches a pointer
    /// argument of that type; structs not listed have pointer members (``KernelStructShape``).
    public private(set) var structs: [String: KernelStructShape]

    public static let builtin = Catalog(
        helpers: Dictionary(uniqueKeysWithValues: BuiltinHelpers.all.map { ($0.id, $0) }),
        kfuncs: Dictionary(uniqueKeysWithValues: BuiltinKfuncs.all.map { ($0.name, $0) }),
        resources: Dictionary(uniqueKeysWithValues: BuiltinKfuncs.resources.map { ($0.kind, $0) }),
        structs: BuiltinKfuncs.structs)

    public func helper(_ id: Int32) -> HelperSpec? { helpers[id] }
    public func helper(named name: String) -> HelperSpec? { helpers.values.first { $0.name == name } }
    public func kfunc(_ name: String) -> KfuncSpec? { kfuncs[name] }
    public func resource(_ kind: ResourceKind) -> ResourceSpec? { resources[kind] }
    public func structShape(_ name: String) -> KernelStructShape { structs[name] ?? .pointers }

    /// The destructor an unwinder calls for `kind`, if the catalog has one.
    public func destructor(for kind: ResourceKind) -> String? { resources[kind]?.destructor }

    /// An error in a catalog file: one line, naming the file (and line and column for JSON
    /// syntax errors, the entry for everything else).
    public struct FileError: Error, CustomStringConvertible, Sendable {
        public let file: String
        public let message: String
        public var description: String { "\(file): \(message)" }
    }

    /// This catalog plus the entries of the catalog file at `path`.
    public func extended(byFile path: String) throws(FileError) -> Catalog {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw FileError(file: path, message: "cannot read catalog file: \(error.localizedDescription)")
        }
        return try extended(byJSON: data, name: path)
    }

    /// This catalog plus the entries of a catalog file's contents (`name` is used in errors).
    /// An entry that contradicts one already present (same name or id, another meaning) is an
    /// error: a catalog file extends the model, it never silently changes it.
    public func extended(byJSON data: Data, name: String) throws(FileError) -> Catalog {
        let file = try CatalogFile.decode(data, name: name)
        var result = self
        var seen: Set<String> = []
        func once(_ key: String) throws(FileError) {
            if !seen.insert(key).inserted { throw FileError(file: name, message: "\(key) is listed twice") }
        }
        for h in file.helpers ?? [] {
            try once("helper \(h.id)")
            if let old = result.helpers[h.id], let diff = CatalogDifference.between(old, h) {
                throw FileError(file: name, message: "helper \(h.id) (\(h.name)) contradicts bpfsim's built-in entry: \(diff)")
            }
            if let other = result.helpers.values.first(where: { $0.name == h.name && $0.id != h.id }) {
                throw FileError(file: name, message: "helper \(h.name) has id \(h.id); bpfsim's built-in \(h.name) has id \(other.id)")
            }
            result.helpers[h.id] = h
        }
        for k in file.kfuncs ?? [] {
            try once("kfunc \(k.name)")
            if let old = result.kfuncs[k.name], let diff = CatalogDifference.between(old, k) {
                throw FileError(file: name, message: "kfunc \(k.name) contradicts bpfsim's built-in entry: \(diff)")
            }
            result.kfuncs[k.name] = k
        }
        for r in file.resources ?? [] {
            try once("resource \(r.kind)")
            if let old = result.resources[r.kind], let diff = CatalogDifference.between(old, r) {
                throw FileError(file: name, message: "resource \(r.kind) contradicts bpfsim's built-in entry: \(diff)")
            }
            result.resources[r.kind] = r
        }
        for (type, shape) in (file.structs ?? [:]).sorted(by: { $0.key < $1.key }) {
            if let old = result.structs[type], old != shape {
                throw FileError(
                    file: name, message: "struct \(type) contradicts bpfsim's built-in entry: \(shape.rawValue), built in \(old.rawValue)")
            }
            result.structs[type] = shape
        }
        return result
    }
}

/// What the kernel finds when it looks into a kernel struct for a pointer argument handed a
/// scalar (`get_kfunc_ptr_arg_type` and `__btf_type_is_scalar_struct`): a struct of scalars is
/// treated as plain memory (`R1 type=scalar expected=fp`), a struct with pointers is refused
/// (`arg#0 pointer type STRUCT task_struct must point to scalar, or struct with scalar`), and a
/// struct nested too deep is refused after `max struct nesting depth exceeded`.
public enum KernelStructShape: String, Hashable, Sendable, Codable {
    case scalars
    case pointers
    case deep
}

/// The catalog file format: additions only. Keys and words are documented in README
/// "Catalog files"; every key is optional.
public struct CatalogFile: Codable, Sendable {
    public var helpers: [HelperSpec]?
    public var kfuncs: [KfuncSpec]?
    public var resources: [ResourceSpec]?
    public var structs: [String: KernelStructShape]?

    public init(
        helpers: [HelperSpec]? = nil, kfuncs: [KfuncSpec]? = nil, resources: [ResourceSpec]? = nil,
        structs: [String: KernelStructShape]? = nil
    ) {
        self.helpers = helpers
        self.kfuncs = kfuncs
        self.resources = resources
        self.structs = structs
    }

    /// Decodes a catalog file, turning Foundation's errors into one line with a place.
    static func decode(_ data: Data, name: String) throws(Catalog.FileError) -> CatalogFile {
        do {
            _ = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        } catch {
            throw Catalog.FileError(file: name, message: syntaxText(error, in: data))
        }
        do {
            return try JSONDecoder().decode(CatalogFile.self, from: data)
        } catch let error as DecodingError {
            throw Catalog.FileError(file: name, message: describe(error))
        } catch {
            throw Catalog.FileError(file: name, message: "not a catalog file: \(error)")
        }
    }

    private static func describe(_ error: DecodingError) -> String {
        func path(_ ctx: DecodingError.Context) -> String {
            var out = ""
            for key in ctx.codingPath {
                if let i = key.intValue { out += "[\(i)]" } else { out += (out.isEmpty ? "" : ".") + key.stringValue }
            }
            return out.isEmpty ? "" : out + ": "
        }
        switch error {
        case .dataCorrupted(let ctx):
            return path(ctx) + ctx.debugDescription
        case .keyNotFound(let key, let ctx): return path(ctx) + "missing key '\(key.stringValue)'"
        case .typeMismatch(let type, let ctx): return path(ctx) + "expected \(typeName(type))"
        case .valueNotFound(let type, let ctx): return path(ctx) + "expected \(typeName(type)), found null"
        @unknown default: return "\(error)"
        }
    }

    private static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Int32.Type, is Int.Type: return "a number"
        case is Bool.Type: return "true or false"
        case is [Any].Type: return "a list"
        default: return "an object"
        }
    }

    /// Foundation's JSON parser says `Invalid value around character 34.`; the place becomes a
    /// line and column.
    private static func syntaxText(_ error: Error, in data: Data) -> String {
        var text = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "\(error)"
        if text.hasSuffix(".") { text.removeLast() }
        guard let range = text.range(of: " around character "), let offset = Int(text[range.upperBound...]) else {
            return "not valid JSON: " + text
        }
        var line = 1
        var column = 1
        for byte in data.prefix(offset) {
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        return "not valid JSON at line \(line), column \(column): " + text[..<range.lowerBound]
    }
}

/// The first field in which two entries for the same helper, kfunc or resource differ, in
/// catalog-file words (`flags KF_RELEASE, built in KF_ACQUIRE|KF_RCU|KF_RET_NULL`).
enum CatalogDifference {
    private static func field<T: Equatable>(_ name: String, _ old: T, _ new: T, _ text: (T) -> String) -> String? {
        old == new ? nil : "\(name) \(text(new)), built in \(text(old))"
    }

    private static func list<T>(_ items: [T], _ word: (T) -> String) -> String {
        items.isEmpty ? "none" : items.map(word).joined(separator: ",")
    }

    static func between(_ old: HelperSpec, _ new: HelperSpec) -> String? {
        field("name", old.name, new.name) { $0 }
            ?? field("args", old.args, new.args) { list($0) { $0.word } }
            ?? field("ret", old.ret, new.ret) { $0.word }
            ?? field("acquires", old.acquires, new.acquires) { $0?.rawValue ?? "none" }
            ?? field("release_arg", old.releasesArg, new.releasesArg) { $0.map(String.init) ?? "none" }
            ?? field("gpl_only", old.isGPLOnly, new.isGPLOnly) { "\($0)" }
            ?? field("sleepable_only", old.isSleepableOnly, new.isSleepableOnly) { "\($0)" }
    }

    static func between(_ old: KfuncSpec, _ new: KfuncSpec) -> String? {
        field("flags", old.flags, new.flags) { $0.isEmpty ? "none" : $0.flagNames.joined(separator: "|") }
            ?? field("resource", old.resource, new.resource) { $0?.rawValue ?? "none" }
            ?? field("ret", old.returns, new.returns) { $0.word }
            ?? field("args", old.args, new.args) { list($0) { $0.word } }
            ?? field("special", old.special, new.special) { $0.rawValue }
    }

    static func between(_ old: ResourceSpec, _ new: ResourceSpec) -> String? {
        field("acquired_by", old.acquiredBy, new.acquiredBy) { list($0) { $0 } }
            ?? field("released_by", old.releasedBy, new.releasedBy) { list($0) { $0 } }
            ?? field("destructor", old.destructor, new.destructor) { $0 }
            ?? field("stack_object", old.isStackObject, new.isStackObject) { "\($0)" }
    }
}
