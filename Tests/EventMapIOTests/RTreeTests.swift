import EventMapCore
import EventMapIO
import Foundation
import Testing

/// The GeoPackage R-tree that EventMap packs itself (all boxes at once, nodes written straight
/// into SQLite's shadow tables), checked by SQLite and GDAL, not by EventMap.
@Suite("GeoPackage R-tree, packed at once")
struct RTreeTests {
    /// Seeded points over northern Syria and a few lines (boxes with an area), ids 1...
    static func features(count: Int) -> [Feature] {
        var rng = SeededGenerator(seed: 91)
        func uniform(_ low: Double, _ high: Double) -> Double { low + (high - low) * Double(rng.next() % 1_000_000_007) / 1_000_000_007 }
        return (0..<count).map { i in
            let lon = uniform(35.5, 42.5), lat = uniform(32, 38.5)
            let geometry: Geometry
            if i % 50 == 0 {
                geometry = .lineString(try! LineString([Coordinate(longitude: lon, latitude: lat), Coordinate(longitude: lon + 0.3, latitude: lat + 0.2)]))
            } else {
                geometry = .point(Coordinate(longitude: lon, latitude: lat))
            }
            return Feature(geometry: geometry, properties: ["n": .number(Double(i))])
        }
    }

    /// A box as SQLite's R-tree keeps it: 32-bit floats rounded outwards.
    static func stored(_ box: BoundingBox) -> (minX: Float, maxX: Float, minY: Float, maxY: Float) {
        func down(_ v: Double) -> Float { let f = Float(v); return Double(f) > v ? f.nextDown : f }
        func up(_ v: Double) -> Float { let f = Float(v); return Double(f) < v ? f.nextUp : f }
        return (down(box.minLongitude), up(box.maxLongitude), down(box.minLatitude), up(box.maxLatitude))
    }

    @Test func sqliteChecksTheTreeAndItsWindowQueriesMatchBruteForce() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("events.gpkg").path
        let features = Self.features(count: 30_000)
        try write(features, to: path)

        // SQLite's own consistency check of an R-tree: node sizes, parents, rowids, boxes.
        let check = try run("ogrinfo", ["-ro", "-q", path, "-sql", "SELECT rtreecheck('rtree_events_geom') AS c"])
        #expect(check.contains("c (String) = ok"), "\(check)")
        let count = try run("ogrinfo", ["-ro", "-q", path, "-sql", "SELECT count(*) AS n FROM rtree_events_geom"])
        #expect(count.contains("n (Integer) = 30000"), "\(count)")

        // Windows answered through the tree (SQLite walks it from the root) against every box.
        let boxes = features.map { Self.stored($0.geometry!.boundingBox!) }
        var rng = SeededGenerator(seed: 7)
        for _ in 0..<12 {
            let x = 35.5 + Double(rng.next() % 6_000) / 1_000, y = 32 + Double(rng.next() % 5_500) / 1_000
            let (x2, y2) = (x + 0.05 + Double(rng.next() % 900) / 1_000, y + 0.05 + Double(rng.next() % 900) / 1_000)
            let expected = boxes.filter { Double($0.maxX) >= x && Double($0.minX) <= x2 && Double($0.maxY) >= y && Double($0.minY) <= y2 }.count
            let sql = "SELECT count(*) AS n FROM rtree_events_geom WHERE maxx >= \(x) AND minx <= \(x2) AND maxy >= \(y) AND miny <= \(y2)"
            let got = try run("ogrinfo", ["-ro", "-q", path, "-sql", sql])
            #expect(got.contains("n (Integer) = \(expected)"), "\(sql): \(got)")
        }
        // GDAL's own spatial filter goes through the index too.
        let filtered = try run("ogrinfo", ["-ro", "-so", path, "events", "-spat", "36", "36", "37", "37"])
        let inWindow = features.filter { f in
            let b = f.geometry!.boundingBox!
            return b.maxLongitude >= 36 && b.minLongitude <= 37 && b.maxLatitude >= 36 && b.minLatitude <= 37
        }.count
        #expect(filtered.contains("Feature Count: \(inWindow)"), "\(filtered)")
    }

    @Test func aLayerOfOneNodeOrOfExactlyFullNodesIsStillATree() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        // 100 (the smallest indexed layer: two leaves under a root), 51 × 51 (full nodes two levels deep), 2,602.
        for count in [GeoPackageWriter.spatialIndexMinimumFeatures, 51 * 51, 51 * 51 + 1] {
            let path = folder.appendingPathComponent("n\(count).gpkg").path
            try write(Self.features(count: count), to: path)
            let check = try run("ogrinfo", ["-ro", "-q", path, "-sql", "SELECT rtreecheck('rtree_events_geom') AS c"])
            #expect(check.contains("c (String) = ok"), "\(count): \(check)")
            let all = try run("ogrinfo", ["-ro", "-q", path, "-sql", "SELECT count(*) AS n FROM rtree_events_geom WHERE maxx >= -180 AND minx <= 180"])
            #expect(all.contains("n (Integer) = \(count)"), "\(count): \(all)")
        }
    }
}
