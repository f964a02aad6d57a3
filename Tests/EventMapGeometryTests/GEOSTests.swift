import EventMapCore
import EventMapGeometry
import Foundation
import Testing

@Suite("GEOS wrapper")
struct GEOSTests {
    let geos = GEOSContext()

    @Test(
        "WKT round trips",
        arguments: [
            "POINT (36.63393 35.93062)",
            "LINESTRING (36.31983 35.81418, 36.60964 35.81374, 36.80591 35.86447, 37.16117 36.20124)",
            "POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0), (2 2, 2 4, 4 4, 4 2, 2 2))",
            "MULTIPOINT (1 2, 3 4)",
            "MULTILINESTRING ((0 0, 1 1), (2 2, 3 3))",
            "MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0)), ((5 5, 6 5, 6 6, 5 5)))",
            "GEOMETRYCOLLECTION (POINT (1 2), LINESTRING (0 0, 1 1))",
        ])
    func wktRoundTrip(wkt: String) throws {
        let geometry = try geos.geometry(wkt: wkt)
        #expect(try geometry.wkt() == wkt)
        // Through the core value and back.
        let again = try NativeGeometry(try geometry.geometry(), context: geos)
        #expect(try again.wkt() == wkt)
        // And through WKB.
        #expect(try geos.geometry(wkb: try geometry.wkb()).wkt() == wkt)
    }

    @Test func coreValuesRoundTripExactly() throws {
        var rng = SeededGenerator(seed: 5)
        for _ in 0..<50 {
            let points = (0..<Int.random(in: 3...40, using: &rng)).map { _ in rng.regionPoint() }
            let ring = points.prefix(3) + [points[0]]
            let geometry = Geometry.geometryCollection([
                .lineString(try LineString(points)), .polygon(try Polygon(rings: [Array(ring)])), .multiPoint(points),
            ])
            #expect(try NativeGeometry(geometry, context: geos).geometry() == geometry)
        }
    }

    @Test(
        "malformed WKT names the problem",
        arguments: [
            ("POINT (1", "ParseException"),
            ("POLYGON ((0 0, 1 0, 1 1, 0 0.5))", "closed"),
            ("LINESTRING (0 0)", "IllegalArgumentException"),
            ("CIRCLE (0 0, 1)", "Unknown type"),
            ("", "ParseException"),
        ])
    func malformedWKT(text: String, expected: String) {
        do {
            _ = try geos.geometry(wkt: text)
            Issue.record("accepted '\(text)'")
        } catch {
            guard case let .malformedWKT(message) = error else { Issue.record("wrong error \(error)"); return }
            #expect(message.contains(expected), "\(message)")
        }
    }

    @Test func nonFiniteCoordinatesAreRejected() {
        #expect(throws: GeometryError.self) { try geos.geometry(wkt: "POINT (NaN 1)") }
        #expect(throws: GeometryError.self) { try geos.geometry(wkt: "LINESTRING (0 0, inf 1)") }
        #expect(throws: GeometryError.self) { try NativeGeometry(.point(Coordinate(longitude: .nan, latitude: 1)), context: geos) }
        #expect(throws: GeometryError.self) { try geos.geometry(wkb: [1, 2, 3]) }
    }

    @Test func predicates() throws {
        let square = try geos.geometry(wkt: "POLYGON ((0 0, 2 0, 2 2, 0 2, 0 0))")
        let inside = try geos.geometry(wkt: "POINT (1 1)")
        let onEdge = try geos.geometry(wkt: "POINT (2 1)")
        let outside = try geos.geometry(wkt: "POINT (3 1)")
        #expect(try square.contains(inside))
        #expect(try !square.contains(onEdge))  // boundary is not interior
        #expect(try square.covers(onEdge))  // but it is covered
        #expect(try square.intersects(onEdge))
        #expect(try !square.intersects(outside))
        #expect(try inside.within(square))
        #expect(try square.distance(to: outside) == 1)
    }

    @Test func overlaysAndMeasures() throws {
        let a = try geos.geometry(wkt: "POLYGON ((0 0, 2 0, 2 2, 0 2, 0 0))")
        let b = try geos.geometry(wkt: "POLYGON ((1 1, 3 1, 3 3, 1 3, 1 1))")
        #expect(try a.area() == 4)
        #expect(try a.length() == 8)
        #expect(try a.union(b).area() == 7)
        #expect(try a.intersection(b).area() == 1)
        #expect(try a.difference(b).area() == 3)
        let collection = try geos.geometry(wkt: "GEOMETRYCOLLECTION (POLYGON ((0 0, 2 0, 2 2, 0 2, 0 0)), POLYGON ((1 1, 3 1, 3 3, 1 3, 1 1)))")
        let dissolved = try collection.unaryUnion()
        #expect(try dissolved.area() == 7)
        #expect(dissolved.typeName == "Polygon")
        let empty = try a.intersection(try geos.geometry(wkt: "POINT (10 10)"))
        #expect(empty.isEmpty)
        #expect(try empty.extent() == nil)
    }

    @Test func bufferStyles() throws {
        let line = try geos.geometry(wkt: "LINESTRING (0 0, 10 0)")
        let round = try line.buffer(1)
        let flat = try line.buffer(1, style: BufferStyle(endCap: .flat))
        let square = try line.buffer(1, style: BufferStyle(endCap: .square, join: .mitre))
        #expect(abs(try flat.area() - 20) < 1e-9)
        #expect(abs(try square.area() - 24) < 1e-9)
        // A round buffer is 20 plus a circle of radius 1 drawn with 8 segments per quadrant.
        let polygonCircle = 32.0 / 2 * sin(2 * Double.pi / 32)
        #expect(abs(try round.area() - (20 + polygonCircle)) < 1e-9)
        #expect(throws: GeometryError.self) { try line.buffer(.nan) }
    }

    @Test func validityAndRepair() throws {
        let bowtie = try geos.geometry(wkt: "POLYGON ((0 0, 1 1, 1 0, 0 1, 0 0))")
        #expect(try !bowtie.isValid())
        #expect(try bowtie.validityReason().hasPrefix("Self-intersection"))
        let repaired = try bowtie.makeValid()
        #expect(try repaired.isValid())
        #expect(abs(try repaired.area() - 0.5) < 1e-12)
        #expect(try geos.geometry(wkt: "POINT (1 1)").validityReason() == "Valid Geometry")
    }

    @Test func simplifyKeepsTopology() throws {
        // A ring with a hole close to a wiggly edge: simplifying must not let the hole escape.
        var rng = SeededGenerator(seed: 3)
        var shell = [Coordinate(longitude: 0, latitude: 0)]
        for i in 1..<100 { shell.append(Coordinate(longitude: Double(i) / 10, latitude: .random(in: -0.05...0.05, using: &rng))) }
        shell += [Coordinate(longitude: 10, latitude: 0), Coordinate(longitude: 10, latitude: 5), Coordinate(longitude: 0, latitude: 5), shell[0]]
        let hole = [(5.0, 0.2), (5.5, 0.2), (5.5, 0.4), (5.0, 0.4), (5.0, 0.2)].map { Coordinate(longitude: $0.0, latitude: $0.1) }
        let polygon = try NativeGeometry(.polygon(try Polygon(rings: [shell, hole])), context: geos)
        let simple = try polygon.simplified(tolerance: 0.3)
        #expect(simple.coordinateCount < polygon.coordinateCount / 4)
        #expect(try simple.isValid())
        guard case let .polygon(result) = try simple.geometry() else { Issue.record("not a polygon"); return }
        #expect(result.rings.count == 2)
    }

    @Test func preparedAgreesWithUnprepared() throws {
        var rng = SeededGenerator(seed: 99)
        for _ in 0..<20 {
            let center = rng.regionPoint()
            let zone = try NativeGeometry(.point(center), context: geos).buffer(.random(in: 0.1...1.5, using: &rng))
            let prepared = try PreparedGeometry(zone)
            var points: [Coordinate] = []
            for _ in 0..<200 {
                let p = Coordinate(
                    longitude: center.longitude + .random(in: -2...2, using: &rng),
                    latitude: center.latitude + .random(in: -2...2, using: &rng))
                points.append(p)
                let point = try NativeGeometry(.point(p), context: geos)
                #expect(try prepared.contains(point) == zone.contains(point))
                #expect(try prepared.covers(point) == zone.covers(point))
                #expect(try prepared.intersects(point) == zone.intersects(point))
            }
            let bulk = try prepared.covers(points: points)
            for (p, answer) in zip(points, bulk) {
                #expect(answer == (try zone.covers(try NativeGeometry(.point(p), context: geos))))
            }
            let other = try NativeGeometry(.point(rng.regionPoint()), context: geos).buffer(0.5)
            #expect(try prepared.intersects(other) == zone.intersects(other))
            #expect(try prepared.within(other) == zone.within(other))
        }
    }

    @Test func strtreeMatchesBruteForce() throws {
        var rng = SeededGenerator(seed: 11)
        var boxes: [BoundingBox] = []
        for _ in 0..<2_000 {
            let p = rng.regionPoint()
            boxes.append(
                try BoundingBox(
                    minLongitude: p.longitude, minLatitude: p.latitude,
                    maxLongitude: p.longitude + .random(in: 0...0.3, using: &rng),
                    maxLatitude: p.latitude + .random(in: 0...0.3, using: &rng)))
        }
        let tree = try STRtree(boxes: boxes, context: geos)
        #expect(tree.count == 2_000)
        for _ in 0..<100 {
            let p = rng.regionPoint()
            let query = try BoundingBox(
                minLongitude: p.longitude, minLatitude: p.latitude,
                maxLongitude: p.longitude + 0.5, maxLatitude: p.latitude + 0.5)
            let expected = boxes.indices.filter { boxes[$0].intersects(query) }
            #expect(try tree.query(query) == expected)
        }
        // Geometries index by their envelopes.
        let lines = try [
            geos.geometry(wkt: "LINESTRING (36 36, 37 37)"), geos.geometry(wkt: "LINESTRING (40 36, 41 36.5)"),
        ]
        let lineTree = try STRtree(geometries: lines, context: geos)
        #expect(try lineTree.query(geos.geometry(wkt: "POINT (40.5 36.2)")) == [1])
        #expect(try lineTree.query(geos.geometry(wkt: "POINT (0 0)")) == [])
    }

    // GEOSClipByRect_r: a square cut by a rectangle keeps the overlap, exactly.
    @Test func clipByRectangleKeepsTheOverlap() throws {
        let square = try geos.geometry(wkt: "POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0))")
        let clipped = try square.clipped(minX: 5, minY: -5, maxX: 20, maxY: 4)
        #expect(try clipped.area() == 5 * 4)
        #expect(try clipped.extent()! == (minX: 5, minY: 0, maxX: 10, maxY: 4))
        // A line crossing the rectangle keeps its inside part; one outside leaves nothing.
        let line = try geos.geometry(wkt: "LINESTRING (-10 2, 30 2)")
        #expect(try line.clipped(minX: 0, minY: 0, maxX: 10, maxY: 10).length() == 10)
        #expect(try line.clipped(minX: 0, minY: 5, maxX: 10, maxY: 10).isEmpty)
    }

    // GEOSMaximumInscribedCircle_r: the centre of an L shape's largest circle is in its wide arm.
    @Test func maximumInscribedCircleFindsTheDeepestPoint() throws {
        // A 10 x 10 square: the centre, radius 5.
        let square = try geos.geometry(wkt: "POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0))")
        guard case let .lineString(radius) = try square.maximumInscribedCircle(tolerance: 0.01).geometry() else {
            Issue.record("expected a line from the centre to the boundary"); return
        }
        #expect(abs(radius.coordinates[0].longitude - 5) < 0.01 && abs(radius.coordinates[0].latitude - 5) < 0.01)
        let (a, b) = (radius.coordinates[0], radius.coordinates[1])
        #expect(abs(hypot(a.longitude - b.longitude, a.latitude - b.latitude) - 5) < 0.01)
        // An L: a 20 x 8 bar with a 2 x 20 post; the deepest point is in the bar, 4 from its edges.
        let l = try geos.geometry(wkt: "POLYGON ((0 0, 20 0, 20 8, 2 8, 2 28, 0 28, 0 0))")
        guard case let .lineString(r2) = try l.maximumInscribedCircle(tolerance: 0.01).geometry() else { return }
        #expect(abs(r2.coordinates[0].latitude - 4) < 0.02)
        #expect(r2.coordinates[0].longitude > 4 && r2.coordinates[0].longitude < 16)
    }
}
