import EventMapCore
import EventMapExtraction
import EventMapGazetteer
import Foundation
import Testing

let coder = try! EventCoder(mentions: extractor, curatedDirectory: repository.appendingPathComponent("Gazetteer/curated").path)

func seedEvents(_ files: [String], published: String?) throws -> [CodedEvent] {
    let date = published.map { p -> DateComponents in
        let parts = p.split(separator: "-").map { Int($0)! }
        return DateComponents(year: parts[0], month: parts[1], day: parts[2])
    }
    var events: [CodedEvent] = []
    for file in files {
        events += coder.events(in: try ArticleText.load(path: repository.appendingPathComponent("seeds/\(file)").path), published: date)
    }
    return EventCoder.merge(events)
}

/// Our annotation of the seeds' events (Tests/Fixtures/seed-events.geojson holds them with their
/// quotes): each must be found with the right type family and place.
@Suite("Events coded from the seed articles")
struct SeedEventTests {
    @Test func jarablusArticleEvents() throws {
        let events = try seedEvents(["003_ed159df698bcbf12.txt"], published: "2016-08-24")
        func find(_ sub: String, _ geonameid: Int) -> CodedEvent? { events.first { $0.subEventType == sub && $0.place.geonameid == geonameid } }
        // Turkish artillery into Jarablus, on Wednesday 24 August 2016.
        let shelling = find("Shelling/artillery/missile attack", 169179)
        #expect(shelling?.actor1 == "Military Forces of Turkey")
        #expect(shelling?.eventDate == "2016-08-24" && shelling?.timePrecision == 1)
        // Mortar shells from Jarablus landing in Karkamış the day before (Tuesday).
        let mortars = find("Shelling/artillery/missile attack", 309134)
        #expect(mortars?.eventDate == "2016-08-23", "\(String(describing: mortars))")
        // Tanks crossing into Syria at Jarablus.
        #expect(events.contains { $0.eventType == "Battles" && $0.place.geonameid == 169179 && $0.actor1 == "Military Forces of Turkey" })
        // The suicide bombing at a wedding in Gaziantep: 54 killed, no date the text supports.
        let bombing = find("Suicide bomb", 314830)
        #expect(bombing?.fatalities == 54)
        #expect(bombing?.eventDate == nil)
        // The YPG taking Hasaka on Tuesday.
        let hasaka = find("Non-state actor overtakes territory", 173811)
        #expect(hasaka?.actor1 == "YPG" && hasaka?.eventDate == "2016-08-23")
        // The SDF capturing Manbij "earlier this month": the month only.
        let manbij = find("Non-state actor overtakes territory", 167357)
        #expect(manbij?.actor1 == "SDF" && manbij?.eventDate == "2016-08" && manbij?.timePrecision == 3)
        // Every event quotes its sentence, found at its offset.
        let text = Array(try String(contentsOf: repository.appendingPathComponent("seeds/003_ed159df698bcbf12.txt"), encoding: .utf8).unicodeScalars)
        for event in events {
            let at = String(String.UnicodeScalarView(text[event.offset..<min(text.count, event.offset + 20)]))
            #expect(event.quote.hasPrefix(at.trimmingCharacters(in: .whitespaces)), "\(event.quote) at \(event.offset)")
        }
    }

    @Test func theIdlibBuildUpReportedTwiceIsOneEvent() throws {
        let events = try seedEvents(["000_751ddffc6b998537.txt", "001_91c39bf00917f0ef.txt"], published: "2017-10-08")
        let buildUps = events.filter { $0.subEventType == "Headquarters or base established" && $0.actor1 == "Military Forces of Turkey" }
        #expect(buildUps.contains { $0.sources.count == 2 }, "\(buildUps.map { ($0.place.name, $0.sources) })")
        // Around Reyhanlı near the Cilvegözü crossing, and the exchange of fire at the border placed at the crossing.
        #expect(buildUps.contains { $0.place.geonameid == 302355 || $0.place.geonameid == 900000001 })
        #expect(events.contains { $0.eventType == "Battles" && $0.place.geonameid == 900000001 && $0.geoPrecision >= 2 })
    }

    @Test func russianMilitaryPoliceInAinIssa() throws {
        // The dateline (Monday, 28 December 2020) dates "today (Sunday)".
        let events = try seedEvents(["002_de84281268a453a0.txt"], published: nil)
        let arrival = events.first { $0.actor1 == "Police Forces of Russia" }
        #expect(arrival?.place.geonameid == 172134)
        #expect(arrival?.eventDate == "2020-12-27", "\(String(describing: arrival?.eventDate))")
        let clashes = events.first { $0.subEventType == "Armed clash" && $0.place.geonameid == 172134 }
        #expect(clashes?.eventDate == "2020-12" && clashes?.timePrecision == 3)
    }

    @Test func denialsPlansAndNegationsAreNotEvents() throws {
        let events = try seedEvents(["000_751ddffc6b998537.txt", "002_de84281268a453a0.txt", "004_87a7574e53a6f7ba.txt"], published: "2017-10-08")
        for event in events {
            #expect(!event.quote.contains("denied"), "\(event.quote)")
            #expect(!event.quote.contains("had not detected shelling"), "\(event.quote)")
            #expect(!event.quote.contains("no known plans"), "\(event.quote)")
        }
        // Nothing from boilerplate or from talks: no event in Ukraine, Geneva or Astana.
        #expect(!events.contains { ["UA", "CH", "KZ"].contains($0.place.countryCode) })
    }
}
