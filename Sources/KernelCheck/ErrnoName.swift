/// Symbolic names of the errno values a BPF load returns, as BPF developers read them in
/// `strace` and libbpf output (`include/uapi/asm-generic/errno*.h`, `include/linux/errno.h`).
enum ErrnoName {
    static func name(_ value: Int32) -> String? {
        names[value]
    }

    /// `EACCES (13)`, or just the number when it has no name here.
    static func describe(_ value: Int32) -> String {
        name(value).map { "\($0) (\(value))" } ?? "errno \(value)"
    }

    private static let names: [Int32: String] = [
        1: "EPERM", 2: "ENOENT", 3: "ESRCH", 4: "EINTR", 5: "EIO", 7: "E2BIG", 8: "ENOEXEC",
        9: "EBADF", 11: "EAGAIN", 12: "ENOMEM", 13: "EACCES", 14: "EFAULT", 16: "EBUSY",
        17: "EEXIST", 19: "ENODEV", 22: "EINVAL", 24: "EMFILE", 28: "ENOSPC", 34: "ERANGE",
        38: "ENOSYS", 61: "ENODATA", 75: "EOVERFLOW", 95: "EOPNOTSUPP", 524: "ENOTSUPP",
        // libbpf's own codes (`enum libbpf_errno`).
        4000: "LIBBPF_ERRNO__LIBELF", 4001: "LIBBPF_ERRNO__FORMAT", 4002: "LIBBPF_ERRNO__KVERSION",
        4003: "LIBBPF_ERRNO__ENDIAN", 4004: "LIBBPF_ERRNO__INTERNAL", 4005: "LIBBPF_ERRNO__RELOC",
        4006: "LIBBPF_ERRNO__LOAD", 4007: "LIBBPF_ERRNO__VERIFY", 4008: "LIBBPF_ERRNO__PROG2BIG",
        4009: "LIBBPF_ERRNO__KVER", 4010: "LIBBPF_ERRNO__PROGTYPE", 4011: "LIBBPF_ERRNO__WRNGPID",
        4012: "LIBBPF_ERRNO__INVSEQ", 4013: "LIBBPF_ERRNO__NLPARSE",
    ]
}
