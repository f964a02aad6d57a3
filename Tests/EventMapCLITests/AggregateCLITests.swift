import EventMapCore
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

    /// A Shapefile of districts in UTM with a population field: the areas are read in WGS84,
    /// each gets events per 100,000 people, and the GeoPackage carries QGIS's graduated style
    /// with the classes the summary states (Jenks's breaks of the events per area).
    @Test func populationRatesAndAGraduatedStyle() throws {
        let folder = temporaryPath("aggregate-population")
        try? FileManager.default.removeItem(atPath: folder)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let districts = """
            {"type":"FeatureCollection","features":[
            {"type":"Feature","properties":{"ADM2_EN":"West","Population":400000},"geometry":{"type":"Polygon","coordinates":[[[36,35],[38,35],[38,37],[36,37],[36,35]]]}},
            {"type":"Feature","properties":{"ADM2_EN":"Middle","Population":50000},"geometry":{"type":"Polygon","coordinates":[[[38,35],[39.5,35],[39.5,37],[38,37],[38,35]]]}},
            {"type":"Feature","properties":{"ADM2_EN":"East","Population":200000},"geometry":{"type":"Polygon","coordinates":[[[39.5,35],[41,35],[41,37],[39.5,37],[39.5,35]]]}}]}
            """
        try districts.write(toFile: folder + "/districts.geojson", atomically: true, encoding: .utf8)
        let made = try run("ogr2ogr", ["-t_srs", "EPSG:32637", folder + "/districts.shp", folder + "/districts.geojson"])
        try #require(made.status == 0, "\(made.stderr)")
        let csv = try eventmap("aggregate", acled, "--by", folder + "/districts.shp:ADM2_EN", "-f", "csv")
        #expect(csv.status == 0, "\(csv.stderr)")
        let table = rows(csv.stdout)
        for name in ["West", "Middle", "East"] {
            let row = try #require(table[name], "\(csv.stdout)")
            let events = try #require(row["events"].flatMap(Double.init)), people = try #require(row["population"].flatMap(Double.init))
            let rate = try #require(row["events_per_100k_people"].flatMap(Double.init))
            #expect(abs(rate - events / people * 100_000) < 1e-3, "\(name): \(row)")
        }
        #expect(table["outside every area"]?["events_per_100k_people"] == "", "no people outside: \(csv.stdout)")
        let gpkg = folder + "/areas.gpkg"
        let styled = try eventmap("aggregate", acled, "--by", folder + "/districts.shp:ADM2_EN", "--classes", "3", "-o", gpkg)
        #expect(styled.status == 0, "\(styled.stderr)")
        let counts = ["West", "Middle", "East"].compactMap { table[$0]?["events"].flatMap(Double.init) }
        let expected = ClassBreaks(values: counts, classes: 3, method: .jenks)
        let labels = expected.upperBounds.indices.map(GraduatedStyle(field: "events", breaks: expected).label).joined(separator: ", ")
        #expect(styled.stderr.contains("styled by events in \(expected.upperBounds.count) classes (Jenks natural breaks): \(labels)"), "\(styled.stderr)")
        let query = "import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute('SELECT styleQML FROM layer_styles').fetchone()[0])"
        let qml = try run("python3", ["-c", query, gpkg]).stdout
        #expect(qml.contains("type=\"graduatedSymbol\" attr=\"events\"") && qml.components(separatedBy: "<range ").count - 1 == expected.upperBounds.count, "\(qml)")
        let wrong = try eventmap("aggregate", acled, "--by", folder + "/districts.shp:ADM2_EN", "--population", "people", "-f", "csv")
        #expect(wrong.status == 64 && wrong.stderr.contains("no field 'people'") && wrong.stderr.contains("Population"), "\(wrong.stderr)")
    }

    /// The aggregate GeoPackage drawn as a choropleth: every area filled with its class's colour
    /// (the classes those of ClassBreaks on the areas' values), a legend stating the method and
    /// the areas per class, an SVG librsvg draws; a field no area has is a usage error naming the
    /// numeric fields, and the HTML map refuses --choropleth.
    @Test func aChoroplethOfTheAreas() throws {
        let folder = temporaryPath("choropleth")
        try? FileManager.default.removeItem(atPath: folder)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let areas = folder + "/zones.gpkg", csv = folder + "/zones.csv", svg = folder + "/zones.svg"
        #expect(try eventmap("aggregate", acled, "--by", "zone:all", "-o", areas, "-q").status == 0)
        #expect(try eventmap("aggregate", acled, "--by", "zone:all", "-o", csv, "-q").status == 0)
        let drawn = try eventmap("render", areas, "--choropleth", "events", "--classes", "4", "--method", "quantile", "-o", svg)
        #expect(drawn.status == 0, "\(drawn.stderr)")
        let table = rows(try String(contentsOfFile: csv, encoding: .utf8)).filter { $0.key != "outside every area" }
        let counts = table.values.compactMap { $0["events"].flatMap(Double.init) }
        let breaks = ClassBreaks(values: counts, classes: 4, method: .quantile)
        let style = GraduatedStyle(field: "events", breaks: breaks)
        #expect(drawn.stderr.contains("drew \(table.count) areas in \(breaks.upperBounds.count) classes of events (quantiles)"), "\(drawn.stderr)")
        let text = try String(contentsOfFile: svg, encoding: .utf8)
        let start = try #require(text.range(of: "<g id=\"layer-choropleth\">"))
        let rest = text[start.upperBound...]
        let group = String(rest[..<(rest.range(of: "</g>")?.lowerBound ?? rest.endIndex)])
        // One path per area, in the colour of the class its count falls in.
        var expectedFills: [String: Int] = [:]
        for count in counts {
            let rgb = style.colors[try #require(breaks.classIndex(of: count))]
            expectedFills[String(format: "#%06X", rgb), default: 0] += 1
        }
        for (fill, areas) in expectedFills {
            #expect(group.components(separatedBy: "fill=\"\(fill)\"").count - 1 == areas, "\(fill): \(group.prefix(400))")
        }
        #expect(text.contains("classes by quantiles") && text.contains("\(style.label(0)) ("), "the legend states the method and the classes")
        #expect(try run("rsvg-convert", ["-o", folder + "/zones.png", svg]).status == 0)
        let typo = try eventmap("render", areas, "--choropleth", "event", "-o", folder + "/x.svg")
        #expect(typo.status == 64 && typo.stderr.contains("did you mean 'events'"), "\(typo.stderr)")
        let html = try eventmap("render", areas, "--choropleth", "events", "-o", folder + "/x.html")
        #expect(html.status == 64 && html.stderr.contains("SVG, PNG or PDF"), "\(html.stderr)")
    }

    /// Out of the box, `--by admin1:SY` counts the export's events per governorate (the shipped
    /// approximate divisions) much as ACLED's own admin1 column does: the rows add up, and the
    /// per-governorate counts differ from ACLED's by at most two events in all (a point on the
    /// border, Tell Abyad's, lies across it in Akçakale).
    @Test func shippedDivisionsAgreeWithACLEDsAdmin1() throws {
        let run = try eventmap("aggregate", acled, "--by", "admin1:SY", "-f", "csv")
        #expect(run.status == 0, "\(run.stderr)")
        let table = rows(run.stdout)
        #expect(table.count == 15, "14 governorates and the outside row: \(table.keys.sorted())")
        let total = table.values.compactMap { $0["events"].flatMap { Int($0) } }.reduce(0, +)
        #expect(total == 15)
        // ACLED's admin1 of each event, from the export itself.
        let export = try eventmap("convert", acled, "-o", "-", "-f", "csv")
        let lines = export.stdout.split(whereSeparator: \.isNewline).map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let column = try #require(lines.first?.firstIndex(of: "admin1"))
        /// "Al-Hasakeh", "Al-Hasakah Governorate", "Idleb", "Idlib Governorate" → "has", "idl".
        func key(_ name: String) -> String {
            var text = name.lowercased().replacingOccurrences(of: " governorate", with: "")
            for article in ["al-", "ar-", "as-", "ad-", "ath-"] where text.hasPrefix(article) { text.removeFirst(article.count) }
            return String(text.prefix(3))
        }
        var acledCounts: [String: Int] = [:]
        for line in lines.dropFirst() where line.count > column { acledCounts[key(line[column]), default: 0] += 1 }
        var ours: [String: Int] = [:]
        for (name, row) in table where name != "outside every area" { ours[key(name), default: 0] += Int(row["events"] ?? "") ?? 0 }
        let difference = Set(acledCounts.keys).union(ours.keys).map { abs((acledCounts[$0] ?? 0) - (ours[$0] ?? 0)) }.reduce(0, +)
        #expect(difference <= 2, "ACLED \(acledCounts) vs the shipped divisions \(ours)")
    }
}
