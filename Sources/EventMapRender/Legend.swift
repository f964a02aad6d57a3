import EventMapCore
import EventMapGeometry
import Foundation

/// The legend panel: event categories with counts, symbol shapes, sizes or hexagon shades, and
/// the reference layers with their dates. Laid out top to bottom; `height` is what it takes.
struct LegendLayout {
    private var items: [(y: Double, draw: (inout SVGWriter, Double) -> Void)] = []
    private(set) var height = 0.0
    private let x: Double
    private let top: Double

    private mutating func add(_ rowHeight: Double, _ draw: @escaping (inout SVGWriter, Double) -> Void) {
        items.append((top + height, draw))
        height += rowHeight
    }

    private mutating func heading(_ text: String) {
        let x = self.x
        add(22) { svg, y in
            svg.element("text", [("x", SVGWriter.number(x)), ("y", SVGWriter.number(y + 15)), ("font-size", "12.5"), ("font-weight", "bold"), ("fill", "#1A1A1A")], text: text)
        }
    }

    private mutating func text(_ lines: [String], size: Double = 11, colour: String = "#333333", indent: Double = 0) {
        let x = self.x + indent
        for line in lines {
            add(size + 4) { svg, y in
                svg.element("text", [("x", SVGWriter.number(x)), ("y", SVGWriter.number(y + size)), ("font-size", SVGWriter.number(size)), ("fill", colour)], text: line)
            }
        }
    }

    init(builder: MapBuilder, marks: EventMarks, layerShapes: LayerShapes) {
        x = builder.panel.x
        top = builder.panel.y
        let width = builder.panel.width
        let x = self.x
        let field = builder.options.colorField
        let byType = field == Event.Field.eventType.rawValue

        if let choropleth = builder.options.choropleth {
            heading(choropleth.style.field)
            let classes = choropleth.style.breaks.upperBounds.count
            text(wrap("\(classes) class\(classes == 1 ? "" : "es") by \(choropleth.style.breaks.method.label)", width: width, fontSize: 10), size: 10, colour: "#555555")
            var rows = (0..<classes).map { (choropleth.style.colors[$0], choropleth.style.label($0), choropleth.areasPerClass[$0]) }
            if choropleth.withoutValue > 0 { rows.append((ChoroplethLegend.noDataRGB, "no data", choropleth.withoutValue)) }
            for (rgb, label, areas) in rows {
                add(18) { svg, y in
                    svg.open(
                        "rect",
                        [
                            ("x", SVGWriter.number(x)), ("y", SVGWriter.number(y + 2)), ("width", "24"), ("height", "12"), ("fill", SVGWriter.colour(rgb)),
                            ("stroke", "#8A8A8A"), ("stroke-width", "0.6"),
                        ], close: true)
                    svg.element(
                        "text", [("x", SVGWriter.number(x + 32)), ("y", SVGWriter.number(y + 12)), ("font-size", "11"), ("fill", "#333333")],
                        text: "\(label) (\(areas) area\(areas == 1 ? "" : "s"))")
                }
            }
        }
        if !marks.categories.isEmpty { heading(byType ? "Event type" : "Colour: \(field)") }
        for category in marks.categories {
            // (On a hexagon map the types are dots.)
            let shape: EventStyle.Shape = byType && marks.hexagons.isEmpty ? EventStyle.shape(for: category.name) : .circle
            let lines = wrap("\(category.name) (\(category.count))", width: width - 26, fontSize: 11)
            let colour = category.colour
            add(Double(lines.count) * 14 + 4) { svg, y in
                svg.open(
                    "path",
                    [
                        ("d", Symbols.path(shape, radius: 5)), ("transform", "translate(\(SVGWriter.number(x + 8)) \(SVGWriter.number(y + 8)))"),
                        ("fill", colour), ("stroke", "#FFFFFF"), ("stroke-width", "0.9"),
                    ], close: true)
                for (k, line) in lines.enumerated() {
                    svg.element("text", [("x", SVGWriter.number(x + 22)), ("y", SVGWriter.number(y + 12 + Double(k) * 14)), ("font-size", "11"), ("fill", "#333333")], text: line)
                }
            }
        }
        if !byType && marks.hexagons.isEmpty {
            heading("Shape: event type")
            for (name, count) in marks.types {
                let shape = EventStyle.shape(for: name)
                add(18) { svg, y in
                    svg.open(
                        "path",
                        [
                            ("d", Symbols.path(shape, radius: 5)), ("transform", "translate(\(SVGWriter.number(x + 8)) \(SVGWriter.number(y + 8)))"),
                            ("fill", "#8A8A8A"), ("stroke", "#FFFFFF"), ("stroke-width", "0.9"),
                        ], close: true)
                    svg.element("text", [("x", SVGWriter.number(x + 22)), ("y", SVGWriter.number(y + 12)), ("font-size", "11"), ("fill", "#333333")], text: "\(name) (\(count))")
                }
            }
        }
        if let hexWidth = marks.hexagonWidth {
            heading("Events per hexagon")
            text(
                wrap(
                    "Hexagons \(MapBuilder.kilometres(hexWidth)) across, shaded by how many events each holds; the dot: the most frequent \(byType ? "event type" : field) (colours above)",
                    width: width, fontSize: 10),
                size: 10, colour: "#555555")
            let classes = EventMarks.hexClasses
            add(36) { svg, y in
                for (k, c) in classes.enumerated() {
                    let cx = x + 12 + Double(k) * 40
                    // Corners in y-up terms, turned onto the y-down page.
                    let corners = HexGrid.corners(center: (cx, 0), radius: 9).map { Point(x: $0.x, y: y + 12 - $0.y) }
                    svg.open(
                        "path", [("d", SVGWriter.path([corners], closed: true)), ("fill", c.fill), ("fill-opacity", "0.9"), ("stroke", "#FFFFFF"), ("stroke-width", "0.6")],
                        close: true)
                    svg.element("text", [("x", SVGWriter.number(cx)), ("y", SVGWriter.number(y + 33)), ("font-size", "9.5"), ("text-anchor", "middle"), ("fill", "#333333")], text: c.label)
                }
            }
        } else if marks.maxFatalities > 0 {
            heading("Fatalities")
            let steps = [1, 10, 50, 200].filter { $0 <= max(1, marks.maxFatalities) }
            let radii = steps.map { Symbols.radius(fatalities: $0) }
            let rowHeight = 2 * (radii.max() ?? 4) + 18
            add(rowHeight) { svg, y in
                var cx = x + 8
                let base = y + 2 * (radii.max() ?? 4) + 2
                for (n, r) in zip(steps, radii) {
                    cx += r
                    svg.open(
                        "circle",
                        [
                            ("cx", SVGWriter.number(cx)), ("cy", SVGWriter.number(base - r)), ("r", SVGWriter.number(r)),
                            ("fill", "none"), ("stroke", "#444444"), ("stroke-width", "1"),
                        ], close: true)
                    svg.element("text", [("x", SVGWriter.number(cx)), ("y", SVGWriter.number(base + 12)), ("font-size", "9.5"), ("text-anchor", "middle"), ("fill", "#333333")], text: "\(n)")
                    cx += r + 16
                }
            }
        }

        // Layers with nothing in view are left out: the legend explains what the map shows.
        // (Water is one entry, whatever the number of rivers and lakes in view.)
        var drawn = layerShapes.shapes.filter { ![.country, .water, .choropleth].contains($0.layer.role) && !$0.path.isEmpty }
        if var river = layerShapes.shapes.first(where: { $0.layer.role == .water && !$0.path.isEmpty }) {
            let areas = layerShapes.shapes.contains { $0.layer.role == .water && $0.layer.isArea && !$0.path.isEmpty }
            let lines = layerShapes.shapes.contains { $0.layer.role == .water && !$0.layer.isArea && !$0.path.isEmpty }
            river.layer.title = lines && areas ? "Rivers, lakes and sea (GSHHG/WDBII)" : lines ? "Rivers (GSHHG/WDBII)" : "Lakes and sea (GSHHG)"
            river.layer.validFrom = nil
            river.layer.validTo = nil
            drawn.insert(river, at: 0)
        }
        if !drawn.isEmpty {
            heading("Layers")
            for shape in drawn {
                var lines = wrap(shape.layer.title, width: width - 34, fontSize: 11)
                let dated = shape.layer.validFrom != nil || shape.layer.validTo != nil
                if dated { lines.append("\(shape.layer.validFrom ?? "?") to \(shape.layer.validTo ?? "now")") }
                let role = shape.layer.role, colour = shape.colour
                let plain = lines.count - (dated ? 1 : 0)
                add(Double(lines.count) * 14 + 5) { svg, y in
                    let sample = "M\(SVGWriter.number(x)) \(SVGWriter.number(y + 8))L\(SVGWriter.number(x + 24)) \(SVGWriter.number(y + 8))"
                    switch role {
                    case .border:
                        svg.open("path", [("d", sample), ("stroke", "#262626"), ("stroke-width", "2.2"), ("fill", "none")], close: true)
                    case .road:
                        svg.open("path", [("d", sample), ("stroke", "#6B6B6B"), ("stroke-width", "3.4"), ("fill", "none")], close: true)
                        svg.open("path", [("d", sample), ("stroke", "#FFFFFF"), ("stroke-width", "1.4"), ("fill", "none")], close: true)
                    case .water:
                        svg.open("path", [("d", sample), ("stroke", LayerShapes.waterColour), ("stroke-width", "1.6"), ("fill", "none")], close: true)
                    case .zone:
                        svg.open(
                            "rect",
                            [
                                ("x", SVGWriter.number(x)), ("y", SVGWriter.number(y + 2)), ("width", "24"), ("height", "12"), ("fill", colour),
                                ("fill-opacity", "0.13"), ("stroke", colour), ("stroke-width", "1.4"), ("stroke-dasharray", "5 3"),
                            ], close: true)
                    default:
                        svg.open(
                            "rect",
                            [
                                ("x", SVGWriter.number(x)), ("y", SVGWriter.number(y + 2)), ("width", "24"), ("height", "12"), ("fill", "#777777"),
                                ("fill-opacity", "0.08"), ("stroke", "#555555"), ("stroke-width", "1.2"),
                            ], close: true)
                    }
                    for (k, line) in lines.enumerated() {
                        let secondary = k >= plain
                        svg.element(
                            "text",
                            [
                                ("x", SVGWriter.number(x + 32)), ("y", SVGWriter.number(y + 12 + Double(k) * 14)),
                                ("font-size", secondary ? "10" : "11"), ("fill", secondary ? "#666666" : "#333333"),
                            ], text: line)
                    }
                }
            }
        }
        height += 10
    }

    func write(_ svg: inout SVGWriter) {
        svg.open("g", [("id", "legend")])
        for item in items { item.draw(&svg, item.y) }
        svg.close("g")
    }
}

/// The scale bar and north arrow under the legend.
struct ScaleBarLayout {
    let lengthMetres: Double
    let pixelLength: Double
    /// Angle of north from straight up at the map's centre, degrees clockwise.
    let northAngle: Double
    let height = 70.0

    func write(_ svg: inout SVGWriter, at origin: Point) {
        let x = origin.x, y = origin.y
        svg.open("g", [("id", "scale")])
        svg.element(
            "text", [("x", SVGWriter.number(x)), ("y", SVGWriter.number(y + 12)), ("font-size", "10"), ("fill", "#555555")],
            text: "Scale true at the map's centre")
        let barY = y + 22
        // Four alternating segments.
        for k in 0..<4 {
            let sx = x + pixelLength * Double(k) / 4
            svg.open(
                "rect",
                [
                    ("x", SVGWriter.number(sx)), ("y", SVGWriter.number(barY)), ("width", SVGWriter.number(pixelLength / 4)), ("height", "5"),
                    ("fill", k % 2 == 0 ? "#333333" : "#FFFFFF"), ("stroke", "#333333"), ("stroke-width", "0.8"),
                ], close: true)
        }
        for (fraction, label) in [(0.0, "0"), (0.5, MapBuilder.kilometres(lengthMetres / 2).replacingOccurrences(of: " km", with: "")), (1.0, MapBuilder.kilometres(lengthMetres))] {
            svg.element(
                "text",
                [
                    ("x", SVGWriter.number(x + pixelLength * fraction)), ("y", SVGWriter.number(barY + 18)), ("font-size", "10"),
                    ("text-anchor", fraction == 0 ? "start" : "middle"), ("fill", "#333333"),
                ], text: label)
        }
        // North arrow, to the right of the bar.
        let ax = x + pixelLength + 38, ay = y + 30
        svg.open("g", [("transform", "translate(\(SVGWriter.number(ax)) \(SVGWriter.number(ay))) rotate(\(SVGWriter.number(northAngle)))")])
        svg.open("path", [("d", "M0 -16L7 8L0 3L-7 8Z"), ("fill", "#333333")], close: true)
        svg.element("text", [("x", "0"), ("y", "-20"), ("font-size", "11"), ("font-weight", "bold"), ("text-anchor", "middle"), ("fill", "#333333")], text: "N")
        svg.close("g")
        svg.close("g")
    }
}

extension MapBuilder {
    /// A scale bar of a round length whose pixels are measured, not assumed: the geodesic of that
    /// length from the map's centre eastwards is projected and its ends measured on the page.
    func scaleBar(maxPixels: Double) throws(RenderError) -> ScaleBarLayout {
        let centrePixel = frame.mapRect.center
        let m = frame.metres(centrePixel)
        let centre = projector.inverse([Coordinate(longitude: m.x, latitude: m.y)])[0]
        func pixelsAlong(_ metres: Double, azimuth: Double) throws(RenderError) -> Point {
            do {
                let end = try Geodesic.destination(from: centre, azimuth: azimuth, distance: metres).coordinate
                return pixels([end])[0]
            } catch { throw .geometry("scale bar: \(error)") }
        }
        let candidates: [Double] = [0.1, 0.2, 0.25, 0.5, 1, 2, 2.5, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000]
        var chosen = (metres: 100.0, pixels: 0.0)
        for km in candidates {
            let end = try pixelsAlong(km * 1000, azimuth: 90)
            let length = ((end.x - centrePixel.x) * (end.x - centrePixel.x) + (end.y - centrePixel.y) * (end.y - centrePixel.y)).squareRoot()
            if length <= maxPixels || chosen.pixels == 0 { chosen = (km * 1000, length) }
            if length > maxPixels { break }
        }
        let north = try pixelsAlong(10_000, azimuth: 0)
        let angle = atan2(north.x - centrePixel.x, centrePixel.y - north.y) * 180 / .pi
        return ScaleBarLayout(lengthMetres: chosen.metres, pixelLength: chosen.pixels, northAngle: (angle * 10).rounded() / 10)
    }
}
