import Testing

@testable import BPFExperiments

/// The figure code: nice axis ticks and deterministic SVG text.
@Suite struct ChartTests {
    @Test(arguments: [
        (0.0, 512.0, 6, [0.0, 100, 200, 300, 400, 500, 600]),
        (0.0, 1.0, 5, [0.0, 0.2, 0.4, 0.6, 0.8, 1.0]),
        (0.0, 37.0, 7, [0.0, 5, 10, 15, 20, 25, 30, 35, 40]),
        (3.0, 3.0, 4, [3.0, 3.5, 4.0, 4.5]),
    ])
    func niceTicks(_ lo: Double, _ hi: Double, _ count: Int, _ ticks: [Double]) {
        let axis = AxisScale(minimum: lo, maximum: hi, pixelLow: 0, pixelHigh: 100, tickCount: count)
        #expect(axis.ticks == ticks, "\(lo)...\(hi): \(axis.ticks)")
        #expect(axis.pixel(axis.lower) == 0 && axis.pixel(axis.upper) == 100)
    }

    @Test func sameDataSameBytes() {
        let a = CDFChart(title: "t", xTitle: "x (%)", series: [.init(label: "a", values: [3, 1, 2]), .init(label: "b", values: [])]).svg()
        let b = CDFChart(title: "t", xTitle: "x (%)", series: [.init(label: "a", values: [1, 2, 3]), .init(label: "b", values: [])]).svg()
        #expect(a == b)
        #expect(a.contains("a (n=3)") && !a.contains("b (n=0)"))
    }

    @Test(arguments: [("plain", "plain"), ("a,b", "\"a,b\""), ("say \"hi\"", "\"say \"\"hi\"\"\""), ("two\nlines", "\"two\nlines\"")])
    func csvQuoting(_ raw: String, _ quoted: String) {
        #expect(CSVExport.quote(raw) == quoted)
    }
}
