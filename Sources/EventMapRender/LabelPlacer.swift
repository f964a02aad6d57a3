/// Rectangles already on the map (symbols, labels), in a uniform grid for quick overlap tests.
struct CollisionIndex {
    private let cell: Double
    private var cells: [Int: [Int]] = [:]
    private(set) var rects: [Rect] = []

    init(cellSize: Double = 24) { cell = cellSize }

    private func key(_ cx: Int, _ cy: Int) -> Int { (cx &+ 4096) &* 8192 &+ (cy &+ 4096) }

    private func range(_ r: Rect) -> (ClosedRange<Int>, ClosedRange<Int>) {
        let x0 = Int((r.x / cell).rounded(.down)), x1 = Int((r.maxX / cell).rounded(.down))
        let y0 = Int((r.y / cell).rounded(.down)), y1 = Int((r.maxY / cell).rounded(.down))
        return (x0...max(x0, x1), y0...max(y0, y1))
    }

    mutating func insert(_ r: Rect) {
        let index = rects.count
        rects.append(r)
        let (xs, ys) = range(r)
        for cx in xs { for cy in ys { cells[key(cx, cy), default: []].append(index) } }
    }

    func overlaps(_ r: Rect) -> Bool {
        let (xs, ys) = range(r)
        for cx in xs {
            for cy in ys {
                guard let list = cells[key(cx, cy)] else { continue }
                for index in list where rects[index].intersects(r) { return true }
            }
        }
        return false
    }
}

/// A label the placer put on the map.
struct PlacedLabel {
    enum Style { case eventPlace, town, zone, country }
    var text: String
    var style: Style
    /// The baseline's anchor point and which end of the text it is.
    var anchor: Point
    var textAnchor: String
    var box: Rect
    var colour: String
    /// The point the label names (a place's symbol, a town's dot).
    var target: Point
    /// Whether the label stands away from its target, joined to it by a leader line.
    var hasLeader = false
}

extension Rect {
    /// The point of the rectangle nearest to `p` (`p` itself when inside).
    public func nearestPoint(to p: Point) -> Point {
        Point(x: min(max(p.x, x), maxX), y: min(max(p.y, y), maxY))
    }
}

/// Puts labels where they overlap neither each other nor the symbols, trying eight positions
/// around each point in the order cartographers prefer (right, left, above, below, diagonals),
/// and leaving out a label that fits nowhere. Labels are placed in the order given, so the most
/// important go first.
struct LabelPlacer {
    var obstacles: CollisionIndex
    let bounds: Rect
    private(set) var placed: [PlacedLabel] = []
    private(set) var dropped = 0

    init(obstacles: CollisionIndex, bounds: Rect) {
        self.obstacles = obstacles
        self.bounds = bounds
    }

    static func fontSize(_ style: PlacedLabel.Style) -> Double {
        switch style {
        case .eventPlace: 12
        case .town: 10.5
        case .zone: 10.5
        case .country: 13
        }
    }

    static func letterSpacing(_ style: PlacedLabel.Style) -> Double { style == .country ? 2 : 0 }

    /// How far (pixels) beyond its symbol a place's label may stand, joined by a leader line,
    /// when the symbols around it leave no room beside it.
    static let leaderReach = 90.0
    /// The step (pixels) between the rings of farther positions tried.
    static let leaderStep = 10.0

    /// Tries to place `text` next to a point whose symbol reaches `radius` pixels from it.
    /// - Returns: whether it found room.
    /// With `quiet`, a failure is not counted as a dropped label (the caller tries other points).
    /// With `leaderUpTo` above 0, a label that fits nowhere beside the point may stand up to that
    /// many pixels farther out, joined to the point by a leader line.
    @discardableResult
    mutating func place(
        _ text: String, at point: Point, radius: Double, style: PlacedLabel.Style, colour: String,
        centred: Bool = false, quiet: Bool = false, leaderUpTo: Double = 0
    ) -> Bool {
        let size = LabelPlacer.fontSize(style)
        let width = TextMetrics.width(text, fontSize: size, bold: style == .eventPlace, letterSpacing: LabelPlacer.letterSpacing(style))
        let ascent = size * 0.76, descent = size * 0.24
        // Symbols keep clear a box 1.2 radii around their centre (triangles reach that far).
        let beside = radius * 1.2 + 2.5
        // (baseline anchor, text-anchor) candidates at `gap` pixels from the point.
        func candidates(_ gap: Double) -> [(Point, String)] {
            if centred {
                return [0.0, -1.2, 1.2].map { dy in (Point(x: point.x, y: point.y + size * 0.35 + dy * size), "middle") }
            }
            let mid = point.y + size * 0.35
            let d = gap * 0.72
            return [
                (Point(x: point.x + gap, y: mid), "start"),
                (Point(x: point.x - gap, y: mid), "end"),
                (Point(x: point.x, y: point.y - gap - descent), "middle"),
                (Point(x: point.x, y: point.y + gap + ascent), "middle"),
                (Point(x: point.x + d, y: point.y - d - descent), "start"),
                (Point(x: point.x + d, y: point.y + d + ascent), "start"),
                (Point(x: point.x - d, y: point.y - d - descent), "end"),
                (Point(x: point.x - d, y: point.y + d + ascent), "end"),
            ]
        }
        // Beside the point first; then, for labels that may have a leader, rings farther out.
        let gaps = [beside] + (centred ? [] : Array(stride(from: beside + LabelPlacer.leaderStep, through: beside + leaderUpTo, by: LabelPlacer.leaderStep)))
        for gap in gaps {
            for (anchor, textAnchor) in candidates(gap) {
                let left = textAnchor == "start" ? anchor.x : textAnchor == "end" ? anchor.x - width : anchor.x - width / 2
                let box = Rect(x: left - 1.5, y: anchor.y - ascent - 1, width: width + 3, height: ascent + descent + 2)
                guard bounds.contains(box), !obstacles.overlaps(box) else { continue }
                obstacles.insert(box)
                placed.append(
                    PlacedLabel(text: text, style: style, anchor: anchor, textAnchor: textAnchor, box: box, colour: colour, target: point, hasLeader: gap > beside))
                return true
            }
        }
        if !quiet { dropped += 1 }
        return false
    }
}
