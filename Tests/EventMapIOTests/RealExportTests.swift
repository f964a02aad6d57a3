import EventMapCore
import EventMapIO
import Foundation
import Testing

/// Reads every layer of `path`, returning the features, the rejections and the readers' notes.
private func readWithNotes(_ path: String) throws -> (features: [Feature], rejected: [Rejection], notes: [InputNote]) {
    var features: [Feature] = [], rejected: [Rejection] = [], notes: [InputNote] = []
    for source in try Formats.open(path) {
        let all = try source.readAll()
        features += all.features
        rejected += all.rejected
        notes += source.notes
    }
    return (features, rejected, notes)
}

@Suite("ACLED and GDELT files as analysts download them")
struct RealExportTests {
    let acled = fixtures.appendingPathComponent("acled/acled-syria-export.csv").path

    @Test func acledDatesBecomeISODates() throws {
        let (features, rejected, notes) = try readWithNotes(acled)
        #expect(rejected.isEmpty)
        #expect(features.count == 15)
        #expect(features[0].properties.names.count >= 31)
        #expect(features[0].properties["event_date"] == .string("2019-10-09"))
        #expect(features[12].properties["event_date"] == .string("2016-08-24"))
        // The unreadable date is kept as null, its text beside it, and counted with an example.
        let last = try #require(features.last)
        #expect(last.properties["event_date"] == .null)
        #expect(last.properties["event_date_original"] == .string("Sometime 2019"))
        let note = try #require(notes.first)
        #expect(note.count == 1)
        #expect(note.example.contains("SYR900015") && note.example.contains("Sometime 2019"))
    }

    @Test func semicolonsBOMAndCRLFReadLikeCommas() throws {
        let european = try readWithNotes(fixtures.appendingPathComponent("acled/acled-semicolon-bom-crlf.csv").path)
        let plain = try readWithNotes(acled)
        #expect(european.rejected.isEmpty)
        #expect(european.features.count == 4)
        for (a, b) in zip(european.features, plain.features) {
            #expect(a.geometry == b.geometry)
            #expect(a.properties["event_id_cnty"] == b.properties["event_id_cnty"])
            #expect(a.properties["event_date"] == b.properties["event_date"])
            #expect(a.properties["notes"] == b.properties["notes"])
        }
        #expect(european.features[0].properties.names.first == "event_id_cnty")
    }

    @Test func dialectSniffing() {
        #expect(CSVDialect.sniff(Array("a;b;c\n1;2,5;3\n".utf8)) == UInt8(ascii: ";"))
        #expect(CSVDialect.sniff(Array("a\tb\tc\n1\t2\t3\n".utf8)) == 0x09)
        #expect(CSVDialect.sniff(Array("\"x;y\",b,c\n1,2,3\n".utf8)) == UInt8(ascii: ","))
        #expect(CSVDialect.sniff(Array("single\n1\n".utf8)) == UInt8(ascii: ","))
    }

    @Test("a date that disagrees with the year column is counted")
    func yearColumnChecksTheDate() throws {
        let folder = try temporaryFolder()
        let path = folder.appendingPathComponent("mismatch.csv").path
        try "event_date,year,latitude,longitude\n24 August 2016,2017,36.8,38.0\n24 August 2016,2016,36.8,38.0\n".write(toFile: path, atomically: true, encoding: .utf8)
        let (features, _, notes) = try readWithNotes(path)
        #expect(features.map { $0.properties["event_date"] } == [.string("2016-08-24"), .string("2016-08-24")])
        #expect(notes.map(\.count) == [1])
        #expect(notes.first?.what.contains("year") == true)
    }

    @Test("GDELT 2.0 zip and gzip files read directly", arguments: ["zip", "gz"])
    func gdeltPacked(packing: String) throws {
        let path = fixtures.appendingPathComponent("gdelt/20191010120000.export.CSV.\(packing)").path
        #expect(FormatDetection.format(of: path) == .gdelt)
        let (features, rejected, notes) = try readWithNotes(path)
        #expect(rejected.isEmpty)
        // Seven rows: one has no location and is counted, not fatal.
        #expect(features.count == 6)
        #expect(notes.count == 1 && notes[0].count == 1 && notes[0].example.contains("880000005"))
        let byID = Dictionary(uniqueKeysWithValues: features.map { (JSONText.value($0.properties["GlobalEventID"]!), $0) })
        // CAMEO codes mapped to ACLED's types.
        #expect(byID["880000001"]?.properties["event_type"] == .string("Battles"))
        #expect(byID["880000002"]?.properties["sub_event_type"] == .string("Air/drone strike"))
        #expect(byID["880000003"]?.properties["event_type"] == .string("Riots"))
        #expect(byID["880000004"]?.properties["event_type"] == .string("Strategic developments"))
        #expect(byID["880000006"]?.properties["event_type"] == .string("Protests"))
        // Country- and state-level rows are centroids, precision 3; cities are places.
        #expect(byID["880000004"]?.properties["geo_precision"] == .number(3))
        #expect(byID["880000004"]?.properties["geo_centroid"] == .bool(true))
        #expect(byID["880000006"]?.properties["geo_precision"] == .number(3))
        #expect(byID["880000001"]?.properties["geo_precision"] == .number(1))
        #expect(byID["880000001"]?.properties["geo_centroid"] == .bool(false))
        // An id above 2^53 keeps every digit.
        let big = try #require(byID["1734567890123456789"])
        #expect(big.properties["GlobalEventID"] == .integer(1_734_567_890_123_456_789))
        #expect(big.properties["event_date"] == .string("2019-10-10"))
        #expect(big.properties["sub_event_type"] == .string("Suicide bomb"))
    }

    @Test func cameoTable() {
        #expect(CAMEOMapping.acledType(eventCode: "190")?.type == "Battles")
        #expect(CAMEOMapping.acledType(eventCode: "1942")?.subType == "Shelling/artillery/missile attack")
        #expect(CAMEOMapping.acledType(eventCode: "173")?.subType == "Arrests")
        #expect(CAMEOMapping.acledType(eventCode: "2042")?.subType == "Chemical weapon")
        #expect(CAMEOMapping.acledType(eventCode: "") == nil)
        #expect(CAMEOMapping.acledType(eventCode: "21") == nil)
    }

    @Test("integers above 2^53 keep every digit through every format", arguments: ["geojson", "geojsonl", "csv", "gpkg", "kml"])
    func bigIntegers(format: String) throws {
        let folder = try temporaryFolder()
        let source = folder.appendingPathComponent("in.geojson").path
        try """
        {"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[38.0111,36.8175]},
        "properties":{"tweet_id":1734567890123456789,"small":42,"negative":-9007199254740993,"ratio":0.1,"fatalities":-5}}]}
        """.write(toFile: source, atomically: true, encoding: .utf8)
        let input = try read(source)
        #expect(input[0].properties["tweet_id"] == .integer(1_734_567_890_123_456_789))
        #expect(input[0].properties["small"] == .number(42))
        let path = folder.appendingPathComponent("out.\(format)").path
        try write(input, to: path)
        let text = format == "gpkg" ? try run("ogrinfo", ["-al", "-q", path]) : try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains("1734567890123456789"), "\(format)")
        #expect(text.contains("-9007199254740993"), "\(format)")
        #expect(!text.contains("e+18"), "\(format)")
        let back = try read(path)[0]
        if format == "kml" {
            // KML's schema has no 64-bit integer type: the digits come back as text.
            #expect(back.properties["tweet_id"] == .string("1734567890123456789"))
        } else {
            #expect(back.properties["tweet_id"] == .integer(1_734_567_890_123_456_789), "\(format)")
            #expect(back.properties["negative"] == .integer(-9_007_199_254_740_993), "\(format)")
        }
        if format == "gpkg" {
            #expect(try run("ogrinfo", ["-so", "-al", path]).contains("tweet_id: Integer64"))
        }
        if format == "csv" {
            // A negative number is a number, not a formula: no quote mark in front.
            #expect(text.contains(",-5,") || text.hasSuffix(",-5\r\n") || text.contains(",-5\r\n"), "\(text)")
            #expect(!text.contains("'-5"))
        }
    }

    @Test func googleMyMapsKMLKeepsNameDescriptionTimeAndData() throws {
        let (features, rejected, _) = try readWithNotes(fixtures.appendingPathComponent("kml/my-maps-export.kml").path)
        #expect(rejected.isEmpty)
        let shelling = try #require(features.first)
        #expect(shelling.properties["name"] == .string("Tell Abyad"))
        #expect(shelling.properties["description"] == .string("Artillery fire reported<br>two killed"))
        #expect(shelling.properties["event_date"] == .string("2019-10-10"))
        #expect(shelling.properties["event_type"] == .string("Explosions/Remote violence"))
        #expect(shelling.properties["fatalities"] == .number(2))
        // A gx:Track is read as the points it passed, with its TimeSpan.
        let convoy = try #require(features.last)
        #expect(convoy.geometry == .multiPoint([Coordinate(longitude: 37.9536, latitude: 36.5281), Coordinate(longitude: 38.0111, latitude: 36.8175)]))
        #expect(convoy.properties["begin"] == .string("2019-10-09") && convoy.properties["end"] == .string("2019-10-12"))
        #expect(convoy.properties["event_date"] == .string("2019-10-09"))
    }

    @Test func acledDatesAreDatesInGeoPackageAndKML() throws {
        let folder = try temporaryFolder()
        let features = try readWithNotes(acled).features
        let gpkg = folder.appendingPathComponent("acled.gpkg").path
        try write(features, to: gpkg)
        #expect(try run("ogrinfo", ["-so", "-al", gpkg]).contains("event_date: Date"))
        let kml = folder.appendingPathComponent("acled.kml").path
        try write(features, to: kml)
        let text = try String(contentsOfFile: kml, encoding: .utf8)
        #expect(text.contains("<TimeStamp><when>2019-10-09</when></TimeStamp>"))
        // 5 May 2019 with time_precision 2: the week around it.
        #expect(text.contains("<TimeSpan><begin>2019-05-02</begin><end>2019-05-08</end></TimeSpan>"))
        // 15 June 2019 with time_precision 3: the month.
        #expect(text.contains("<TimeSpan><begin>2019-06-01</begin><end>2019-06-30</end></TimeSpan>"))
        // EventMap's own KML reads back without the balloon or title becoming attributes.
        let back = try read(kml)
        #expect(back.count == 15)
        #expect(back[0].properties["description"] == nil)
        #expect(back[0].properties["event_date"] == .string("2019-10-09"))
    }

    @Test func dayNumbersRoundTrip() {
        for (y, m, d) in [(2019, 12, 31), (2020, 2, 29), (1900, 3, 1), (2000, 1, 1), (1, 1, 1)] {
            #expect(DayNumber(year: y, month: m, day: d).date == EventDate(year: y, month: m, day: d))
        }
    }
}
