/// Bounds-checked little-endian reads over a byte buffer.
///
/// Every read of object-file bytes goes through this type, so a truncated or corrupted file
/// becomes an ``ObjectError`` naming what was being read, never a trap.
struct ByteReader {
    let bytes: [UInt8]
    /// Where errors are placed (a section name such as `.BTF`, or nil for the ELF file itself).
    let section: String?

    init(_ bytes: [UInt8], section: String? = nil) {
        self.bytes = bytes
        self.section = section
    }

    var count: Int { bytes.count }

    func failure(_ message: String) -> ObjectError {
        ObjectError(section: section, message)
    }

    @inline(__always)
    func check(_ offset: Int, _ size: Int, _ what: @autoclosure () -> String) throws(ObjectError) {
        guard offset >= 0, size >= 0, offset <= bytes.count, size <= bytes.count - offset else {
            throw failure("\(what()) at offset \(offset) (+\(size) bytes) is outside the \(bytes.count)-byte data")
        }
    }

    func u8(_ offset: Int, _ what: @autoclosure () -> String) throws(ObjectError) -> UInt8 {
        try check(offset, 1, what())
        return bytes[offset]
    }

    func u16(_ offset: Int, _ what: @autoclosure () -> String) throws(ObjectError) -> UInt16 {
        try check(offset, 2, what())
        return UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8
    }

    func u32(_ offset: Int, _ what: @autoclosure () -> String) throws(ObjectError) -> UInt32 {
        try check(offset, 4, what())
        return unchecked32(offset)
    }

    func i32(_ offset: Int, _ what: @autoclosure () -> String) throws(ObjectError) -> Int32 {
        Int32(bitPattern: try u32(offset, what()))
    }

    func u64(_ offset: Int, _ what: @autoclosure () -> String) throws(ObjectError) -> UInt64 {
        try check(offset, 8, what())
        return UInt64(unchecked32(offset)) | UInt64(unchecked32(offset + 4)) << 32
    }

    func slice(_ offset: Int, _ size: Int, _ what: @autoclosure () -> String) throws(ObjectError) -> [UInt8] {
        try check(offset, size, what())
        return Array(bytes[offset..<offset + size])
    }

    @inline(__always)
    private func unchecked32(_ offset: Int) -> UInt32 {
        UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16
            | UInt32(bytes[offset + 3]) << 24
    }

    /// A NUL-terminated string starting at `offset`; `nil` when the offset is out of range or
    /// the string is not terminated inside the buffer.
    func cString(at offset: Int) -> String? {
        guard offset >= 0, offset < bytes.count else { return nil }
        var end = offset
        while end < bytes.count, bytes[end] != 0 { end += 1 }
        guard end < bytes.count else { return nil }
        return String(decoding: bytes[offset..<end], as: UTF8.self)
    }
}

/// Integer conversions that fail instead of trapping on values from the file.
extension Int {
    init?(file value: UInt64) {
        guard value <= UInt64(Int.max) else { return nil }
        self.init(value)
    }
}
