import EventMapCore
import EventMapGeometry
import EventMapIO
import EventMapQuery
import Foundation
import Testing

@Suite("Events counted by area")
struct AreaTallyTests {
    func square(_ west: Double, _ south: Double, _ east: Double, _ north: Double) throws -> Geometry {
        .polygon(
            try Polygon(rings: [
                [(west, south), (east, south), (east, north), (west, north), (west, south)].map { Coordinate(longitude: $0.0, latitude: $0.1) }
            ]))
    }

    func event(_ longitude: Double?, _ latitude: Double?, type: String, fatalities: Int?, date: String?) -> Event {
        var event = Event()
        if let longitude, let latitude { event.geometry = .point(Coordinate(longitude: longitude, latitude: latitude)) }
        event.eventType = EventType(name: type)
        event.fatalities = fatalities
        event.date = date.flatMap { EventDate(parsing: $0) }
        return event
    }

    /// Two areas sharing a side: an event on the shared side counts once (in the first area), the
    /// counts of the areas and of the outside row add up to the located events, and each area
    /// knows its fatalities, types, dates and geodesic area.
    @Test func sharedBoundariesCountOnceAndCountsAddUp() throws {
        let tally = try AreaTally(
            areas: [
                ("West", try square(36, 35, 37, 36), 250_000), ("East", try square(37, 35, 38, 36), nil),
                ("A line", .lineString(try LineString([Coordinate(longitude: 36, latitude: 35), Coordinate(longitude: 38, latitude: 36)])), nil),
            ],
            outsideName: "outside every area", context: GEOSContext())
        #expect(tally.areas.map(\.name) == ["West", "East"])  // a line holds no area
        let events = [
            event(36.5, 35.5, type: "Battles", fatalities: 3, date: "2019-10-09"),
            event(36.2, 35.9, type: "Riots", fatalities: nil, date: "2019-10"),
            event(37.0, 35.5, type: "Battles", fatalities: 1, date: "2019-10-20"),  // on the shared side
            event(37.5, 35.2, type: "Explosions/Remote violence", fatalities: 2, date: nil),
            event(40.0, 35.0, type: "Battles", fatalities: 5, date: "2019-11-01"),  // outside
            event(nil, nil, type: "Battles", fatalities: 9, date: "2019-11-02"),  // no point
        ]
        for e in events { try tally.add(e) }
        let west = tally.areas[0], east = tally.areas[1]
        #expect(west.events == 3 && east.events == 1 && tally.outside.events == 1 && tally.unlocated == 1)
        #expect(west.events + east.events + tally.outside.events + tally.unlocated == events.count)
        #expect(west.fatalities == 4 && east.fatalities == 2 && tally.outside.fatalities == 5)
        #expect(west.byType == ["Battles": 2, "Riots": 1])
        #expect(west.firstDay == EventDate(parsing: "2019-10-01")?.period.first && west.lastDay == EventDate(parsing: "2019-10-31")?.period.last)
        #expect(east.undated == 1 && east.firstDay == nil)
        // A degree square at 35-36 N: about 111.0 km by 90.5 km.
        let area = try #require(west.areaKm2)
        #expect(abs(area - (try Geodesic.area(of: try square(36, 35, 37, 36)) / 1_000_000)) < 1e-9)
        #expect(area > 9_900 && area < 10_200, "\(area)")
        #expect(abs(west.eventsPer1000Km2! - 3 / area * 1000) < 1e-12)
        #expect(tally.outside.eventsPer1000Km2 == nil)
        // 3 events among 250,000 people: 1.2 per 100,000; no rate where the layer gives no population.
        #expect(west.population == 250_000 && west.eventsPer100kPeople == 1.2 && east.eventsPer100kPeople == nil)
    }

    /// On the shipped country outlines and 5,000 seeded points over the region, every point is in
    /// the area an unprepared GEOS covers test finds first, and the counts add up. The same on
    /// the shipped approximate divisions of Syria, Turkey and Iraq: 114 areas that share every
    /// inner boundary.
    @Test(arguments: [["country-SY", "country-TR", "country-IQ", "country-LB", "country-JO", "country-IL", "country-CY"], ["admin1-SY", "admin1-TR", "admin1-IQ"]])
    func matchesABruteForceCoversCount(layers: [String]) throws {
        let context = GEOSContext()
        var areas: [(name: String, geometry: Geometry, population: Double?)] = []
        for layer in layers {
            let features = try GeoJSONReader.features(atPath: packageRoot.appendingPathComponent("Gazetteer/features/\(layer).geojson").path)
            for feature in features { if let geometry = feature.geometry { areas.append((layer, geometry, nil)) } }
        }
        let tally = try AreaTally(areas: areas, outsideName: "outside", context: context)
        let natives = try areas.map { try NativeGeometry($0.geometry, context: context) }
        var rng = SeededGenerator(seed: 22)
        var expected = [Int](repeating: 0, count: areas.count)
        var outside = 0
        let count = 5_000
        for _ in 0..<count {
            let longitude = 33 + Double(rng.next() % 1_000_000) / 1_000_000 * 16
            let latitude = 29 + Double(rng.next() % 1_000_000) / 1_000_000 * 13
            let point = try NativeGeometry(.point(Coordinate(longitude: longitude, latitude: latitude)), context: context)
            if let first = try natives.firstIndex(where: { try $0.covers(point) }) { expected[first] += 1 } else { outside += 1 }
            var e = Event()
            e.geometry = .point(Coordinate(longitude: longitude, latitude: latitude))
            try tally.add(e)
        }
        #expect(tally.areas.map(\.events) == expected)
        #expect(tally.outside.events == outside)
        #expect(tally.areas.map(\.events).reduce(0, +) + tally.outside.events == count)
        #expect(expected.reduce(0, +) > 1_000 && outside > 1_000)
    }
}
