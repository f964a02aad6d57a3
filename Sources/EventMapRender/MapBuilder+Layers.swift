import EventMapCore
import EventMapGeometry

/// Reference layers projected to pixels, clipped to the map and simplified to what the eye sees.
struct LayerShapes {
    struct Shape {
        var layer: MapLayer
        /// Path data in pixels.
        var path: String
        var colour: String
        /// Where a label may go, best first: the centre of the largest circle inside the part in
        /// view, then other points deep inside it. Empty when nothing is in view.
        var anchors: [Point]
        /// Pixel area in view, to label bigger zones first.
        var area: Double
    }
    var shapes: [Shape] = []

    /// Rivers' blue (lines, shores and labels).
    static let waterColour = "#5B8DB8"
    /// Lakes' and sea's pale blue fill.
    static let waterFill = "#D4E3EF"

    /// Zone colours: dark, muted hues apart from the event palette.
    static let zoneColours = ["#6A3D9A", "#8C510A", "#35608D", "#4D7A2A", "#9C3D54", "#5A5A5A", "#2F7F7F", "#7F6A2F"]

    /// Draws the layers of the given roles, in the order given (of water, the areas first, so
    /// that rivers run into the lakes and the sea).
    func write(_ svg: inout SVGWriter, roles: [MapLayer.Role]) {
        for role in roles {
            let drawn = shapes.filter { $0.layer.role == role && !$0.path.isEmpty }
            let group = drawn.filter(\.layer.isArea) + drawn.filter { !$0.layer.isArea }
            guard !group.isEmpty else { continue }
            svg.open("g", [("id", "layer-\(role.rawValue)")])
            for shape in group {
                // SVG 1.1 has no data-* attributes: the layer is named by a comment.
                svg.raw("<!-- \(shape.layer.reference.replacingOccurrences(of: "--", with: "- -")) -->\n")
                let id: [(String, String)] = []
                switch role {
                case .country:
                    svg.open("path", id + [("d", shape.path), ("fill", "#F1EEE4"), ("stroke", "#A8A294"), ("stroke-width", "0.7"), ("fill-rule", "evenodd")], close: true)
                case .zone:
                    svg.open(
                        "path",
                        id + [
                            ("d", shape.path), ("fill", shape.colour), ("fill-opacity", "0.13"), ("stroke", shape.colour),
                            ("stroke-width", "1.4"), ("stroke-dasharray", "5 3"), ("fill-rule", "evenodd"),
                        ], close: true)
                case .road:
                    svg.open(
                        "path", id + [("d", shape.path), ("fill", "none"), ("stroke", "#6B6B6B"), ("stroke-width", "3.4"), ("stroke-linejoin", "round"), ("stroke-linecap", "round")], close: true)
                    svg.open("path", [("d", shape.path), ("fill", "none"), ("stroke", "#FFFFFF"), ("stroke-width", "1.4"), ("stroke-linejoin", "round"), ("stroke-linecap", "round")], close: true)
                case .border:
                    svg.open("path", id + [("d", shape.path), ("fill", "none"), ("stroke", "#FFFFFF"), ("stroke-width", "5"), ("stroke-opacity", "0.8"), ("stroke-linejoin", "round")], close: true)
                    svg.open("path", [("d", shape.path), ("fill", "none"), ("stroke", "#262626"), ("stroke-width", "2.2"), ("stroke-linejoin", "round")], close: true)
                case .water where shape.layer.isArea:
                    svg.open("path", id + [("d", shape.path), ("fill", LayerShapes.waterFill), ("stroke", LayerShapes.waterColour), ("stroke-width", "0.5"), ("fill-rule", "evenodd")], close: true)
                case .water:
                    svg.open(
                        "path", id + [("d", shape.path), ("fill", "none"), ("stroke", LayerShapes.waterColour), ("stroke-width", "1.2"), ("stroke-linejoin", "round"), ("stroke-linecap", "round")],
                        close: true)
                case .choropleth:
                    svg.open("path", id + [("d", shape.path), ("fill", shape.colour), ("stroke", "#FFFFFF"), ("stroke-width", "0.7"), ("fill-rule", "evenodd")], close: true)
                case .other:
                    svg.open("path", id + [("d", shape.path), ("fill", "#777777"), ("fill-opacity", "0.08"), ("stroke", "#555555"), ("stroke-width", "1.2"), ("fill-rule", "evenodd")], close: true)
                }
            }
            svg.close("g")
        }
    }
}

extension MapBuilder {
    /// Projects every layer, clips it to the map (with a few pixels to spare, so clipped edges
    /// fall outside the frame) and simplifies it with a third of a pixel tolerance (GEOS).
    func drawnLayers() throws(RenderError) -> LayerShapes {
        var result = LayerShapes()
        let clip = frame.mapRect.insetBy(-6)
        var zoneIndex = 0
        for layer in layers {
            var coordinates: [Coordinate] = []
            for g in layer.geometries { g.forEachCoordinate { coordinates.append($0) } }
            guard !coordinates.isEmpty else { continue }
            let projected = pixels(coordinates)
            guard projected.allSatisfy({ $0.x.isFinite && $0.y.isFinite }) else {
                throw .geometry("layer \(layer.reference) reaches beyond what the map's projection can show")
            }
            var next = 0
            var parts: [Geometry] = []
            for g in layer.geometries {
                parts.append(
                    g.mapCoordinates { _ in
                        defer { next += 1 }
                        return Coordinate(longitude: projected[next].x, latitude: projected[next].y)
                    })
            }
            let colour =
                layer.role == .zone
                ? LayerShapes.zoneColours[zoneIndex % LayerShapes.zoneColours.count]
                : layer.role == .choropleth ? SVGWriter.colour(layer.fill ?? ChoroplethLegend.noDataRGB) : "#555555"
            if layer.role == .zone { zoneIndex += 1 }
            do {
                let native = try NativeGeometry(.geometryCollection(parts), context: geos)
                let clipped = try native.clipped(minX: clip.x, minY: clip.y, maxX: clip.maxX, maxY: clip.maxY)
                if clipped.isEmpty {
                    result.shapes.append(.init(layer: layer, path: "", colour: colour, anchors: [], area: 0))
                    continue
                }
                let simple = try clipped.simplified(tolerance: 0.33)
                let drawn = try simple.geometry()
                var anchors: [Point] = []
                var area = 0.0
                if layer.role == .water && !layer.isArea && layer.title != MapLayer.unnamedWater {
                    // Label points: vertices in view, the ones nearest the middle of the part in view first.
                    var vertices: [Point] = []
                    drawn.forEachCoordinate { c in
                        let p = Point(x: c.longitude, y: c.latitude)
                        if frame.mapRect.insetBy(30).contains(p) { vertices.append(p) }
                    }
                    if !vertices.isEmpty {
                        let mx = vertices.map(\.x).reduce(0, +) / Double(vertices.count), my = vertices.map(\.y).reduce(0, +) / Double(vertices.count)
                        let step = max(1, vertices.count / 24)
                        func away(_ p: Point) -> Double { (p.x - mx) * (p.x - mx) + (p.y - my) * (p.y - my) }
                        let sampled: [Point] = stride(from: 0, to: vertices.count, by: step).map { vertices[$0] }
                        anchors = sampled.sorted { away($0) < away($1) }
                    }
                }
                if layer.role == .zone || layer.role == .country || layer.role == .choropleth || (layer.role == .water && layer.isArea) {
                    let view = try clipped.clipped(minX: frame.mapRect.x, minY: frame.mapRect.y, maxX: frame.mapRect.maxX, maxY: frame.mapRect.maxY)
                    area = view.isEmpty ? 0 : try view.area()
                    if area > 0 { anchors = try labelAnchors(largestPart(view)) }
                }
                result.shapes.append(.init(layer: layer, path: pathData(drawn), colour: colour, anchors: anchors, area: area))
            } catch {
                throw .geometry("layer \(layer.reference): \(error)")
            }
        }
        return result
    }

    /// Label points inside a polygon (pixels), deepest first: the centre of its largest inscribed
    /// circle, then points of a 24 px grid ranked by their distance to the boundary (at most 12).
    private func labelAnchors(_ polygon: NativeGeometry) throws(GeometryError) -> [Point] {
        var anchors: [Point] = []
        if case let .lineString(line) = try polygon.maximumInscribedCircle(tolerance: 1).geometry(), let c = line.coordinates.first {
            anchors.append(Point(x: c.longitude, y: c.latitude))
        }
        guard let box = try polygon.extent() else { return anchors }
        var scored: [(depth: Double, point: Point)] = []
        // Prepared: the grid below asks the same polygon hundreds of times.
        let inside = try PreparedGeometry(polygon), edge = try PreparedGeometry(boundary(polygon))
        var y = box.minY + 12
        while y < box.maxY {
            var x = box.minX + 12
            while x < box.maxX {
                let point = try NativeGeometry(.point(Coordinate(longitude: x, latitude: y)), context: geos)
                if try inside.contains(point) {
                    scored.append((try edge.distance(to: point), Point(x: x, y: y)))
                }
                x += 24
            }
            y += 24
        }
        scored.sort { $0.depth != $1.depth ? $0.depth > $1.depth : ($0.point.y, $0.point.x) < ($1.point.y, $1.point.x) }
        anchors += scored.prefix(12).map(\.point)
        return anchors
    }

    /// The polygon's rings as lines, for distances to its edge.
    private func boundary(_ polygon: NativeGeometry) throws(GeometryError) -> NativeGeometry {
        guard case let .polygon(p) = try polygon.geometry() else { return polygon }
        return try NativeGeometry(.multiLineString(p.rings.map { try! LineString($0) }), context: geos)
    }

    /// The polygon of a collection with the greatest area (the geometry itself otherwise).
    private func largestPart(_ geometry: NativeGeometry) throws(GeometryError) -> NativeGeometry {
        let core = try geometry.geometry()
        var polygons: [Polygon] = []
        func collect(_ g: Geometry) {
            switch g {
            case let .polygon(p): polygons.append(p)
            case let .multiPolygon(ps): polygons += ps
            case let .geometryCollection(gs): gs.forEach(collect)
            default: break
            }
        }
        collect(core)
        guard polygons.count > 1 else { return geometry }
        var best: NativeGeometry = geometry
        var bestArea = -1.0
        for p in polygons {
            let native = try NativeGeometry(.polygon(p), context: geos)
            let a = try native.area()
            if a > bestArea { bestArea = a; best = native }
        }
        return best
    }

    /// SVG path data for lines and polygons in pixel coordinates.
    func pathData(_ geometry: Geometry) -> String {
        func points(_ cs: [Coordinate]) -> [Point] { cs.map { Point(x: $0.longitude, y: $0.latitude) } }
        switch geometry {
        case .point, .multiPoint: return ""
        case let .lineString(l): return SVGWriter.path([points(l.coordinates)], closed: false)
        case let .multiLineString(ls): return SVGWriter.path(ls.map { points($0.coordinates) }, closed: false)
        case let .polygon(p): return SVGWriter.path(p.rings.map { points(Array($0.dropLast())) }, closed: true)
        case let .multiPolygon(ps): return SVGWriter.path(ps.flatMap { $0.rings.map { points(Array($0.dropLast())) } }, closed: true)
        case let .geometryCollection(gs): return gs.map(pathData).joined()
        }
    }
}
