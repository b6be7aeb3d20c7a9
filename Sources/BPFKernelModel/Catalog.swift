import Foundation

/// The kernel catalog (SPEC §2): helpers by id, kfuncs by name, and the resource table with
/// each resource's destructor. One built-in table, extensible by a JSON file
/// (`--catalog FILE`, format in README "Catalog files").
public struct Catalog: Sendable {
    public private(set) var helpers: [Int32: HelperSpec]
    public private(set) var kfuncs: [String: KfuncSpec]
    public private(set) var resources: [ResourceKind: ResourceSpec]

    public static let builtin = Catalog(
        helpers: Dictionary(uniqueKeysWithValues: BuiltinHelpers.all.map { ($0.id, $0) }),
        kfuncs: Dictionary(uniqueKeysWithValues: BuiltinKfuncs.all.map { ($0.name, $0) }),
        resources: Dictionary(uniqueKeysWithValues: BuiltinKfuncs.resources.map { ($0.kind, $0) }))

    public func helper(_ id: Int32) -> HelperSpec? { helpers[id] }
    public func helper(named name: String) -> HelperSpec? { helpers.values.first { $0.name == name } }
    public func kfunc(_ name: String) -> KfuncSpec? { kfuncs[name] }
    public func resource(_ kind: ResourceKind) -> ResourceSpec? { resources[kind] }

    /// The destructor an unwinder calls for `kind`, if the catalog has one.
    public func destructor(for kind: ResourceKind) -> String? { resources[kind]?.destructor }

    /// The catalog file format: additions only.
    public struct File: Codable, Sendable {
        public var helpers: [HelperSpec]?
        public var kfuncs: [KfuncSpec]?
        public var resources: [ResourceSpec]?
    }

    /// An error in a catalog file, with the file name.
    public struct FileError: Error, CustomStringConvertible, Sendable {
        public let file: String
        public let message: String
        public var description: String { "\(file): \(message)" }
    }

    /// This catalog plus the entries of a catalog file. An entry that contradicts a built-in
    /// one (same name or id, different meaning) is an error: a catalog file extends, it never
    /// silently changes the model.
    public func extended(byFile path: String) throws(FileError) -> Catalog {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw FileError(file: path, message: "cannot read catalog file: \(error.localizedDescription)")
        }
        let file: File
        do {
            file = try JSONDecoder().decode(File.self, from: data)
        } catch let error as DecodingError {
            throw FileError(file: path, message: "not a valid catalog file: \(Self.describe(error))")
        } catch {
            throw FileError(file: path, message: "not a valid catalog file: \(error)")
        }
        var result = self
        for h in file.helpers ?? [] {
            if let old = helpers[h.id], old != h {
                throw FileError(file: path, message: "helper \(h.id) (\(h.name)) contradicts the built-in entry for \(old.name)")
            }
            result.helpers[h.id] = h
        }
        for k in file.kfuncs ?? [] {
            if let old = kfuncs[k.name], old != k {
                throw FileError(file: path, message: "kfunc \(k.name) contradicts the built-in entry")
            }
            result.kfuncs[k.name] = k
        }
        for r in file.resources ?? [] {
            if let old = resources[r.kind], old != r {
                throw FileError(file: path, message: "resource \(r.kind) contradicts the built-in entry")
            }
            result.resources[r.kind] = r
        }
        return result
    }

    private static func describe(_ error: DecodingError) -> String {
        func path(_ ctx: DecodingError.Context) -> String {
            let p = ctx.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return p.isEmpty ? "" : " at \(p)"
        }
        switch error {
        case .dataCorrupted(let ctx):
            let underlying = (ctx.underlyingError as NSError?)?.userInfo["NSDebugDescription"] as? String
            return (underlying ?? ctx.debugDescription) + path(ctx)
        case .keyNotFound(let key, let ctx): return "missing key '\(key.stringValue)'\(path(ctx))"
        case .typeMismatch(_, let ctx): return "\(ctx.debugDescription)\(path(ctx))"
        case .valueNotFound(_, let ctx): return "\(ctx.debugDescription)\(path(ctx))"
        @unknown default: return "\(error)"
        }
    }
}
