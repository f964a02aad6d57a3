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

    /// Tries to place `text` next to a point whose symbol reaches `radius` pixels from it.
    /// - Returns: whether it found room.
    @discardableResult
    /// With `quiet`, a failure is not counted as a dropped label (the caller tries other points).
    mutating func place(
        _ text: String, at point: Point, radius: Double, style: PlacedLabel.Style, colour: String,
        centred: Bool = false, quiet: Bool = false
    ) -> Bool {
        let size = LabelPlacer.fontSize(style)
        let width = TextMetrics.width(text, fontSize: size, bold: style == .eventPlace, letterSpacing: LabelPlacer.letterSpacing(style))
        let ascent = size * 0.76, descent = size * 0.24
        // Symbols keep clear a box 1.2 radii around their centre (triangles reach that far).
        let gap = radius * 1.2 + 2.5
        // (baseline anchor, text-anchor) candidates.
        var candidates: [(Point, String)] = []
        if centred {
            for dy in [0.0, -1.2, 1.2] {
                candidates.append((Point(x: point.x, y: point.y + size * 0.35 + dy * size), "middle"))
            }
        } else {
            let mid = point.y + size * 0.35
            let d = gap * 0.72
            candidates = [
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
        for (anchor, textAnchor) in candidates {
            let left = textAnchor == "start" ? anchor.x : textAnchor == "end" ? anchor.x - width : anchor.x - width / 2
            let box = Rect(x: left - 1.5, y: anchor.y - ascent - 1, width: width + 3, height: ascent + descent + 2)
            guard bounds.contains(box), !obstacles.overlaps(box) else { continue }
            obstacles.insert(box)
            placed.append(PlacedLabel(text: text, style: style, anchor: anchor, textAnchor: textAnchor, box: box, colour: colour))
            return true
        }
        if !quiet { dropped += 1 }
        return false
    }
}
