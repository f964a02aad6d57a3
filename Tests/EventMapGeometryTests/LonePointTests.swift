import EventMapCore
import EventMapGeometry
import Testing

@Suite("Distance to a layer of points")
struct LonePointTests {
    /// Thousands of reference points (towns, sites) answer as brute force does, near and far,
    /// with a limit and without, across the antimeridian too.
    @Test func nearestLonePointEqualsBruteForce() throws {
        var random = SeededGenerator(seed: 42)
        func coordinate(_ lon: ClosedRange<Double>, _ lat: ClosedRange<Double>) -> Coordinate {
            Coordinate(longitude: Double.random(in: lon, using: &random), latitude: Double.random(in: lat, using: &random))
        }
        var points = (0..<3000).map { _ in coordinate(35...42, 32...38) }
        points += (0..<50).map { _ in coordinate(175...180, -20 ... -10) }
        let lines = try GeodesicPolyline(.multiPoint(points))
        for i in 0..<300 {
            let query = i % 10 == 0 ? coordinate(-180 ... -175, -20 ... -10) : coordinate(34...43, 31...39)
            let brute = try points.map { try Geodesic.inverse(from: query, to: $0).distance }.min()!
            let found = try #require(try lines.nearest(to: query))
            #expect(abs(found.distance - brute) < 1e-6, "\(query)")
            for limit in [5_000.0, 30_000, 200_000] {
                let within = try lines.nearest(to: query, upTo: limit)
                #expect((within != nil) == (brute <= limit), "\(query) \(limit)")
                if let within { #expect(abs(within.distance - brute) < 1e-6) }
            }
        }
    }
}
