/// How each design's cost grows with the program (issue 11's scaling curves): descriptor
/// metadata and table stack against the frames of the program and the references it holds at
/// a throw. Meant for `bpfsim gen` corpora, whose sizes are controlled; on any corpus it
/// shows the same relation, noisier.
struct ScalingStudy {
    /// One x value (frames, or references at a throw) and the mean of each series there.
    struct Point {
        var x: Int
        var programs: Int
        /// Mean bytes per series label, in ``series`` order; nil when no program has the metric.
        var means: [Double?]
    }

    /// `descriptor bytes (descriptors/V)` and `table bytes (table/V)` series.
    var series: [String]
    var byFrames: [Point]
    var byReferences: [Point]

    init(_ data: ReportData) {
        // Series: descriptor bytes of each descriptors variant, table bytes of each table variant.
        var metrics: [(String, String, (VerificationRecord) -> Int?)] = []
        for label in data.labels where label.hasPrefix("descriptors/") {
            metrics.append(("descriptor bytes (\(label))", label, { $0.metrics.descriptorBytes }))
        }
        for label in data.labels where label.hasPrefix("table/") {
            metrics.append(("table bytes (\(label))", label, { r in Self.sum(r.metrics.tableBytes) }))
        }
        series = metrics.map(\.0)

        // A program's frames: the subprograms its `stack_depth` lists; its references at a
        // throw: the most any backend saw.
        var frames: [Int: Int] = [:]
        var references: [Int: Int] = [:]
        for v in data.verifications {
            frames[v.programId] = v.record.stackDepth.split(separator: "+").count
            if let r = v.record.metrics.refsAtThrowMax { references[v.programId] = max(references[v.programId] ?? 0, r) }
        }
        func points(_ x: [Int: Int]) -> [Point] {
            let groups = Dictionary(grouping: x.keys, by: { x[$0]! })
            return groups.keys.sorted().map { value in
                let ids = Set(groups[value]!)
                let means = metrics.map { _, label, metric -> Double? in
                    let values = data.verifications(label).filter { ids.contains($0.programId) && $0.record.verdict == "success" }
                        .compactMap { metric($0.record) }
                    return values.isEmpty ? nil : Double(values.reduce(0, +)) / Double(values.count)
                }
                return Point(x: value, programs: ids.count, means: means)
            }
        }
        byFrames = points(frames)
        byReferences = points(references)
    }

    /// `descriptor bytes (descriptors/spill)` -> `descriptors/spill`: the legend has room for little.
    static func shortLabel(_ label: String) -> String {
        guard let open = label.firstIndex(of: "("), label.hasSuffix(")") else { return label }
        return String(label[label.index(after: open)..<label.index(before: label.endIndex)])
    }

    static func sum(_ joined: String?) -> Int? {
        guard let joined, !joined.isEmpty else { return nil }
        return joined.split(separator: "+").compactMap { Int($0) }.reduce(0, +)
    }

    var isEmpty: Bool { series.isEmpty || byFrames.isEmpty }

    func table(_ points: [Point], x: String) -> TextTable {
        let rows = points.map { p in
            ["\(p.x)", "\(p.programs)"] + p.means.map { $0.map { ValueText.fixed($0, 1) } ?? "-" }
        }
        return TextTable(header: [x, "programs"] + series, rows: rows, rightAligned: Set(0..<(series.count + 2)))
    }

    func figure(_ points: [Point], x: String, fileName: String) -> Figure {
        // Variants with the same bytes at every x are drawn once, so no point hides another.
        var groups: [(first: Int, count: Int)] = []
        for i in series.indices {
            if let g = groups.firstIndex(where: { g in points.allSatisfy { $0.means[g.first] == $0.means[i] } }) {
                groups[g].count += 1
            } else {
                groups.append((i, 1))
            }
        }
        let chartSeries = groups.map { group in
            let i = group.first
            return ScatterChart.Series(
                label: Self.shortLabel(series[i]) + (group.count > 1 ? " (+\(group.count - 1) alike)" : ""),
                points: points.compactMap { p in
                    p.means[i].map { (Double(p.x), $0, "\(x) \(p.x): \(ValueText.fixed($0, 1)) bytes over \(p.programs) programs") }
                })
        }
        var chart = ScatterChart(
            title: "Descriptor and table bytes against \(x)", xTitle: x, yTitle: "mean bytes per accepted program",
            series: chartSeries, emptyNote: "no accepted program with descriptors or tables")
        chart.minimumExtent = 4
        return Figure(
            fileName: fileName,
            caption: "Mean descriptor bytes (RFC encoding) and table bytes (all frames) per accepted program, against \(x).",
            svg: chart.svg())
    }
}
