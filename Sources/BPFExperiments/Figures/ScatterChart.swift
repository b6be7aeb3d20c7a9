/// Points per series against two numeric axes, with optional reference lines (a limit, the
/// diagonal y = x) drawn dashed and labelled.
struct ScatterChart {
    struct Series {
        var label: String
        var points: [(x: Double, y: Double, title: String)]
    }

    struct Reference {
        enum Shape { case horizontal(Double), diagonal }
        var shape: Shape
        var label: String
    }

    var title: String
    var xTitle: String
    var yTitle: String
    var series: [Series]
    var references: [Reference] = []
    var emptyNote = "no data"
    /// The smallest range an axis spans (so integral units such as bytes keep whole ticks).
    var minimumExtent = 10.0

    func svg() -> String {
        let frame = PlotFrame(title: title, xTitle: xTitle, yTitle: yTitle, legend: series.map { "\($0.label) (n=\($0.points.count))" })
        var c = frame.canvas()
        let xs = series.flatMap { $0.points.map(\.x) }, ys = series.flatMap { $0.points.map(\.y) }
        var yMax = ys.max() ?? 1
        for r in references { if case .horizontal(let v) = r.shape { yMax = max(yMax, v * 1.05) } }
        let x = frame.xScale(0, max(xs.max() ?? 0, minimumExtent))
        let y = frame.yScale(0, max(yMax, minimumExtent))
        frame.drawAxes(&c, x: x, y: y)
        if xs.isEmpty { frame.drawEmpty(&c, emptyNote) }
        for r in references {
            switch r.shape {
            case .horizontal(let v):
                c.line(frame.left, y.pixel(v), frame.plotRight, y.pixel(v), stroke: "#B22222", width: 1.5, dash: "6 4")
                // At the left: the points crowd the top right, where the diagonal ends.
                c.text(r.label, frame.left + 6, y.pixel(v) - 6, size: 11, anchor: .start, fill: "#B22222")
            case .diagonal:
                let top = min(x.upper, y.upper)
                c.line(x.pixel(0), y.pixel(0), x.pixel(top), y.pixel(top), stroke: "#888", width: 1, dash: "3 3")
                let mid = top * 0.6
                c.text(r.label, x.pixel(mid) + 6, y.pixel(mid) + 14, size: 11, anchor: .start, fill: "#666")
            }
        }
        for (i, s) in series.enumerated() {
            for p in s.points {
                c.circle(x.pixel(p.x), y.pixel(p.y), r: 4, fill: Palette.color(i), opacity: 0.7, title: p.title)
            }
        }
        frame.drawLegend(&c, style: .marker)
        return c.svg
    }
}
