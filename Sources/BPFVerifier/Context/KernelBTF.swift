import BPFObject
import Foundation

/// The running kernel's own BTF (`/sys/kernel/btf/vmlinux`), read at most once per process and
/// path: where the kernel takes the argument types of `tp_btf`, `fentry`, `lsm` and
/// `struct_ops` programs (`btf_ctx_access`). Attach points missing from bpfsim's committed
/// snapshot (``AttachPrototypeSnapshot``) are resolved here, and the result says so.
public enum KernelBTF {
    public static let defaultPath = "/sys/kernel/btf/vmlinux"

    private static let cache = Cache()

    /// The parsed BTF at `path`, or nil when it is absent or unreadable.
    public static func load(path: String) -> BTF? { cache.btf(at: path) }

    private final class Cache: @unchecked Sendable {
        private let lock = NSLock()
        private var loaded: [String: BTF?] = [:]

        func btf(at path: String) -> BTF? {
            lock.lock()
            defer { lock.unlock() }
            if let done = loaded[path] { return done }
            var btf: BTF?
            if let data = FileManager.default.contents(atPath: path) {
                btf = try? BTF(bytes: [UInt8](data))
            }
            loaded[path] = btf
            return btf
        }
    }
}
