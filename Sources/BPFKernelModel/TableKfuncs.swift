/// The runtime interface of the `table` cleanup backend (SPEC §5.3): kfuncs the instrumented
/// program calls to keep each frame's resource table current, and that the simulated kernel
/// implements. They do not exist upstream; bpfsim models them as the design proposes.
///
/// All return `void`, take no reference and release none (the verifier sees plain calls that
/// neither acquire nor release), and are `__bpf_fastcall` in spirit: they clobber no register.
/// The verifier model does not know that contract (it clobbers R0-R5 at every kfunc call), so
/// the backend keeps R0 itself across each call through a scratch stack slot; the inserted code
/// is correct under either convention.
///
/// Semantics (the simulator implements exactly this; `TableLayout` says where tables are and how
/// entries are encoded):
/// - `bpf_res_table_push(table, ptr, type)`: `table` is the calling frame's table (an fp-based
///   pointer); store `ptr` with type index `type` in its first entry whose pointer word is 0.
///   `ptr` is never NULL (the instrumented code skips the call for NULL). A full table is a
///   bpfsim bug (the size is the verifier's maximum): report it, never overwrite an entry.
/// - `bpf_res_table_pop(table, ptr)`: clear the entry holding `ptr` in `table`; if `table` has
///   none (or `table` is NULL: the frame has no table), search the callers' tables outward,
///   innermost first, and clear the first match (a release in another frame than the acquire).
///   No match anywhere: nothing to do (the object was never recorded because no frame that
///   could be live during a throw held it).
/// - `bpf_res_table_push_global(ptr, type)` / `bpf_res_table_pop_global(ptr)`: the same on the
///   one whole-program table, which lives in the main program's frame (frame 0).
/// - `bpf_res_table_hand_up(table)`: called just before a subprogram's `exit` when references
///   acquired in it can outlive it (returned to the caller); move every non-NULL entry of
///   `table` into the nearest caller frame that has a table (first free entries), then zero
///   `table`. When no caller has a table the entries are dropped: no frame that can be live
///   during a throw holds them.
///
/// Type indices name `TableLayout.resourceTypes`; the destructor of each type is the catalog's.
public enum TableKfunc: String, CaseIterable, Sendable {
    case push = "bpf_res_table_push"
    case pop = "bpf_res_table_pop"
    case pushGlobal = "bpf_res_table_push_global"
    case popGlobal = "bpf_res_table_pop_global"
    case handUp = "bpf_res_table_hand_up"

    /// The catalog entry: no flags, `void`, arguments the verifier does not type-check (a
    /// table pointer into the stack, and a pointer value that may already be released).
    public var spec: KfuncSpec {
        switch self {
        case .push: return KfuncSpec(name: rawValue, returns: .void, args: [.ignored, .ignored, .scalar])
        case .pop: return KfuncSpec(name: rawValue, returns: .void, args: [.ignored, .ignored])
        case .pushGlobal: return KfuncSpec(name: rawValue, returns: .void, args: [.ignored, .scalar])
        case .popGlobal: return KfuncSpec(name: rawValue, returns: .void, args: [.ignored])
        case .handUp: return KfuncSpec(name: rawValue, returns: .void, args: [.ignored])
        }
    }
}

extension Catalog {
    /// The table backend's kfuncs (``TableKfunc``).
    public static let tableKfuncs: [KfuncSpec] = TableKfunc.allCases.map(\.spec)

    /// This catalog with the table backend's kfuncs added (entries already present are kept).
    public func includingTableKfuncs() -> Catalog {
        var c = self
        for k in Catalog.tableKfuncs where c.kfuncs[k.name] == nil { c.kfuncs[k.name] = k }
        return c
    }
}
