import Foundation
import Testing

/// Formats EventMap reads and writes through GDAL (Shapefile, FlatGeobuf, KMZ, XLSX, ODS), and
/// inputs in another CRS, checked with GDAL's own `ogrinfo` and with EventMap reading them back.
@Suite("GDAL formats and CRSs")
struct GDALFormatsCLITests {
    let acled = fixtures.appendingPathComponent("acled/acled-syria-export.csv").path

    /// The features of a GeoJSON file EventMap wrote: geometry and properties as JSON objects.
    func features(_ path: String) throws -> [(geometry: NSDictionary?, properties: [String: Any])] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let collection = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let list = try #require(collection["features"] as? [[String: Any]])
        return list.map { (($0["geometry"] as? NSDictionary), ($0["properties"] as? [String: Any]) ?? [:]) }
    }

    /// A folder of its own for one test's files.
    func folder(_ name: String) throws -> String {
        let path = temporaryPath(name)
        try? FileManager.default.removeItem(atPath: path)
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Events with the values that break careless writers: Arabic and Turkish text, an id
    /// beyond 2^53, a boolean, a date, a real, an empty value.
    let awkward = """
        {"type":"FeatureCollection","features":[
        {"type":"Feature","geometry":{"type":"Point","coordinates":[38.0116,36.8279]},"properties":{"event_id":9007199254740993,"location":"جرابلس","note":"Cerablus'a saldırı","event_date":"2019-10-09","fatalities":3,"verified":true,"score":0.125}},
        {"type":"Feature","geometry":{"type":"Point","coordinates":[38.9539,36.5283]},"properties":{"event_id":9007199254740995,"location":"Ayn İsa","note":null,"event_date":"2019-10-13","fatalities":0,"verified":false,"score":2.5}}
        ]}
        """

    /// Every event and every value of an ACLED export survives a trip through each format GDAL
    /// writes: `ogrinfo` counts the 15 features, and EventMap reads back the same values (a
    /// Shapefile's cut column names matched through the note that lists them; a spreadsheet's or KML's empty cell
    /// spreadsheet or KML read as null or absent, as those formats store no empty text).
    @Test(arguments: ["shp", "shp.zip", "fgb", "kmz", "xlsx", "ods"])
    func anACLEDExportRoundTrips(_ extensionName: String) throws {
        let dir = try folder("gdal-roundtrip-\(extensionName.replacingOccurrences(of: ".", with: "-"))")
        let original = dir + "/original.geojson", written = dir + "/events.\(extensionName)", back = dir + "/back.geojson"
        #expect(try eventmap("convert", acled, "-o", original, "-q").status == 0)
        let write = try eventmap("convert", acled, "-o", written, "-q")
        #expect(write.status == 0, "\(write.stderr)")
        let info = try run("ogrinfo", ["-so", "-al", extensionName == "shp.zip" ? "/vsizip/" + written : written])
        #expect(info.status == 0 && info.stdout.contains("Feature Count: 15"), "\(info.stdout)\(info.stderr)")
        let read = try eventmap("convert", written, "-o", back, "-q")
        #expect(read.status == 0, "\(read.stderr)")
        let before = try features(original), after = try features(back)
        try #require(before.count == 15 && after.count == 15)
        let shapefile = extensionName.hasPrefix("shp")
        // The note lists every name the Shapefile format cut: `a → b, c → d`.
        var renamed: [String: String] = [:]
        if shapefile {
            let note = try #require(write.stderr.split(separator: "\n").first { $0.contains("column names") }, "the cut column names are reported: \(write.stderr)")
            let list = String(note[try #require(note.range(of: "first: ")).upperBound...])
            for pair in list.components(separatedBy: ", ") {
                let parts = pair.components(separatedBy: " → ")
                if parts.count == 2 { renamed[parts[0]] = parts[1] }
            }
            #expect(renamed["event_id_cnty"] == "event_id_c" && renamed.count == 11, "\(renamed)")
        }
        for (a, b) in zip(before, after) {
            #expect(a.geometry == b.geometry, "\(String(describing: a.geometry)) vs \(String(describing: b.geometry))")
            for (name, value) in a.properties {
                let key = renamed[name] ?? name
                let kept = b.properties[key]
                let same = kept.map { "\($0)" == "\(value)" } ?? false
                let emptyKept = (value is NSNull || "\(value)".isEmpty) && (kept == nil || kept is NSNull || "\(kept!)".isEmpty)
                #expect(same || emptyKept, "\(extensionName): \(name) was \(value), read back as \(String(describing: kept))")
            }
        }
    }

    /// Arabic and Turkish text, ids beyond 2^53 (as text where the format has only doubles),
    /// booleans, dates and reals come back as written, in GDAL's eyes and EventMap's.
    @Test(arguments: ["shp", "fgb", "xlsx"])
    func awkwardValuesSurvive(_ extensionName: String) throws {
        let dir = try folder("gdal-awkward-\(extensionName)")
        let input = dir + "/awkward.geojson", written = dir + "/awkward.\(extensionName)", back = dir + "/back.geojson"
        try awkward.write(toFile: input, atomically: true, encoding: .utf8)
        let write = try eventmap("convert", input, "-o", written, "-q")
        #expect(write.status == 0, "\(write.stderr)")
        let info = try run("ogrinfo", ["-al", "-q", written])
        #expect(info.stdout.contains("جرابلس") && info.stdout.contains("Cerablus'a saldırı") && info.stdout.contains("9007199254740993"), "\(info.stdout)")
        #expect(try eventmap("convert", written, "-o", back, "-q").status == 0)
        let after = try features(back)
        try #require(after.count == 2)
        let first = after[0].properties
        #expect(first["location"] as? String == "جرابلس" && first["note"] as? String == "Cerablus'a saldırı")
        #expect("\(first["event_id"] ?? "")" == "9007199254740993", "\(first)")
        #expect(first["event_date"] as? String == "2019-10-09" && (first["score"] as? Double) == 0.125 && (first["fatalities"] as? Int) == 3)
        #expect(after[1].properties["location"] as? String == "Ayn İsa")
    }

    /// A GeoPackage in UTM zone 37N (as ogr2ogr writes it) is read in WGS84 and answers a
    /// geodesic query with exactly the events of its WGS84 copy.
    @Test func aUTMGeoPackageAnswersLikeItsWGS84Copy() throws {
        let dir = try folder("gdal-utm")
        let wgs84 = dir + "/events.geojson", utm = dir + "/events-utm.gpkg"
        #expect(try eventmap("convert", acled, "-o", wgs84, "-q").status == 0)
        let made = try run("ogr2ogr", ["-t_srs", "EPSG:32637", "-nln", "events", utm, wgs84])
        try #require(made.status == 0, "\(made.stderr)")
        #expect(try run("ogrinfo", ["-so", utm, "events"]).stdout.contains("UTM zone 37N"))
        func ids(_ input: String) throws -> [String] {
            let result = try eventmap("query", input, "--within", "40km", "--of", "border:TR-SY", "-f", "csv", "-q")
            #expect(result.status == 0, "\(result.stderr)")
            return result.stdout.split(whereSeparator: \.isNewline).dropFirst().map { String($0.prefix { $0 != "," }) }.sorted()
        }
        let fromUTM = try ids(utm), fromWGS84 = try ids(wgs84)
        #expect(!fromWGS84.isEmpty && fromUTM == fromWGS84, "\(fromUTM) vs \(fromWGS84)")
        // The points come back within a millimetre's worth of degrees.
        let back = dir + "/back.geojson"
        #expect(try eventmap("convert", utm, "-o", back, "-q").status == 0)
        for (a, b) in zip(try features(wgs84), try features(back)) {
            let p = try #require(a.geometry?["coordinates"] as? [Double]), q = try #require(b.geometry?["coordinates"] as? [Double])
            #expect(abs(p[0] - q[0]) < 1e-8 && abs(p[1] - q[1]) < 1e-8, "\(p) vs \(q)")
        }
    }

    /// `--inside` a Shapefile polygon (and a UTM GeoPackage's layer, named FILE:LAYER) selects
    /// exactly the events that `--inside` the same shipped GeoJSON zone selects.
    @Test func insideAShapefileEqualsInsideTheSameGeoJSON() throws {
        let dir = try folder("gdal-inside")
        let shipped = fixtures.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Gazetteer/features/zone-idlib-deescalation.geojson").path
        let shapefile = dir + "/idlib.shp", utm = dir + "/zones.gpkg"
        try #require(try run("ogr2ogr", [shapefile, shipped]).status == 0)
        try #require(try run("ogr2ogr", ["-t_srs", "EPSG:32637", "-nln", "idlib", utm, shipped]).status == 0)
        func matched(_ reference: String) throws -> String {
            let result = try eventmap("query", acled, "--inside", reference, "-f", "csv", "-q")
            #expect(result.status == 0, "\(reference): \(result.stderr)")
            return result.stdout
        }
        let expected = try matched("zone:idlib-deescalation")
        #expect(expected.split(whereSeparator: \.isNewline).count == 6, "five events inside and the header: \(expected)")
        #expect(try matched(shapefile) == expected)
        #expect(try matched(utm + ":idlib") == expected)
        // A folder of user layers holding the Shapefile (and its .dbf, .shx, .prj): one layer, by its stem.
        let listed = try eventmap("layers", "list", "--layers-dir", dir)
        #expect(listed.stdout.contains("idlib ") && !listed.stdout.contains("idlib.dbf"), "\(listed.stdout)")
        #expect(try eventmap("query", acled, "--inside", "user:idlib", "--layers-dir", dir, "-f", "csv", "-q").stdout == expected)
        let missing = try eventmap("query", acled, "--inside", utm + ":nowhere", "--count")
        #expect(missing.status != 0 && missing.stderr.contains("no layer 'nowhere'; its layers are idlib"), "\(missing.stderr)")
    }

    /// A file without a CRS whose numbers cannot be degrees says so and names --s-srs; with
    /// --s-srs it reads in WGS84. --t-srs writes a Shapefile in UTM with its .prj.
    @Test func coordinatesThatCannotBeDegreesNameSSRS() throws {
        let dir = try folder("gdal-no-crs")
        let utm = dir + "/utm.shp"
        let write = try eventmap("convert", acled, "-o", utm, "--t-srs", "EPSG:32637", "-q")
        #expect(write.status == 0, "\(write.stderr)")
        #expect(try String(contentsOfFile: dir + "/utm.prj", encoding: .utf8).contains("UTM_Zone_37N"))
        try FileManager.default.removeItem(atPath: dir + "/utm.prj")
        let refused = try eventmap("info", utm, "-q")
        #expect(refused.status == 1 && refused.stderr.contains("has no CRS") && refused.stderr.contains("--s-srs"), "\(refused.stderr)")
        let read = try eventmap("info", utm, "--s-srs", "EPSG:32637", "--json", "-q")
        #expect(read.status == 0 && read.stdout.contains("\"features\":15,\"invalid\":0") && read.stdout.contains("\"bbox\":[36.3175"), "\(read.stdout)\(read.stderr)")
        let wrongFormat = try eventmap("convert", acled, "-o", dir + "/x.geojson", "--t-srs", "EPSG:32637")
        #expect(wrongFormat.status == 64 && wrongFormat.stderr.contains("WGS84"), "\(wrongFormat.stderr)")
    }

    /// `eventmap formats` lists the installed GDAL's drivers; a mistyped -f exits 64 naming the
    /// closest; an output file is never left half-written when GDAL refuses it.
    @Test func formatsAndUsageErrors() throws {
        let list = try eventmap("formats")
        #expect(list.status == 0 && list.stdout.contains("ESRI Shapefile") && list.stdout.contains("FlatGeobuf") && list.stdout.contains("XLSX"), "\(list.stdout)")
        let typo = try eventmap("convert", acled, "-o", "-", "-f", "flatgeobf")
        #expect(typo.status == 64 && typo.stderr.contains("did you mean 'FlatGeobuf'"), "\(typo.stderr)")
        let dir = try folder("gdal-refused")
        // A Shapefile holds one geometry type: points and polygons together are refused, and
        // none of the Shapefile's files is left behind.
        let mixed = dir + "/mixed.geojson"
        try """
        {"type":"FeatureCollection","features":[
        {"type":"Feature","geometry":{"type":"Point","coordinates":[38,36]},"properties":{"a":1}},
        {"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[38,36],[39,36],[39,37],[38,36]]]},"properties":{"a":2}}]}
        """.write(toFile: mixed, atomically: true, encoding: .utf8)
        let refused = try eventmap("convert", mixed, "-o", dir + "/mixed.shp")
        #expect(refused.status == 1, "\(refused.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["mixed.geojson"])
    }
}
