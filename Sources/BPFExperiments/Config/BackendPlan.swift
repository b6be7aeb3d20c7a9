import BPFCleanup

/// The backend x variant pairs a run measures, in report order: every variant the
/// ``BackendRegistry`` lists for each selected backend, narrowed by the variant filter.
public struct BackendPlan: Sendable {
    public struct Item: Sendable {
        public var backend: String
        public var variant: String
        public var instance: CleanupBackend
        /// `reject/upstream`: the form used by `--variants` and in progress lines.
        public var label: String { "\(backend)/\(variant)" }
    }

    public var items: [Item]

    /// `backends` nil means all registered; `variants` items are `variant` or `backend/variant`.
    public static func make(backends: [String]?, variants: [String]?) throws(PlanError) -> BackendPlan {
        let names = backends ?? BackendRegistry.names
        for name in names where !BackendRegistry.names.contains(name) {
            throw PlanError(message: "unknown backend '\(name)' (known: \(BackendRegistry.names.joined(separator: ", ")))")
        }
        var items: [Item] = []
        var used = Set<String>()
        for name in names {
            for variant in BackendRegistry.variants(of: name) {
                let label = "\(name)/\(variant)"
                if let filter = variants {
                    let hit = filter.filter { $0 == variant || $0 == label }
                    guard !hit.isEmpty else { continue }
                    used.formUnion(hit)
                }
                do {
                    items.append(Item(backend: name, variant: variant, instance: try BackendRegistry.make(name, variant: variant)))
                } catch {
                    throw PlanError(message: error.message)
                }
            }
        }
        if let filter = variants {
            let unknown = filter.filter { !used.contains($0) }
            if !unknown.isEmpty {
                let known = names.flatMap { n in BackendRegistry.variants(of: n).map { "\(n)/\($0)" } }
                throw PlanError(
                    message: "no selected backend has variant \(unknown.map { "'\($0)'" }.joined(separator: ", ")) "
                        + "(known: \(known.joined(separator: ", ")))")
            }
        }
        if items.isEmpty { throw PlanError(message: "no backend selected") }
        return BackendPlan(items: items)
    }

    public struct PlanError: Error, CustomStringConvertible, Sendable {
        public var message: String
        public var description: String { message }
    }
}
