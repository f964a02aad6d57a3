import EventMapCore
import EventMapIO
import Foundation
import Testing

/// A fresh folder for one test's files.
func temporaryFolder() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("eventmap-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// Writes features to `path` in the format its extension names.
func write(_ features: [Feature], to path: String, layer: String = "events") throws {
    let format = try #require(FormatDetection.format(of: path))
    let sink = try Formats.sink(try OutputFile(path: path), format: format, name: layer)
    try sink.beginLayer(name: layer)
    for feature in features { try sink.write(feature) }
    try sink.finish()
}

/// Reads every feature of every layer of `path`.
func read(_ path: String) throws -> [Feature] {
    var all: [Feature] = []
    for source in try Formats.open(path) {
        let (features, rejected) = try source.readAll()
        #expect(rejected.isEmpty, "\(path): \(rejected)")
        all += features
    }
    return all
}

/// Runs a program and returns its standard output (it must exit 0).
func run(_ program: String, _ arguments: [String]) throws -> String {
    let candidates = ["/usr/bin/\(program)", "/usr/local/bin/\(program)"]
    let path = try #require(
        candidates.first { FileManager.default.isExecutableFile(atPath: $0) },
        "\(program) is missing: make test installs it (gdal-bin, libxml2-utils)")
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = arguments
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    let errors = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0, "\(program) \(arguments): \(String(decoding: errors, as: UTF8.self))")
    return String(decoding: data + errors, as: UTF8.self)
}

/// Property values, with a missing property counting as null.
func sameProperties(_ a: Feature, _ b: Feature) -> Bool {
    let names = Set(a.properties.names).union(b.properties.names)
    return names.allSatisfy { (a.properties[$0] ?? .null) == (b.properties[$0] ?? .null) }
}

@Suite("Formats: round trips and what GDAL sees")
struct FormatTests {
    let events = Array(SyntheticEvents(count: 400, seed: 99))

    @Test func roundTripKeepsEveryEventAndValue() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let steps = ["a.geojson", "b.gpkg", "c.kml", "d.csv", "e.geojson"].map { folder.appendingPathComponent($0).path }
        try write(events, to: steps[0])
        for (from, to) in zip(steps, steps.dropFirst()) { try write(try read(from), to: to) }
        for path in steps.dropFirst() {
            let back = try read(path)
            #expect(back.count == events.count, "\(path)")
            for (original, copy) in zip(events, back) {
                #expect(copy.geometry == original.geometry, "\(path): \(original.properties["event_id_cnty"]!)")
                #expect(sameProperties(original, copy), "\(path): \(original.properties) became \(copy.properties)")
            }
        }
        let ndjson = folder.appendingPathComponent("f.ndjson").path
        try write(events, to: ndjson)
        #expect(try read(ndjson).count == events.count)
    }

    @Test func gdalOpensEveryFileWithTypedFields() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        for name in ["events.geojson", "events.gpkg", "events.kml", "events.csv", "events.geojsonl"] {
            let path = folder.appendingPathComponent(name).path
            try write(events, to: path)
            let info = try run("ogrinfo", ["-ro", "-al", "-so", path])
            #expect(info.contains("Feature Count: 400"), "\(name): \(info)")
            if name.hasSuffix(".gpkg") || name.hasSuffix(".geojson") {
                #expect(info.contains("fatalities: Integer"), "\(name)")
                #expect(info.contains("confidence: Real"), "\(name)")
                #expect(info.contains("Geometry: Point"), "\(name)")
            }
            if name.hasSuffix(".gpkg") {
                #expect(info.contains("Layer name: events"))
                #expect(info.contains("event_date: Date"))
                let tables = try run("ogrinfo", ["-ro", "-q", path, "-sql", "SELECT count(*) AS n FROM rtree_events_geom"])
                #expect(tables.contains("n (Integer) = 400"), "\(tables)")
                let styles = try run("ogrinfo", ["-ro", "-q", path, "-sql", "SELECT f_table_name FROM layer_styles"])
                #expect(styles.contains("f_table_name (String) = events"))
            }
            if name.hasSuffix(".kml") {
                // QGIS and GDAL read the typed Schema: numbers stay numbers.
                #expect(info.contains("fatalities: Integer"), "\(info)")
            }
        }
    }

    @Test func kmlValidatesAgainstTheOGCSchema() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("events.kml").path
        try write(events, to: path)
        let schema =
            ProcessInfo.processInfo.environment["EVENTMAP_KML_XSD"]
            ?? packageRoot.appendingPathComponent(".build/kml-schema/fastkml/schema/ogckml22.xsd").path
        #expect(FileManager.default.fileExists(atPath: schema), "no KML schema at \(schema): run 'make test' (it fetches fastkml's copy)")
        let output = try run("xmllint", ["--noout", "--nonet", "--schema", schema, path])
        #expect(output.contains("validates"), "\(output)")
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains("<TimeStamp><when>"))
        #expect(text.contains("<SimpleField type=\"int\" name=\"fatalities\">"))
    }

    @Test func csvNeutralisesFormulasAndKeepsEveryColumn() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("events.csv").path
        try write(events, to: path)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.hasPrefix("event_id_cnty,event_date,year,time_precision,event_type,actor1,actor2,location,latitude,longitude,"))
        #expect(text.contains(",\"'=HYPERLINK(\"\"http://example.com\"\")\","))
        #expect(!text.contains(",=HYPERLINK"))
        #expect(text.contains("'-3 dead"))
    }
}

let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

@Suite("Reading bad input")
struct BadInputTests {
    @Test func truncatedGeoJSONNamesTheLine() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("cut.geojson").path
        try Data(
            "{\"type\":\"FeatureCollection\",\"features\":[\n{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[36,36]},\"properties\":{}},\n{\"type\":\"Feature\",\"geom".utf8
        )
        .write(to: URL(fileURLWithPath: path))
        let source = try GeoJSONSource(path: path)
        #expect(try source.next() != nil)
        do {
            _ = try source.next()
            Issue.record("read past the cut")
        } catch {
            #expect(error.description.contains("line 3"), "\(error)")
            #expect(error.description.contains("truncated"), "\(error)")
        }
    }

    @Test func invalidCoordinatesAreRejectedNotLost() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("bad.csv").path
        try Data("location,latitude,longitude\nIdlib,35.93062,36.63393\nNowhere,95,36\nAleppo,36.20124,37.16117\nBroken,abc,36\n".utf8)
            .write(to: URL(fileURLWithPath: path))
        let (features, rejected) = try CSVSource(path: path).readAll()
        #expect(features.count == 2)
        #expect(rejected.map(\.position) == ["line 3", "line 5"])
        #expect(rejected[0].reason.contains("latitude 95.0"))
        #expect(rejected[0].raw == "Nowhere,95,36")
    }

    /// A collection of `count` one-line point features; `line(k)` replaces feature k's line
    /// (features count from 1 and sit on line k + 1).
    static func collection(count: Int, replacing line: (Int) -> String?) -> String {
        var text = "{\"type\":\"FeatureCollection\",\"features\":[\n"
        for k in 1...count {
            let own =
                "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[36.5,\(Double(k % 90) / 3)]},\"properties\":{\"n\":\(k),\"note\":\"an \\\"escaped\\\" note \\u00e9 \(String(repeating: "x", count: k % 300))\"}}"
            text += (line(k) ?? own) + (k < count ? ",\n" : "\n")
        }
        return text + "]}\n"
    }

    @Test func featuresParsedTogetherComeInOrderWithTheirLines() throws {
        // 40,000 features (about 9 MB) cross many windows and batches; a few are out of range.
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("lines.geojson").path
        let bad: Set<Int> = [1, 4_097, 23_456, 40_000]
        try Data(
            Self.collection(count: 40_000) { k in
                bad.contains(k) ? "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[36,95]},\"properties\":{\"n\":\(k)}}" : nil
            }.utf8
        ).write(to: URL(fileURLWithPath: path))
        let (features, rejected) = try GeoJSONSource(path: path).readAll()
        #expect(features.compactMap { $0.properties["n"]?.intValue } == (1...40_000).filter { !bad.contains($0) })
        #expect(features.first?.properties["note"]?.stringValue == "an \"escaped\" note é xx")
        #expect(rejected.map(\.position) == bad.sorted().map { "feature \($0) (line \($0 + 1))" })
        #expect(rejected.allSatisfy { $0.reason.contains("features[") && $0.reason.contains("latitude 95") }, "\(rejected.map(\.reason))")
    }

    @Test func brokenJSONLateInACollectionNamesItsLineAfterTheFeaturesBefore() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("broken.geojson").path
        try Data(Self.collection(count: 20_000) { $0 == 15_000 ? "{\"type\":\"Feature\",\"geometry\":nul}" : nil }.utf8)
            .write(to: URL(fileURLWithPath: path))
        let source = try GeoJSONSource(path: path)
        var read = 0
        do {
            while try source.next() != nil { read += 1 }
            Issue.record("read past the broken feature")
        } catch {
            #expect(read == 14_999)
            #expect(error.description.contains("line 15001"), "\(error)")
        }
    }

    /// A CSV of `rows` events whose notes hold quoted line breaks every seventh row, with the
    /// line each row starts on; `replace(k)` may give row k's text instead.
    static func csv(rows: Int, replacing replace: (Int) -> String? = { _ in nil }) -> (text: [UInt8], lines: [Int]) {
        var text = Array("event_id_cnty,latitude,longitude,notes,other_properties\r\n".utf8)
        var lines: [Int] = [], line = 2
        for k in 1...rows {
            lines.append(line)
            let note = k % 7 == 0 ? "\"shelling, \"\"heavy\"\"\nthen calm\"" : "plain note \(k)"
            let row = replace(k) ?? "SYR\(k),\(Double(k % 80) / 4 + 20),36.5,\(note),"
            text += Array((row + "\r\n").utf8)
            line += 1 + row.filter { $0 == "\n" }.count
        }
        return (text, lines)
    }

    @Test func csvRowsReadTogetherComeInOrderWithTheirLinesAndNotes() throws {
        // 30,000 rows (several windows, many batches); some out of range, some with other_properties that is not JSON.
        // (Row 1 is rejected, so row 7, the first with a quoted line break, is the sixth feature.)
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("rows.csv").path
        let bad: Set<Int> = [1, 4_097, 17_001, 30_000], notJSON: Set<Int> = [10, 20_000]
        let (text, lines) = Self.csv(rows: 30_000) { k in
            bad.contains(k) ? "SYR\(k),95,36.5,x," : notJSON.contains(k) ? "SYR\(k),35,36.5,x,not json \(k)" : nil
        }
        try Data(text).write(to: URL(fileURLWithPath: path))
        let source = try CSVSource(path: path)
        let (features, rejected) = try source.readAll()
        #expect(features.map { $0.properties["event_id_cnty"]?.stringValue } == (1...30_000).filter { !bad.contains($0) }.map { "SYR\($0)" })
        #expect(features[5].properties["notes"]?.stringValue == "shelling, \"heavy\"\nthen calm")
        #expect(rejected.map(\.position) == bad.sorted().map { "line \(lines[$0 - 1])" })
        #expect(rejected.first?.raw == "SYR1,95,36.5,x,")
        let note = try #require(source.notes.first { $0.what.hasPrefix("other_properties cells") })
        #expect(note.count == 2)
        #expect(note.example == "line \(lines[9]): not json 10")
    }

    @Test func aLatin1ByteLateInACSVNamesItsLineAndOffset() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("latin1.csv").path
        var (text, lines) = Self.csv(rows: 12_000) { $0 == 9_500 ? "SYR9500,35,36.5,caf\u{E9}," : nil }
        let offset = try #require(text.firstIndex(of: 0xC3))
        text.replaceSubrange(offset..<offset + 2, with: [0xE9])  // é as Windows-1252 writes it
        try Data(text).write(to: URL(fileURLWithPath: path))
        let source = try CSVSource(path: path)
        var read = 0
        do {
            while let record = try source.next() { if case .feature = record { read += 1 } }
            Issue.record("read past the Latin-1 byte")
        } catch {
            #expect(read == 9_499)
            #expect(error.description.contains("line \(lines[9_499])"), "\(error)")
            #expect(error.description.contains("offset \(offset)"), "\(error)")
        }
    }

    @Test func largeCollectionsStreamFeatureByFeature() throws {
        // 30,000 features in a 4 MB file are read through a 1 MiB window.
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("many.geojson").path
        try write(Array(SyntheticEvents(count: 30_000, seed: 5)), to: path)
        let source = try GeoJSONSource(path: path)
        var count = 0
        while let record = try source.next() { if case .feature = record { count += 1 } }
        #expect(count == 30_000)
    }
}

@Suite("GDELT 2.0 event files")
struct GDELTTests {
    /// One event row in GDELT 2.0's 61-column layout (values made up for the test), and one without a location.
    func row(id: String, lat: String, lon: String) -> String {
        var fields = [String](repeating: "", count: 61)
        fields[0] = id; fields[1] = "20191009"; fields[2] = "201910"; fields[3] = "2019"; fields[4] = "2019.7671"
        fields[5] = "TURMIL"; fields[6] = "TURKEY"; fields[15] = "SYRREB"; fields[16] = "KURD"
        fields[26] = "190"; fields[27] = "190"; fields[28] = "19"; fields[29] = "4"; fields[30] = "-10.0"
        fields[51] = "4"; fields[52] = "Ras al-Ain, Al Hasakah, Syria"; fields[53] = "SY"
        fields[56] = lat; fields[57] = lon; fields[59] = "20191009150000"; fields[60] = "https://example.org/article"
        return fields.joined(separator: "\t")
    }

    @Test func eventsSitAtTheActionLocationWithEveryColumn() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("20191009150000.export.CSV").path
        try Data((row(id: "880000001", lat: "36.8503", lon: "40.0706") + "\n" + row(id: "880000002", lat: "", lon: "") + "\n").utf8)
            .write(to: URL(fileURLWithPath: path))
        #expect(FormatDetection.format(of: path) == .gdelt)
        let source = try Formats.open(path)[0]
        let (features, rejected) = try source.readAll()
        #expect(features.count == 1)
        // A row GDELT could not place is counted and reported, not a rejection that stops convert.
        #expect(rejected.isEmpty)
        #expect(source.notes.map(\.count) == [1])
        #expect(source.notes.first?.example.contains("880000002") == true)
        let event = try #require(features.first)
        #expect(event.geometry == .point(Coordinate(longitude: 40.0706, latitude: 36.8503)))
        #expect(event.properties["event_date"] == .string("2019-10-09"))
        #expect(event.properties["actor1"] == .string("TURKEY"))
        #expect(event.properties["cameo_code"] == .string("190"))
        #expect(event.properties["source"] == .string("https://example.org/article"))
        #expect(event.properties["GoldsteinScale"] == .number(-10))
        // Every column, and event_date, event_type, sub_event_type, geo_precision, geo_centroid,
        // actor1, actor2, cameo_code, location, source.
        #expect(event.properties.count == 61 + 10)
        #expect(event.properties["event_type"] == .string("Battles"))
    }
}

/// GeoJSON and KML encode features on every core a batch at a time (the pipeline writes one
/// batch while the next is encoded): the file must hold every feature once, in input order.
@Suite("Features encoded on every core")
struct ConcurrentEncodingTests {
    @Test(arguments: ["events.geojson", "events.kml"])
    func manyBatchesComeOutWholeAndInOrder(name: String) throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        // More than KML's 10,000-feature schema lookahead plus several 4,096-feature batches,
        // and a second layer so that a batch ends at a layer's end.
        let first = Array(SyntheticEvents(count: 23_001, seed: 3)), second = Array(SyntheticEvents(count: 5_000, seed: 4))
        let path = folder.appendingPathComponent(name).path
        let format = try #require(FormatDetection.format(of: path))
        let sources: [(file: String, source: FeatureSource)] = [
            ("a", PrefetchingSource(ArraySource(name: "a", features: first))),
            ("b", ArraySource(name: "b", features: second)),
        ]
        let report = try FeaturePipeline().run(sources, to: .init(path: path, format: format, documentName: "events"), inputs: [])
        #expect(report.written == 28_001)
        let back = try read(path)
        let ids = back.map { $0.properties["event_id_cnty"]?.stringValue ?? "" }
        #expect(ids == (first + second).map { $0.properties["event_id_cnty"]?.stringValue ?? "" })
        #expect(back.map(\.geometry) == (first + second).map(\.geometry))
    }
}
