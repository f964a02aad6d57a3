import EventMapCore
import EventMapGeometry
import Testing

@Suite("PROJ wrapper")
struct PROJTests {
    @Test func utmRoundTripWithinNanodegrees() throws {
        let transformer = try CoordinateTransformer(from: "EPSG:4326", to: "EPSG:32637")
        var rng = SeededGenerator(seed: 37)
        let points = (0..<1_000).map { _ in rng.regionPoint() }
        let forward = transformer.transform(points)
        #expect(forward.failures.isEmpty)
        let back = transformer.transform(forward.coordinates, inverse: true)
        #expect(back.failures.isEmpty)
        for (p, q) in zip(points, back.coordinates) {
            #expect(abs(p.longitude - q.longitude) < 1e-9 && abs(p.latitude - q.latitude) < 1e-9)
        }
    }

    @Test func axisOrderIsLongitudeLatitude() throws {
        // EPSG:4326 is latitude-first in its definition; EventMap always speaks longitude first.
        // Aleppo lies in UTM zone 37N: easting about 335 km, northing about 4 008 km.
        let transformer = try CoordinateTransformer(from: "EPSG:4326", to: "EPSG:32637")
        let aleppo = try transformer.transform(Coordinate(longitude: 37.16117, latitude: 36.20124))
        #expect(aleppo.longitude > 330_000 && aleppo.longitude < 340_000)
        #expect(aleppo.latitude > 4_000_000 && aleppo.latitude < 4_010_000)
        let again = try CoordinateTransformer(from: "+proj=longlat +datum=WGS84 +no_defs +type=crs", to: "EPSG:32637")
            .transform(Coordinate(longitude: 37.16117, latitude: 36.20124))
        #expect(abs(again.longitude - aleppo.longitude) < 1e-6 && abs(again.latitude - aleppo.latitude) < 1e-6)
    }

    @Test func azimuthalEquidistantKeepsDistanceFromCentre() throws {
        let box = try BoundingBox(parsing: "30,30,48,40")
        let crs = MetricCRS.local(to: box)
        guard case .azimuthalEquidistant = crs.kind else { Issue.record("expected aeqd for an 18-degree box, got \(crs)"); return }
        let transformer = try CoordinateTransformer(from: "EPSG:4326", to: crs.definition)
        let aleppo = Coordinate(longitude: 37.16117, latitude: 36.20124)
        let projected = try transformer.transform(aleppo)
        let planar = (projected.longitude * projected.longitude + projected.latitude * projected.latitude).squareRoot()
        #expect(abs(planar - (try Geodesic.distance(from: box.center, to: aleppo))) < 0.01)
    }

    @Test func localCRSChoosesUTMForSmallAreas() throws {
        #expect(MetricCRS.local(to: try BoundingBox(parsing: "36,35.5,38,37")).definition == "EPSG:32637")
        #expect(MetricCRS.local(to: try BoundingBox(parsing: "-70,-34,-69,-33")).definition == "EPSG:32719")
        #expect(MetricCRS.local(to: try BoundingBox(parsing: "33,32,45,38")).definition.hasPrefix("+proj=aeqd"))
    }

    @Test func failuresAreReportedByIndex() throws {
        let transformer = try CoordinateTransformer(from: "EPSG:4326", to: "EPSG:32637")
        let input = [
            Coordinate(longitude: 37, latitude: 36),
            Coordinate(longitude: .nan, latitude: 36),
            Coordinate(longitude: 38, latitude: 36.5),
        ]
        let result = transformer.transform(input)
        #expect(result.failures.map(\.index) == [1])
        #expect(result.coordinates[0].longitude.isFinite && result.coordinates[2].longitude.isFinite)
        #expect(throws: GeometryError.self) { try transformer.transform(input[1]) }
    }

    @Test("unknown CRSs are errors naming PROJ's reason", arguments: ["EPSG:999999", "not a crs", "+proj=nonsense"])
    func unknownCRS(definition: String) {
        do {
            _ = try CoordinateTransformer(from: "EPSG:4326", to: definition)
            Issue.record("accepted \(definition)")
        } catch {
            guard case let .unknownCRS(_, target, message) = error else { Issue.record("wrong error \(error)"); return }
            #expect(target == definition)
            #expect(!message.isEmpty)
        }
    }

    @Test func poolReusesTransformers() throws {
        let pool = TransformerPool()
        for _ in 0..<5 {
            _ = try pool.withTransformer(from: "EPSG:4326", to: "EPSG:3857") { try $0.transform(Coordinate(longitude: 37, latitude: 36)) }
        }
        #expect(pool.idleCount == 1)
    }
}
