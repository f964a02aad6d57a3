import EventMapCore
import Foundation

/// The events as drawn: symbols (one per event) or hexagons (counts per area).
struct EventMarks {
    /// A category's colour and its count among the events shown.
    struct Category { var name: String; var colour: String; var count: Int }
    /// One symbol: a definition id and where it goes.
    struct Symbol { var definition: Int; var at: Point; var radius: Double }
    struct Hexagon { var corners: [Point]; var colour: String; var count: Int }
    /// A labelled place: the name, the point it belongs to (where its first event is, not where a
    /// crowded symbol was moved to), the radius of the symbol drawn there, how many events.
    struct PlaceMark { var name: String; var at: Point; var radius: Double; var count: Int }

    var categories: [Category] = []
    /// Event types among the shown events, with counts, in ACLED's order then others.
    var types: [(name: String, count: Int)] = []
    /// Symbol definitions: shape, radius, colour.
    var definitions: [(shape: EventStyle.Shape, radius: Double, colour: String)] = []
    var symbols: [Symbol] = []
    var hexagons: [Hexagon] = []
    var hexagonWidth: Double?
    var maxFatalities = 0
    /// The earliest and latest dates among the events shown, and how many have none.
    var firstDate: String?
    var lastDate: String?
    var undated = 0
    var places: [PlaceMark] = []
    /// Rectangles labels must keep clear of.
    var obstacles: [Rect] = []

    /// Shades for hexagons by count, the first thing a reader sees: 1, 2–4, 5–19, 20–99, 100+,
    /// light to dark (ColorBrewer's five-class Greys, without its near-white first class, so that
    /// one event still shows on the land colour). Hue is left to the event types, drawn as a dot.
    static let hexClasses: [(least: Int, label: String, fill: String)] = [
        (1, "1", "#D9D9D9"), (2, "2–4", "#BDBDBD"), (5, "5–19", "#969696"), (20, "20–99", "#636363"), (100, "100+", "#252525"),
    ]

    /// The shade of a hexagon holding `count` events.
    static func fill(count: Int) -> String { hexClasses.last { count >= $0.least }!.fill }

    /// The dot of the most frequent type: a third of the hexagon's inner radius, at most 5 px;
    /// hexagons smaller than 6 px across get none (their shade says enough).
    static func dotRadius(corners: [Point]) -> Double? {
        guard corners.count >= 2 else { return nil }
        let across = corners.map(\.x).max()! - corners.map(\.x).min()!
        guard across >= 6 else { return nil }
        return min(5, across / 6)
    }

    func writeDefinitions(_ svg: inout SVGWriter) {
        for (i, d) in definitions.enumerated() {
            svg.open(
                "path",
                [
                    ("id", "s\(i)"), ("d", Symbols.path(d.shape, radius: d.radius)), ("fill", d.colour),
                    ("stroke", "#FFFFFF"), ("stroke-width", "0.9"),
                ], close: true)
        }
    }

    func write(_ svg: inout SVGWriter) {
        if !hexagons.isEmpty {
            svg.open("g", [("id", "events"), ("stroke", "#FFFFFF"), ("stroke-width", "0.6")])
            for h in hexagons {
                svg.open(
                    "path", [("d", SVGWriter.path([h.corners], closed: true)), ("fill", EventMarks.fill(count: h.count)), ("fill-opacity", "0.9")],
                    close: true)
            }
            // The most frequent type (or --color-by value) as a dot in the middle.
            for h in hexagons {
                guard let r = EventMarks.dotRadius(corners: h.corners) else { continue }
                let cx = h.corners.map(\.x).reduce(0, +) / Double(h.corners.count), cy = h.corners.map(\.y).reduce(0, +) / Double(h.corners.count)
                svg.open(
                    "circle",
                    [("cx", SVGWriter.number(cx)), ("cy", SVGWriter.number(cy)), ("r", SVGWriter.number(r)), ("fill", h.colour), ("stroke-width", "0.8")],
                    close: true)
            }
            svg.close("g")
        } else if !symbols.isEmpty {
            svg.open("g", [("id", "events")])
            for s in symbols {
                svg.open("use", [("xlink:href", "#s\(s.definition)"), ("x", SVGWriter.number(s.at.x)), ("y", SVGWriter.number(s.at.y))], close: true)
            }
            svg.close("g")
        }
    }
}

extension MapBuilder {
    /// The palette for categories other than event types, most frequent category first: six
    /// Okabe–Ito colours (not its yellow, too pale on white, nor its black, which turns into the
    /// greys of the hexagon shading) and Paul Tol's wine; the rest share grey as "Other".
    static let categoryPalette: [UInt32] = [0x0072B2, 0xD55E00, 0x009E73, 0xCC79A7, 0xE69F00, 0x56B4E9, 0x882255]

    /// Projects the events, keeps those in view, picks colours, then draws symbols or hexagons.
    mutating func eventMarks() throws(RenderError) -> EventMarks {
        var marks = EventMarks()
        let projected = pixels(events.map(\.coordinate))
        let view = frame.mapRect
        var shown: [Int] = []
        for (i, p) in projected.enumerated() {
            if p.x.isFinite && p.y.isFinite && view.contains(p) { shown.append(i) } else { stats.eventsOutside += 1 }
        }
        stats.eventsShown = shown.count

        // Categories and their colours.
        var counts: [String: Int] = [:]
        for i in shown { counts[events[i].category ?? "Unknown", default: 0] += 1 }
        var colourOf: [String: String] = [:]
        if options.colorField == Event.Field.eventType.rawValue {
            for (name, rgb) in EventStyle.types where counts[name] != nil {
                colourOf[name] = SVGWriter.colour(rgb)
                marks.categories.append(.init(name: name, colour: colourOf[name]!, count: counts[name]!))
            }
            let others = counts.filter { colourOf[$0.key] == nil }.values.reduce(0, +)
            if others > 0 { marks.categories.append(.init(name: "Other or unknown", colour: SVGWriter.colour(EventStyle.otherRGB), count: others)) }
        } else {
            let ranked = counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            let named = ranked.filter { $0.key != "Unknown" }
            for (rank, entry) in named.prefix(MapBuilder.categoryPalette.count).enumerated() {
                colourOf[entry.key] = SVGWriter.colour(MapBuilder.categoryPalette[rank])
                marks.categories.append(.init(name: entry.key, colour: colourOf[entry.key]!, count: entry.value))
            }
            let others = counts.filter { colourOf[$0.key] == nil }.values.reduce(0, +)
            if others > 0 { marks.categories.append(.init(name: "Other or unknown", colour: "#999999", count: others)) }
        }
        let fallback = marks.categories.last?.colour ?? "#999999"
        func colour(_ e: MapEvent) -> String { colourOf[e.category ?? "Unknown"] ?? fallback }

        var typeCounts: [String: Int] = [:]
        for i in shown { typeCounts[events[i].eventType ?? "", default: 0] += 1 }
        for (name, _) in EventStyle.types where typeCounts[name] != nil { marks.types.append((name, typeCounts[name]!)) }
        let otherTypes = typeCounts.filter { k, _ in !EventStyle.types.contains { $0.name == k } }.values.reduce(0, +)
        if otherTypes > 0 { marks.types.append(("Other or unknown", otherTypes)) }
        marks.maxFatalities = shown.compactMap { events[$0].fatalities }.max() ?? 0
        let dates = shown.compactMap { events[$0].date }.filter { !$0.isEmpty }
        marks.firstDate = dates.min()
        marks.lastDate = dates.max()
        marks.undated = shown.count - dates.count

        // Where each symbol ended up, by event index (empty when aggregated).
        var finalPosition: [Int: (Point, Double)] = [:]

        // Aggregate or not.
        var hexWidth: Double?
        switch options.aggregation {
        case .none: hexWidth = nil
        case let .hexagons(w): hexWidth = w
        case .auto:
            var occupied = Set<Int>()
            for i in shown { occupied.insert(Int(projected[i].x / 8) &* 100_003 &+ Int(projected[i].y / 8)) }
            let crowded = shown.count > 1500 || (shown.count > 300 && Double(shown.count) > 2.5 * Double(occupied.count))
            // The size follows the map's extent on the ground, not its width in pixels: the same
            // events in the same box give the same hexagons at any --width.
            if crowded { hexWidth = MapBuilder.niceLength(frame.mapRect.width * frame.metresPerPixel / MapBuilder.hexagonsAcross) }
        }

        if let hexWidth {
            marks.hexagonWidth = hexWidth
            stats.hexagonWidthMetres = hexWidth
            let grid = HexGrid(width: hexWidth)
            var cells: [HexGrid.Cell: [String: Int]] = [:]
            let metres = projector.project(shown.map { events[$0].coordinate })
            for (k, i) in shown.enumerated() {
                let c = grid.cell(x: metres[k].longitude, y: metres[k].latitude)
                cells[c, default: [:]][events[i].category ?? "Unknown", default: 0] += 1
            }
            let order = Dictionary(uniqueKeysWithValues: marks.categories.enumerated().map { ($1.name, $0) })
            for cell in cells.keys.sorted() {
                let byCategory = cells[cell]!
                let total = byCategory.values.reduce(0, +)
                // The most frequent category; ties go to the one listed first in the legend.
                let top = byCategory.max { a, b in a.value != b.value ? a.value < b.value : (order[a.key] ?? 99) > (order[b.key] ?? 99) }!.key
                let corners = grid.corners(cell).map { frame.pixel(x: $0.x, y: $0.y) }
                marks.hexagons.append(.init(corners: corners, colour: colourOf[top] ?? fallback, count: total))
            }
            stats.hexagons = marks.hexagons.count
        } else {
            // Symbols that would cover one another move out along a spiral until they are clear
            // (for up to 3,000 events; beyond that aggregation is the better answer).
            var placed: [(index: Int, at: Point, radius: Double)] = []
            var grid: [Int: [Int]] = [:]
            let cell = 24.0
            func key(_ cx: Int, _ cy: Int) -> Int { (cx &+ 4096) &* 8192 &+ (cy &+ 4096) }
            func clear(_ p: Point, _ r: Double) -> Bool {
                let cx = Int((p.x / cell).rounded(.down)), cy = Int((p.y / cell).rounded(.down))
                for dx in -1...1 {
                    for dy in -1...1 {
                        for j in grid[key(cx + dx, cy + dy)] ?? [] {
                            let q = placed[j]
                            let d = ((q.at.x - p.x) * (q.at.x - p.x) + (q.at.y - p.y) * (q.at.y - p.y)).squareRoot()
                            if d < 0.9 * (r + q.radius) { return false }
                        }
                    }
                }
                return true
            }
            let dodge = shown.count <= 3000
            for i in shown {
                let p = projected[i]
                let r = Symbols.radius(fatalities: events[i].fatalities)
                var at = p
                if dodge && !clear(p, r) {
                    for k in 1...24 {
                        let angle = Double(k) * 137.508 * .pi / 180
                        let distance = 1.1 * r * Double(k).squareRoot()
                        let candidate = Point(x: p.x + distance * cos(angle), y: p.y + distance * sin(angle))
                        if clear(candidate, r) { at = candidate; break }
                    }
                }
                placed.append((i, at, r))
                if dodge { grid[key(Int((at.x / cell).rounded(.down)), Int((at.y / cell).rounded(.down))), default: []].append(placed.count - 1) }
            }
            for entry in placed { finalPosition[entry.index] = (entry.at, entry.radius) }
            // Big symbols first, so small ones on top stay visible; otherwise input order.
            let drawOrder = placed.indices.sorted { placed[$0].radius != placed[$1].radius ? placed[$0].radius > placed[$1].radius : $0 < $1 }
            var definitionIndex: [String: Int] = [:]
            for j in drawOrder {
                let (i, at, r) = placed[j]
                let shape = EventStyle.shape(for: events[i].eventType)
                let fill = colour(events[i])
                let key = "\(shape.rawValue)|\(r)|\(fill)"
                let id: Int
                if let known = definitionIndex[key] {
                    id = known
                } else {
                    id = marks.definitions.count
                    definitionIndex[key] = id
                    marks.definitions.append((shape, r, fill))
                }
                marks.symbols.append(.init(definition: id, at: at, radius: r))
                marks.obstacles.append(Rect(x: at.x - r * 1.2, y: at.y - r * 1.2, width: r * 2.4, height: r * 2.4))
            }
        }

        // Places to label: events grouped by the place they name, anchored where the place is;
        // the label goes beside the symbol drawn there (the placer moves it out, with a leader
        // line, when the group's other symbols crowd that spot).
        var groups: [String: (at: Point, radius: Double, count: Int)] = [:]
        for i in shown {
            guard let name = events[i].place?.trimmingWhitespace(), !name.isEmpty else { continue }
            let p = projected[i]
            var g = groups[name] ?? (p, 0, 0)
            g.count += 1
            if let (at, r) = finalPosition[i], abs(at.x - g.at.x) < 1, abs(at.y - g.at.y) < 1 { g.radius = max(g.radius, r) }
            groups[name] = g
        }
        marks.places = groups.map { EventMarks.PlaceMark(name: $0.key, at: $0.value.at, radius: $0.value.radius, count: $0.value.count) }
            .sorted { $0.count != $1.count ? $0.count > $1.count : $0.name < $1.name }
        return marks
    }

    /// About how many hexagons `--aggregate auto` fits across the map (the width is then rounded
    /// down to a round length, so there are somewhat more).
    static let hexagonsAcross = 40.0

    /// The largest of 1, 2, 2.5, 5 × 10ⁿ metres not above `metres` (at least 1 km).
    static func niceLength(_ metres: Double) -> Double {
        guard metres > 1000 else { return 1000 }
        let power = pow(10, (log10(metres)).rounded(.down))
        for step in [5.0, 2.5, 2, 1] where step * power <= metres { return step * power }
        return power
    }
}
