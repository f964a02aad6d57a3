import EventMapCore
import EventMapIO
import Foundation
import Testing

/// WKB as a GeoPackage blob holds it: little-endian, built byte by byte.
private struct WKBBuilder {
    var bytes: [UInt8] = []
    mutating func header(_ type: UInt32) { bytes.append(1); u32(type) }
    mutating func u32(_ value: UInt32) { withUnsafeBytes(of: value.littleEndian) { bytes += $0 } }
    mutating func point(_ x: Double, _ y: Double) {
        withUnsafeBytes(of: x.bitPattern.littleEndian) { bytes += $0 }
        withUnsafeBytes(of: y.bitPattern.littleEndian) { bytes += $0 }
    }
}

@Suite("Damaged input fails with a message, never a crash")
struct DamagedInputTests {
    @Test func polygonRingCountBeyondTheBytesIsRefused() {
        var wkb = WKBBuilder()
        wkb.header(3)
        wkb.u32(0xFFFF_FFFF)  // four billion rings in a few bytes
        #expect(throws: WKB.Failure.self) { try WKB.decode(wkb.bytes) }
        do { _ = try WKB.decode(wkb.bytes) } catch { #expect("\(error)".contains("4294967295 rings")) }
    }

    @Test func deeplyNestedCollectionsAreRefused() {
        var wkb = WKBBuilder()
        for _ in 0..<20_000 { wkb.header(7); wkb.u32(1) }
        wkb.header(1)
        wkb.point(38, 36)
        do {
            _ = try WKB.decode(wkb.bytes)
            Issue.record("20,000 nested collections were accepted")
        } catch { #expect("\(error)".contains("nested more than 64 deep")) }
        // A few levels are fine.
        var shallow = WKBBuilder()
        for _ in 0..<3 { shallow.header(7); shallow.u32(1) }
        shallow.header(1)
        shallow.point(38, 36)
        #expect((try? WKB.decode(shallow.bytes)) != nil)
    }

    @Test func multiPointOfLineStringsIsRefused() {
        var wkb = WKBBuilder()
        wkb.header(4)
        wkb.u32(1)
        wkb.header(2)
        wkb.u32(2)
        wkb.point(38, 36)
        wkb.point(39, 37)
        do {
            _ = try WKB.decode(wkb.bytes)
            Issue.record("a MultiPoint of LineStrings became an empty MultiPoint")
        } catch { #expect("\(error)".contains("MultiPoint holds a LineString")) }
    }

    @Test func wkbRoundTrips() throws {
        let polygon = try Polygon(rings: [
            [
                Coordinate(longitude: 36, latitude: 35), Coordinate(longitude: 37, latitude: 35),
                Coordinate(longitude: 37, latitude: 36), Coordinate(longitude: 36, latitude: 35),
            ]
        ])
        for geometry: Geometry in [
            .point(Coordinate(longitude: 38, latitude: 36)), .polygon(polygon),
            .geometryCollection([.multiPoint([Coordinate(longitude: 1, latitude: 2)])]),
        ] {
            #expect(try WKB.decode(WKB.encode(geometry)) == geometry)
        }
    }

    @Test(
        "a second document or trailing bytes after GeoJSON are an error",
        arguments: [
            #"{"type":"FeatureCollection","features":[]}{"type":"FeatureCollection","features":[]}"#,
            #"{"type":"FeatureCollection","features":[]} x"#,
            #"{"type":"Feature","geometry":null,"properties":{}}{"type":"Feature","geometry":null,"properties":{}}"#,
        ])
    func trailingBytes(text: String) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("eventmap-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("two.geojson").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        do {
            _ = try Formats.open(path)[0].readAll()
            Issue.record("trailing text was accepted")
        } catch { #expect("\(error)".contains("after the GeoJSON object"), "\(error)") }
    }

    /// Writes `text` to a new file named `name` and returns its path.
    func file(_ name: String, _ bytes: [UInt8]) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("eventmap-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent(name).path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func latin1CSVIsRefusedWithItsLine() throws {
        // "Alep" in Latin-1: 0xE9 for é.
        let path = try file("latin1.csv", Array("name,latitude,longitude\nAleppo,36.2,37.16\n".utf8) + [0x48, 0x61, 0x6C, 0x61, 0x62, 0xE9] + Array(",36.2,37.16\n".utf8))
        do {
            _ = try Formats.open(path)[0].readAll()
            Issue.record("Latin-1 text was read with replacement characters")
        } catch {
            #expect("\(error)".contains("CSV line 3") && "\(error)".contains("not UTF-8"), "\(error)")
        }
    }

    @Test func duplicateAndBlankHeadersBecomeUnique() throws {
        let path = try file("dup.csv", Array("name,name,,latitude,longitude\na,b,c,36,37\n".utf8))
        let source = try Formats.open(path)[0]
        let (features, _) = try source.readAll()
        let p = try #require(features.first).properties
        #expect(p["name"] == .string("a") && p["name_2"] == .string("b") && p["column_3"] == .string("c"))
        #expect(source.notes.map(\.what).contains { $0.contains("repeated header") })
        #expect(source.notes.map(\.what).contains { $0.contains("blank header") })
    }

    @Test func otherPropertiesNeverOverrideColumnsNorVanish() throws {
        let path = try file(
            "other.csv",
            Array(
                """
                name,latitude,longitude,other_properties
                a,36,37,"{""latitude"":99,""extra"":1}"
                b,36,37,not json
                """.utf8))
        let source = try Formats.open(path)[0]
        let (features, _) = try source.readAll()
        #expect(features[0].properties["latitude"] == .number(36))
        #expect(features[0].properties["extra"] == .number(1))
        #expect(features[1].properties["other_properties"] == .string("not json"))
        #expect(source.notes.count == 2)
    }

    @Test func formulaHeadersAreGuardedAndReadBack() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("eventmap-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("f.csv").path
        let feature = Feature(geometry: .point(Coordinate(longitude: 37, latitude: 36)), properties: ["=1+1": .string("=2+2"), "n": .number(-5)])
        let sink = try Formats.sink(try OutputFile(path: path), format: .csv, name: "f")
        try sink.write(feature)
        try sink.finish()
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.hasPrefix("'=1+1,"))
        #expect(text.contains("'=2+2,-5,"))
        let back = try Formats.open(path)[0].readAll().features[0]
        #expect(back.properties["=1+1"] == .string("=2+2"))
    }

    @Test func aTruncatedKMLIsAnError() throws {
        let whole = """
            <?xml version="1.0"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document><Folder><name>A</name>
            <Placemark><name>one</name><Point><coordinates>38,36</coordinates></Point></Placemark>
            <Placemark><name>two</name><Point><coordinates>38.5,36.5</coordinates></Point></Placemark>
            </Folder></Document></kml>
            """
        let complete = try file("whole.kml", Array(whole.utf8))
        #expect(try Formats.open(complete).flatMap { try $0.readAll().features }.count == 2)
        let cut = try file("cut.kml", Array(whole.utf8.prefix(whole.utf8.count * 2 / 3)))
        do {
            _ = try Formats.open(cut)
            Issue.record("a cut KML file was read as whole")
        } catch { #expect("\(error)".contains("truncated"), "\(error)") }
    }

    @Test func layersOfTheSameNameGetTheirOwnGeoPackageTables() throws {
        let kml = try file(
            "two.kml",
            Array(
                """
                <?xml version="1.0"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document>
                <Folder><name>Shelling</name><Placemark><Point><coordinates>38,36</coordinates></Point></Placemark></Folder>
                <Folder><name>Shelling</name><Placemark><Point><coordinates>39,36</coordinates></Point></Placemark></Folder>
                <Folder><name>shelling</name><Placemark><Point><coordinates>40,36</coordinates></Point></Placemark></Folder>
                </Document></kml>
                """.utf8))
        let gpkg = (kml as NSString).deletingPathExtension + ".gpkg"
        _ = try FeaturePipeline().run(try Formats.open(kml).map { (kml, $0) }, to: .init(path: gpkg, format: .gpkg, documentName: "two"), inputs: [kml])
        let layers = try run("ogrinfo", ["-q", gpkg])
        #expect(layers.contains("Shelling (Point)") && layers.contains("Shelling_2 (Point)") && layers.contains("shelling_3 (Point)"), "\(layers)")
    }

    @Test func smallLayersGetNoSpatialIndexAndLargeOnesDo() throws {
        // A KML of many small folders: an R-tree per folder cost SQLite schema work growing with
        // every table already written (1,000 folders took 11.6 s); small layers now get none.
        var kml = #"<?xml version="1.0"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document>"#
        for folder in 0..<300 {
            kml += "<Folder><name>f\(folder)</name>"
            for k in 0..<2 { kml += "<Placemark><Point><coordinates>\(36 + Double(k) / 10),\(35 + Double(folder) / 1000)</coordinates></Point></Placemark>" }
            kml += "</Folder>"
        }
        let big = GeoPackageWriter.spatialIndexMinimumFeatures
        kml += "<Folder><name>big</name>" + String(repeating: "<Placemark><Point><coordinates>38,36</coordinates></Point></Placemark>", count: big) + "</Folder>"
        kml += "</Document></kml>"
        let path = try file("folders.kml", Array(kml.utf8))
        let gpkg = (path as NSString).deletingPathExtension + ".gpkg"
        _ = try FeaturePipeline().run(try Formats.open(path).map { (path, $0) }, to: .init(path: gpkg, format: .gpkg, documentName: "folders"), inputs: [path])
        let indexed = try run("ogrinfo", ["-ro", "-q", gpkg, "-sql", "SELECT group_concat(table_name) AS t FROM gpkg_extensions WHERE extension_name = 'gpkg_rtree_index'"])
        #expect(indexed.contains("t (String) = big"), "\(indexed)")
        let count = try run("ogrinfo", ["-ro", "-q", gpkg, "-sql", "SELECT count(*) AS n FROM rtree_big_geom"])
        #expect(count.contains("n (Integer) = \(big)"), "\(count)")
        let triggers = try run("ogrinfo", ["-ro", "-q", gpkg, "-sql", "SELECT count(*) AS n FROM sqlite_master WHERE type = 'trigger'"])
        #expect(triggers.contains("n (Integer) = 6"), "\(triggers)")
        // Every folder is a layer GDAL reads, with its two points and its extent.
        let small = try run("ogrinfo", ["-ro", "-so", gpkg, "f299"])
        #expect(small.contains("Feature Count: 2") && small.contains("Extent: (36.000000, 35.299000) - (36.100000, 35.299000)"), "\(small)")
        #expect(try Formats.open(gpkg).count == 301)
    }

    @Test func tooManyColumnsForGeoPackageIsAClearErrorAndNoFile() throws {
        let columns = 2_000
        let header = "latitude,longitude," + (0..<columns).map { "c\($0)" }.joined(separator: ",")
        let row = "36,38," + (0..<columns).map { String($0) }.joined(separator: ",")
        let csv = try file("wide.csv", Array((header + "\n" + row + "\n").utf8))
        let gpkg = (csv as NSString).deletingPathExtension + ".gpkg"
        let sink = try Formats.sink(try OutputFile(path: gpkg), format: .gpkg, name: "wide")
        do {
            for feature in try Formats.open(csv)[0].readAll().features { try sink.write(feature) }
            try sink.finish()
            Issue.record("a table of 2,004 columns was written")
        } catch {
            sink.abort()
            #expect("\(error)".contains("has 2002 properties; a GeoPackage table holds at most 1998"), "\(error)")
        }
        #expect(!FileManager.default.fileExists(atPath: gpkg))
        let folder = (gpkg as NSString).deletingLastPathComponent
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.contains(".tmp-") }.isEmpty)
    }

    @Test func aFiftyMegabyteKMLReads() throws {
        // Foundation's XMLParser stopped at about 10 MB; libxml2's reader has no such limit.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("eventmap-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("big.kml").path
        let events = Array(SyntheticEvents(count: 110_000, seed: 5))
        try write(events, to: path)
        let size = try #require(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
        #expect(size > 50_000_000, "\(size) bytes")
        let back = try read(path)
        #expect(back.count == events.count)
        #expect(back.last?.properties["event_id_cnty"] == events.last?.properties["event_id_cnty"])
    }

    @Test func nameThenExtendedDataKeepsTheData() throws {
        let path = try file(
            "name.kml",
            Array(
                """
                <?xml version="1.0"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document><Placemark><name>Afrin</name><ExtendedData><Data name="event_type"><value>Battles</value></Data></ExtendedData><Point><coordinates>36.8,36.5</coordinates></Point></Placemark></Document></kml>
                """.utf8))
        let feature = try #require(try Formats.open(path)[0].readAll().features.first)
        #expect(feature.properties["event_type"] == .string("Battles"))
        #expect(feature.properties["name"] == .string("Afrin"))
    }

    @Test func externalAndExpandingEntitiesAreNeverSubstituted() throws {
        let laughs = (["a"] + (1...7).map { "l\($0)" }).enumerated().map { index, name in
            index == 0 ? "<!ENTITY a \"aaaaaaaaaa\">" : "<!ENTITY \(name) \"" + String(repeating: "&\(index == 1 ? "a" : "l\(index - 1)");", count: 10) + "\">"
        }.joined()
        let path = try file(
            "xxe.kml",
            Array(
                """
                <?xml version="1.0"?>
                <!DOCTYPE kml [<!ENTITY xxe SYSTEM "file:///etc/passwd">\(laughs)]>
                <kml xmlns="http://www.opengis.net/kml/2.2"><Document><Placemark><name>&xxe;</name><description>&l7;</description>
                <Point><coordinates>38,36</coordinates></Point></Placemark></Document></kml>
                """.utf8))
        let features = try Formats.open(path)[0].readAll().features
        #expect(features.count == 1)
        let text = JSONText.value(.object(features[0].properties.map { ($0.name, $0.value) }))
        #expect(!text.contains("root:"), "no file content")
        #expect(text.count < 1000, "no expansion: \(text.count) characters")
    }

    /// Found by the fuzzer: an ActionGeo_Type too large for an Int trapped the GDELT reader.
    @Test func fuzzFoundGDELTRowsReadWithoutTrapping() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/fuzz/gdelt")
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
            let path = folder.appendingPathComponent(name).path
            do { _ = try Formats.open(path).map { try $0.readAll() } } catch { _ = "\(error)" }
        }
        #expect(JSONValue.number(1e300).intValue == nil)
        #expect(JSONValue.number(4).intValue == 4)
    }
}
