import Foundation

/// Byte-level access to a compiled fixture for tests that corrupt it: section headers,
/// symbols, relocations and BTF type records located by walking the ELF and BTF layouts.
struct ObjectBytes {
    var bytes: [UInt8]

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    func u16(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 }
    func u32(_ at: Int) -> Int { (0..<4).reduce(0) { $0 | Int(bytes[at + $1]) << (8 * $1) } }
    func u64(_ at: Int) -> Int { (0..<8).reduce(0) { $0 | Int(bytes[at + $1]) << (8 * $1) } }
    mutating func put32(_ at: Int, _ v: Int) { for k in 0..<4 { bytes[at + k] = UInt8(truncatingIfNeeded: v >> (8 * k)) } }
    mutating func put64(_ at: Int, _ v: Int) { for k in 0..<8 { bytes[at + k] = UInt8(truncatingIfNeeded: v >> (8 * k)) } }

    var sectionHeaderOffset: Int { u64(40) }
    var sectionCount: Int { u16(60) }
    func sectionHeader(_ i: Int) -> Int { sectionHeaderOffset + 64 * i }

    /// Section names by index, from the section-name string table.
    var sectionNames: [String] {
        let shstr = sectionHeader(u16(62))
        let base = u64(shstr + 24)
        return (0..<sectionCount).map { i in
            var p = base + u32(sectionHeader(i))
            var s = ""
            while bytes[p] != 0 { s.append(Character(UnicodeScalar(bytes[p]))); p += 1 }
            return s
        }
    }

    func sectionIndex(_ name: String) -> Int? { sectionNames.firstIndex(of: name) }
    func sectionType(_ i: Int) -> Int { u32(sectionHeader(i) + 4) }
    func sectionOffset(_ i: Int) -> Int { u64(sectionHeader(i) + 24) }
    func sectionSize(_ i: Int) -> Int { u64(sectionHeader(i) + 32) }

    /// File offset of each BTF type record (index 0 is type id 1) and of the string section.
    func btfLayout() -> (records: [Int], strings: Int, stringLength: Int)? {
        guard let s = sectionIndex(".BTF") else { return nil }
        let base = sectionOffset(s)
        let header = u32(base + 4)
        let typeStart = base + header + u32(base + 8), typeEnd = typeStart + u32(base + 12)
        var records: [Int] = []
        var p = typeStart
        while p < typeEnd {
            records.append(p)
            let info = u32(p + 4), vlen = info & 0xffff, kind = (info >> 24) & 0x1f
            switch kind {
            case 1, 14, 17: p += 16
            case 3: p += 24
            case 4, 5, 15, 19: p += 12 + 12 * vlen
            case 6, 13: p += 12 + 8 * vlen
            default: p += 12
            }
        }
        return (records, base + header + u32(base + 16), u32(base + 20))
    }

    /// The BTF kind of type `id`.
    func btfKind(_ id: Int) -> Int? {
        guard let layout = btfLayout(), id >= 1, id <= layout.records.count else { return nil }
        return (u32(layout.records[id - 1] + 4) >> 24) & 0x1f
    }
}
