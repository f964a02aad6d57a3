import EventMapCore
import EventMapGeometry
import Testing

@Suite("GEOS and PROJ from many tasks at once")
struct ConcurrencyTests {
    /// Work one task does: its own GEOS context, a borrowed PROJ transformer, shared geodesy.
    static func work(seed: UInt64, pool: TransformerPool, border: GeodesicPolyline) throws -> [Double] {
        let geos = GEOSContext()
        var rng = SeededGenerator(seed: seed)
        var results: [Double] = []
        for _ in 0..<50 {
            let p = rng.regionPoint()
            let projected = try pool.withTransformer(from: "EPSG:4326", to: "EPSG:32637") { try $0.transform(p) }
            let zone = try NativeGeometry(.point(projected), context: geos).buffer(30_000)
            let prepared = try PreparedGeometry(zone)
            let inside = try prepared.covers(NativeGeometry(.point(Coordinate(longitude: projected.longitude + 10_000, latitude: projected.latitude)), context: geos))
            results.append(try zone.area() + (inside ? 1 : 0) + border.distance(from: p))
        }
        return results
    }

    @Test func parallelEqualsSerial() async throws {
        let pool = TransformerPool()
        let border = try GeodesicPolyline(paths: [
            [
                Coordinate(longitude: 36.5, latitude: 36.2), Coordinate(longitude: 38.0, latitude: 36.8),
                Coordinate(longitude: 42.0, latitude: 37.1),
            ]
        ])
        let seeds: [UInt64] = Array(1...16)
        let serial = try seeds.map { try Self.work(seed: $0, pool: pool, border: border) }
        let parallel = try await withThrowingTaskGroup(of: (Int, [Double]).self) { group in
            for (index, seed) in seeds.enumerated() {
                group.addTask { (index, try Self.work(seed: seed, pool: pool, border: border)) }
            }
            var collected = [[Double]](repeating: [], count: seeds.count)
            for try await (index, result) in group { collected[index] = result }
            return collected
        }
        #expect(parallel == serial)
        #expect(pool.idleCount >= 1)
    }
}
