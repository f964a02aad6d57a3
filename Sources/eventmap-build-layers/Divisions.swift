import EventMapCore
import EventMapGazetteer
import EventMapGeometry
import EventMapIO
import Foundation

/// Approximate first-level divisions (Syria's and Iraq's governorates, Turkey's provinces) drawn
/// from what the project has: every GeoNames town of the country whose record names its
/// division, the Voronoi cell of each town (the land nearer to it than to any other town),
/// the cells dissolved per division and clipped to the country's DCW outline. A division's
/// edge thus runs halfway between its towns and its neighbours' towns: right where towns are
/// dense, kilometres off where they are sparse (desert, mountains). How often a town that was
/// left out of the drawing falls in its own division is measured by cross-validation and
/// written into each layer's `accuracy` property and Gazetteer/SOURCES.md.
enum DivisionBuilder {
    /// The countries whose divisions are shipped.
    static let countries = ["SY", "TR", "IQ"]
    /// Douglas–Peucker tolerance for the dissolved divisions, degrees (about 500 m): far below
    /// the method's own error.
    static let simplifyTolerance = 0.005
    /// Folds of the cross-validation that measures the method's accuracy.
    static let folds = 5

    /// A town with the division its GeoNames record names.
    struct Town {
        let coordinate: Coordinate
        let division: Int
    }

    static func build(gazetteer: Gazetteer, features: String, out: String) throws {
        let geos = GEOSContext()
        for code in countries {
            let outline = try country(code, features: features, geos: geos)
            var divisions: [Place] = []
            var towns: [Town] = []
            var seen = Set<String>()
            for index in 0..<gazetteer.count {
                let place = gazetteer.place(at: index)
                guard place.countryCode == code, place.kind == .populatedPlace || place.kind == .capital,
                    let division = gazetteer.division(of: place), division.kind == .division
                else { continue }
                // One town per point (two records at one spot would give GEOS a degenerate cell).
                guard seen.insert("\(place.coordinate.longitude),\(place.coordinate.latitude)").inserted else { continue }
                let slot: Int
                if let found = divisions.firstIndex(where: { $0.geonameid == division.geonameid }) {
                    slot = found
                } else {
                    slot = divisions.count
                    divisions.append(division)
                }
                towns.append(Town(coordinate: place.coordinate, division: slot))
            }
            guard towns.count >= 3 else { throw LayerBuilder.Failure(description: "\(code): only \(towns.count) towns with a division") }
            let accuracy = try crossValidate(towns, outline: outline, geos: geos)
            let shapes = try dissolve(towns, divisionCount: divisions.count, outline: outline, geos: geos)
            var written: [Feature] = []
            for (slot, division) in divisions.enumerated() {
                guard let shape = shapes[slot] else { continue }
                let count = towns.filter { $0.division == slot }.count
                let properties: Properties = [
                    "name": .string(division.name), "geonameid": .number(Double(division.geonameid)), "country_code": .string(code),
                    "towns": .number(Double(count)),
                    "method": .string("approximate: Voronoi cells of \(count) GeoNames towns dissolved and clipped to the DCW outline; not an official boundary"),
                    "accuracy": .string(String(format: "%.1f%% of towns left out of the drawing fall in their own division (%d-fold cross-validation)", accuracy * 100, folds)),
                    "source": .string("GeoNames (CC BY 4.0) towns and divisions; Digital Chart of the World outline"),
                ]
                written.append(Feature(geometry: shape, properties: properties))
            }
            written.sort { ($0.properties["name"]?.stringValue ?? "") < ($1.properties["name"]?.stringValue ?? "") }
            let title = "\(gazetteer.countriesByCode[code]?.name ?? code): first-level divisions (approximate)"
            try LayerBuilder.write(layer: "admin1-\(code)", name: title, to: out, features: written)
            print(String(format: "admin1-%@: %d divisions from %d towns; held-out towns in their own division: %.1f%%", code, written.count, towns.count, accuracy * 100))
        }
    }

    /// The country's shipped outline (longitude, latitude).
    static func country(_ code: String, features: String, geos: GEOSContext) throws -> NativeGeometry {
        let parts = try GeoJSONReader.features(atPath: "\(features)/country-\(code).geojson").compactMap(\.geometry)
        return try NativeGeometry(.geometryCollection(parts), context: geos).unaryUnion()
    }

    /// Longitude is shrunk by the cosine of the country's middle latitude, so that the Voronoi
    /// cells (planar) are those of distances on the ground, to well under a per cent at these
    /// latitudes.
    static func scale(for towns: [Town]) -> Double {
        let latitudes = towns.map(\.coordinate.latitude)
        return cos((latitudes.min()! + latitudes.max()!) / 2 * .pi / 180)
    }

    /// Each division's dissolved cells, clipped to the outline (nil for a division none of whose
    /// cells reaches land).
    static func dissolve(_ towns: [Town], divisionCount: Int, outline: NativeGeometry, geos: GEOSContext) throws -> [Geometry?] {
        let k = scale(for: towns)
        func squeezed(_ c: Coordinate) -> Coordinate { Coordinate(longitude: c.longitude * k, latitude: c.latitude) }
        let points = try NativeGeometry(.multiPoint(towns.map { squeezed($0.coordinate) }), context: geos)
        guard let box = try outline.extent() else { throw LayerBuilder.Failure(description: "an empty outline") }
        let envelope = try NativeGeometry(
            .multiPoint([Coordinate(longitude: box.minX * k - 1, latitude: box.minY - 1), Coordinate(longitude: box.maxX * k + 1, latitude: box.maxY + 1)]),
            context: geos)
        guard case let .geometryCollection(cells) = try points.voronoiCells(envelope: envelope).geometry() else {
            throw LayerBuilder.Failure(description: "GEOS's Voronoi diagram is not a collection")
        }
        // Which town each cell belongs to: the one inside it (cells come in no fixed order).
        var byDivision = [[Geometry]](repeating: [], count: divisionCount)
        let located = towns.map { squeezed($0.coordinate) }
        for cell in cells {
            guard case let .polygon(polygon) = cell, let box = cell.boundingBox else { continue }
            let prepared = try PreparedGeometry(NativeGeometry(.polygon(polygon), context: geos))
            for (index, point) in located.enumerated() where box.contains(point) {
                if try prepared.contains(NativeGeometry(.point(point), context: geos)) {
                    byDivision[towns[index].division].append(cell)
                    break
                }
            }
        }
        let land = try NativeGeometry(
            try outline.geometry().mapCoordinates { squeezed($0) }, context: geos)
        return try byDivision.map { cells -> Geometry? in
            guard !cells.isEmpty else { return nil }
            let merged = try NativeGeometry(.geometryCollection(cells), context: geos).unaryUnion().intersection(land)
            let simple = try merged.simplified(tolerance: simplifyTolerance).makeValid()
            let polygons = try polygonal(simple.geometry()).map { polygon in
                try Polygon(rings: polygon.rings.map { ring in ring.map { Coordinate(longitude: $0.longitude / k, latitude: $0.latitude) } })
            }
            switch polygons.count {
            case 0: return nil
            case 1: return .polygon(polygons[0].orientedByRightHandRule())
            default: return .multiPolygon(polygons.map { $0.orientedByRightHandRule() })
            }
        }
    }

    /// The polygons of a geometry (GEOS may return a collection with lines after clipping).
    static func polygonal(_ geometry: Geometry) -> [Polygon] {
        switch geometry {
        case let .polygon(p): [p]
        case let .multiPolygon(ps): ps
        case let .geometryCollection(gs): gs.flatMap(polygonal)
        default: []
        }
    }

    /// The share of towns that fall in their own division when the divisions are drawn without
    /// them: `folds` folds, every fifth town (by a seeded shuffle) held out in turn.
    static func crossValidate(_ towns: [Town], outline: NativeGeometry, geos: GEOSContext) throws -> Double {
        var order = Array(towns.indices)
        var rng = SeededGenerator(seed: 22)
        order.shuffle(using: &rng)
        var right = 0, tested = 0
        for fold in 0..<folds {
            let heldOut = Set(order.enumerated().filter { $0.offset % folds == fold }.map(\.element))
            let training = towns.indices.filter { !heldOut.contains($0) }.map { towns[$0] }
            let divisionCount = (towns.map(\.division).max() ?? 0) + 1
            let shapes = try dissolve(training, divisionCount: divisionCount, outline: outline, geos: geos)
            let prepared = try shapes.map { shape in try shape.map { try PreparedGeometry(NativeGeometry($0, context: geos)) } }
            for index in heldOut {
                let point = try NativeGeometry(.point(towns[index].coordinate), context: geos)
                tested += 1
                if let own = prepared[towns[index].division], try own.contains(point) { right += 1 }
            }
        }
        return tested == 0 ? 0 : Double(right) / Double(tested)
    }
}
