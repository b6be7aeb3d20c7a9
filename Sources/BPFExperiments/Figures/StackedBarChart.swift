/// Horizontal stacked bars: one bar per category (labels on the left, so long
/// `backend/variant` names stay readable), one coloured segment per part, counts on x.
struct StackedBarChart {
    var title: String
    var xTitle: String
    var categories: [String]
    var parts: [String]
    /// values[category][part]
    var values: [[Double]]

    func svg() -> String {
        let labelWidth = Double(min(40, categories.map(\.count).max() ?? 10)) * 7 + 16
        let rowHeight = 24.0
        var frame = PlotFrame(title: title, xTitle: xTitle, yTitle: "", legend: parts)
        frame.height = max(200, 44 + 58 + rowHeight * Double(categories.count))
        var c = frame.canvas()
        let totals = values.map { $0.reduce(0, +) }
        let x = AxisScale(minimum: 0, maximum: max(totals.max() ?? 1, 1), pixelLow: labelWidth, pixelHigh: frame.plotRight, tickCount: 6)
        for t in x.ticks {
            let px = x.pixel(t)
            c.line(px, frame.top, px, frame.plotBottom, stroke: "#e3e3e3")
            c.text(x.label(t), px, frame.plotBottom + 18, size: 11, anchor: .middle)
        }
        c.line(labelWidth, frame.plotBottom, frame.plotRight, frame.plotBottom, stroke: "#444")
        c.text(xTitle, (labelWidth + frame.plotRight) / 2, frame.height - 14, size: 12, anchor: .middle)
        for (ci, category) in categories.enumerated() {
            let y = frame.top + rowHeight * Double(ci) + 3
            c.text(category, labelWidth - 8, y + rowHeight / 2 + 1, size: 11, anchor: .end)
            var start = 0.0
            for (pi, part) in parts.enumerated() {
                let v = pi < values[ci].count ? values[ci][pi] : 0
                guard v > 0 else { continue }
                let x0 = x.pixel(start), x1 = x.pixel(start + v)
                c.rect(x0, y, x1 - x0, rowHeight - 6, fill: Palette.color(pi), stroke: "white", title: "\(category), \(part): \(ValueText.real(v))")
                if x1 - x0 >= 14 { c.text(ValueText.real(v), (x0 + x1) / 2, y + rowHeight / 2 + 1, size: 10, anchor: .middle, fill: "white") }
                start += v
            }
        }
        frame.drawLegend(&c)
        return c.svg
    }
}
