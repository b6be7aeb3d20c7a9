import Foundation

/// Progress of a `compare` run on stderr: a live line redrawn in place (done/total, rate, ETA)
/// when stderr is a terminal, otherwise a plain line at every tenth of the work, so logs stay
/// short. Error lines go through here too, so they never tear the live line.
public final class ProgressReporter: @unchecked Sendable {
    public enum Style: Sendable {
        case live
        case plain
        case silent
    }

    private let style: Style
    private let lock = NSLock()
    private var total = 0
    private var done = 0
    private var skipped = 0
    private var start = Date()
    private var lastDraw = Date.distantPast
    private var lastTenth = -1
    private var lineShown = false
    private let write: @Sendable (String) -> Void

    public init(style: Style? = nil, write: (@Sendable (String) -> Void)? = nil) {
        self.style = style ?? (isatty(STDERR_FILENO) == 1 ? .live : .plain)
        self.write = write ?? { FileHandle.standardError.write(Data($0.utf8)) }
    }

    /// The evaluation phase begins: `total` entries, `skipped` of them already stored (resume).
    public func begin(total: Int, skipped: Int) {
        lock.lock()
        defer { lock.unlock() }
        self.total = total
        self.skipped = skipped
        done = skipped
        start = Date()
        if style == .plain {
            write("bpfsim: \(total) entries\(skipped > 0 ? ", \(skipped) already stored" : "")\n")
        }
    }

    /// A note that is not progress (reading the corpus, compile cache, output paths).
    public func note(_ text: String) {
        lock.lock()
        defer { lock.unlock() }
        guard style != .silent else { return }
        clearLine()
        write("bpfsim: \(text)\n")
    }

    /// One line per unexpected failure: printed even when silent (`--quiet` keeps errors).
    public func error(_ line: String) {
        lock.lock()
        defer { lock.unlock() }
        clearLine()
        write(line + "\n")
        if style == .live { draw(current: nil) }
    }

    public func entryDone(_ identifier: String) {
        lock.lock()
        defer { lock.unlock() }
        done += 1
        switch style {
        case .silent: return
        case .live:
            if Date().timeIntervalSince(lastDraw) >= 0.1 || done == total { draw(current: identifier) }
        case .plain:
            let tenth = total == 0 ? 10 : done * 10 / total
            if tenth > lastTenth {
                lastTenth = tenth
                write("bpfsim: \(status())\n")
            }
        }
    }

    public func finish() {
        lock.lock()
        defer { lock.unlock() }
        if style == .live && lineShown {
            draw(current: nil)
            write("\n")
            lineShown = false
        }
    }

    private func status() -> String {
        let elapsed = Date().timeIntervalSince(start)
        let fresh = done - skipped
        let rate = elapsed > 0 ? Double(fresh) / elapsed : 0
        let percent = total == 0 ? 100 : done * 100 / total
        var text = "\(done)/\(total) entries (\(percent)%), \(String(format: "%.1f", rate))/s"
        if rate > 0 && done < total {
            text += ", ETA \(Self.duration(Double(total - done) / rate))"
        }
        return text
    }

    private func draw(current: String?) {
        lastDraw = Date()
        var line = "\r\u{1B}[K[\(status())]"
        if let current { line += " " + String(current.suffix(60)) }
        write(line)
        lineShown = true
    }

    private func clearLine() {
        if style == .live && lineShown { write("\r\u{1B}[K") }
    }

    static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 3600 ? String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String(format: "%d:%02d", s / 60, s % 60)
    }
}
