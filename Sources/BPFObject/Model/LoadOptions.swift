import Foundation

/// How to load an object: `.kconfig` values and how strict to be.
public struct LoadOptions: Sendable {
    /// Values for `.kconfig` externs by name (`LINUX_KERNEL_VERSION`, `CONFIG_HZ`, ...).
    /// Strong externs without a value fail the load, as libbpf's "extern ... (strong) not
    /// resolved"; weak ones stay zero.
    public var kconfig: [String: KconfigValue]

    /// The kernel version bpfsim reports to `LINUX_KERNEL_VERSION` unless told otherwise: a
    /// fixed value (6.18.0) so results do not depend on the host (SPEC §9).
    public static let defaultKernelVersion: KconfigValue = .number(UInt64((6 << 16) + (18 << 8)))

    public init(kconfig: [String: KconfigValue] = ["LINUX_KERNEL_VERSION": LoadOptions.defaultKernelVersion]) {
        self.kconfig = kconfig
    }

    /// Adds the `CONFIG_*=...` lines of a kernel `.config` file (later lines win).
    public mutating func addKconfig(text: String) throws(ObjectError) {
        for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            guard let eq = trimmed.firstIndex(of: "=") else {
                throw ObjectError(file: "kconfig", line: n + 1, "expected NAME=VALUE, got '\(trimmed)'")
            }
            let name = String(trimmed[..<eq])
            guard let value = KconfigValue(text: String(trimmed[trimmed.index(after: eq)...])) else {
                throw ObjectError(file: "kconfig", line: n + 1, "cannot read the value of \(name)")
            }
            kconfig[name] = value
        }
    }
}

/// A Kconfig value as libbpf reads `/proc/config.gz`: `y`/`n`/`m` tristates, numbers and
/// quoted strings.
public enum KconfigValue: Hashable, Sendable {
    /// `y`, `n` or `m`.
    case tristate(Character)
    case number(UInt64)
    case string(String)

    /// Parses `y`, `m`, `n`, `250`, `0x10`, `-1`, `"text"`.
    public init?(text: String) {
        let t = text.trimmingCharacters(in: .whitespaces)
        if t == "y" || t == "n" || t == "m" {
            self = .tristate(Character(t))
        } else if t.hasPrefix("\""), t.hasSuffix("\""), t.count >= 2 {
            self = .string(String(t.dropFirst().dropLast()))
        } else if t.hasPrefix("0x") || t.hasPrefix("0X"), let v = UInt64(t.dropFirst(2), radix: 16) {
            self = .number(v)
        } else if let v = UInt64(t) {
            self = .number(v)
        } else if let v = Int64(t) {
            self = .number(UInt64(bitPattern: v))
        } else {
            return nil
        }
    }
}
