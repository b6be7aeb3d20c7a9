/// The backends bpfsim knows, by name, with their variants (SPEC §5).
public enum BackendRegistry {
    /// Backend names in report order.
    public static let names = ["reject", "descriptors", "table"]

    /// Every variant of a backend, in report order.
    public static func variants(of name: String) -> [String] {
        switch name {
        case "reject": return ["upstream"]
        case "descriptors": return ["spill", "no-spill"]
        case "table": return TableLayout.allVariants.map(\.variant)
        default: return []
        }
    }

    /// The backend `name` configured as `variant` (nil: its default variant).
    public static func make(_ name: String, variant: String? = nil) throws(RegistryError) -> CleanupBackend {
        switch name {
        case "reject":
            if let v = variant, v != "upstream" { throw RegistryError(message: "reject has no variant '\(v)' (it has: upstream)") }
            return RejectBackend()
        case "descriptors":
            switch variant ?? "spill" {
            case "spill": return DescriptorsBackend(spill: true)
            case "no-spill": return DescriptorsBackend(spill: false)
            case let v: throw RegistryError(message: "descriptors has no variant '\(v)' (it has: spill, no-spill)")
            }
        case "table":
            let v = variant ?? "e16-frame-kfunc"
            guard let layout = TableLayout(variant: v) else {
                throw RegistryError(message: "table has no variant '\(v)' (it has: \(variants(of: "table").joined(separator: ", ")))")
            }
            return TableBackend(layout: layout)
        default:
            throw RegistryError(message: "unknown backend '\(name)' (known: \(names.joined(separator: ", ")))")
        }
    }

    public struct RegistryError: Error, CustomStringConvertible, Sendable {
        public let message: String
        public var description: String { message }
    }
}
