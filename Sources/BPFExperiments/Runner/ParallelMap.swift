import Foundation

/// Runs work items on `jobs` threads and hands results back in item order, as soon as each
/// prefix is complete: the order of results never depends on the number of workers.
enum ParallelMap {
    /// All results, in order.
    static func run<T: Sendable>(count: Int, jobs: Int, _ work: @escaping @Sendable (Int) -> T) -> [T] {
        var out: [T] = []
        out.reserveCapacity(count)
        stream(count: count, jobs: jobs, work) { _, value in out.append(value) }
        return out
    }

    /// Calls `deliver` on the calling thread for each result in index order while workers run
    /// ahead (at most `window` items beyond the next undelivered one).
    static func stream<T: Sendable>(
        count: Int, jobs: Int, window: Int? = nil, _ work: @escaping @Sendable (Int) -> T, deliver: (Int, T) -> Void
    ) {
        guard count > 0 else { return }
        let state = OrderedSlots<T>(count: count, window: window ?? max(64, jobs * 16))
        let workers = max(1, min(jobs, count))
        for _ in 0..<workers {
            let thread = Thread {
                while let i = state.nextIndex() {
                    state.put(i, work(i))
                }
            }
            thread.stackSize = 16 << 20  // the verifier recurses over deep programs
            thread.start()
        }
        for i in 0..<count {
            deliver(i, state.take(i))
        }
    }
}

/// Results parked by workers until the consumer takes them in order.
private final class OrderedSlots<T: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private var slots: [Int: T] = [:]
    private var next = 0
    private var consumed = 0
    private let count: Int
    private let window: Int

    init(count: Int, window: Int) {
        self.count = count
        self.window = window
    }

    /// The next item to work on, waiting while workers are too far ahead of the consumer.
    func nextIndex() -> Int? {
        condition.lock()
        defer { condition.unlock() }
        while next < count && next - consumed >= window { condition.wait() }
        guard next < count else { return nil }
        next += 1
        return next - 1
    }

    func put(_ i: Int, _ value: T) {
        condition.lock()
        slots[i] = value
        condition.broadcast()
        condition.unlock()
    }

    func take(_ i: Int) -> T {
        condition.lock()
        defer { condition.unlock() }
        while true {
            if let value = slots.removeValue(forKey: i) {
                consumed = i + 1
                condition.broadcast()
                return value
            }
            condition.wait()
        }
    }
}
