#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The handful of file operations the parent and the loader exchange files with, in POSIX
/// calls: KernelCheck avoids full Foundation so that each loader process (one per load) starts
/// fast, and a report file needs no `fsync`.
enum FileIO {
    /// Writes `bytes` to `path` (created or truncated); the errno on failure.
    static func writeFile(_ bytes: [UInt8], to path: String) -> Int32? {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { return errno }
        defer { close(descriptor) }
        var written = 0
        while written < bytes.count {
            let result = bytes.withUnsafeBytes { buffer in
                buffer.baseAddress.map { write(descriptor, $0 + written, buffer.count - written) } ?? 0
            }
            if result < 0 {
                if errno == EINTR { continue }
                return errno
            }
            written += result
        }
        return nil
    }

    /// The file's bytes, or only its last `tail` bytes; nil when it cannot be read.
    static func readFile(_ path: String, tail: Int? = nil) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        let size = lseek(descriptor, 0, SEEK_END)
        guard size >= 0 else { return nil }
        let start = tail.map { max(0, size - off_t($0)) } ?? 0
        guard lseek(descriptor, start, SEEK_SET) == start else { return nil }
        var bytes = [UInt8](repeating: 0, count: Int(size - start))
        var filled = 0
        while filled < bytes.count {
            let result = bytes.withUnsafeMutableBytes { buffer in
                buffer.baseAddress.map { read(descriptor, $0 + filled, buffer.count - filled) } ?? 0
            }
            if result < 0 && errno == EINTR { continue }
            if result <= 0 { break }
            filled += result
        }
        return Array(bytes.prefix(filled))
    }

    static func writeStandardError(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
    }

    /// A new private directory under `$TMPDIR` (or `/tmp`).
    static func makeTemporaryDirectory(prefix: String) -> String? {
        let base = getenv("TMPDIR").map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        var template = Array("\(base)/\(prefix)-XXXXXX".utf8CString)
        return template.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress.flatMap { mkdtemp($0) }.map { String(cString: $0) }
        }
    }

    /// Removes the files a loader run leaves, then the directory.
    static func removeDirectory(_ path: String, files: [String]) {
        for file in files { unlink("\(path)/\(file)") }
        rmdir(path)
    }

    /// Where a symbolic link points (`/proc/self/exe`).
    static func symbolicLinkTarget(_ path: String) -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let length = readlink(path, &buffer, buffer.count - 1)
        guard length > 0 else { return nil }
        return String(decoding: buffer.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
