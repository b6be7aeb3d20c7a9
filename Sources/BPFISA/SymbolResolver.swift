/// Names the caller knows and the assembly text may use: maps for `r1 = NAME ll` and kfunc
/// BTF ids for `call NAME`.
///
/// In a clang object these names come from relocations (`.maps`, `.ksyms`); in a hand-written
/// assembly file they come from its declarative header, which the object loader parses and
/// passes here.
public struct SymbolResolver: Sendable {
    /// Map name -> map index, encoded as `BPF_PSEUDO_MAP_FD` in `lddw` (as libbpf does before
    /// it substitutes real fds).
    public var maps: [String: Int32]
    /// Kfunc name -> BTF id, for kfuncs whose id the caller knows (e.g. from vmlinux BTF).
    public var kfuncs: [String: Int32]
    /// The first id handed to a kfunc that is called by name and known to nobody; later names
    /// get the following ids in order of first use, so the same text always gets the same ids.
    public var firstSyntheticKfuncID: Int32

    /// Synthetic ids start far above any BTF id a real vmlinux has (a few hundred thousand
    /// types), so they cannot be mistaken for one.
    public static let defaultFirstSyntheticKfuncID: Int32 = 0x1000_0001

    public init(
        maps: [String: Int32] = [:], kfuncs: [String: Int32] = [:],
        firstSyntheticKfuncID: Int32 = SymbolResolver.defaultFirstSyntheticKfuncID
    ) {
        self.maps = maps
        self.kfuncs = kfuncs
        self.firstSyntheticKfuncID = firstSyntheticKfuncID
    }
}
