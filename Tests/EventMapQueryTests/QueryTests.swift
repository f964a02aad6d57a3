import EventMapCore
import EventMapGeometry
import EventMapIO
import EventMapQuery
import Foundation
import Testing

let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// The shipped border line.
func borderLine() throws -> LineString {
    let features = try GeoJSONReader.features(atPath: packageRoot.appendingPathComponent("Gazetteer/features/border-TR-SY.geojson").path)
    guard case let .lineString(line)? = features.first?.geometry else { throw GeometryError.unsupportedGeometry("border is not a line") }
    return line
}

/// Brute force: the exact geodesic distance from `p` to every edge of `line`, the smallest.
func bruteForce(_ p: Coordinate, _ line: LineString) throws -> Double {
    var best = Double.infinity
    for i in 1..<line.coordinates.count {
        best = min(best, try Geodesic.nearest(to: p, onSegmentFrom: line.coordinates[i - 1], to: line.coordinates[i]).distance)
    }
    return best
}

@Suite("Geodesic distance to reference layers")
struct ReferenceDistanceTests {
    @Test func oneMetreInsideAndOutsideThirtyKilometres() throws {
        let line = try borderLine()
        let reference = try ReferenceDistance(reference: [.lineString(line)], context: GEOSContext(), within: 30_000)
        var checked = 0
        // From the middle of every 25th edge, step 30 km ± 1 m at right angles, to both sides.
        for i in stride(from: 1, to: line.coordinates.count, by: 25) {
            let a = line.coordinates[i - 1], b = line.coordinates[i]
            let edge = try Geodesic.inverse(from: a, to: b)
            guard edge.distance > 200 else { continue }
            let middle = try Geodesic.destination(from: a, azimuth: edge.initialAzimuth, distance: edge.distance / 2)
            for side in [90.0, -90.0] {
                for offset in [29_999.0, 30_001.0] {
                    let p = try Geodesic.destination(from: middle.coordinate, azimuth: middle.finalAzimuth + side, distance: offset).coordinate
                    let truth = try bruteForce(p, line)
                    // Another part of the border may be nearer than this edge: the truth decides.
                    let expected = truth <= 30_000
                    let answer = try reference.distanceIfWithin(30_000, of: p)
                    #expect((answer != nil) == expected, "point \(p): brute force \(truth) m, answer \(String(describing: answer))")
                    if let answer { #expect(abs(answer - truth) < 1e-6) }
                    checked += 1
                }
            }
        }
        #expect(checked > 100)
    }

    @Test func randomEventsAgreeWithBruteForce() throws {
        let line = try borderLine()
        let reference = try ReferenceDistance(reference: [.lineString(line)], context: GEOSContext(), within: 30_000)
        var rng = SeededGenerator(seed: 30)
        var inside = 0
        for _ in 0..<3_000 {
            // Events within about 60 km of the border, where the answer changes.
            let anchor = line.coordinates[Int.random(in: 0..<line.coordinates.count, using: &rng)]
            let p = try Geodesic.destination(from: anchor, azimuth: .random(in: 0..<360, using: &rng), distance: .random(in: 0...60_000, using: &rng)).coordinate
            let truth = try bruteForce(p, line)
            let answer = try reference.distanceIfWithin(30_000, of: p)
            #expect((answer != nil) == (truth <= 30_000))
            if let answer { #expect(abs(answer - truth) < 1e-6); inside += 1 }
        }
        #expect(inside > 600)
    }

    @Test func farPointsAreRejectedWithoutGeodesics() {
        let box = try! BoundingBox(parsing: "35.9,35.8,42.4,37.3")
        #expect(!ReferenceDistanceBoxProbe.mayBeWithin(30_000, Coordinate(longitude: 39, latitude: 32.0), of: box))
        #expect(ReferenceDistanceBoxProbe.mayBeWithin(30_000, Coordinate(longitude: 39, latitude: 35.6), of: box))
    }

    @Test func polygonsMeasureToTheirArea() throws {
        let square = try Polygon(rings: [[(36.0, 35.5), (37.0, 35.5), (37.0, 36.5), (36.0, 36.5), (36.0, 35.5)].map { Coordinate(longitude: $0.0, latitude: $0.1) }])
        let reference = try ReferenceDistance(reference: [.polygon(square)], context: GEOSContext())
        #expect(try reference.distance(from: Coordinate(longitude: 36.5, latitude: 36.0)) == 0)
        let east = try reference.distance(from: Coordinate(longitude: 37.2, latitude: 36.0))
        #expect(
            abs(
                east
                    - (try Geodesic.nearest(
                        to: Coordinate(longitude: 37.2, latitude: 36.0),
                        onSegmentFrom: Coordinate(longitude: 37, latitude: 35.5),
                        to: Coordinate(longitude: 37, latitude: 36.5)
                    ).distance)) < 1e-6)
    }
}

/// Exposes the box test for the test above.
enum ReferenceDistanceBoxProbe {
    static func mayBeWithin(_ metres: Double, _ point: Coordinate, of box: BoundingBox) -> Bool {
        ReferenceDistance.mayBeWithin(metres, point, of: box)
    }
}

@Suite("Attribute filters")
struct EventFilterTests {
    func event(date: String?, type: String = "Battles", actor1: String = "YPG", precision: Double = 1) -> Feature {
        var p: Properties = ["event_type": .string(type), "actor1": .string(actor1), "geo_precision": .number(precision)]
        if let date { p["event_date"] = .string(date) }
        return Feature(geometry: .point(Coordinate(longitude: 38, latitude: 36.8)), properties: p)
    }

    @Test(
        "partial dates match when their period overlaps",
        arguments: [
            ("2019-10-09", true), ("2019-10", true), ("2019", true), ("2019-09", false), ("2018", false), ("2019-11-01", false),
        ])
    func dates(date: String, matches: Bool) {
        var filter = EventFilter()
        filter.from = EventDate(parsing: "2019-10-01")
        filter.to = EventDate(parsing: "2019-10-31")
        #expect(filter.matches(event(date: date)) == matches)
    }

    @Test("ACLED's time_precision widens the day", arguments: [1, 2, 3])
    func precision(timePrecision: Int) {
        var filter = EventFilter()
        filter.from = EventDate(parsing: "2019-10-01")
        filter.to = EventDate(parsing: "2019-10-31")
        // 2 November: its week reaches back to 30 October; its month is November (no match at 3)...
        var feature = event(date: "2019-11-02")
        feature.properties["time_precision"] = .number(Double(timePrecision))
        #expect(filter.matches(feature) == (timePrecision == 2))
        // ...while 30 September's month is September, and its week reaches 3 October.
        feature.properties["event_date"] = .string("2019-09-30")
        #expect(filter.matches(feature) == (timePrecision == 2))
    }

    @Test func severalTypesOrActorsMeanAnyOfThem() {
        var filter = EventFilter()
        filter.types = ["Battles", "Protests"]
        filter.actors = ["SDF", "ypg"]
        #expect(filter.matches(event(date: "2019", type: "Protests")))
        #expect(filter.matches(event(date: "2019", type: "battles", actor1: "SDF: Syrian Democratic Forces")))
        #expect(!filter.matches(event(date: "2019", type: "Riots")))
        #expect(!filter.matches(event(date: "2019", actor1: "HTS")))
    }

    @Test func undatedEventsDoNotMatchADateFilter() {
        var filter = EventFilter()
        filter.from = EventDate(parsing: "2019")
        #expect(!filter.matches(event(date: nil)))
        #expect(filter.outcome(event(date: nil)) == .undated)
    }

    @Test func typeActorPrecisionAndBox() throws {
        var filter = EventFilter()
        filter.types = ["battles"]
        filter.actors = ["ypg"]
        filter.maxGeoPrecision = 2
        filter.box = try BoundingBox(parsing: "37,36,39,37")
        #expect(filter.matches(event(date: "2019")))
        #expect(!filter.matches(event(date: "2019", type: "Protests")))
        #expect(!filter.matches(event(date: "2019", actor1: "SDF")))
        #expect(!filter.matches(event(date: "2019", precision: 3)))
        filter.box = try BoundingBox(parsing: "40,36,41,37")
        #expect(!filter.matches(event(date: "2019")))
    }
}

/// The two ways of running one plan, the CSV pass-through (rows copied) and the feature path
/// (features through EventQuery), keep the same rows as brute force, for distances, areas and
/// boxes together.
@Suite("Pass-through, feature path and brute force agree")
struct QueryStrategyTests {
    func features(_ name: String) throws -> [Feature] {
        try GeoJSONReader.features(atPath: packageRoot.appendingPathComponent("Gazetteer/features/\(name).geojson").path)
    }

    @Test(arguments: [UInt64(1), 2])
    func theSameRowsThreeWays(seed: UInt64) throws {
        var random = SeededGenerator(seed: seed)
        // 1,000 points over northern Syria and southern Turkey, ids in order.
        var csv = "row,event_type,longitude,latitude\n"
        var points: [Coordinate] = []
        for id in 0..<1_000 {
            let point = try Coordinate(validatingLongitude: Double.random(in: 35.5...42.5, using: &random), latitude: Double.random(in: 35.0...38.5, using: &random))
            points.append(point)
            csv += "\(id),Battles,\(point.longitude),\(point.latitude)\n"
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("eventmap-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = folder.appendingPathComponent("points.csv").path
        try csv.write(toFile: input, atomically: false, encoding: .utf8)

        var plan = QueryPlan()
        plan.within = try Length(parsing: "\(20 + seed * 10)km")
        plan.reference = try features("border-TR-SY").compactMap(\.geometry)
        let zones = try features("zone-peace-spring") + features("zone-euphrates-shield")
        plan.outside = [AreaLayer(reference: "zone:peace-spring", geometries: zones.compactMap(\.geometry))]
        plan.filter.box = try BoundingBox(minLongitude: 36, minLatitude: 35.5, maxLongitude: 42, maxLatitude: 38)
        #expect(CSVPassThrough.applies(to: plan, input: input, countOnly: false, outputIsCSVFile: true))

        // 1. The pass-through.
        let output = folder.appendingPathComponent("kept.csv").path
        let counts = try CSVPassThrough(plan: plan, input: input, output: output, overwrite: false, skipInvalid: false).run()
        let copied = try String(contentsOfFile: output, encoding: .utf8).split(separator: "\r\n").dropFirst().map { Int($0.split(separator: ",")[0])! }
        #expect(counts.matched == copied.count && counts.seen == points.count)

        // 2. The feature path.
        let query = try EventQuery(plan: plan)
        var kept: [Int] = []
        for record in try Formats.open(input)[0].readAll().features {
            var feature = record
            if case .kept = try query.apply(&feature) { kept.append(feature.properties["row"]?.intValue ?? Int(feature.properties["row"]?.stringValue ?? "") ?? -1) }
        }

        // 3. Brute force: every edge of the border, GEOS covers for the zones, the box by hand.
        let line = try borderLine()
        let context = GEOSContext()
        let zoneGeometries = try zones.compactMap(\.geometry).map { try NativeGeometry($0, context: context) }
        var expected: [Int] = []
        for (id, point) in points.enumerated() {
            guard plan.filter.box!.contains(point), try bruteForce(point, line) <= plan.within!.metres else { continue }
            let native = try NativeGeometry(.point(point), context: context)
            if try zoneGeometries.contains(where: { try $0.covers(native) }) { continue }
            expected.append(id)
        }
        #expect(expected.count > 20, "the test keeps too few rows to mean much: \(expected.count)")
        #expect(copied == expected, "pass-through: \(Set(copied).symmetricDifference(expected).sorted().prefix(5))")
        #expect(kept == expected, "feature path: \(Set(kept).symmetricDifference(expected).sorted().prefix(5))")
    }

    /// A file of several chunks (the pass-through tests 4 MB at a time on every core) whose notes
    /// hold quoted line breaks, commas and formula-like text: the rows written are the feature
    /// path's, in the input's order, each copied byte for byte.
    @Test func chunksOfAFileComeOutInOrder() throws {
        var random = SeededGenerator(seed: 11)
        let filler = String(repeating: "Clashes were reported in the countryside; ", count: 4)
        let notes = ["\"Shelling near the crossing,\nreported twice\"", filler, "\"=HYPERLINK(\"\"x\"\")\"", "\"a \"\"quoted\"\" word, \(filler)\"", ""]
        var csv = "row,note,latitude,longitude\r\n"
        var rows: [Int: String] = [:]
        for id in 0..<70_000 {
            let latitude = Double.random(in: 35.0...38.0, using: &random), longitude = Double.random(in: 36.0...42.0, using: &random)
            let note = notes.randomElement(using: &random)!
            let row = "\(id),\(note),\(latitude),\(longitude)"
            rows[id] = row
            csv += row + "\r\n"
        }
        #expect(csv.utf8.count > 2 * CSVPassThrough.chunkBytes, "the file should span several chunks")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("eventmap-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = folder.appendingPathComponent("notes.csv").path
        try csv.write(toFile: input, atomically: false, encoding: .utf8)
        var plan = QueryPlan()
        plan.filter.box = try BoundingBox(minLongitude: 37, minLatitude: 36, maxLongitude: 41, maxLatitude: 37.5)
        let output = folder.appendingPathComponent("kept.csv").path
        let counts = try CSVPassThrough(plan: plan, input: input, output: output, overwrite: false, skipInvalid: false).run()
        #expect(counts.seen == 70_000)

        var expected: [Int] = []
        for feature in try Formats.open(input)[0].readAll().features {
            guard let point = feature.geometry.flatMap({ if case let .point(c) = $0 { c } else { nil } }), plan.filter.box!.contains(point) else { continue }
            expected.append(feature.properties["row"]?.intValue ?? Int(feature.properties["row"]?.stringValue ?? "") ?? -1)
        }
        let written = try String(contentsOfFile: output, encoding: .utf8)
        var lines: [String] = []
        CSVCellsProbe.records(Array(written.utf8)) { lines.append($0) }
        let ids = lines.dropFirst().map { Int($0.prefix { $0 != "," })! }
        #expect(expected.count > 10_000)
        #expect(ids.count == expected.count)
        let firstDifference = zip(ids, expected).enumerated().first { $0.element.0 != $0.element.1 }?.offset
        #expect(firstDifference == nil, "first row out of place: \(firstDifference.map { "\(ids[$0]) for \(expected[$0])" } ?? "")")
        // Copied as they were, but for the guard before a formula.
        for (id, line) in zip(ids, lines.dropFirst()) where !line.contains("HYPERLINK") {
            #expect(line == rows[id], "row \(id)")
        }
    }
}

/// Splits CSV text into records (line ends outside quotes), for reading back what was written.
enum CSVCellsProbe {
    static func records(_ bytes: [UInt8], _ body: (String) -> Void) {
        bytes.withUnsafeBufferPointer { buffer in
            CSVRecordScanner.forEachRecord(in: buffer) { record, _ in
                if !record.isEmpty { body(String(decoding: UnsafeBufferPointer(rebasing: buffer[record]), as: UTF8.self)) }
            }
        }
    }
}
