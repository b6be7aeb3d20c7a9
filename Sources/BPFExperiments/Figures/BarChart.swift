/// Grouped bars: one group per category (x), one bar per series in each group, values on y.
struct BarChart {
    var title: String
    var xTitle: String
    var yTitle: String
    var categories: [String]
    var series: [String]
    /// values[series][category]
    var values: [[Double]]
    var emptyNote = "no data"

    func svg() -> String {
        let frame = PlotFrame(title: title, xTitle: xTitle, yTitle: yTitle, legend: series)
        var c = frame.canvas()
        let maxValue = values.flatMap { $0 }.max() ?? 0
        let y = frame.yScale(0, max(maxValue, 1))
        let groupWidth = (frame.plotRight - frame.left) / Double(max(1, categories.count))
        let barWidth = groupWidth * 0.8 / Double(max(1, series.count))
        let labels = categories.enumerated().map { (frame.left + groupWidth * (Double($0.offset) + 0.5), $0.element) }
        frame.drawAxes(&c, x: nil, y: y, xLabels: labels)
        if categories.isEmpty || maxValue == 0 { frame.drawEmpty(&c, emptyNote) }
        for (si, name) in series.enumerated() {
            for (ci, category) in categories.enumerated() {
                let v = si < values.count && ci < values[si].count ? values[si][ci] : 0
                guard v > 0 else { continue }
                let x0 = frame.left + groupWidth * Double(ci) + groupWidth * 0.1 + barWidth * Double(si)
                let top = y.pixel(v)
                c.rect(x0, top, barWidth - 1, frame.plotBottom - top, fill: Palette.color(si), title: "\(name), \(category): \(ValueText.real(v))")
                c.text(ValueText.real(v), x0 + barWidth / 2, top - 4, size: 10, anchor: .middle)
            }
        }
        frame.drawLegend(&c)
        return c.svg
    }
}
