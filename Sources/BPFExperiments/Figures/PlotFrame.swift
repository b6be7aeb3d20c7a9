/// The frame every figure shares: title, plot area, axes with ticks, grid, axis titles with
/// units, and a legend to the right of the plot.
struct PlotFrame {
    var title: String
    var xTitle: String
    var yTitle: String
    var legend: [String]
    var width: Double = 760
    var height: Double = 440

    let left: Double = 72
    let top: Double = 44
    let bottom: Double = 58
    var legendWidth: Double { legend.isEmpty ? 24 : min(260, Double(legend.map(\.count).max() ?? 0) * 7 + 44) }
    var plotRight: Double { width - legendWidth }
    var plotBottom: Double { height - bottom }

    func canvas() -> SVGCanvas {
        var c = SVGCanvas(width: width, height: height)
        c.text(title, width / 2, 24, size: 15, anchor: .middle, bold: true)
        return c
    }

    func xScale(_ lo: Double, _ hi: Double, ticks: Int = 7) -> AxisScale {
        AxisScale(minimum: lo, maximum: hi, pixelLow: left, pixelHigh: plotRight, tickCount: ticks)
    }

    func yScale(_ lo: Double, _ hi: Double, ticks: Int = 6) -> AxisScale {
        AxisScale(minimum: lo, maximum: hi, pixelLow: plotBottom, pixelHigh: top, tickCount: ticks)
    }

    /// Grid lines, tick labels and axis titles; `xLabels` replaces numeric x ticks (bars).
    func drawAxes(_ c: inout SVGCanvas, x: AxisScale?, y: AxisScale, xLabels: [(Double, String)] = []) {
        for t in y.ticks {
            let py = y.pixel(t)
            c.line(left, py, plotRight, py, stroke: "#e3e3e3")
            c.text(y.label(t), left - 8, py + 4, size: 11, anchor: .end)
        }
        if let x {
            for t in x.ticks {
                let px = x.pixel(t)
                c.line(px, top, px, plotBottom, stroke: "#f0f0f0")
                c.text(x.label(t), px, plotBottom + 18, size: 11, anchor: .middle)
            }
        }
        for (px, label) in xLabels {
            c.text(label, px, plotBottom + 18, size: 11, anchor: .middle)
        }
        c.line(left, plotBottom, plotRight, plotBottom, stroke: "#444")
        c.line(left, top, left, plotBottom, stroke: "#444")
        c.text(xTitle, (left + plotRight) / 2, height - 14, size: 12, anchor: .middle)
        c.text(yTitle, 18, (top + plotBottom) / 2, size: 12, anchor: .middle, rotate: true)
    }

    enum KeyStyle { case swatch, marker, line }

    /// A coloured key per series: a swatch (bars), a dot (scatter) or a line sample (CDF).
    func drawLegend(_ c: inout SVGCanvas, style: KeyStyle = .swatch) {
        let x = plotRight + 16
        for (i, label) in legend.enumerated() {
            let y = top + 8 + Double(i) * 20
            switch style {
            case .marker: c.circle(x + 8, y - 4, r: 5, fill: Palette.color(i))
            case .swatch: c.rect(x, y - 9, 16, 10, fill: Palette.color(i))
            case .line: c.polyline([(x, y - 4), (x + 18, y - 4)], stroke: Palette.color(i), width: 2.5, dash: Palette.dash(i))
            }
            c.text(label, x + 22, y, size: 11)
        }
    }

    /// Shown instead of data when there is none, so a figure never silently looks empty.
    func drawEmpty(_ c: inout SVGCanvas, _ note: String) {
        c.text(note, (left + plotRight) / 2, (top + plotBottom) / 2, size: 13, anchor: .middle, fill: "#777")
    }
}
