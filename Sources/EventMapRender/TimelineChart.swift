import EventMapCore
import Foundation

/// One event as the timeline counts it.
public struct TimelineEvent: Sendable, Hashable {
    public var date: EventDate?
    /// ACLED's event type (the bar's colour), nil when unknown.
    public var eventType: String?
    public var fatalities: Int?

    public init(date: EventDate?, eventType: String?, fatalities: Int?) {
        self.date = date
        self.eventType = eventType
        self.fatalities = fatalities
    }
}

/// The period each bar counts.
public enum TimelineBin: String, Sendable, CaseIterable {
    /// Weeks for a span of up to a year, months beyond.
    case auto
    /// Weeks from Monday to Sunday (ISO 8601).
    case week
    /// Calendar months.
    case month
}

/// A timeline of events: one bar per week or month, stacked by event type in the map's colours,
/// fatalities as a line on a second axis. SVG 1.1, deterministic, no scripts.
public enum TimelineChart {
    /// What the chart shows, for the command's summary and for tests.
    public struct Stats: Sendable, Equatable {
        /// `week` or `month`.
        public var bin: TimelineBin
        public var bars: Int
        /// Events counted in the bars.
        public var counted: Int
        /// Events without a date, left out (and said so under the chart).
        public var undated: Int
        /// Events dated only to a month or a year, left out of weekly bars (said so too).
        public var tooCoarse: Int
        /// Each bar's count by type, in bar order (types in the legend's order).
        public var counts: [[Int]]
        public var fatalities: [Int]
        public var types: [String]
    }

    /// The chart as SVG, `width` × `height` pixels.
    /// - Throws: ``RenderError/nothingToDraw`` when no event has a date the bins can count.
    public static func svg(events: [TimelineEvent], bin: TimelineBin = .auto, title: String, width: Int = 1000, height: Int = 360) throws(RenderError) -> (
        svg: String, stats: Stats
    ) {
        let dated = events.compactMap { e in e.date.map { (date: $0, event: e) } }
        guard let firstDay = dated.map({ $0.date.period.first }).min(), let lastDay = dated.map({ $0.date.period.last }).max() else {
            throw .nothingToDraw
        }
        let chosen: TimelineBin = bin != .auto ? bin : (lastDay.value - firstDay.value <= 366 ? .week : .month)
        // Bars from the first period to the last, empty ones included.
        func key(_ date: EventDate) -> Int? {
            switch chosen {
            case .month: return date.month.map { date.year * 12 + ($0 - 1) }
            default:
                guard let month = date.month, let day = date.day else { return nil }
                let n = DayNumber(year: date.year, month: month, day: day).value
                // Day 0 (0000-03-01) was a Wednesday: Monday is where (n + 2) % 7 == 0.
                return n - ((n + 2) % 7 + 7) % 7
            }
        }
        let keyed = dated.map { (key: key($0.date), event: $0.event) }
        let keys = keyed.compactMap(\.key)
        guard let low = keys.min(), let high = keys.max() else { throw .nothingToDraw }
        let step = chosen == .month ? 1 : 7
        let barKeys = Array(stride(from: low, through: high, by: step))
        let index = Dictionary(uniqueKeysWithValues: barKeys.enumerated().map { ($1, $0) })
        // Types in ACLED's order, then others by count.
        var typeCounts: [String: Int] = [:]
        for item in keyed where item.key != nil { typeCounts[item.event.eventType ?? "Unknown", default: 0] += 1 }
        let known = EventStyle.types.map(\.name).filter { typeCounts[$0] != nil }
        let others = typeCounts.keys.filter { !known.contains($0) }.sorted { typeCounts[$0]! != typeCounts[$1]! ? typeCounts[$0]! > typeCounts[$1]! : $0 < $1 }
        let types = known + others
        let typeIndex = Dictionary(uniqueKeysWithValues: types.enumerated().map { ($1, $0) })
        var counts = [[Int]](repeating: [Int](repeating: 0, count: types.count), count: barKeys.count)
        var fatalities = [Int](repeating: 0, count: barKeys.count)
        for item in keyed {
            guard let key = item.key, let bar = index[key] else { continue }
            counts[bar][typeIndex[item.event.eventType ?? "Unknown"]!] += 1
            fatalities[bar] += item.event.fatalities ?? 0
        }
        let stats = Stats(
            bin: chosen, bars: barKeys.count, counted: keys.count, undated: events.count - dated.count, tooCoarse: dated.count - keys.count,
            counts: counts, fatalities: fatalities, types: types)

        // Layout: the plot between two axes, the legend and notes below.
        let w = Double(width), h = Double(height)
        // The legend's entries, in rows that fit the width.
        var legendRows: [[(text: String, type: String, x: Double)]] = [[]]
        var cursor = 56.0
        for type in types {
            let text = "\(type) (\(typeCounts[type] ?? 0))"
            let advance = 14 + TextMetrics.width(text, fontSize: 10) + 14
            if cursor + advance > w - 10 && !legendRows[legendRows.count - 1].isEmpty {
                legendRows.append([])
                cursor = 56.0
            }
            legendRows[legendRows.count - 1].append((text, type, cursor))
            cursor += advance
        }
        let left = 56.0, right = 64.0, top = 64.0, bottom = 70.0 + 16 * Double(legendRows.count)
        let plot = Rect(x: left, y: top, width: w - left - right, height: h - top - bottom)
        let maxCount = counts.map { $0.reduce(0, +) }.max() ?? 0
        let countAxis = niceAxis(maxCount)
        let maxDeaths = fatalities.max() ?? 0
        let deathAxis = niceAxis(maxDeaths)
        let slot = plot.width / Double(barKeys.count)
        let barWidth = max(1, slot * 0.8)

        var svg = SVGWriter()
        svg.raw("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        svg.open(
            "svg",
            [
                ("xmlns", "http://www.w3.org/2000/svg"), ("version", "1.1"), ("width", "\(width)"), ("height", "\(height)"),
                ("viewBox", "0 0 \(width) \(height)"), ("font-family", "DejaVu Sans, Arial, sans-serif"),
            ])
        svg.open("rect", [("width", "\(width)"), ("height", "\(height)"), ("fill", "#FFFFFF")], close: true)
        svg.element("text", [("x", "14"), ("y", "24"), ("font-size", "16"), ("font-weight", "bold"), ("fill", "#262626")], text: title)
        let periodWord = chosen == .month ? "month" : "week (Monday to Sunday)"
        svg.element(
            "text", [("x", "14"), ("y", "42"), ("font-size", "11"), ("fill", "#555555")],
            text: "Events per \(periodWord) by type (left axis); fatalities per \(chosen == .month ? "month" : "week") (line, right axis)")
        // Grid lines and the left axis.
        for tick in countAxis.ticks {
            let y = plot.maxY - Double(tick) / Double(countAxis.top) * plot.height
            svg.open(
                "line",
                [("x1", SVGWriter.number(plot.x)), ("x2", SVGWriter.number(plot.maxX)), ("y1", SVGWriter.number(y)), ("y2", SVGWriter.number(y)), ("stroke", "#E3E3E3"), ("stroke-width", "1")],
                close: true)
            svg.element(
                "text", [("x", SVGWriter.number(plot.x - 6)), ("y", SVGWriter.number(y + 4)), ("font-size", "10"), ("text-anchor", "end"), ("fill", "#444444")],
                text: "\(tick)")
        }
        // Bars, stacked in the legend's order from the bottom.
        for (bar, byType) in counts.enumerated() {
            var base = plot.maxY
            let x = plot.x + Double(bar) * slot + (slot - barWidth) / 2
            for (t, n) in byType.enumerated() where n > 0 {
                let height = Double(n) / Double(countAxis.top) * plot.height
                svg.open(
                    "rect",
                    [
                        ("x", SVGWriter.number(x)), ("y", SVGWriter.number(base - height)), ("width", SVGWriter.number(barWidth)),
                        ("height", SVGWriter.number(height)), ("fill", EventStyle.hex(EventStyle.rgb(for: types[t]))),
                    ], close: true)
                base -= height
            }
        }
        // The fatalities line on the right axis, with a white halo so it reads over the bars.
        if maxDeaths > 0 {
            let points = fatalities.enumerated().map { bar, n in
                Point(x: plot.x + (Double(bar) + 0.5) * slot, y: plot.maxY - Double(n) / Double(deathAxis.top) * plot.height)
            }
            let d = SVGWriter.path([points], closed: false)
            svg.open("path", [("d", d), ("fill", "none"), ("stroke", "#FFFFFF"), ("stroke-width", "4"), ("stroke-linejoin", "round")], close: true)
            svg.open("path", [("d", d), ("fill", "none"), ("stroke", "#262626"), ("stroke-width", "1.6"), ("stroke-linejoin", "round")], close: true)
            for tick in deathAxis.ticks {
                let y = plot.maxY - Double(tick) / Double(deathAxis.top) * plot.height
                svg.element(
                    "text", [("x", SVGWriter.number(plot.maxX + 6)), ("y", SVGWriter.number(y + 4)), ("font-size", "10"), ("fill", "#444444")],
                    text: "\(tick)")
            }
            svg.element(
                "text",
                [("x", SVGWriter.number(w - 10)), ("y", SVGWriter.number(plot.y - 8)), ("font-size", "10"), ("text-anchor", "end"), ("fill", "#444444")],
                text: "fatalities")
        }
        svg.element("text", [("x", SVGWriter.number(plot.x - 6)), ("y", SVGWriter.number(plot.y - 8)), ("font-size", "10"), ("text-anchor", "end"), ("fill", "#444444")], text: "events")
        // The time axis: a label wherever there is room (at least 8 px between labels).
        svg.open(
            "line", [("x1", SVGWriter.number(plot.x)), ("x2", SVGWriter.number(plot.maxX)), ("y1", SVGWriter.number(plot.maxY)), ("y2", SVGWriter.number(plot.maxY)), ("stroke", "#444444")],
            close: true)
        let labels = barKeys.map { label(key: $0, bin: chosen) }
        let widest = labels.map { TextMetrics.width($0, fontSize: 10) }.max() ?? 0
        let every = max(1, Int(((widest + 8) / slot).rounded(.up)))
        for (bar, text) in labels.enumerated() where bar % every == 0 {
            let x = plot.x + (Double(bar) + 0.5) * slot
            svg.open(
                "line", [("x1", SVGWriter.number(x)), ("x2", SVGWriter.number(x)), ("y1", SVGWriter.number(plot.maxY)), ("y2", SVGWriter.number(plot.maxY + 4)), ("stroke", "#444444")], close: true)
            svg.element("text", [("x", SVGWriter.number(x)), ("y", SVGWriter.number(plot.maxY + 16)), ("font-size", "10"), ("text-anchor", "middle"), ("fill", "#444444")], text: text)
        }
        // Legend: the types with their totals, the line, and what was left out.
        var legendY = plot.maxY + 34
        for (row, entries) in legendRows.enumerated() {
            if row > 0 { legendY += 16 }
            for entry in entries {
                svg.open(
                    "rect",
                    [("x", SVGWriter.number(entry.x)), ("y", SVGWriter.number(legendY - 9)), ("width", "10"), ("height", "10"), ("fill", EventStyle.hex(EventStyle.rgb(for: entry.type)))],
                    close: true)
                svg.element("text", [("x", SVGWriter.number(entry.x + 14)), ("y", SVGWriter.number(legendY)), ("font-size", "10"), ("fill", "#333333")], text: entry.text)
            }
        }
        var notes: [String] = []
        if maxDeaths > 0 { notes.append("line: fatalities, \(fatalities.reduce(0, +)) in all") }
        if stats.undated > 0 { notes.append("\(stats.undated) undated event\(stats.undated == 1 ? "" : "s") left out") }
        if stats.tooCoarse > 0 { notes.append("\(stats.tooCoarse) dated only to a month or a year left out of weekly bars (--by month counts them)") }
        if !notes.isEmpty {
            svg.element("text", [("x", SVGWriter.number(plot.x)), ("y", SVGWriter.number(legendY + 18)), ("font-size", "10"), ("fill", "#555555")], text: notes.joined(separator: "; "))
        }
        svg.close("svg")
        return (svg.text, stats)
    }

    /// Two SVG documents of one width as one, `top` above `bottom` (nested `<svg>` elements, as
    /// SVG 1.1 allows): a map with its timeline under it.
    public static func stack(_ top: String, height topHeight: Int, above bottom: String, height bottomHeight: Int, width: Int) -> String {
        func body(_ svg: String) -> Substring {
            guard let start = svg.range(of: "<svg ") else { return Substring(svg) }
            return svg[start.lowerBound...]
        }
        var lower = String(body(bottom))
        lower.replaceSubrange(lower.range(of: "<svg ")!, with: "<svg y=\"\(topHeight)\" ")
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            + "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" version=\"1.1\" width=\"\(width)\" height=\"\(topHeight + bottomHeight)\" viewBox=\"0 0 \(width) \(topHeight + bottomHeight)\">\n"
            + body(top) + lower + "</svg>\n"
    }

    /// A bar's label: `2019-10` for a month, `2019-10-07` for the week starting that Monday.
    static func label(key: Int, bin: TimelineBin) -> String {
        if bin == .month { return String(format: "%04d-%02d", key / 12, key % 12 + 1) }
        return "\(DayNumber(year: 0, month: 3, day: 1).adding(days: key).date)"
    }

    /// An axis from 0 to a round top above `maximum`, with 4 to 6 round ticks.
    static func niceAxis(_ maximum: Int) -> (top: Int, ticks: [Int]) {
        guard maximum > 0 else { return (1, [0, 1]) }
        var unit = 1
        while maximum / unit > 10 { unit *= 10 }
        let step = [1, 2, 5, 10].map { $0 * unit }.first { maximum / $0 <= 5 } ?? 10 * unit
        let top = ((maximum + step - 1) / step) * step
        return (top, Array(stride(from: 0, through: top, by: step)))
    }
}
