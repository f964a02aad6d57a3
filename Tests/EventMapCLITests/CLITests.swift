import EventMapIO
import Foundation
import Testing

/// Runs the built `eventmap` binary, as a user would.
struct EventMapRun {
    let status: Int32
    let stdout: String
    let stderr: String
}

/// The `eventmap` executable next to the test bundle (`EVENTMAP_BIN` overrides).
let eventmapBinary: URL = {
    if let path = ProcessInfo.processInfo.environment["EVENTMAP_BIN"] { return URL(fileURLWithPath: path) }
    var directory = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
    // The test bundle may be a directory (EventMapPackageTests.xctest/...) on some platforms.
    while !FileManager.default.isExecutableFile(atPath: directory.appendingPathComponent("eventmap").path), directory.path != "/" {
        directory.deleteLastPathComponent()
    }
    return directory.appendingPathComponent("eventmap")
}()

let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Fixtures")

func eventmap(_ arguments: String..., stdin: String? = nil) throws -> EventMapRun {
    try eventmap(arguments: arguments, stdin: stdin)
}

func eventmap(arguments: [String], stdin: String? = nil) throws -> EventMapRun {
    let process = Process()
    process.executableURL = eventmapBinary
    process.arguments = arguments
    let out = Pipe(), err = Pipe(), input = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = input
    try process.run()
    if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
    try input.fileHandleForWriting.close()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return EventMapRun(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self))
}

@Suite("eventmap command line")
struct CLITests {
    @Test func helpListsSubcommands() throws {
        let run = try eventmap("--help")
        #expect(run.status == 0)
        #expect(run.stdout.contains("info"))
        #expect(run.stdout.contains("distance"))
        #expect(run.stdout.contains("longitude, latitude"))
    }

    @Test func versionNamesGEOSAndPROJ() throws {
        let run = try eventmap("--version")
        #expect(run.status == 0)
        #expect(run.stdout.hasPrefix("eventmap "))
        // Debian 12 ships GEOS 3.11 and PROJ 9.1; any real version number will do.
        #expect(run.stdout.range(of: #"GEOS 3\.\d+\.\d+"#, options: .regularExpression) != nil, "\(run.stdout)")
        #expect(run.stdout.range(of: #"PROJ \d+\.\d+\.\d+"#, options: .regularExpression) != nil, "\(run.stdout)")
    }

    @Test func infoDescribesAFile() throws {
        let run = try eventmap("info", fixtures.appendingPathComponent("border-towns.geojson").path)
        #expect(run.status == 0, "\(run.stderr)")
        let lines = run.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains("Features:     21"))
        #expect(lines.contains("Geometry:     Point (21)"))
        // Latakia is the westernmost and southernmost town, Nusaybin the easternmost and northernmost.
        #expect(lines.contains("Bounding box: 35.79088,35.53125,41.21465,37.07028 (lon/lat degrees)"))
        #expect(lines.contains("  geonameid: number"))
        #expect(lines.contains("  name: string"))
    }

    @Test func infoReadsStandardInput() throws {
        let run = try eventmap("info", "-", stdin: #"{"type":"Feature","geometry":null,"properties":{"a":1}}"#)
        #expect(run.status == 0)
        #expect(run.stdout.contains("no geometry (1)"))
    }

    @Test func distanceMatchesGeodesic() throws {
        let run = try eventmap("distance", "36.63393,35.93062", "37.16117,36.20124")
        #expect(run.status == 0)
        #expect(run.stdout.contains("distance_m\t56193.919"))
    }

    @Test(
        "usage errors exit 64 with one line",
        arguments: [
            ["bogus"], ["info"], ["distance", "36.6,95", "37,36"], ["distance", "36.6", "37,36"], ["info", "a", "b"],
        ])
    func usageErrors(arguments: [String]) throws {
        let process = try eventmap(arguments: arguments)
        #expect(process.status == 64)
        #expect(process.stderr.hasPrefix("eventmap: error: "))
        #expect(process.stderr.split(separator: "\n").count == 1, "\(process.stderr)")
        #expect(process.stdout.isEmpty)
    }

    @Test(
        "bad files exit 1 with one line naming the file",
        arguments: [
            ("", "is empty"), ("{\"type\": \"Feat", "malformed JSON at line 1"), ("\u{FF}", "not UTF-8"),
            ("{\"type\":\"Point\",\"coordinates\":[36.6,95]}", "latitude 95.0"),
        ])
    func badFiles(content: String, expected: String) throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("eventmap-bad-\(UUID().uuidString).geojson")
        var bytes = Data(content.utf8)
        if content == "\u{FF}" { bytes = Data([0xFF, 0xFE, 0x00]) }
        try bytes.write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let run = try eventmap("info", file.path)
        #expect(run.status == 1)
        #expect(run.stderr.hasPrefix("eventmap: error: \(file.path): "), "\(run.stderr)")
        #expect(run.stderr.contains(expected), "\(run.stderr)")
        #expect(run.stderr.split(separator: "\n").count == 1)
        #expect(!run.stderr.contains("Fatal error"))
    }

    @Test func missingFileExits1() throws {
        let run = try eventmap("info", "/no/such/file.geojson")
        #expect(run.status == 1)
        #expect(run.stderr == "eventmap: error: /no/such/file.geojson: cannot read: no such file\n")
    }
}

@Suite("eventmap resolve and gazetteer")
struct GazetteerCLITests {
    @Test func resolvePrintsPlaceAndReason() throws {
        let run = try eventmap("resolve", "Cerablus", "--limit", "1")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("Jarābulus (SY, Aleppo Governorate) 38.01111,36.81750 geonameid=169179"), "\(run.stdout)")
        #expect(run.stdout.contains("reason: curated name 'Cerablus'"))
    }

    @Test func unknownNameExitsOneAfterPrintingTheOthers() throws {
        let run = try eventmap("resolve", "Gaziamtep", "Kilis", "--limit", "1")
        #expect(run.status == 1)
        #expect(run.stdout.contains("Kilis"))
        #expect(run.stderr.contains("no match for 'Gaziamtep'; closest: Gaziantep"), "\(run.stderr)")
    }

    @Test func emptyNameIsAUsageError() throws {
        let run = try eventmap("resolve", " ")
        #expect(run.status == 64)
        #expect(run.stderr.hasPrefix("eventmap: error: "))
    }

    @Test func jsonOutputParses() throws {
        let run = try eventmap("resolve", "--json", "Ain Issa", "Manbij, Syria")
        #expect(run.status == 0)
        let value = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [[String: Any]]
        let first = try #require(value?.first?["candidates"] as? [[String: Any]])
        #expect(first.first?["geonameid"] as? Int == 172134)
        #expect((first.first?["reason"] as? String)?.isEmpty == false)
    }

    @Test func gazetteerInfoNamesSources() throws {
        let run = try eventmap("gazetteer", "info")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("GeoNames (CC BY 4.0"))
        // The curated crossings (the table's rows of kind "crossing": GeoNames' cities500 has none)
        // and the conflict's regions, sites and camps.
        let table = try String(contentsOf: fixtures.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Gazetteer/curated/places.tsv"), encoding: .utf8)
        let crossings = table.split(separator: "\n").filter { $0.split(separator: "\t", omittingEmptySubsequences: false).dropFirst(3).first == "crossing" }
        #expect(crossings.count >= 20)
        #expect(run.stdout.contains("border crossing: \(crossings.count)\n"))
        #expect(["region: ", "macro-region: ", "military site: ", "camp: "].allSatisfy(run.stdout.contains))
    }

    @Test func gazetteerImportReportsRejectsAndRefusesToOverwrite() throws {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("g-\(UUID().uuidString).bin").path
        defer { try? FileManager.default.removeItem(atPath: output) }
        let dump = fixtures.appendingPathComponent("geonames-sample.txt").path
        let run = try eventmap("gazetteer", "import", dump, "-o", output, "-q")
        #expect(run.status == 0, "\(run.stderr)")
        // Peyrat-le-Château (1,140 people) is kept as a minor place; with --minor-population at the
        // threshold it is left out.
        #expect(run.stderr.contains("read 21 lines; wrote 18 places"), "\(run.stderr)")
        #expect(run.stderr.contains("1\tcoordinates out of range or not numbers"))
        let noMinor = try eventmap("gazetteer", "import", dump, "-o", output, "-q", "--overwrite", "--minor-population", "15000")
        #expect(noMinor.stderr.contains("wrote 17 places") && noMinor.stderr.contains("1\toutside coverage (population below 15000"), "\(noMinor.stderr)")
        let again = try eventmap("gazetteer", "import", dump, "-o", output)
        #expect(again.status == 64)
        #expect(again.stderr.contains("--overwrite"))
        let resolved = try eventmap("resolve", "--gazetteer", output, "Jarabulus", "--limit", "1")
        #expect(resolved.stdout.contains("geonameid=169179"))
    }
}

@Suite("eventmap layers")
struct LayersCLITests {
    @Test func listsTheCatalogueWithTheBorderLength() throws {
        let run = try eventmap("layers")
        #expect(run.status == 0, "\(run.stderr)")
        let border = try #require(run.stdout.split(separator: "\n").first { $0.hasPrefix("border:TR-SY") })
        #expect(border.contains("806.1 km"), "\(border)")
        #expect(run.stdout.contains("zone:idlib-deescalation"))
        #expect(run.stdout.contains("2017-05-04 to open"))
    }

    @Test func showWritesGeoJSONThatReadsBack() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("show-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("zones.geojson").path
        let run = try eventmap("layers", "show", "zone:all", "-o", path)
        #expect(run.status == 0, "\(run.stderr)")
        let info = try eventmap("info", path)
        #expect(info.stdout.contains("Features:     6"), "\(info.stdout)")
        // Writing again without --overwrite is refused and leaves the file as it was.
        let again = try eventmap("layers", "show", "road:M4", "-o", path)
        #expect(again.status == 1)
        #expect(again.stderr.contains("--overwrite"))
        #expect(try eventmap("info", path).stdout.contains("Features:     6"))
        let stdout = try eventmap("layers", "show", "road:M4")
        #expect(stdout.stdout.hasPrefix("{\"type\":\"FeatureCollection\""))
        let kml = directory.appendingPathComponent("m4.kml").path
        #expect(try eventmap("layers", "show", "road:M4", "-o", kml).status == 0)
        #expect(try String(contentsOfFile: kml, encoding: .utf8).contains("<LineString><coordinates>35.79088,35.53125 "))
    }

    @Test func unknownReferenceIsAUsageErrorNamingTheClosest() throws {
        for arguments in [["layers", "show", "zone:narnia"], ["convert", fixtures.appendingPathComponent("border-towns.geojson").path, "-o", "-", "--layers", "zone:narnia"]] {
            let run = try eventmap(arguments: arguments)
            #expect(run.status == 64, "\(arguments)")
            #expect(run.stderr.contains("unknown layer 'zone:narnia'; did you mean 'zone:"), "\(run.stderr)")
            #expect(run.stderr.split(separator: "\n").count == 1)
        }
    }

    @Test func userLayersDirectoryJoinsTheList() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("user-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.copyItem(
            at: fixtures.appendingPathComponent("border-towns.geojson"),
            to: directory.appendingPathComponent("towns.geojson"))
        let run = try eventmap("layers", "--layers-dir", directory.path)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("towns "))
    }
}

@Suite("eventmap convert")
struct ConvertCLITests {
    func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("convert-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func invalidRowsStopTheConversionUnlessSkipped() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("acled.csv").path
        try Data(
            "event_id_cnty,event_date,location,latitude,longitude,fatalities\nSYR1,2017-10-08,Idlib,35.93062,36.63393,2\nSYR2,2017-10-09,Nowhere,95,36,\nSYR3,2017-10-10,Aleppo,36.20124,37.16117,0\nSYR4,2017-10-11,Broken,x,36,1\n"
                .utf8
        )
        .write(to: URL(fileURLWithPath: input))
        let output = dir.appendingPathComponent("out.geojson").path
        let strict = try eventmap("convert", input, "-o", output)
        #expect(strict.status == 1)
        #expect(strict.stderr.contains("line 3: latitude 95.0 is outside"), "\(strict.stderr)")
        #expect(strict.stderr.contains("2 invalid features in all"))
        #expect(!FileManager.default.fileExists(atPath: output), "a failed conversion left a file")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["acled.csv"], "temporary files left")

        let rejects = dir.appendingPathComponent("rejects.ndjson").path
        let skip = try eventmap("convert", input, "-o", output, "--skip-invalid", "--rejects", rejects)
        #expect(skip.status == 0, "\(skip.stderr)")
        #expect(skip.stderr.contains("wrote 2 features"))
        #expect(skip.stderr.contains("left out 2 invalid features"))
        let lines = try String(contentsOfFile: rejects, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines[0].contains("\"record\":\"SYR2,2017-10-09,Nowhere,95,36,\""))
    }

    @Test func outputIsNeverAnInputAndNotReplacedWithoutOverwrite() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("towns.geojson").path
        try FileManager.default.copyItem(atPath: fixtures.appendingPathComponent("border-towns.geojson").path, toPath: input)
        let same = try eventmap("convert", input, "-o", input, "--overwrite")
        #expect(same.status == 1)
        #expect(same.stderr.contains("is also an input"))
        let csv = dir.appendingPathComponent("towns.csv").path
        #expect(try eventmap("convert", input, "-o", csv).status == 0)
        let again = try eventmap("convert", input, "-o", csv)
        #expect(again.status == 1)
        #expect(again.stderr.contains("cannot write: exists; add --overwrite"))
        #expect(try eventmap("convert", input, "-o", csv, "--overwrite").status == 0)
    }

    @Test func severalInputsAndReferenceLayersBecomeLayers() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let gpkg = dir.appendingPathComponent("project.gpkg").path
        let run = try eventmap(
            "convert", fixtures.appendingPathComponent("border-towns.geojson").path, "-o", gpkg,
            "--layers", "border:TR-SY,road:M4,zone:all")
        #expect(run.status == 0, "\(run.stderr)")
        let info = try eventmap("info", gpkg)
        for layer in ["border-towns", "border_TR-SY", "road_M4", "zone_all"] {
            #expect(info.stdout.contains("Layer:        \(layer)"), "\(info.stdout)")
        }
    }

    @Test func unknownOutputFormatIsAUsageError() throws {
        // No format, EventMap's or GDAL's, writes .bin: a usage error naming -f and the formats.
        let run = try eventmap("convert", fixtures.appendingPathComponent("border-towns.geojson").path, "-o", temporaryPath("x.bin"))
        #expect(run.status == 64)
        #expect(run.stderr.contains("cannot tell the output format") && run.stderr.contains("eventmap formats"), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: temporaryPath("x.bin")))
    }
}

@Suite("eventmap query")
struct QueryCLITests {
    @Test func withinBorderKeepsColumnsAndAddsDistance() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("query-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let towns = fixtures.appendingPathComponent("border-towns.geojson").path
        let count = try eventmap("query", towns, "--within", "10km", "--of", "border:TR-SY", "--count")
        #expect(count.status == 0, "\(count.stderr)")
        // Reyhanlı, Jarābulus, Kilis, Karkamış, Azaz, Tell Abyad, Ras al-Ain, Ceylanpınar, Akçakale, Nusaybin, Kobani.
        #expect(Int(count.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) == 11, "\(count.stdout)")
        let csv = dir.appendingPathComponent("near.csv").path
        #expect(try eventmap("query", towns, "--within", "10km", "--of", "border:TR-SY", "-o", csv).status == 0)
        let header = try String(contentsOfFile: csv, encoding: .utf8).split(separator: "\r\n").first ?? ""
        #expect(header.hasPrefix("name,geonameid,country_code,population,distance_km"), "\(header)")
        let inside = try eventmap("query", towns, "--inside", "zone:idlib-deescalation", "--count")
        #expect(inside.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "3")  // Idlib, Jisr al-Shughur, Saraqib
    }

    @Test func usageErrorsExplainThemselves() throws {
        let run = try eventmap("query", fixtures.appendingPathComponent("border-towns.geojson").path, "--within", "30km")
        #expect(run.status == 64)
        #expect(run.stderr.contains("--within and --beyond need --of REF"))
        let date = try eventmap("query", fixtures.appendingPathComponent("border-towns.geojson").path, "--from", "yesterday")
        #expect(date.status == 64)
    }
}

@Suite("eventmap query, CSV to CSV")
struct QueryCSVFastPathTests {
    @Test func rowsAreCopiedUnchangedWithTheirDistance() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fast-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("acled.csv").path
        let rows = [
            "SYR1,2019-10-09,Ras al-Ain,36.8503,40.0706,\"Shelling, heavy\"",  // on the border
            "SYR2,2019-10-10,Hasakah,36.50237,40.74772,\"two\nlines\"",  // about 45 km away
            "SYR3,2019-10-11,Tell Abyad,36.69648,38.95382,=cmd",  // on the border
            "SYR4,2019-10-12,Damascus,33.5102,36.29128,far",
        ]
        try Data(("event_id_cnty,event_date,location,latitude,longitude,notes\n" + rows.joined(separator: "\n") + "\n").utf8)
            .write(to: URL(fileURLWithPath: input))
        let output = dir.appendingPathComponent("near.csv").path
        let run = try eventmap("query", input, "--within", "30km", "--of", "border:TR-SY", "-o", output)
        #expect(run.status == 0, "\(run.stderr)")
        let text = try String(contentsOfFile: output, encoding: .utf8)
        let lines = text.components(separatedBy: "\r\n")
        #expect(lines[0] == "event_id_cnty,event_date,location,latitude,longitude,notes,distance_km")
        #expect(lines[1].hasPrefix(rows[0] + ","))
        // Cells are copied as they were, but a formula-like cell gets its guard.
        #expect(lines[2].hasPrefix("SYR3,2019-10-11,Tell Abyad,36.69648,38.95382,'=cmd,"), "\(lines[2])")
        #expect(lines.count == 4 && lines[3].isEmpty, "\(lines)")
        // The general path (GeoJSON out) gives the same events.
        let geojson = try eventmap("query", input, "--within", "30km", "--of", "border:TR-SY", "--count")
        #expect(geojson.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "2")
    }

    @Test func fastPathAgreesWithTheGeneralPathOverManyBlocks() throws {
        // 60,000 seeded events, about 9 MB: chunks of 4 MB on every core.
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fast-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("events.csv").path
        let sink = CSVSink(output: try OutputFile(path: input))
        for event in SyntheticEvents(count: 60_000, seed: 31) { try sink.write(event) }
        try sink.finish()
        let fast = dir.appendingPathComponent("near.csv").path
        // --rejects (with --skip-invalid) keeps the query on the feature path (every row a feature,
        // tested one by one).
        let generalDir = dir.appendingPathComponent("general"), chosenDir = dir.appendingPathComponent("chosen")
        for folder in [generalDir, chosenDir] { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) }
        let general = generalDir.appendingPathComponent("near.geojsonl").path, chosen = chosenDir.appendingPathComponent("near.geojsonl").path
        #expect(try eventmap("query", input, "--within", "30km", "--of", "border:TR-SY", "-o", fast).status == 0)
        let generalRun = try eventmap(
            "query", input, "--within", "30km", "--of", "border:TR-SY", "-o", general, "--skip-invalid", "--rejects",
            dir.appendingPathComponent("rejects.csv").path)
        #expect(generalRun.status == 0, "\(generalRun.stderr)")
        // GeoJSON out from a CSV: the rows chosen as the pass-through chooses them, then made features.
        let chosenRun = try eventmap("query", input, "--within", "30km", "--of", "border:TR-SY", "-o", chosen, "--skip-invalid")
        #expect(chosenRun.status == 0, "\(chosenRun.stderr)")
        #expect(chosenRun.stderr == generalRun.stderr, "the same summary line")
        #expect(try Data(contentsOf: URL(fileURLWithPath: chosen)) == Data(contentsOf: URL(fileURLWithPath: general)), "the same bytes")
        func distances(_ path: String) throws -> [String: Double] {
            var out: [String: Double] = [:]
            for source in try Formats.open(path) {
                for feature in try source.readAll().features {
                    out[feature.properties["event_id_cnty"]?.stringValue ?? ""] = feature.properties["distance_km"]?.numberValue
                }
            }
            return out
        }
        let a = try distances(fast), b = try distances(general)
        #expect(a.count > 3_000 && a.count == b.count)
        #expect(a == b)
    }

    @Test func invalidRowsStopTheQueryUnlessSkipped() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fast-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("acled.csv").path
        try Data("id,latitude,longitude\n1,36.8503,40.0706\n2,95,40\n".utf8).write(to: URL(fileURLWithPath: input))
        let output = dir.appendingPathComponent("near.csv").path
        let strict = try eventmap("query", input, "--within", "30km", "--of", "border:TR-SY", "-o", output)
        #expect(strict.status == 1)
        #expect(strict.stderr.contains("1 invalid row in all"), "\(strict.stderr)")
        #expect(!FileManager.default.fileExists(atPath: output))
        let skip = try eventmap("query", input, "--within", "30km", "--of", "border:TR-SY", "-o", output, "--skip-invalid")
        #expect(skip.status == 0)
        #expect(skip.stderr.contains("kept 1 of 2 events; 1 rejected"), "\(skip.stderr)")
    }
}
