/// The distribution of a per-program value over programs, one empirical CDF per series: the
/// fraction of programs (y) whose value is at most x. A step line per backend and variant.
struct CDFChart {
    struct Series {
        var label: String
        var values: [Double]
    }

    var title: String
    var xTitle: String
    var series: [Series]
    var emptyNote = "no data"

    func svg() -> String {
        let shown = series.filter { !$0.values.isEmpty }
        let frame = PlotFrame(title: title, xTitle: xTitle, yTitle: "fraction of programs (CDF)", legend: shown.map { "\($0.label) (n=\($0.values.count))" })
        var c = frame.canvas()
        let all = shown.flatMap(\.values)
        let x = frame.xScale(min(0, all.min() ?? 0), all.max() ?? 1)
        let y = frame.yScale(0, 1, ticks: 5)
        frame.drawAxes(&c, x: x, y: y)
        if shown.isEmpty { frame.drawEmpty(&c, emptyNote) }
        for (i, s) in series.enumerated() where !s.values.isEmpty {
            let sorted = s.values.sorted()
            var points: [(Double, Double)] = [(x.pixel(x.lower), y.pixel(0))]
            var k = 0
            while k < sorted.count {
                let v = sorted[k]
                var j = k
                while j < sorted.count && sorted[j] == v { j += 1 }
                let before = Double(k) / Double(sorted.count), after = Double(j) / Double(sorted.count)
                points.append((x.pixel(v), y.pixel(before)))
                points.append((x.pixel(v), y.pixel(after)))
                k = j
            }
            points.append((x.pixel(x.upper), y.pixel(1)))
            let key = shown.firstIndex { $0.label == s.label } ?? i
            c.polyline(points, stroke: Palette.color(key), dash: Palette.dash(key))
        }
        frame.drawLegend(&c, style: .line)
        return c.svg
    }
}
