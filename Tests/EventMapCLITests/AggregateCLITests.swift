import Foundation
import Testing

@Suite("eventmap aggregate")
struct AggregateCLITests {
    let acled = fixtures.appendingPathComponent("acled/acled-syria-export.csv").path

    /// The rows of a CSV written by aggregate, as name → column → text.
    func rows(_ csv: String) -> [String: [String: String]] {
        let lines = csv.split(whereSeparator: \.isNewline).map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        guard let header = lines.first else { return [:] }
        var result: [String: [String: String]] = [:]
        for line in lines.dropFirst() {
            let row = Dictionary(zip(header, line), uniquingKeysWith: { first, _ in first })
            result[row["name"] ?? ""] = row
        }
        return result
    }

    /// Every event read is in one row: the areas' counts and the outside row add up to the
    /// file's events, and each area's fatalities and type counts are those of its events.
    @Test func countsAddUpToTheEventsRead() throws {
        let run = try eventmap("aggregate", acled, "--by", "country:SY,country:TR", "-f", "csv")
        #expect(run.status == 0, "\(run.stderr)")
        let table = rows(run.stdout)
        let syria = try #require(table["Syria"]), turkey = try #require(table["Turkey"]), outside = try #require(table["outside every area"])
        let events = [syria, turkey, outside].map { Int($0["events"] ?? "") ?? -1 }
        // The fixture's 15 rows: 14 in Syria (one undated), one in Turkey (Akçakale).
        #expect(events == [14, 1, 0], "\(run.stdout)")
        #expect(syria["undated"] == "1" && turkey["first_date"] == "2019-10-09")
        #expect(run.stderr.contains("15 events in 2 areas") && run.stderr.contains("15 read"), "\(run.stderr)")
        let typeColumns = syria.keys.filter { $0.hasPrefix("events_") && $0 != "events_per_1000_km2" }
        #expect(typeColumns.count == 6 && typeColumns.contains("events_explosions_remote_violence"), "\(typeColumns)")
        #expect(typeColumns.compactMap { syria[$0].flatMap { Int($0) } }.reduce(0, +) == 14)
        // The geodesic area of the shipped outline, as 'eventmap layers' lists it.
        #expect(syria["area_km2"].flatMap(Double.init).map { abs($0 - 187_976) < 1 } == true, "\(syria["area_km2"] ?? "")")
    }

    /// A GeoPackage of the areas that QGIS opens with every feature drawn, filled; the outside
    /// row, which has no geometry, is in the summary only.
    @Test func aGeoPackageHoldsTheAreas() throws {
        let out = temporaryPath("areas.gpkg")
        defer { try? FileManager.default.removeItem(atPath: out) }
        // Syria's outline is a polygon, Turkey's a multipolygon: one layer of areas, drawn filled.
        let result = try eventmap("aggregate", acled, "--by", "country:SY,country:TR", "-o", out, "--overwrite")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("0 outside every area (a row without geometry, not written to this format)"), "\(result.stderr)")
        let query = [
            "import sqlite3, sys", "db = sqlite3.connect(sys.argv[1])",
            "for row in db.execute('SELECT name, events, fatalities FROM areas ORDER BY fid'): print('|'.join(map(str, row)))",
            "print('fill' if '<symbol type=\"fill\"' in db.execute('SELECT styleQML FROM layer_styles').fetchone()[0] else 'not fill')",
        ].joined(separator: "\n")
        let rows = try run("python3", ["-c", query, out]).stdout.split(whereSeparator: \.isNewline)
        #expect(rows == ["Syria|14|59", "Turkey|1|4", "fill"], "\(rows)")
    }

    @Test func aDateFilterLeavesOutUndatedEventsAndSaysSo() throws {
        let run = try eventmap("aggregate", acled, "--by", "country:SY", "--from", "2019-10-01", "-f", "csv")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("1 without a date left out"), "\(run.stderr)")
        let syria = try #require(rows(run.stdout)["Syria"])
        #expect(syria["undated"] == "0")
        #expect((syria["first_date"] ?? "") >= "2019-10-01")
    }

    /// Areas named by a field of a file of polygons; a field the layer lacks, or a layer without
    /// polygons, is a usage error naming what there is.
    @Test func areasFromAFileNamedByAField() throws {
        let folder = temporaryPath("aggregate-areas")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let districts = """
            {"type":"FeatureCollection","features":[
            {"type":"Feature","properties":{"ADM2_EN":"West"},"geometry":{"type":"Polygon","coordinates":[[[36,35],[38,35],[38,37],[36,37],[36,35]]]}},
            {"type":"Feature","properties":{"ADM2_EN":"East"},"geometry":{"type":"Polygon","coordinates":[[[38,35],[41,35],[41,37],[38,37],[38,35]]]}}]}
            """
        let path = folder + "/districts.geojson"
        try districts.write(toFile: path, atomically: true, encoding: .utf8)
        let run = try eventmap("aggregate", acled, "--by", path + ":ADM2_EN", "-f", "csv")
        #expect(run.status == 0, "\(run.stderr)")
        let table = rows(run.stdout)
        let total = ["West", "East", "outside every area"].compactMap { table[$0]?["events"].flatMap { Int($0) } }
        #expect(total.count == 3 && total.reduce(0, +) == 15, "\(run.stdout)")
        let missing = try eventmap("aggregate", acled, "--by", path + ":ADM3_EN", "-f", "csv")
        #expect(missing.status == 64 && missing.stderr.contains("no field 'ADM3_EN'") && missing.stderr.contains("ADM2_EN"), "\(missing.stderr)")
        let line = try eventmap("aggregate", acled, "--by", "road:M4", "-f", "csv")
        #expect(line.status == 64 && line.stderr.contains("no polygons"), "\(line.stderr)")
    }
}
