import EventMapCore
import EventMapGeometry
import EventMapIO
import EventMapLayers
import EventMapRender
import Foundation
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let fixtures = repository.appendingPathComponent("Tests/Fixtures")

/// The seed events coded by hand (Tests/Fixtures/seed-events.geojson) as the renderer takes them.
func seedEvents() throws -> [MapEvent] {
    let source = try Formats.open(fixtures.appendingPathComponent("seed-events.geojson").path)[0]
    return try source.readAll().features.map { feature in
        guard case let .point(c)? = feature.geometry else { fatalError("seed events are points") }
        let p = feature.properties
        return MapEvent(
            coordinate: c, eventType: p["event_type"]?.stringValue, category: p["event_type"]?.stringValue,
            fatalities: p["fatalities"].flatMap { if case let .number(n) = $0 { Int(n) } else { nil } },
            date: p["event_date"]?.stringValue, place: p["location"]?.stringValue)
    }
}

/// Catalogue layers as map layers: countries and the given references.
func catalogueLayers(_ references: [String]) throws -> [MapLayer] {
    let catalogue = try LayerCatalogue(shippedDirectory: repository.appendingPathComponent("Gazetteer/features").path)
    let countries = try catalogue.layers.filter { $0.kind == "country" }
    let chosen = try references.map { try catalogue.layer($0) }
    return (countries + chosen).map { layer in
        let role: MapLayer.Role = ["country": .country, "border": .border, "road": .road, "zone": .zone][layer.kind] ?? .other
        return MapLayer(
            reference: layer.reference, role: role, title: layer.name, geometries: layer.features.compactMap(\.geometry),
            validFrom: layer.validFrom, validTo: layer.validTo)
    }
}

/// Parses the SVG with Foundation's XML parser; returns element names and the root's namespace.
final class SVGInspector: NSObject, XMLParserDelegate {
    var elements: [String] = []
    var rootNamespace: String?
    var texts: [String] = []
    private var inText = false
    private var current = ""

    static func inspect(_ svg: String) throws -> SVGInspector {
        let inspector = SVGInspector()
        let parser = XMLParser(data: Data(svg.utf8))
        parser.shouldProcessNamespaces = true
        parser.delegate = inspector
        guard parser.parse() else { throw parser.parserError ?? CocoaError(.fileReadCorruptFile) }
        return inspector
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        if elements.isEmpty { rootNamespace = namespaceURI }
        elements.append(name)
        if name == "text" { inText = true; current = "" }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { if inText { current += string } }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if name == "text" { texts.append(current); inText = false }
    }
}

@Suite("SVG maps")
struct RenderTests {
    @Test func scaleBarMatchesTheGeodesicDistanceItClaims() throws {
        let events = try seedEvents()
        for width in [600, 1000, 2400] {
            var options = MapOptions(title: "Scale")
            options.width = width
            let map = try MapRenderer().render(events: events, layers: [], places: [], options: options)
            // Lay the bar from the map's centre eastwards, go back to longitude/latitude with a
            // transformer of our own, and measure the geodesic between its ends.
            let frame = map.frame
            let start = frame.mapRect.center
            let end = Point(x: start.x + map.scaleBar.pixelLength, y: start.y)
            let toDegrees = try CoordinateTransformer(from: frame.projection, to: "EPSG:4326")
            let a = frame.metres(start), b = frame.metres(end)
            let ends = try [a, b].map { try toDegrees.transform(Coordinate(longitude: $0.x, latitude: $0.y)) }
            let ground = try Geodesic.distance(from: ends[0], to: ends[1])
            #expect(
                abs(ground - map.scaleBar.lengthMetres) / map.scaleBar.lengthMetres < 0.01,
                "width \(width): bar says \(map.scaleBar.lengthMetres) m, ground is \(ground) m")
            // A round length, and a bar that fits the legend panel.
            #expect([10_000.0, 20_000, 25_000, 50_000, 100_000, 200_000, 250_000].contains(map.scaleBar.lengthMetres))
            #expect(map.scaleBar.pixelLength > 40 && map.scaleBar.pixelLength < 320)
            #expect(map.svg.contains(">\(Int(map.scaleBar.lengthMetres / 1000)) km</text>"))
        }
    }

    @Test func projectionIsConformalAndCentredOnTheData() throws {
        let events = try seedEvents()
        let map = try MapRenderer().render(events: events, layers: [], places: [], options: MapOptions(title: "Centre"))
        #expect(map.frame.projection.hasPrefix("+proj=stere "))
        // The seed events span 36.57–40.75 E and 36.23–37.06 N: the centre is the box's middle.
        #expect(abs(map.frame.center.longitude - 38.66) < 0.011 && abs(map.frame.center.latitude - 36.65) < 0.011, "\(map.frame.center)")
        // Conformal: a small step east and a small step north at the centre are equally long on the page.
        let transformer = try CoordinateTransformer(from: "EPSG:4326", to: map.frame.projection)
        let c = map.frame.center
        let east = try Geodesic.destination(from: c, azimuth: 90, distance: 10_000).coordinate
        let north = try Geodesic.destination(from: c, azimuth: 0, distance: 10_000).coordinate
        let p = try [c, east, north].map { try transformer.transform($0) }
        let de = hypot(p[1].longitude - p[0].longitude, p[1].latitude - p[0].latitude)
        let dn = hypot(p[2].longitude - p[0].longitude, p[2].latitude - p[0].latitude)
        #expect(abs(de / dn - 1) < 1e-4)
        // Every event is on the map, inside its frame.
        #expect(map.stats.eventsShown == events.count && map.stats.eventsOutside == 0)
    }

    @Test func sameInputGivesByteIdenticalSVG() throws {
        let events = try seedEvents()
        let layers = try catalogueLayers(["border:TR-SY", "road:M4", "zone:idlib-deescalation"])
        var options = MapOptions(title: "Twice")
        options.width = 900
        let places = [PlaceCandidate(name: "Aleppo", coordinate: Coordinate(longitude: 37.16117, latitude: 36.20124), population: 1_602_264)]
        let first = try MapRenderer().render(events: events, layers: layers, places: places, options: options).svg
        let second = try MapRenderer().render(events: events, layers: layers, places: places, options: options).svg
        #expect(first == second)
    }

    @Test func svgIsWellFormedNamespacedAndScriptFree() throws {
        var events = try seedEvents()
        // Text that must be escaped, and names in Arabic and Turkish script.
        events[6].place = "Gaziantep <\"&'>"
        events[0].place = "Reyhanlı"
        events[1].place = "عين عيسى"
        events[2].category = "A & B"
        let map = try MapRenderer().render(
            events: events, layers: try catalogueLayers(["border:TR-SY"]), places: [],
            options: MapOptions(title: "Kobanî & \"Ayn al-Arab\" <2016>"))
        let svg = try SVGInspector.inspect(map.svg)
        #expect(svg.elements.first == "svg")
        #expect(svg.rootNamespace == "http://www.w3.org/2000/svg")
        #expect(!svg.elements.contains("script") && !svg.elements.contains("foreignObject"))
        #expect(!map.svg.contains("javascript:"))
        #expect(map.svg.range(of: #" on[a-z]+="#, options: .regularExpression) == nil, "an event-handler attribute")
        #expect(svg.texts.contains("Kobanî & \"Ayn al-Arab\" <2016>"))
        #expect(svg.texts.contains("Gaziantep <\"&'>"))
        #expect(svg.texts.contains("Reyhanlı"))
        #expect(svg.texts.contains("عين عيسى"))
        #expect(map.svg.contains("sans-serif"))
    }

    @Test func aCrowdedPlaceIsLabelledBesideItOrWithALeaderLine() throws {
        // Hundreds of events at each of a few towns, every symbol drawn: the symbols fan out
        // far around each town. A label used to clear all of them and stood 40 to 70 km away.
        let towns: [(String, Double, Double, Int)] = [
            ("Aleppo", 37.1612, 36.2021, 900), ("Idlib", 36.6339, 35.9306, 700), ("Saraqib", 36.8, 35.8614, 500),
            ("Maarat al-Numan", 36.6717, 35.6436, 300), ("Atarib", 36.8314, 36.1389, 200), ("Khan Shaykhun", 36.6383, 35.4417, 100),
        ]
        var events: [MapEvent] = []
        for (name, lon, lat, count) in towns {
            for k in 0..<count {
                events.append(
                    MapEvent(
                        coordinate: try Coordinate(validatingLongitude: lon, latitude: lat), eventType: k % 3 == 0 ? "Battles" : "Explosions/Remote violence",
                        category: k % 3 == 0 ? "Battles" : "Explosions/Remote violence", fatalities: k % 7, date: "2020-02-01", place: name))
            }
        }
        var options = MapOptions(title: "Crowded")
        options.aggregation = .none
        options.bbox = try BoundingBox(minLongitude: 36.2, minLatitude: 35.3, maxLongitude: 37.4, maxLatitude: 36.4)
        let map = try MapRenderer().render(events: events, layers: try catalogueLayers([]), places: [], options: options)
        let placeLabels = map.labels.filter { label in towns.contains { $0.0 == label.text } }
        #expect(placeLabels.count >= 4, "\(placeLabels.map(\.text))")
        for label in placeLabels {
            let town = towns.first { $0.0 == label.text }!
            let metres = try CoordinateTransformer(from: "EPSG:4326", to: map.frame.projection).transform([try Coordinate(validatingLongitude: town.1, latitude: town.2)]).coordinates[0]
            let expected = map.frame.pixel(x: metres.longitude, y: metres.latitude)
            // The label names the town's own point, not where its symbols were fanned out to.
            #expect(hypot(label.target.x - expected.x, label.target.y - expected.y) < 0.5, "\(label.text)")
            let nearest = label.box.nearestPoint(to: label.target)
            let gap = hypot(nearest.x - label.target.x, nearest.y - label.target.y)
            #expect(gap < 12 || label.hasLeader, "\(label.text) stands \(gap) px from its town without a leader line")
            // Leader lines are short: the placer looks at most 90 px beyond the symbol.
            #expect(gap < 130, "\(label.text) stands \(gap) px from its town")
        }
        if placeLabels.contains(where: \.hasLeader) { #expect(map.svg.contains("<g id=\"label-leaders\"")) }
    }

    @Test func aPlaceIsLabelledOnceWhateverItsSpelling() throws {
        // The events spell them one way, the gazetteer another: one label each, the events' spelling.
        let pairs: [(event: String, town: String, lon: Double, lat: Double)] = [
            ("Idleb", "Idlib", 36.6339, 35.9306), ("Deir-ez-Zor", "Deir ez-Zor", 40.1408, 35.3359), ("Qamishli", "Al Qāmishlī", 41.2275, 37.0522),
        ]
        var events: [MapEvent] = []
        var towns: [PlaceCandidate] = []
        for pair in pairs {
            let c = try Coordinate(validatingLongitude: pair.lon, latitude: pair.lat)
            events.append(MapEvent(coordinate: c, eventType: "Battles", category: "Battles", fatalities: 1, date: "2020-02-01", place: pair.event))
            // The gazetteer's point a few kilometres off, as often.
            towns.append(PlaceCandidate(name: pair.town, coordinate: try Coordinate(validatingLongitude: pair.lon + 0.02, latitude: pair.lat - 0.01), population: 100_000))
        }
        towns.append(PlaceCandidate(name: "Raqqa", coordinate: try Coordinate(validatingLongitude: 39.0, latitude: 35.95), population: 200_000))
        let map = try MapRenderer().render(events: events, layers: try catalogueLayers([]), places: towns, options: MapOptions(title: "Spellings"))
        let texts = map.labels.map(\.text)
        for pair in pairs {
            #expect(texts.contains(pair.event), "\(pair.event) is not labelled: \(texts)")
            #expect(!texts.contains(pair.town), "\(pair.town) is labelled beside \(pair.event)")
        }
        #expect(texts.contains("Raqqa"), "a town without events keeps its label")
    }

    @Test func automaticHexagonsDependOnTheGroundNotOnThePixels() throws {
        var random = SeededGenerator(seed: 11)
        let events = try (0..<3_000).map { _ in
            MapEvent(
                coordinate: try Coordinate(validatingLongitude: Double.random(in: 36...40, using: &random), latitude: Double.random(in: 35...37.5, using: &random)),
                eventType: "Battles", category: "Battles")
        }
        var widths: [Double] = []
        for pixels in [600, 1000, 1800] {
            var options = MapOptions(title: "Hexagons")
            options.width = pixels
            options.bbox = try BoundingBox(minLongitude: 36, minLatitude: 35, maxLongitude: 40, maxLatitude: 37.5)
            let map = try MapRenderer().render(events: events, layers: [], places: [], options: options)
            widths.append(try #require(map.stats.hexagonWidthMetres, "3,000 events were not aggregated at \(pixels) px"))
        }
        #expect(Set(widths).count == 1, "hexagon widths \(widths) m at 600, 1000 and 1800 px")
    }

    @Test func labelsOverlapNeitherEachOtherNorSymbols() throws {
        let events = try seedEvents()
        // The 21 border towns, all wanting a label.
        let towns = try Formats.open(fixtures.appendingPathComponent("border-towns.geojson").path)[0].readAll().features.map { f in
            guard case let .point(c)? = f.geometry else { fatalError() }
            return PlaceCandidate(
                name: f.properties["name"]!.stringValue!, coordinate: c,
                population: f.properties["population"].flatMap { if case let .number(n) = $0 { Int(n) } else { nil } } ?? 0)
        }
        for width in [500, 1000] {
            var options = MapOptions(title: "Labels")
            options.width = width
            let map = try MapRenderer().render(events: events, layers: try catalogueLayers(["border:TR-SY"]), places: towns, options: options)
            #expect(map.labels.count >= 8, "width \(width): only \(map.labels.count) labels")
            for (i, a) in map.labels.enumerated() {
                #expect(map.frame.mapRect.contains(a.box.center))
                for b in map.labels[(i + 1)...] {
                    #expect(!overlaps(a.box, b.box), "\(a.text) overlaps \(b.text)")
                }
                for symbol in map.symbolBoxes { #expect(!overlaps(a.box, symbol), "\(a.text) covers a symbol") }
            }
            // Symbols do not hide one another: three events at Jarablus are fanned out.
            for (i, a) in map.symbolBoxes.enumerated() {
                for b in map.symbolBoxes[(i + 1)...] {
                    let d = hypot(a.center.x - b.center.x, a.center.y - b.center.y)
                    #expect(d >= 0.85 * (a.width + b.width) / 2.4, "two symbols on top of each other")
                }
            }
        }
    }

    @Test func manyEventsBecomeHexagonsAndNoneIsLost() throws {
        let events = SyntheticEvents(count: 20_000, seed: 7).map { f -> MapEvent in
            guard case let .point(c)? = f.geometry else { fatalError() }
            return MapEvent(coordinate: c, eventType: f.properties["event_type"]?.stringValue, category: f.properties["event_type"]?.stringValue)
        }
        let auto = try MapRenderer().render(events: events, layers: [], places: [], options: MapOptions(title: "Auto"))
        #expect(auto.stats.hexagonWidthMetres != nil)
        #expect(auto.stats.eventsShown == events.count)
        var options = MapOptions(title: "Ten km")
        options.aggregation = .hexagons(widthMetres: 10_000)
        let ten = try MapRenderer().render(events: events, layers: [], places: [], options: options)
        #expect(ten.stats.hexagonWidthMetres == 10_000)
        // The legend's counts add up to every event in view.
        let counts = try SVGInspector.inspect(ten.svg).texts.compactMap { text -> Int? in
            guard let open = text.lastIndex(of: "("), text.hasSuffix(")") else { return nil }
            return Int(text[text.index(after: open)..<text.index(before: text.endIndex)])
        }
        #expect(counts.reduce(0, +) == events.count)
        // 7 x 6.5 degrees of 10 km hexagons: thousands, each drawn once.
        #expect(ten.stats.hexagons > 2_000 && ten.stats.hexagons < 8_000, "\(ten.stats.hexagons)")
        #expect(ten.svg.components(separatedBy: "fill-opacity=").count - 1 >= ten.stats.hexagons)
        options.aggregation = .none
        let none = try MapRenderer().render(events: events, layers: [], places: [], options: options)
        #expect(none.stats.hexagons == 0 && none.symbolBoxes.count == events.count)
    }

    /// Count is what a hexagon's shade says: 300 events are darker than 40, whatever their types;
    /// the most frequent type is the dot.
    @Test func aHexagonsShadeIsItsCount() throws {
        var events: [MapEvent] = []
        let busy = Coordinate(longitude: 36.6, latitude: 36.0), quiet = Coordinate(longitude: 38.5, latitude: 36.5)
        // 300 riots in one place, 40 battles in another.
        events += (0..<300).map { _ in MapEvent(coordinate: busy, eventType: "Riots", category: "Riots") }
        events += (0..<40).map { _ in MapEvent(coordinate: quiet, eventType: "Battles", category: "Battles") }
        var options = MapOptions(title: "Shades")
        options.aggregation = .hexagons(widthMetres: 20_000)
        let map = try MapRenderer().render(events: events, layers: [], places: [], options: options)
        #expect(map.stats.hexagons == 2)
        // The hexagons' fills, in drawing order, and the dots' colours.
        let fills = map.svg.components(separatedBy: "<path d=\"M").dropFirst().compactMap { element -> String? in
            let part = element.prefix { $0 != ">" }
            guard part.contains("fill-opacity=\"0.9\"") && !part.contains("stroke=") else { return nil }
            return part.range(of: ##"fill="#[0-9A-F]{6}""##, options: .regularExpression).map { String(part[$0].dropFirst(6).dropLast()) }
        }
        func luminance(_ hex: String) -> Int { Int(hex.dropFirst(), radix: 16).map { ($0 >> 16 & 255) + ($0 >> 8 & 255) + ($0 & 255) } ?? -1 }
        let shades = fills.map(luminance).sorted()
        #expect(shades.count >= 2 && shades[0] < shades[1], "\(fills)")
        // The darkest hexagon is the 300: its dot is the riots' colour.
        let riots = EventStyle.hex(EventStyle.rgb(for: "Riots")), battles = EventStyle.hex(EventStyle.rgb(for: "Battles"))
        #expect(map.svg.contains("fill=\"\(riots)\" stroke-width=\"0.8\"") && map.svg.contains("fill=\"\(battles)\" stroke-width=\"0.8\""))
        // The legend names both and says what the shade means.
        let texts = try SVGInspector.inspect(map.svg).texts.joined(separator: " ")
        #expect(texts.contains("shaded by how many events") && texts.contains("100+") && texts.contains("20–99"))
    }

    @Test func hexagonMapColouredByActorMatchesTheGoldenFile() throws {
        // 3,000 seeded events in 10 km hexagons, coloured by actor1, with the border and the M4.
        let events = SyntheticEvents(count: 3_000, seed: 11).map { f -> MapEvent in
            guard case let .point(c)? = f.geometry else { fatalError() }
            return MapEvent(
                coordinate: c, eventType: f.properties["event_type"]?.stringValue, category: f.properties["actor1"]?.stringValue,
                date: f.properties["event_date"]?.stringValue)
        }
        var options = MapOptions(title: "Synthetic events by actor, 10 km hexagons")
        options.colorField = "actor1"
        options.aggregation = .hexagons(widthMetres: 10_000)
        options.labels = false
        let map = try MapRenderer().render(events: events, layers: try catalogueLayers(["border:TR-SY", "road:M4"]), places: [], options: options)
        let golden = fixtures.appendingPathComponent("render/synthetic-hex-10km-by-actor.svg")
        if ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1" { try Data(map.svg.utf8).write(to: golden) }
        #expect(map.svg == (try String(contentsOf: golden, encoding: .utf8)), "differs from \(golden.path); RECORD_SNAPSHOTS=1 re-records on purpose")
    }

    @Test func bboxSetsTheExtentAndCountsWhatFallsOutside() throws {
        let events = try seedEvents()
        var options = MapOptions(title: "Jarablus")
        options.bbox = try BoundingBox(minLongitude: 37.5, minLatitude: 36.4, maxLongitude: 38.5, maxLatitude: 37.0)
        let map = try MapRenderer().render(events: events, layers: [], places: [], options: options)
        // Jarablus (3), Karkamis and Manbij are inside; the others are not.
        #expect(map.stats.eventsShown == 5)
        #expect(map.stats.eventsOutside == 6)
        #expect(map.svg.contains("5 events (6 more outside the map)"))
        // The subtitle's dates are those of the events in view (Manbij 2016-08 to Jarablus 2016-08-24).
        #expect(map.svg.contains("2016-08 to 2016-08-24 · 5 events"))
    }

    @Test func nothingToDrawIsAnError() throws {
        #expect(throws: RenderError.nothingToDraw) {
            try MapRenderer().render(events: [], layers: [], places: [], options: MapOptions(title: "Empty"))
        }
    }
}

/// Overlap by more than half a pixel (touching edges are fine).
func overlaps(_ a: Rect, _ b: Rect) -> Bool {
    a.x < b.maxX - 0.5 && b.x < a.maxX - 0.5 && a.y < b.maxY - 0.5 && b.y < a.maxY - 0.5
}

/// The timeline: weeks from Monday, months, stacking by type, fatalities, what is left out.
@Suite("Timeline chart")
struct TimelineChartTests {
    func event(_ date: String?, _ type: String, _ deaths: Int? = nil) -> TimelineEvent {
        TimelineEvent(date: date.flatMap { EventDate(parsing: $0) }, eventType: type, fatalities: deaths)
    }

    @Test func weeksRunFromMondayToSunday() throws {
        // 2019-10-07 was a Monday, 2019-10-13 the Sunday after it.
        let events = [
            event("2019-10-07", "Battles", 3), event("2019-10-13", "Riots"), event("2019-10-14", "Battles", 1), event("2019-10-28", "Protests"),
            event("2019-10", "Battles"), event(nil, "Riots"),
        ]
        let (svg, stats) = try TimelineChart.svg(events: events, bin: .week, title: "Weeks")
        #expect(stats.bin == .week)
        // Weeks of the 7th, 14th, 21st (empty) and 28th.
        #expect(stats.bars == 4)
        #expect(stats.counts.map { $0.reduce(0, +) } == [2, 1, 0, 1])
        #expect(stats.fatalities == [3, 1, 0, 0])
        #expect(stats.undated == 1 && stats.tooCoarse == 1 && stats.counted == 4)
        // Types in ACLED's order: battles at the bottom of each bar.
        #expect(stats.types == ["Battles", "Protests", "Riots"])
        #expect(svg.contains(">2019-10-07<") && svg.contains("1 undated event left out") && svg.contains("dated only to a month"))
    }

    @Test func monthsCountEveryDatedEventAndAutoPicksThemForLongSpans() throws {
        let events = [event("2017-01-15", "Battles", 10), event("2017-01", "Riots"), event("2018-06-01", "Battles"), event("2018", "Protests")]
        let (_, stats) = try TimelineChart.svg(events: events, title: "Months")
        #expect(stats.bin == .month)
        // January 2017 to June 2018: 18 months; a date known only to its year has no month.
        #expect(stats.bars == 18)
        #expect(stats.counts.first.map { $0.reduce(0, +) } == 2 && stats.counts.last.map { $0.reduce(0, +) } == 1)
        #expect(stats.counted == 3 && stats.tooCoarse == 1)
        #expect(throws: RenderError.nothingToDraw) { try TimelineChart.svg(events: [event(nil, "Riots")], title: "None") }
    }
}
