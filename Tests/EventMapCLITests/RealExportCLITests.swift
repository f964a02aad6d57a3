import Foundation
import Testing

@Suite("eventmap on real exports: right answers or clear errors")
struct RealExportCLITests {
    let acled = fixtures.appendingPathComponent("acled/acled-syria-export.csv").path

    @Test func acledDatesFilterAndTheSummarySaysWhatWasKept() throws {
        // Ten events dated in 2019, one week-precise event of 2 January 2020 whose week reaches
        // into 2019, one whose date cannot be read.
        let run = try eventmap("query", acled, "--from", "2019-01-01", "--to", "2019-12-31", "--count")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout == "11\n")
        #expect(run.stderr.contains("kept 11 of 15 events; 0 rejected; 1 without a date"), "\(run.stderr)")
        #expect(run.stderr.contains("Sometime 2019") && run.stderr.contains("SYR900015"), "\(run.stderr)")
        let quiet = try eventmap("query", acled, "--from", "2019", "--to", "2019", "--count", "-q")
        #expect(quiet.stdout == "11\n")
        #expect(!quiet.stderr.contains("kept 11"), "-q leaves out the summary")
        #expect(quiet.stderr.contains("Sometime 2019"), "-q still reports what could not be read")
    }

    @Test func infoReportsTheDateRangeInDateOrder() throws {
        let run = try eventmap("info", acled)
        #expect(run.stdout.contains("event_date:   2016-08-24 to 2020-01-15 (1 without a date)"), "\(run.stdout)")
    }

    @Test func repeatedAndListedFiltersMeanAnyOfThem() throws {
        let one = try eventmap("query", acled, "--type", "Battles", "--count", "-q")
        let two = try eventmap("query", acled, "--type", "Protests", "--count", "-q")
        let both = try eventmap("query", acled, "--type", "Battles", "--type", "Protests", "--count", "-q")
        let list = try eventmap("query", acled, "--type", "Battles,Protests", "--count", "-q")
        #expect(Int(one.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) == 5)
        #expect(Int(two.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) == 1)
        #expect(both.stdout == "6\n" && list.stdout == "6\n")
        let zones = try eventmap("query", acled, "--inside", "zone:peace-spring", "--inside", "zone:olive-branch", "--count", "-q")
        let peace = try eventmap("query", acled, "--inside", "zone:peace-spring", "--count", "-q")
        let olive = try eventmap("query", acled, "--inside", "zone:olive-branch", "--count", "-q")
        #expect(
            Int(zones.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
                == Int(peace.stdout.trimmingCharacters(in: .whitespacesAndNewlines))! + Int(olive.stdout.trimmingCharacters(in: .whitespacesAndNewlines))!)
        let actors = try eventmap("query", acled, "--actor", "Russia", "--actor", "Rioters", "--count", "-q")
        #expect(actors.stdout == "4\n", "\(actors.stderr)")  // three Russian events and one riot
    }

    @Test(
        "usage mistakes exit 64 naming the closest valid values",
        arguments: [
            (["--type", "Battle"], "'Battles'"),
            (["--inside", "zone:peace-sprin"], "'zone:peace-spring'"),
            (["--from", "2019-13-45"], "not a date"),
            (["--actor", "Turkish Army"], "Military Forces of Turkey"),
            (["--while-in-force"], "--inside"),
        ])
    func usageMistakes(arguments: [String], expected: String) throws {
        let folder = try temporaryFolder()
        let output = folder.appendingPathComponent("out.geojson").path
        let run = try eventmap(arguments: ["query", acled] + arguments + ["-o", output])
        #expect(run.status == 64, "\(arguments): \(run.stderr)")
        #expect(run.stderr.contains(expected), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: output), "a usage error leaves no output")
    }

    @Test func overlappingZonesTogether() throws {
        // zone:all overlaps itself (the Sochi strip lies inside the Idlib zone): each polygon is tested alone.
        let inside = try eventmap("query", acled, "--inside", "zone:all", "--count", "-q")
        let outside = try eventmap("query", acled, "--outside", "zone:all", "--count", "-q")
        let touching = try eventmap("query", acled, "--within", "0km", "--of", "zone:all", "--count", "-q")
        #expect(inside.status == 0 && outside.status == 0 && touching.status == 0, "\(inside.stderr) \(outside.stderr) \(touching.stderr)")
        let a = Int(inside.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
        let b = Int(outside.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
        #expect(a + b == 15 && a > 0 && b > 0)
        #expect(touching.stdout == inside.stdout)
    }

    @Test func zonesWhileInForce() throws {
        // Afrin: one event on 20 January 2018 (Olive Branch began), one on 1 January 2019.
        let any = try eventmap("query", acled, "--inside", "zone:olive-branch", "--count")
        let inForce = try eventmap("query", acled, "--inside", "zone:olive-branch", "--while-in-force", "--count")
        #expect(any.stdout == "2\n" && inForce.stdout == "1\n", "\(any.stderr) \(inForce.stderr)")
        #expect(inForce.stderr.contains("zone:olive-branch (2018-01-20 to 2018-03-24) while in force"), "\(inForce.stderr)")
    }

    @Test func gdeltZipConvertsWithCountedGaps() throws {
        let folder = try temporaryFolder()
        let output = folder.appendingPathComponent("gdelt.geojson").path
        let zip = fixtures.appendingPathComponent("gdelt/20191010120000.export.CSV.zip").path
        let run = try eventmap("convert", zip, "-o", output)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("rows without an action location"), "\(run.stderr)")
        let text = try String(contentsOfFile: output, encoding: .utf8)
        #expect(text.contains("\"GlobalEventID\":1734567890123456789"))
        let places = try eventmap("query", zip, "--min-precision", "2", "--count", "-q")
        #expect(places.stdout == "4\n", "country- and state-level centroids are left out")
    }

    @Test func gzippedCSVQueriesLikeThePlainOne() throws {
        let folder = try temporaryFolder()
        let packed = folder.appendingPathComponent("acled.csv.gz").path
        let gzip = Process()
        gzip.executableURL = URL(fileURLWithPath: "/bin/gzip")
        gzip.arguments = ["-c", acled]
        gzip.standardOutput = try FileHandle(
            forWritingTo: {
                FileManager.default.createFile(atPath: packed, contents: nil); return URL(fileURLWithPath: packed)
            }())
        try gzip.run()
        gzip.waitUntilExit()
        let plain = try eventmap("query", acled, "--within", "30km", "--of", "border:TR-SY", "--count", "-q")
        let zipped = try eventmap("query", packed, "--within", "30km", "--of", "border:TR-SY", "--count", "-q")
        #expect(zipped.status == 0, "\(zipped.stderr)")
        #expect(zipped.stdout == plain.stdout && plain.stdout == "10\n")
    }

    @Test func csvOpensInGDALAsPointsWithACRS() throws {
        let folder = try temporaryFolder()
        let output = folder.appendingPathComponent("events.csv").path
        let run = try eventmap("convert", acled, "-o", output)
        #expect(run.status == 0, "\(run.stderr)")
        let ogr = try runTool("ogrinfo", ["-so", "-al", output])
        #expect(ogr.contains("Geometry: Point"), "\(ogr)")
        #expect(ogr.contains("WGS 84"), "\(ogr)")
        #expect(ogr.contains("event_date: Date"), "\(ogr)")
        #expect(ogr.contains("fatalities: Integer"), "\(ogr)")
        // Read back by EventMap with the same values.
        let back = try eventmap("query", output, "--from", "2019", "--to", "2019", "--count", "-q")
        #expect(back.stdout == "11\n")
    }

    /// Runs `qgis_check.py --strict ARGUMENTS` with QGIS offscreen: its exit status and output.
    func qgisCheck(_ checker: String, _ arguments: [String]) throws -> (status: Int32, text: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = [checker, "--strict"] + arguments
        var environment = ProcessInfo.processInfo.environment
        environment["QT_QPA_PLATFORM"] = "offscreen"
        process.environment = environment
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, text)
    }

    /// `../shared/tools/qgis_check.py --strict` (real QGIS, its ogr provider) on what EventMap writes.
    @Test("QGIS opens EventMap's outputs cleanly", arguments: ["csv", "gpkg", "kml", "shp", "fgb", "kmz"])
    func qgisOpensOutputs(format: String) throws {
        let root = fixtures.deletingLastPathComponent().deletingLastPathComponent()
        let checker = root.deletingLastPathComponent().appendingPathComponent("shared/tools/qgis_check.py").path
        try #require(FileManager.default.fileExists(atPath: checker), "\(checker) is missing (the shared tools sit beside the checkout)")
        try #require(FileManager.default.fileExists(atPath: "/usr/lib/python3/dist-packages/qgis"), "QGIS is missing: make test installs qgis and python3-qgis")
        let folder = try temporaryFolder()
        let output = folder.appendingPathComponent("acled.\(format)").path
        let run = try eventmap("convert", acled, "-o", output, "-q")
        #expect(run.status == 0, "\(run.stderr)")
        let (status, text) = try qgisCheck(checker, [output])
        #expect(status == 0, "\(text.suffix(2000))")
        #expect(text.contains("RESULT: PASS"), "\(text.suffix(2000))")
        #expect(text.contains("Point, 15 features"), "\(text.suffix(2000))")
        if ["csv", "gpkg", "shp"].contains(format) { #expect(text.contains("event_date:Date"), "\(text.suffix(2000))") }
        // KMZ's attributes reach QGIS (through GDAL's LIBKML) as they do from KML.
        if format == "kmz" { #expect(text.contains("event_id_cnty:String") && text.contains("fatalities:Integer"), "\(text.suffix(2000))") }
    }

    /// QGIS draws aggregate's GeoPackage with the graduated style it carries.
    @Test func qgisDrawsTheAggregateGraduated() throws {
        let root = fixtures.deletingLastPathComponent().deletingLastPathComponent()
        let checker = root.deletingLastPathComponent().appendingPathComponent("shared/tools/qgis_check.py").path
        try #require(FileManager.default.fileExists(atPath: checker), "\(checker) is missing (the shared tools sit beside the checkout)")
        let folder = try temporaryFolder()
        let areas = folder.appendingPathComponent("areas.gpkg").path, picture = folder.appendingPathComponent("areas.png").path
        let run = try eventmap("aggregate", acled, "--by", "admin1:SY", "-o", areas, "-q")
        #expect(run.status == 0, "\(run.stderr)")
        let (status, text) = try qgisCheck(checker, ["--render", picture, areas])
        #expect(status == 0 && text.contains("RESULT: PASS"), "\(text.suffix(2000))")
        #expect(text.contains("\"renderer\": \"graduatedSymbol\"") && text.contains("Polygon, 14 features"), "\(text.suffix(2000))")
        #expect(FileManager.default.fileExists(atPath: picture))
    }

    @Test func installedBinaryWorksFromAnyFolder() throws {
        let prefix = try temporaryFolder()
        let root = fixtures.deletingLastPathComponent().deletingLastPathComponent()
        let make = Process()
        make.executableURL = URL(fileURLWithPath: "/usr/bin/make")
        // The install layout with the binary under test (make install builds a release binary first).
        make.arguments = ["-s", "-C", root.path, "install-files", "PREFIX=\(prefix.path)", "BINARY=\(eventmapBinary.path)"]
        make.standardOutput = FileHandle.nullDevice
        try make.run()
        make.waitUntilExit()
        #expect(make.terminationStatus == 0)
        let binary = prefix.appendingPathComponent("bin/eventmap").path
        func installed(_ arguments: String...) throws -> EventMapRun {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: binary)
            process.arguments = arguments
            process.currentDirectoryURL = URL(fileURLWithPath: "/")
            var environment = ProcessInfo.processInfo.environment
            for name in ["EVENTMAP_DATA", "EVENTMAP_GAZETTEER", "EVENTMAP_FEATURES", "EVENTMAP_LAYERS"] { environment[name] = nil }
            process.environment = environment
            let out = Pipe(), err = Pipe()
            process.standardOutput = out
            process.standardError = err
            try process.run()
            let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return EventMapRun(status: process.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
        }
        let layers = try installed("layers")
        #expect(layers.status == 0 && layers.stdout.contains("border:TR-SY"), "\(layers.stderr)")
        let resolve = try installed("resolve", "Jarabulus", "--limit", "1")
        #expect(resolve.status == 0 && resolve.stdout.contains("geonameid=169179"), "\(resolve.stderr)")
        let query = try installed("query", acled, "--within", "30km", "--of", "border:TR-SY", "--count")
        #expect(query.status == 0 && query.stdout == "10\n", "\(query.stderr)")
        // Without its data folder the binary says how to fix it.
        try FileManager.default.moveItem(at: prefix.appendingPathComponent("share/eventmap"), to: prefix.appendingPathComponent("share/moved"))
        let missing = try installed("layers")
        #expect(missing.status == 1 && missing.stderr.contains("EVENTMAP_DATA") && missing.stderr.contains("make install"), "\(missing.stderr)")
    }
}

/// A fresh folder for one test's files.
private func temporaryFolder() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("eventmap-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// Runs a Debian tool (make test installs gdal-bin) and returns what it printed.
private func runTool(_ program: String, _ arguments: [String]) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/\(program)")
    process.arguments = arguments
    let out = Pipe()
    process.standardOutput = out
    process.standardError = out
    try process.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(decoding: data, as: UTF8.self)
}
