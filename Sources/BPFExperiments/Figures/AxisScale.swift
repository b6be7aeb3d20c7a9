import Foundation

/// A linear axis with "nice" tick values (1, 2, 2.5, 5 x 10^k), mapping data values to pixels.
struct AxisScale {
    let lower: Double
    let upper: Double
    let ticks: [Double]
    let pixelLow: Double
    let pixelHigh: Double

    /// Covers `minimum...maximum` (widened when empty) with about `tickCount` ticks.
    init(minimum: Double, maximum: Double, pixelLow: Double, pixelHigh: Double, tickCount: Int = 6) {
        var lo = minimum, hi = maximum
        if !(lo.isFinite && hi.isFinite) { lo = 0; hi = 1 }
        if hi <= lo { hi = lo + (lo == 0 ? 1 : abs(lo) * 0.5) }
        let step = AxisScale.niceStep((hi - lo) / Double(max(1, tickCount)))
        let lower = (lo / step).rounded(.down) * step
        let upper = (hi / step).rounded(.up) * step
        self.lower = lower
        self.upper = upper
        // Each tick from its index, rounded to the step's decimals, so 3 x 0.2 prints as 0.6.
        let scale = pow(10, max(0, (-log10(step)).rounded(.up) + 1))
        let count = Int(((upper - lower) / step).rounded())
        ticks = (0...count).map { i in
            let v = ((lower + Double(i) * step) * scale).rounded() / scale
            return v == 0 ? 0 : v
        }
        self.pixelLow = pixelLow
        self.pixelHigh = pixelHigh
    }

    static func niceStep(_ raw: Double) -> Double {
        guard raw > 0 && raw.isFinite else { return 1 }
        let magnitude = pow(10, (log10(raw)).rounded(.down))
        let fraction = raw / magnitude
        // The nearest nice value, so the tick count stays close to the one asked for.
        let nice: Double = fraction <= 1.5 ? 1 : fraction <= 2.25 ? 2 : fraction <= 3.5 ? 2.5 : fraction <= 7.5 ? 5 : 10
        return nice * magnitude
    }

    func pixel(_ v: Double) -> Double {
        pixelLow + (v - lower) / (upper - lower) * (pixelHigh - pixelLow)
    }

    /// Tick labels: as few decimals as the step needs.
    func label(_ v: Double) -> String {
        let step = ticks.count > 1 ? ticks[1] - ticks[0] : 1
        let decimals = step >= 1 ? 0 : min(4, Int((-log10(step)).rounded(.up)))
        if decimals == 0 {
            let i = Int(v.rounded())
            return abs(i) >= 10_000 ? AxisScale.grouped(i) : String(i)
        }
        return String(format: "%.\(decimals)f", v)
    }

    static func grouped(_ i: Int) -> String {
        let digits = String(abs(i))
        var out = ""
        for (k, ch) in digits.reversed().enumerated() {
            if k > 0 && k % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return (i < 0 ? "-" : "") + String(out.reversed())
    }
}
