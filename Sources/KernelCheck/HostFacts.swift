#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Facts about this machine that decide whether the kernel can be asked: the kernel release
/// and the process's effective capabilities (`CapEff` in `/proc/self/status`).
enum HostFacts {
    /// `uname -r`.
    static var kernelRelease: String? {
        var names = utsname()
        guard uname(&names) == 0 else { return nil }
        return withUnsafeBytes(of: &names.release) { bytes in
            String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
        }
    }

    /// `CAP_SYS_ADMIN` and `CAP_BPF` (`include/uapi/linux/capability.h`).
    static let capSysAdmin = 21
    static let capBPF = 39

    /// The effective capability set, or nil where `/proc/self/status` does not say.
    static func effectiveCapabilities(status: String? = nil) -> UInt64? {
        let text = status ?? FileIO.readFile("/proc/self/status").map { String(decoding: $0, as: UTF8.self) }
        guard let text else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("CapEff:") {
            return UInt64(line.dropFirst("CapEff:".count).filter { !$0.isWhitespace }, radix: 16)
        }
        return nil
    }

    /// Why this process may not load BPF programs, or nil when it may (as far as capabilities
    /// tell: `bpf()` may still be filtered, which the loader's probe finds out).
    static func privilegeProblem(capabilities: UInt64?, effectiveUID: UInt32) -> String? {
        guard let capabilities else {
            return effectiveUID == 0 ? nil : "not root, and the process's capabilities cannot be read"
        }
        let needed = (UInt64(1) << capBPF) | (UInt64(1) << capSysAdmin)
        if capabilities & needed != 0 { return nil }
        let who = effectiveUID == 0 ? "root without" : "not root and without"
        return "\(who) CAP_BPF or CAP_SYS_ADMIN (CapEff \(String(capabilities, radix: 16)))"
    }
}
