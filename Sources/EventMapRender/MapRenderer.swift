import EventMapCore
import EventMapGeometry
import Foundation

/// A drawn map: the SVG text and what a caller or a test may want to check about it.
public struct RenderedMap: Sendable {
    /// The whole SVG 1.1 document, UTF-8 text.
    public var svg: String
    /// The projection and where the map sits on the page.
    public var frame: MapFrame
    /// The scale bar as drawn.
    public var scaleBar: ScaleBar
    public var stats: Stats
    /// Every label drawn: the box it occupies and the point it names (pixels), and whether a
    /// leader line joins them (a label away from its point always has one).
    public var labels: [(text: String, box: Rect, target: Point, hasLeader: Bool)]
    /// The box each event symbol occupies (pixels); empty when events were aggregated.
    public var symbolBoxes: [Rect]

    /// A scale bar: `lengthMetres` on the ground (a geodesic from the map's centre) is
    /// `pixelLength` pixels on the page.
    public struct ScaleBar: Sendable {
        public var lengthMetres: Double
        public var pixelLength: Double
    }

    /// Counts for the command's summary line.
    public struct Stats: Sendable {
        public var width = 0
        public var height = 0
        /// Events inside the map (drawn as symbols or counted in hexagons).
        public var eventsShown = 0
        /// Events outside the map's extent (a `--bbox` smaller than the data).
        public var eventsOutside = 0
        /// Hexagons drawn when events were aggregated; 0 when they were not.
        public var hexagons = 0
        /// Hexagon width in metres when aggregated.
        public var hexagonWidthMetres: Double?
        public var labelsPlaced = 0
        /// Labels left out for want of room.
        public var labelsDropped = 0
    }
}

/// Draws events and reference layers as an SVG map: a stereographic projection centred on the
/// data (through PROJ), layers clipped and simplified to the pixel grid (through GEOS), events as
/// symbols by type or aggregated into hexagons, labels placed without overlaps, a legend with
/// counts, a scale bar true at the map's centre, a north arrow, a title and an attribution.
///
/// The output depends only on the inputs: the same call gives byte-identical SVG.
public struct MapRenderer {
    public init() {}

    /// Draws the map.
    /// - Parameters:
    ///   - events: the events, in a fixed order (it decides which symbol is drawn on top).
    ///   - layers: reference layers; `country` ones form the basemap.
    ///   - places: towns that may be labelled (largest first when there is little room).
    ///   - options: title, size, extent, labels, colours, aggregation.
    /// - Throws: ``RenderError`` when there is nothing to draw, an option is unusable, or
    ///   PROJ/GEOS fail.
    public func render(
        events: [MapEvent], layers: [MapLayer], places: [PlaceCandidate],
        options: MapOptions
    ) throws(RenderError) -> RenderedMap {
        guard (400...20000).contains(options.width) else {
            throw .invalidOption("--width must be between 400 and 20000 pixels (got \(options.width))")
        }
        var builder = try MapBuilder(events: events, layers: layers, options: options)
        return try builder.draw(places: places)
    }
}

/// The state of one drawing, step by step.
struct MapBuilder {
    let events: [MapEvent]
    let layers: [MapLayer]
    let options: MapOptions
    let projector: MapProjector
    let frame: MapFrame
    let panel: Rect
    let pageWidth: Double
    let geos = GEOSContext()
    var stats = RenderedMap.Stats()

    static let pad = 14.0
    static let titleBand = 70.0

    init(events: [MapEvent], layers: [MapLayer], options: MapOptions) throws(RenderError) {
        self.events = events
        self.layers = layers
        self.options = options
        // The extent in degrees decides the projection's centre.
        let degrees: BoundingBox
        if let bbox = options.bbox {
            degrees = bbox
        } else if let box = BoundingBox(covering: events.map(\.coordinate)) {
            degrees = box
        } else {
            // No events: the reference layers (countries only when there is nothing else).
            func extent(_ chosen: [MapLayer]) -> BoundingBox? {
                chosen.flatMap(\.geometries).compactMap(\.boundingBox).reduce(nil) { box, b in
                    guard var box else { return b }
                    box.expand(toInclude: b)
                    return box
                }
            }
            // A choropleth's areas are what the map is about: they set the extent.
            guard let box = extent(layers.filter { $0.role == .choropleth }) ?? extent(layers.filter { $0.role != .country }) ?? extent(layers) else {
                throw .nothingToDraw
            }
            degrees = box
        }
        let center = Coordinate(
            longitude: (degrees.center.longitude * 100).rounded() / 100,
            latitude: (degrees.center.latitude * 100).rounded() / 100)
        projector = try MapProjector(projection: MapFrame.stereographic(center: center))

        // The extent in projected metres: the box's edges (sampled, as they curve), or the events.
        var samples: [Coordinate] = []
        if options.bbox != nil || events.isEmpty {
            for i in 0...16 {
                let t = Double(i) / 16
                let lon = degrees.minLongitude + (degrees.maxLongitude - degrees.minLongitude) * t
                let lat = degrees.minLatitude + (degrees.maxLatitude - degrees.minLatitude) * t
                samples += [
                    Coordinate(longitude: lon, latitude: degrees.minLatitude), Coordinate(longitude: lon, latitude: degrees.maxLatitude),
                    Coordinate(longitude: degrees.minLongitude, latitude: lat), Coordinate(longitude: degrees.maxLongitude, latitude: lat),
                ]
            }
        } else {
            samples = events.map(\.coordinate)
        }
        var minX = Double.infinity, minY = Double.infinity, maxX = -Double.infinity, maxY = -Double.infinity
        for p in projector.project(samples) where p.longitude.isFinite && p.latitude.isFinite {
            minX = min(minX, p.longitude); maxX = max(maxX, p.longitude)
            minY = min(minY, p.latitude); maxY = max(maxY, p.latitude)
        }
        guard minX.isFinite else { throw .geometry("no coordinate of the extent could be projected") }
        if options.bbox == nil {
            // A margin so symbols and labels at the edge stay inside, and at least 30 km across.
            let margin = max(maxX - minX, maxY - minY) * 0.08
            minX -= margin; maxX += margin; minY -= margin; maxY += margin
            let least = 15_000.0
            if maxX - minX < 2 * least { let c = (minX + maxX) / 2; minX = c - least; maxX = c + least }
            if maxY - minY < 2 * least { let c = (minY + maxY) / 2; minY = c - least; maxY = c + least }
        } else if maxX - minX <= 0 || maxY - minY <= 0 {
            throw .invalidOption("--bbox has no area")
        }

        // Page layout: title band, map on the left, legend panel on the right.
        let width = Double(options.width)
        let panelWidth = min(320, max(230, (width * 0.27).rounded()))
        let mapWidth = width - panelWidth - 3 * MapBuilder.pad
        var aspect = (maxY - minY) / (maxX - minX)
        let clamped = min(1.25, max(0.6, aspect))
        if clamped != aspect {
            // Widen the narrow side so the map keeps a readable shape.
            if clamped > aspect {
                let grow = (maxX - minX) * clamped - (maxY - minY); minY -= grow / 2; maxY += grow / 2
            } else {
                let grow = (maxY - minY) / clamped - (maxX - minX); minX -= grow / 2; maxX += grow / 2
            }
            aspect = clamped
        }
        let mapHeight = (mapWidth * aspect).rounded()
        let mapRect = Rect(x: MapBuilder.pad, y: MapBuilder.titleBand, width: mapWidth, height: mapHeight)
        let mpp = max((maxX - minX) / mapWidth, (maxY - minY) / mapHeight)
        let cx = (minX + maxX) / 2, cy = (minY + maxY) / 2
        frame = MapFrame(
            projection: MapFrame.stereographic(center: center), center: center, mapRect: mapRect,
            originX: cx - mapWidth / 2 * mpp, originY: cy + mapHeight / 2 * mpp, metresPerPixel: mpp)
        panel = Rect(x: mapRect.maxX + MapBuilder.pad, y: mapRect.y, width: panelWidth, height: mapHeight)
        pageWidth = width
    }

    /// Projects longitude/latitude to pixels.
    func pixels(_ coordinates: [Coordinate]) -> [Point] {
        projector.project(coordinates).map { m in
            m.longitude.isFinite && m.latitude.isFinite ? frame.pixel(x: m.longitude, y: m.latitude) : Point(x: .nan, y: .nan)
        }
    }

    mutating func draw(places: [PlaceCandidate]) throws(RenderError) -> RenderedMap {
        var svg = SVGWriter()
        let layerShapes = try drawnLayers()
        let marks = try eventMarks()
        var obstacles = CollisionIndex()
        for r in marks.obstacles { obstacles.insert(r) }
        var placer = LabelPlacer(obstacles: obstacles, bounds: frame.mapRect.insetBy(2))
        var townDots: [Point] = []
        if options.labels { townDots = placeLabels(&placer, marks: marks, layerShapes: layerShapes, places: places) }
        stats.labelsPlaced = placer.placed.count
        stats.labelsDropped = placer.dropped

        let legend = LegendLayout(builder: self, marks: marks, layerShapes: layerShapes)
        let scale = try scaleBar(maxPixels: panel.width - 60)
        let bodyHeight = max(frame.mapRect.height, legend.height + scale.height)
        let attribution = attributionLines()
        let height = (MapBuilder.titleBand + bodyHeight + 14 + Double(attribution.count) * 13 + 8).rounded()
        stats.width = Int(pageWidth)
        stats.height = Int(height)

        svg.raw("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        svg.open(
            "svg",
            [
                ("xmlns", "http://www.w3.org/2000/svg"), ("xmlns:xlink", "http://www.w3.org/1999/xlink"), ("version", "1.1"),
                ("width", SVGWriter.number(pageWidth)), ("height", SVGWriter.number(height)),
                ("viewBox", "0 0 \(SVGWriter.number(pageWidth)) \(SVGWriter.number(height))"),
                ("font-family", "'DejaVu Sans', 'Noto Sans', 'Noto Sans Arabic', Arial, Helvetica, sans-serif"),
            ])
        svg.element("title", text: options.title)
        svg.element("desc", text: "\(subtitle(marks)). Projection: \(frame.projection)")
        svg.open("defs")
        svg.open("clipPath", [("id", "map-area")])
        svg.open("rect", rectAttributes(frame.mapRect), close: true)
        svg.close("clipPath")
        marks.writeDefinitions(&svg)
        svg.close("defs")
        svg.open("rect", [("x", "0"), ("y", "0"), ("width", SVGWriter.number(pageWidth)), ("height", SVGWriter.number(height)), ("fill", "#FFFFFF")], close: true)

        // The map, clipped to its frame: basemap, zones, roads, border, towns, events, labels.
        // Hexagons are areas: they go under the zones' outlines, the roads and the border;
        // symbols go over every layer so none hides under a zone.
        svg.open("g", [("clip-path", "url(#map-area)")])
        svg.open("rect", rectAttributes(frame.mapRect) + [("fill", "#FBFBFA")], close: true)
        layerShapes.write(&svg, roles: [.country, .choropleth, .water])
        if !marks.hexagons.isEmpty { marks.write(&svg) }
        layerShapes.write(&svg, roles: [.zone, .other, .road, .border])
        if !townDots.isEmpty {
            svg.open("g", [("id", "towns"), ("fill", "#555555"), ("stroke", "#FFFFFF"), ("stroke-width", "0.8")])
            for p in townDots { svg.open("circle", [("cx", SVGWriter.number(p.x)), ("cy", SVGWriter.number(p.y)), ("r", "2.2")], close: true) }
            svg.close("g")
        }
        if marks.hexagons.isEmpty { marks.write(&svg) }
        writeLabels(placer.placed, to: &svg)
        svg.close("g")
        svg.open("rect", rectAttributes(frame.mapRect) + [("fill", "none"), ("stroke", "#777777"), ("stroke-width", "0.8")], close: true)

        // Title and subtitle.
        svg.element(
            "text", [("x", SVGWriter.number(MapBuilder.pad)), ("y", "30"), ("font-size", "20"), ("font-weight", "bold"), ("fill", "#1A1A1A")],
            text: options.title)
        svg.element("text", [("x", SVGWriter.number(MapBuilder.pad)), ("y", "52"), ("font-size", "12.5"), ("fill", "#555555")], text: subtitle(marks))

        legend.write(&svg)
        scale.write(&svg, at: Point(x: panel.x, y: panel.y + legend.height))

        var y = MapBuilder.titleBand + bodyHeight + 20
        for line in attribution {
            svg.element("text", [("x", SVGWriter.number(MapBuilder.pad)), ("y", SVGWriter.number(y)), ("font-size", "9.5"), ("fill", "#666666")], text: line)
            y += 13
        }
        svg.close("svg")
        return RenderedMap(
            svg: svg.text, frame: frame, scaleBar: .init(lengthMetres: scale.lengthMetres, pixelLength: scale.pixelLength), stats: stats,
            labels: placer.placed.map { ($0.text, $0.box, $0.target, $0.hasLeader) }, symbolBoxes: marks.symbols.isEmpty ? [] : marks.obstacles)
    }

    func rectAttributes(_ r: Rect) -> [(String, String)] {
        [("x", SVGWriter.number(r.x)), ("y", SVGWriter.number(r.y)), ("width", SVGWriter.number(r.width)), ("height", SVGWriter.number(r.height))]
    }

    /// "2016-08-23 to 2020-12-27 · 11 events (1 undated)", for the events in view.
    func subtitle(_ marks: EventMarks) -> String {
        var parts: [String] = []
        if let first = marks.firstDate, let last = marks.lastDate { parts.append(first == last ? first : "\(first) to \(last)") }
        let shown = stats.eventsShown
        if let choropleth = options.choropleth, shown == 0 {
            let areas = choropleth.areasPerClass.reduce(choropleth.withoutValue, +)
            parts.append("\(areas) area\(areas == 1 ? "" : "s") by \(choropleth.style.field)")
            return parts.joined(separator: " · ")
        }
        var count = "\(shown) event\(shown == 1 ? "" : "s")"
        var notes: [String] = []
        if marks.undated > 0 { notes.append("\(marks.undated) undated") }
        if stats.eventsOutside > 0 { notes.append("\(stats.eventsOutside) more outside the map") }
        if let w = stats.hexagonWidthMetres { notes.append("in \(Self.kilometres(w)) hexagons") }
        if !notes.isEmpty { count += " (" + notes.joined(separator: ", ") + ")" }
        parts.append(count)
        return parts.joined(separator: " · ")
    }

    /// "10 km", "2.5 km", "500 m" (Length's own wording).
    static func kilometres(_ metres: Double) -> String { Length(metres: metres).description }

    func attributionLines() -> [String] {
        let lon = frame.center.longitude, lat = frame.center.latitude
        let where_ = "\(SVGWriter.number(abs(lon)))°\(lon >= 0 ? "E" : "W") \(SVGWriter.number(abs(lat)))°\(lat >= 0 ? "N" : "S")"
        let text =
            "Places: GeoNames (CC BY 4.0). Borders and coastlines: Digital Chart of the World, 1:1,000,000 (via GMT). "
            + (layers.contains { $0.role == .water } ? "Rivers, lakes and sea: GSHHG/WDBII (LGPL, via GMT). " : "")
            + "Zones and the M4 are approximations drawn from named places. Stereographic projection centred on \(where_). Made with EventMap."
        return wrap(text, width: pageWidth - 2 * MapBuilder.pad, fontSize: 9.5)
    }
}

/// Splits text into lines no wider than `width` pixels at `fontSize`.
func wrap(_ text: String, width: Double, fontSize: Double, bold: Bool = false) -> [String] {
    var lines: [String] = []
    var line = ""
    for word in text.split(separator: " ") {
        let candidate = line.isEmpty ? String(word) : line + " " + word
        if !line.isEmpty && TextMetrics.width(candidate, fontSize: fontSize, bold: bold) > width {
            lines.append(line)
            line = String(word)
        } else {
            line = candidate
        }
    }
    if !line.isEmpty { lines.append(line) }
    return lines
}
