import EventMapCore
import Testing

@Suite("Coordinates, boxes and geometry invariants")
struct CoordinateTests {
    @Test func acceptsRealPlaces() throws {
        let idlib = try Coordinate(validatingLongitude: 36.63393, latitude: 35.93062)
        #expect(idlib.longitude == 36.63393)
        #expect(idlib.latitude == 35.93062)
    }

    @Test func rejectsOutOfRangeAndNonFinite() {
        #expect(throws: CoreError.latitudeOutOfRange(95)) { try Coordinate(validatingLongitude: 36, latitude: 95) }
        #expect(throws: CoreError.longitudeOutOfRange(-181)) { try Coordinate(validatingLongitude: -181, latitude: 0) }
        #expect(throws: CoreError.self) { try Coordinate(validatingLongitude: .nan, latitude: 0) }
        #expect(throws: CoreError.self) { try Coordinate(validatingLongitude: 0, latitude: .infinity) }
    }

    @Test func swappedOrderIsExplained() {
        // Aleppo written latitude-first puts 37.16 E into the latitude slot only if it is out of range;
        // a latitude of 95 is, and the message suggests the swap.
        let message = CoreError.latitudeOutOfRange(95).description
        #expect(message.contains("swapped"))
    }

    @Test func boundingBoxParsesGDALOrder() throws {
        let box = try BoundingBox(parsing: "35.5,35.5,42.5,37.5")
        #expect(box.minLongitude == 35.5 && box.minLatitude == 35.5 && box.maxLongitude == 42.5 && box.maxLatitude == 37.5)
        #expect(box.contains(Coordinate(longitude: 36.63393, latitude: 35.93062)))
        #expect(!box.contains(Coordinate(longitude: 33.5, latitude: 35.93062)))
        #expect(box.center == Coordinate(longitude: 39, latitude: 36.5))
    }

    @Test("bad boxes are rejected", arguments: ["1,2,3", "a,b,c,d", "40,36,35,37", "0,-95,1,1", "0,0,1,1,2"])
    func rejectsBadBoxes(text: String) {
        #expect(throws: CoreError.self) { try BoundingBox(parsing: text) }
    }

    @Test func polygonRejectsUnclosedRing() {
        let ring = [(0.0, 0.0), (1, 0), (1, 1), (0, 1)].map { Coordinate(longitude: $0.0, latitude: $0.1) }
        #expect(throws: CoreError.unclosedRing(first: ring[0], last: ring[3])) { try Polygon(rings: [ring]) }
        #expect(throws: CoreError.self) { try Polygon(rings: [Array(ring.prefix(2)) + [ring[0]]]) }
        #expect(throws: CoreError.self) { try LineString([ring[0]]) }
    }

    @Test func geometryBoundingBoxCoversEveryVertex() throws {
        let line = try LineString([
            Coordinate(longitude: 36.56747, latitude: 36.26791),  // Reyhanli
            Coordinate(longitude: 38.01111, latitude: 36.8175),  // Jarablus
        ])
        let geometry = Geometry.geometryCollection([.lineString(line), .point(Coordinate(longitude: 40.74772, latitude: 36.50237))])
        let box = try #require(geometry.boundingBox)
        #expect(box == (try BoundingBox(minLongitude: 36.56747, minLatitude: 36.26791, maxLongitude: 40.74772, maxLatitude: 36.8175)))
        #expect(geometry.coordinateCount == 3)
        #expect(Geometry.multiPoint([]).boundingBox == nil)
    }

    @Test func propertiesKeepOrderAndReplaceInPlace() {
        var properties: Properties = ["b": .number(1), "a": .string("x")]
        properties["c"] = .bool(true)
        properties["b"] = .number(2)
        #expect(properties.names == ["b", "a", "c"])
        #expect(properties["b"] == .number(2))
        properties["a"] = nil
        #expect(properties.names == ["b", "c"])
    }
}
