/// A position in one line of assembly text, shared by both dialects' parsers.
///
/// Works on UTF-8 bytes so that columns are cheap to compute and parsing stays fast for the
/// hundred-thousand-line round-trip tests; every error it makes carries line and column.
struct AssemblyCursor {
    let bytes: [UInt8]
    let line: Int
    private(set) var position: Int
    /// Where the instruction text starts (after any pasted listing prefix).
    let start: Int
    /// Where the instruction text ends (comments excluded).
    let end: Int

    init(bytes: [UInt8], line: Int, start: Int = 0, end: Int? = nil) {
        self.bytes = bytes
        self.line = line
        self.position = start
        self.start = start
        self.end = max(start, end ?? bytes.count)
    }

    /// 1-based column of the current position.
    var column: Int { position + 1 }

    var atEnd: Bool {
        var p = position
        while p < end, Self.isSpace(bytes[p]) { p += 1 }
        return p >= end
    }

    static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0d }
    static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
    static func isIdentifierStart(_ b: UInt8) -> Bool {
        (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) || b == 0x5f || b == 0x2e || b == 0x24
    }
    static func isIdentifierBody(_ b: UInt8) -> Bool { isIdentifierStart(b) || isDigit(b) }

    func error(_ message: String, column: Int? = nil) -> AssemblyError {
        AssemblyError(line: line, column: column ?? self.column, message: message)
    }

    /// The error for "something else was expected here", naming what was found.
    func expected(_ what: String) -> AssemblyError {
        var c = self
        c.skipSpace()
        guard c.position < c.end else { return c.error("expected \(what)") }
        return c.error("expected \(what), found '\(c.preview)'")
    }

    /// The token at the cursor, for messages.
    var preview: String {
        var p = position
        if p < end, Self.isIdentifierBody(bytes[p]) || bytes[p] == 0x25 {
            p += 1
            while p < end, Self.isIdentifierBody(bytes[p]) { p += 1 }
        } else if p < end {
            p += 1
        }
        return String(decoding: bytes[position..<p], as: UTF8.self)
    }

    mutating func skipSpace() {
        while position < end, Self.isSpace(bytes[position]) { position += 1 }
    }

    /// Skips one byte (after spaces).
    mutating func advance() {
        skipSpace()
        if position < end { position += 1 }
    }

    func peek() -> UInt8? {
        var p = position
        while p < end, Self.isSpace(bytes[p]) { p += 1 }
        return p < end ? bytes[p] : nil
    }

    /// Consumes `literal` (after spaces) if it is next. Letters must not continue into an
    /// identifier: `goto` does not match the start of `gotol`.
    mutating func consume(_ literal: StaticString) -> Bool {
        skipSpace()
        let n = literal.utf8CodeUnitCount
        guard position + n <= end else { return false }
        let lit = literal.utf8Start
        for i in 0..<n where bytes[position + i] != lit[i] { return false }
        if Self.isIdentifierBody(lit[n - 1]), position + n < end, Self.isIdentifierBody(bytes[position + n]) {
            return false
        }
        position += n
        return true
    }

    mutating func expect(_ literal: StaticString) throws(AssemblyError) {
        guard consume(literal) else { throw expected("'\(literal)'") }
    }

    mutating func expectEnd() throws(AssemblyError) {
        guard atEnd else { throw expected("end of line") }
    }

    /// An identifier (`[A-Za-z_.$][A-Za-z0-9_.$]*`) and its column, or `nil` without moving.
    mutating func identifier() -> (name: String, column: Int)? {
        skipSpace()
        guard position < end, Self.isIdentifierStart(bytes[position]) else { return nil }
        let start = position
        while position < end, Self.isIdentifierBody(bytes[position]) { position += 1 }
        return (String(decoding: bytes[start..<position], as: UTF8.self), start + 1)
    }

    /// The next identifier and its column, without consuming it.
    func peekIdentifier() -> (name: String, column: Int)? {
        var c = self
        return c.identifier()
    }

    /// A register `rN` / `wN` (or `%rN` when `percent` allows it). Returns `nil` without moving
    /// when the next token is not register-shaped; throws for `r11` and above.
    mutating func register(allowPercent: Bool = false, prefixes: StaticString = "r")
        throws(AssemblyError) -> (register: Register, prefix: UInt8, column: Int)?
    {
        skipSpace()
        var p = position
        if allowPercent, p < end, bytes[p] == 0x25 { p += 1 }
        guard p < end else { return nil }
        let prefix = bytes[p]
        let allowed = prefixes.utf8Start
        guard (0..<prefixes.utf8CodeUnitCount).contains(where: { allowed[$0] == prefix }) else { return nil }
        var q = p + 1
        guard q < end, Self.isDigit(bytes[q]) else { return nil }
        var n = 0
        while q < end, Self.isDigit(bytes[q]) {
            n = min(n * 10 + Int(bytes[q] - 0x30), 1_000_000)
            q += 1
        }
        if q < end, Self.isIdentifierBody(bytes[q]) { return nil }  // `r1x` is a name
        let column = position + 1
        let text = String(decoding: bytes[position..<q], as: UTF8.self)
        guard let r = Register(n) else { throw error("register \(text) does not exist", column: column) }
        position = q
        return (r, prefix, column)
    }

    /// A number: optional sign, then decimal digits or `0x` hex digits. `nil` without moving
    /// when the next token is not a number.
    mutating func literal() throws(AssemblyError) -> Literal? {
        skipSpace()
        let start = position
        var p = position
        var negative = false
        var signed = false
        if p < end, bytes[p] == 0x2d || bytes[p] == 0x2b {
            negative = bytes[p] == 0x2d
            signed = true
            p += 1
            while p < end, Self.isSpace(bytes[p]) { p += 1 }
        }
        guard p < end, Self.isDigit(bytes[p]) else {
            // `+`/`-` then something else: a sign with no number (`(r1 +)`); a register after
            // the sign (`-r0`) is the caller's business.
            if signed, !(p < end && (bytes[p] == 0x72 || bytes[p] == 0x77 || bytes[p] == 0x25)) {
                throw error("expected a number after '\(negative ? "-" : "+")'", column: p + 1)
            }
            return nil
        }
        var radix: UInt64 = 10
        if bytes[p] == 0x30, p + 1 < end, bytes[p + 1] | 0x20 == 0x78 {
            radix = 16
            p += 2
        }
        let digitsStart = p
        var value: UInt64 = 0
        var overflow = false
        while p < end {
            let b = bytes[p]
            let d: UInt64
            if Self.isDigit(b) {
                d = UInt64(b - 0x30)
            } else if radix == 16, (b | 0x20) >= 0x61, (b | 0x20) <= 0x66 {
                d = UInt64((b | 0x20) - 0x61 + 10)
            } else {
                break
            }
            let (m, o1) = value.multipliedReportingOverflow(by: radix)
            let (s, o2) = m.addingReportingOverflow(d)
            overflow = overflow || o1 || o2
            value = s
            p += 1
        }
        let text = String(decoding: bytes[start..<p], as: UTF8.self)
        if p == digitsStart { throw error("expected hex digits after '0x'", column: p + 1) }
        if p < end, Self.isIdentifierBody(bytes[p]) {
            throw error("invalid digit '\(String(decoding: [bytes[p]], as: UTF8.self))' in number", column: p + 1)
        }
        if overflow { throw error("number \(text) does not fit in 64 bits", column: start + 1) }
        position = p
        return Literal(negative: negative, magnitude: value, text: text, column: start + 1, line: line)
    }

    mutating func expectLiteral(_ what: String = "number") throws(AssemblyError) -> Literal {
        guard let l = try literal() else { throw expected(what) }
        return l
    }
}

/// A number as written, converted to a field's width on demand so the error can say which
/// field it does not fit.
struct Literal {
    var negative: Bool
    var magnitude: UInt64
    var text: String
    var column: Int
    var line: Int

    func error(_ message: String) -> AssemblyError { AssemblyError(line: line, column: column, message: message) }

    /// A 32-bit immediate: `-2^31 ... 2^32-1`; values above `Int32.max` are bit patterns
    /// (`0xffffffff` is -1), as both llvm-mc and the conformance assembler read them.
    func imm32() throws(AssemblyError) -> Int32 {
        if negative {
            guard magnitude <= 0x8000_0000 else { throw error("immediate \(text) does not fit in 32 bits") }
            return Int32(truncatingIfNeeded: 0 &- magnitude)
        }
        guard magnitude <= 0xffff_ffff else { throw error("immediate \(text) does not fit in 32 bits") }
        return Int32(bitPattern: UInt32(magnitude))
    }

    /// A signed 32-bit value (call and `gotol` displacements).
    func signed32(_ what: String) throws(AssemblyError) -> Int32 {
        guard let v = signedValue, let r = Int32(exactly: v) else { throw error("\(what) \(text) does not fit in 32 bits") }
        return r
    }

    /// A 16-bit offset. `allowUnsigned` also takes `0x8000 ... 0xffff` as bit patterns (the
    /// conformance assembler's reading); the LLVM syntax is signed only.
    func off16(_ what: String, allowUnsigned: Bool) throws(AssemblyError) -> Int16 {
        if let v = signedValue, let r = Int16(exactly: v) { return r }
        if allowUnsigned, !negative, magnitude <= 0xffff { return Int16(bitPattern: UInt16(magnitude)) }
        throw error("\(what) \(text) does not fit in 16 bits")
    }

    /// A 64-bit immediate: `-2^63 ... 2^64-1`, bit pattern above `Int64.max`.
    func imm64() throws(AssemblyError) -> UInt64 {
        if negative {
            guard magnitude <= 0x8000_0000_0000_0000 else { throw error("immediate \(text) does not fit in 64 bits") }
            return 0 &- magnitude
        }
        return magnitude
    }

    var signedValue: Int64? {
        if negative { return magnitude <= 0x8000_0000_0000_0000 ? Int64(truncatingIfNeeded: 0 &- magnitude) : nil }
        return magnitude <= UInt64(Int64.max) ? Int64(magnitude) : nil
    }
}
