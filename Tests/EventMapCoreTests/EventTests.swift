import EventMapCore
import Testing

@Suite("The event record")
struct EventTests {
    func feature(_ properties: Properties, _ point: (Double, Double) = (38.0111, 36.8175)) throws -> Feature {
        Feature(geometry: .point(try Coordinate(validatingLongitude: point.0, latitude: point.1)), properties: properties)
    }

    @Test func anACLEDRowReadsIntoTheRecordAndKeepsItsOtherColumns() throws {
        let row = try feature([
            "event_id_cnty": .string("SYR900013"), "event_date": .string("24 August 2016"), "time_precision": .string("1"), "event_type": .string("battles"),
            "sub_event_type": .string("Non-state actor overtakes territory"), "actor1": .string("Military Forces of Turkey (2016-)"), "actor2": .string("Islamic State (Syria)"),
            "country": .string("Syria"), "admin1": .string("Aleppo"), "location": .string("Jarablus"), "geo_precision": .number(1), "fatalities": .string("1"),
            "notes": .string("Turkish-backed forces took Jarablus."),
        ])
        let event = Event(feature: row)
        #expect(event.date == EventDate(year: 2016, month: 8, day: 24))
        #expect(event.timePrecision == 1 && event.fatalities == 1 && event.geoPrecision == 1)
        #expect(event.eventType == .battles && event.eventType?.name == "Battles")
        #expect(event.location == "Jarablus" && event.coordinate?.longitude == 38.0111)
        // ACLED's `country` is a name, not a code: it stays as it was, with the other columns.
        #expect(event.countryCode == nil)
        #expect(event.extra.map(\.name) == ["event_id_cnty", "country", "notes"])
        let written = event.feature
        #expect(written.properties["event_date"] == .string("2016-08-24"))
        #expect(written.properties["country"] == .string("Syria"))
        #expect(written.properties["notes"] == .string("Turkish-backed forces took Jarablus."))
        #expect(written.properties.names.prefix(3) == ["event_id", "event_date", "time_precision"])
    }

    @Test func datesAreWrittenAsISO8601WithTheirPrecision() {
        #expect(EventDate(year: 2016, month: 8, day: 24)?.description == "2016-08-24")
        #expect(EventDate(year: 2019, month: 10)?.description == "2019-10")
        #expect(EventDate(year: 2017)?.description == "2017")
        #expect(EventDate(year: 7, month: 1, day: 5)?.description == "0007-01-05")
        #expect(EventDate(year: 999, month: 12, day: 31)?.description == "0999-12-31")
        #expect(EventDate(year: 9999, month: 2)?.description == "9999-02")
    }

    @Test func theRecordRoundTripsThroughAFeature() throws {
        var event = Event()
        event.id = "EM123"
        event.date = EventDate(year: 2019, month: 10)
        event.timePrecision = 3
        event.eventType = .explosionsRemoteViolence
        event.subEventType = "Shelling/artillery/missile attack"
        event.actor1 = "Military Forces of Turkey"
        event.fatalities = 0
        event.countryCode = "SY"
        event.geonameid = 169_179
        event.sources = ["a.txt", "b.txt"]
        event.confidence = 0.83
        event.geometry = .point(try Coordinate(validatingLongitude: 38.0111, latitude: 36.8175))
        event.extra = [("distance_km", .number(12.5))]
        let back = Event(feature: event.feature)
        #expect(back == event)
        #expect(back.sources == ["a.txt", "b.txt"] && back.eventType == .explosionsRemoteViolence && back.date?.description == "2019-10")
        #expect(event.feature.properties["country_code"] == .string("SY"))
    }

    @Test func earlierOutputsAndOddValuesAreReadNotLost() throws {
        // EventMap 0.1 wrote the code as `country`; a type outside ACLED's stays as written; a
        // fatalities cell that is not a number is kept under its name.
        let event = Event(feature: try feature(["country": .string("SY"), "event_type": .string("Protest (GDELT 14)"), "fatalities": .string("several")]))
        #expect(event.countryCode == "SY")
        #expect(event.eventType == .other("Protest (GDELT 14)") && event.eventType?.name == "Protest (GDELT 14)")
        #expect(event.fatalities == nil)
        #expect(event.extra.first { $0.name == "fatalities" }?.value == .string("several"))
    }
}
