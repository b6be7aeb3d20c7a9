/// Helper ids and names of `include/uapi/linux/bpf.h` (`__BPF_FUNC_MAPPER`), both ways.
///
/// Names carry the `bpf_` prefix, as C code and the kernel verifier log write them
/// (`call bpf_map_lookup_elem#1`). The table itself is generated (see
/// `Experiments/tools/gen_helper_names.py`) from the libbpf-dev header of the build machine.
public enum HelperNames {
    /// `bpf_map_lookup_elem` for 1; `nil` for ids the header does not know.
    public static func name(of id: Int32) -> String? { byID[id] }

    /// 1 for `bpf_map_lookup_elem`; `nil` for names that are not helpers.
    public static func id(of name: String) -> Int32? { byName[name] }

    /// The highest helper id the table knows.
    public static var maximumID: Int32 { table.last?.id ?? 0 }

    private static let byID: [Int32: String] = Dictionary(
        table.map { ($0.id, "bpf_" + $0.name) }, uniquingKeysWith: { first, _ in first })
    private static let byName: [String: Int32] = Dictionary(
        table.map { ("bpf_" + $0.name, $0.id) }, uniquingKeysWith: { first, _ in first })
}
