import EventMapCore
import EventMapGeometry
import Foundation
import Testing

@Suite("Geodesy on WGS84, checked against GeographicLib's GeodSolve and Planimeter")
struct GeodesicTests {
    let idlib = Coordinate(longitude: 36.63393, latitude: 35.93062)
    let aleppo = Coordinate(longitude: 37.16117, latitude: 36.20124)

    @Test func idlibToAleppoMatchesGeodSolve() throws {
        let reference = try runGeographicLib("GeodSolve", ["-i", "-p", "9"], input: "35.93062 36.63393 36.20124 37.16117\n")
        let (azi1, azi2, s12) = (reference[0][0], reference[0][1], reference[0][2])
        let answer = try Geodesic.inverse(from: idlib, to: aleppo)
        #expect(abs(answer.distance - s12) < 1e-6)
        #expect(abs(answer.initialAzimuth - azi1) < 1e-9)
        #expect(abs(answer.finalAzimuth - azi2) < 1e-9)
        // About 56.19 km, as any map shows.
        #expect(abs(answer.distance - 56_193.919) < 0.001)
    }

    @Test func randomInversesMatchGeodSolve() throws {
        var rng = SeededGenerator(seed: 42)
        var pairs: [(Coordinate, Coordinate)] = []
        for _ in 0..<300 {
            let a = Coordinate(longitude: .random(in: -180...180, using: &rng), latitude: .random(in: -89...89, using: &rng))
            let b = Bool.random(using: &rng) ? rng.regionPoint() : Coordinate(longitude: .random(in: -180...180, using: &rng), latitude: .random(in: -89...89, using: &rng))
            pairs.append((a, b))
        }
        let input = pairs.map { "\($0.0.latitude) \($0.0.longitude) \($0.1.latitude) \($0.1.longitude)" }.joined(separator: "\n") + "\n"
        let reference = try runGeographicLib("GeodSolve", ["-i", "-p", "9"], input: input)
        #expect(reference.count == pairs.count)
        for (pair, row) in zip(pairs, reference) {
            let distance = try Geodesic.distance(from: pair.0, to: pair.1)
            #expect(abs(distance - row[2]) < 1e-6, "\(pair)")
        }
    }

    @Test func destinationsMatchGeodSolve() throws {
        var rng = SeededGenerator(seed: 7)
        var cases: [(Coordinate, Double, Double)] = []
        for _ in 0..<200 {
            cases.append((rng.regionPoint(), .random(in: -180...180, using: &rng), .random(in: 0...2_000_000, using: &rng)))
        }
        let input = cases.map { "\($0.0.latitude) \($0.0.longitude) \($0.1) \($0.2)" }.joined(separator: "\n") + "\n"
        let reference = try runGeographicLib("GeodSolve", ["-p", "9"], input: input)
        for (item, row) in zip(cases, reference) {
            let end = try Geodesic.destination(from: item.0, azimuth: item.1, distance: item.2)
            #expect(abs(end.coordinate.latitude - row[0]) < 1e-9)
            #expect(abs(end.coordinate.longitude - row[1]) < 1e-9)
            #expect(abs(end.finalAzimuth - row[2]) < 1e-9)
        }
    }

    @Test func lineLengthIsSumOfGeodesics() throws {
        let path = [idlib, aleppo, Coordinate(longitude: 37.95495, latitude: 36.52815)]  // ... Manbij
        let input = "35.93062 36.63393 36.20124 37.16117\n36.20124 37.16117 36.52815 37.95495\n"
        let reference = try runGeographicLib("GeodSolve", ["-i", "-p", "9"], input: input)
        let length = try Geodesic.length(of: path)
        #expect(abs(length - (reference[0][2] + reference[1][2])) < 1e-6)
    }

    @Test func polygonAreaMatchesPlanimeter() throws {
        // A one-degree cell over Idlib province, and a hole a quarter its size.
        let cell = [(36.0, 35.5), (37.0, 35.5), (37.0, 36.5), (36.0, 36.5), (36.0, 35.5)]
        let hole = [(36.25, 35.75), (36.25, 36.25), (36.75, 36.25), (36.75, 35.75), (36.25, 35.75)]
        func ring(_ pairs: [(Double, Double)]) -> [Coordinate] { pairs.map { Coordinate(longitude: $0.0, latitude: $0.1) } }
        func planimeter(_ pairs: [(Double, Double)]) throws -> Double {
            let rows = try runGeographicLib("Planimeter", ["-p", "6"], input: pairs.dropLast().map { "\($0.1) \($0.0)" }.joined(separator: "\n") + "\n")
            return abs(rows[0][2])
        }
        let polygon = try Polygon(rings: [ring(cell), ring(hole)])
        let expected = try planimeter(cell) - planimeter(hole)
        let area = try Geodesic.area(of: polygon)
        // Planimeter prints areas to 0.1 m², so two readings differ from ours by at most 0.1 m².
        #expect(abs(area - expected) < 0.11, "EventMap \(area) m², Planimeter \(expected) m²")
        // About 10 004 km² less a quarter.
        #expect(expected > 7.4e9 && expected < 7.6e9)
    }

    @Test func invalidCoordinatesThrow() {
        #expect(throws: GeometryError.self) { try Geodesic.distance(from: Coordinate(longitude: 36, latitude: 95), to: aleppo) }
        #expect(throws: GeometryError.self) { try Geodesic.distance(from: Coordinate(longitude: .nan, latitude: 0), to: aleppo) }
        #expect(throws: GeometryError.self) { try Geodesic.destination(from: idlib, azimuth: .infinity, distance: 10) }
        #expect(throws: GeometryError.self) { try GeodesicPolyline(paths: [[idlib, Coordinate(longitude: 200, latitude: 0)]]) }
    }
}

@Suite("Exact geodesic distance from a point to a line")
struct PointToLineTests {
    /// Brute force: sample the geodesic edge with the direct problem every 50 m, then every
    /// 5 cm around the best sample. Independent of the iterative search under test.
    func sampledDistance(_ p: Coordinate, _ a: Coordinate, _ b: Coordinate) throws -> Double {
        let edge = try Geodesic.inverse(from: a, to: b)
        func distance(at s: Double) throws -> Double {
            let x = try Geodesic.destination(from: a, azimuth: edge.initialAzimuth, distance: min(max(s, 0), edge.distance))
            return try Geodesic.distance(from: p, to: x.coordinate)
        }
        var bestS = 0.0, best = Double.infinity
        var s = 0.0
        while s <= edge.distance + 50 {
            let d = try distance(at: s)
            if d < best { best = d; bestS = s }
            s += 50
        }
        var fine = bestS - 50
        while fine <= bestS + 50 {
            best = min(best, try distance(at: fine))
            fine += 0.05
        }
        return best
    }

    @Test func segmentDistanceMatchesDenseSampling() throws {
        var rng = SeededGenerator(seed: 2017)
        for _ in 0..<40 {
            let a = rng.regionPoint()
            let b = try Geodesic.destination(from: a, azimuth: .random(in: 0..<360, using: &rng), distance: .random(in: 1_000...150_000, using: &rng)).coordinate
            let p = try Geodesic.destination(from: a, azimuth: .random(in: 0..<360, using: &rng), distance: .random(in: 0...120_000, using: &rng)).coordinate
            let exact = try Geodesic.nearest(to: p, onSegmentFrom: a, to: b)
            let sampled = try sampledDistance(p, a, b)
            // Sampling can only overestimate; with 5 cm steps by at most a few centimetres.
            #expect(exact.distance <= sampled + 1e-6)
            #expect(sampled - exact.distance < 0.05, "exact \(exact.distance) sampled \(sampled)")
            // The reported nearest point is at the reported distance.
            #expect(abs(try Geodesic.distance(from: p, to: exact.coordinate) - exact.distance) < 1e-6)
        }
    }

    /// Near the far side of the Earth both ends of a segment can be nearer than its middle: the
    /// nearer end must win even when the search starts at the other one.
    @Test func farSegmentWithTwoNearEndsPicksTheNearerEnd() throws {
        let p = Coordinate(longitude: 0, latitude: 0)
        let a = Coordinate(longitude: -172, latitude: 10), b = Coordinate(longitude: 165, latitude: 10)
        let nearest = try Geodesic.nearest(to: p, onSegmentFrom: a, to: b)
        let toA = try Geodesic.distance(from: p, to: a), toB = try Geodesic.distance(from: p, to: b)
        #expect(toB < toA)
        #expect(abs(nearest.distance - toB) < 1e-6)
        #expect(nearest.fraction == 1)
    }

    @Test func knownPerpendicularOffset() throws {
        // Walk 60 km north-east from Reyhanli, then step exactly 30 km off the edge's midpoint at a
        // right angle: the point is 30 000 m from the edge, to the millimetre.
        let reyhanli = Coordinate(longitude: 36.56747, latitude: 36.26791)
        let end = try Geodesic.destination(from: reyhanli, azimuth: 45, distance: 60_000)
        let middle = try Geodesic.destination(from: reyhanli, azimuth: 45, distance: 30_000)
        for side in [90.0, -90.0] {
            let p = try Geodesic.destination(from: middle.coordinate, azimuth: middle.finalAzimuth + side, distance: 30_000).coordinate
            let nearest = try Geodesic.nearest(to: p, onSegmentFrom: reyhanli, to: end.coordinate)
            #expect(abs(nearest.distance - 30_000) < 0.001)
            #expect(abs(nearest.fraction - 0.5) < 1e-6)
        }
    }

    /// The exact distance to every edge of the line, the smallest kept: what the grid and bounds must match.
    func bruteForceDistance(from p: Coordinate, to vertices: [Coordinate]) throws -> Double {
        try (1..<vertices.count).map { try Geodesic.nearest(to: p, onSegmentFrom: vertices[$0 - 1], to: vertices[$0]).distance }.min()!
    }

    @Test func polylineEqualsMinimumOverAllEdges() throws {
        var rng = SeededGenerator(seed: 911)
        // A wandering 300-vertex line along the border region, like a digitised border.
        var vertices = [Coordinate(longitude: 36.0, latitude: 36.2)]
        for _ in 0..<300 {
            let next = try Geodesic.destination(from: vertices.last!, azimuth: .random(in: 40...140, using: &rng), distance: .random(in: 200...5_000, using: &rng))
            vertices.append(next.coordinate)
        }
        let polyline = try GeodesicPolyline(paths: [vertices])
        #expect(polyline.edgeCount == 300)
        for _ in 0..<150 {
            let p = rng.regionPoint()
            let fast = try #require(try polyline.nearest(to: p))
            #expect(abs(fast.distance - (try bruteForceDistance(from: p, to: vertices))) < 1e-6, "point \(p)")
        }
    }

    /// The grid prepared for one limit answers as the lines do: nil beyond the limit, else the same
    /// exact distance, for points at random, on vertices, and on the grid's cell corners.
    @Test(arguments: [(20_000.0, 96), (150_000.0, 4)])
    func bandAnswersAsTheLinesDo(limit: Double, maximumCandidates: Int) throws {
        var rng = SeededGenerator(seed: 4242)
        var vertices = [Coordinate(longitude: 36.0, latitude: 36.2)]
        for _ in 0..<200 {
            vertices.append(
                try Geodesic.destination(
                    from: vertices.last!, azimuth: .random(in: 30...150, using: &rng),
                    distance: .random(in: 300...6_000, using: &rng)
                ).coordinate)
        }
        let polyline = try GeodesicPolyline(paths: [vertices])
        let box = try #require(Geometry.lineString(try LineString(vertices)).boundingBox)
        // With at most 4 candidates kept, most cells near the line search the lines instead.
        let band = GeodesicBand(lines: polyline, limit: limit, box: box, maximumCandidates: maximumCandidates)
        var points = vertices
        for _ in 0..<3_000 {
            points.append(
                Coordinate(
                    longitude: .random(in: box.minLongitude - 0.4...box.maxLongitude + 0.4, using: &rng),
                    latitude: .random(in: box.minLatitude - 0.4...box.maxLatitude + 0.4, using: &rng)))
        }
        for _ in 0..<300 {
            // Cell corners (multiples of 0.02°) near the line.
            let v = vertices.randomElement(using: &rng)!
            points.append(
                Coordinate(
                    longitude: (v.longitude / 0.02).rounded() * 0.02 + 0.02 * Double(Int.random(in: -8...8, using: &rng)),
                    latitude: (v.latitude / 0.02).rounded() * 0.02 + 0.02 * Double(Int.random(in: -8...8, using: &rng))))
        }
        var within = 0
        for p in points {
            let expected = try polyline.nearest(to: p, upTo: limit)?.distance
            let got = try band.nearest(to: p)?.distance
            #expect((got == nil) == (expected == nil), "point \(p)")
            if let got, let expected {
                within += 1
                #expect(abs(got - expected) < 1e-6, "point \(p)")
                if limit < 50_000 { #expect(abs(got - (try bruteForceDistance(from: p, to: vertices))) < 1e-6, "point \(p)") }
            }
        }
        #expect(within > 1_000)
    }

    /// The bound uses the meridional curvature of the hemisphere the point and edge share; a line
    /// across the equator, and points on both sides of it, must still get the exact minimum.
    @Test func polylineAcrossTheEquatorEqualsMinimumOverAllEdges() throws {
        var rng = SeededGenerator(seed: 1207)
        var vertices = [Coordinate(longitude: 12.0, latitude: -12.0)]
        for _ in 0..<120 {
            let next = try Geodesic.destination(from: vertices.last!, azimuth: .random(in: -40...40, using: &rng), distance: .random(in: 1_000...25_000, using: &rng))
            vertices.append(next.coordinate)
        }
        #expect(vertices.first!.latitude < 0 && vertices.last!.latitude > 0)
        let polyline = try GeodesicPolyline(paths: [vertices])
        for _ in 0..<150 {
            let p = Coordinate(longitude: .random(in: 0...25, using: &rng), latitude: .random(in: -20...20, using: &rng))
            let fast = try #require(try polyline.nearest(to: p))
            #expect(abs(fast.distance - (try bruteForceDistance(from: p, to: vertices))) < 1e-6, "point \(p)")
        }
    }

    /// A digitised line of short edges (100 m to 2 km, bending at each vertex by up to 4°, whose
    /// nearest points are mostly inside edges, or by up to 50°, mostly at vertices) at latitudes
    /// from the far south to the far north, with points from on the line to 120 km off: the
    /// distance a search settles from one measurement near the foot, and the edges it passes over
    /// because their nearest point is a vertex already measured, must leave the answer the exact
    /// minimum over all edges, and the nearest point it reports must lie at that distance.
    @Test(arguments: [-70.0, -35.0, 0.0, 20.0, 50.0, 75.0], [4.0, 50.0])
    func shortEdgesAtEveryLatitudeEqualMinimumOverAllEdges(latitude: Double, bend: Double) throws {
        var rng = SeededGenerator(seed: UInt64(100 + latitude + bend))
        var vertices = [Coordinate(longitude: 30.0, latitude: latitude)]
        for k in 0..<200 {
            let azimuth = 90.0 + (k % 2 == 0 ? 1.0 : -1.0) * .random(in: 0...bend, using: &rng)
            vertices.append(try Geodesic.destination(from: vertices.last!, azimuth: azimuth, distance: .random(in: 100...2_000, using: &rng)).coordinate)
        }
        let polyline = try GeodesicPolyline(paths: [vertices])
        for _ in 0..<500 {
            let anchor = vertices.randomElement(using: &rng)!
            let p = try Geodesic.destination(from: anchor, azimuth: .random(in: 0..<360, using: &rng), distance: .random(in: 0...120_000, using: &rng)).coordinate
            let fast = try #require(try polyline.nearest(to: p))
            #expect(abs(fast.distance - (try bruteForceDistance(from: p, to: vertices))) < 1e-6, "point \(p)")
            #expect(abs(try Geodesic.distance(from: p, to: fast.coordinate) - fast.distance) < 1e-6, "point \(p)")
        }
    }

    @Test func polygonBoundaryDistance() throws {
        // Inside or outside, the distance is to the ring: a point at a vertex is 0 m away.
        let ring = [(36.0, 35.5), (37.0, 35.5), (37.0, 36.5), (36.0, 36.5), (36.0, 35.5)].map { Coordinate(longitude: $0.0, latitude: $0.1) }
        let polyline = try GeodesicPolyline(.polygon(try Polygon(rings: [ring])))
        #expect(try polyline.distance(from: ring[1]) < 1e-6)
        // The centre is about 0.5 degrees of longitude from the east and west edges at 36 N,
        // and about 55 km from the north and south edges: the nearest is the meridian edge.
        let center = Coordinate(longitude: 36.5, latitude: 36.0)
        let east = try Geodesic.nearest(to: center, onSegmentFrom: ring[1], to: ring[2]).distance
        #expect(abs(try polyline.distance(from: center) - east) < 1e-6)
        #expect(east > 44_000 && east < 46_000)
    }
}
