import Foundation
import Testing

/// Compares `actual` with the golden file, or records it when RECORD_SNAPSHOTS=1.
func expectGolden(_ actual: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let golden = fixtures.appendingPathComponent("render").appendingPathComponent(name)
    if ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1" {
        try Data(actual.utf8).write(to: golden)
        return
    }
    let expected = try String(contentsOf: golden, encoding: .utf8)
    if actual != expected {
        let failed = FileManager.default.temporaryDirectory.appendingPathComponent("actual-" + name)
        try Data(actual.utf8).write(to: failed)
        Issue.record(
            "\(name) differs from the golden file; the new output is in \(failed.path) (RECORD_SNAPSHOTS=1 re-records on purpose)",
            sourceLocation: sourceLocation)
    }
}

/// Runs a program (xmllint, rsvg-convert, pdffonts, file) and returns its exit status, stderr and stdout.
func run(_ program: String, _ arguments: [String]) throws -> (status: Int32, stderr: String, stdout: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [program] + arguments
    let err = Pipe(), out = Pipe()
    process.standardError = err
    process.standardOutput = out
    try process.run()
    // Both pipes read at once, so that neither fills and stalls the program.
    nonisolated(unsafe) var errors = Data()
    let reader = Thread { errors = err.fileHandleForReading.readDataToEndOfFile() }
    reader.start()
    let output = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    while reader.isExecuting { Thread.sleep(forTimeInterval: 0.01) }
    return (process.terminationStatus, String(decoding: errors, as: UTF8.self), String(decoding: output, as: UTF8.self))
}

func temporaryPath(_ name: String) -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("eventmap-\(UUID().uuidString)-\(name)").path
}

@Suite("eventmap render")
struct RenderCLITests {
    let seedEvents = fixtures.appendingPathComponent("seed-events.geojson").path

    @Test func seedMapMatchesTheGoldenFile() throws {
        let out = temporaryPath("seed.svg")
        defer { try? FileManager.default.removeItem(atPath: out) }
        let result = try eventmap("render", seedEvents, "-o", out, "--layers", "border:TR-SY,road:M4,zone:all", "--title", "Seed articles: events coded by hand")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("drew 11 events"), "\(result.stderr)")
        try expectGolden(try String(contentsOfFile: out, encoding: .utf8), "seed-events.svg")
    }

    @Test func townsColouredByCountryWithoutLabelsMatchTheGoldenFile() throws {
        let out = temporaryPath("towns.svg")
        defer { try? FileManager.default.removeItem(atPath: out) }
        let towns = fixtures.appendingPathComponent("border-towns.geojson").path
        let result = try eventmap("render", towns, "-o", out, "--color-by", "country_code", "--labels", "none", "--width", "700", "--layers", "border:TR-SY")
        #expect(result.status == 0, "\(result.stderr)")
        let svg = try String(contentsOfFile: out, encoding: .utf8)
        #expect(svg.contains(">SY (") && svg.contains(">TR ("))
        try expectGolden(svg, "border-towns-by-country.svg")
    }

    @Test func xmllintAndLibrsvgAcceptTheMap() throws {
        let out = temporaryPath("check.svg"), png = temporaryPath("check.png")
        defer { try? FileManager.default.removeItem(atPath: out); try? FileManager.default.removeItem(atPath: png) }
        let result = try eventmap("render", seedEvents, "-o", out, "--layers", "border:TR-SY,road:M4,zone:idlib-deescalation")
        #expect(result.status == 0, "\(result.stderr)")
        let lint = try run("xmllint", ["--noout", "--nonet", out])
        #expect(lint.status == 0, "\(lint.stderr)")
        let raster = try run("rsvg-convert", ["-o", png, out])
        #expect(raster.status == 0, "\(raster.stderr)")
        let size = (try FileManager.default.attributesOfItem(atPath: png)[.size] as? NSNumber)?.intValue ?? 0
        #expect(size > 20_000, "the PNG is \(size) bytes")
    }

    @Test func writesToStdoutAndNeverReplacesWithoutOverwrite() throws {
        let stdout = try eventmap("render", seedEvents, "-o", "-", "-q")
        #expect(stdout.status == 0)
        #expect(stdout.stdout.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\""))
        let out = temporaryPath("keep.svg")
        defer { try? FileManager.default.removeItem(atPath: out) }
        try Data("keep".utf8).write(to: URL(fileURLWithPath: out))
        let refused = try eventmap("render", seedEvents, "-o", out)
        #expect(refused.status == 1)
        #expect(try String(contentsOfFile: out, encoding: .utf8) == "keep")
        #expect(try eventmap("render", seedEvents, "-o", out, "--overwrite", "-q").status == 0)
        #expect(try String(contentsOfFile: out, encoding: .utf8).hasSuffix("</svg>\n"))
    }

    @Test(
        "bad inputs exit 1 with one line naming the file, and write nothing",
        arguments: [
            ("", "is empty"), ("{\"type\": \"Feat", "malformed JSON"), ("\u{FF}", "not UTF-8"),
            ("{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[36.6,95]},\"properties\":{}}", "latitude 95"),
            ("{\"type\":\"Feature\",\"geometry\":{\"type\":\"LineString\",\"coordinates\":[[36,36],[37,37]]},\"properties\":{}}", "not a point"),
        ])
    func badInputs(content: String, expected: String) throws {
        let input = temporaryPath("bad.geojson"), out = temporaryPath("bad.svg")
        try (content == "\u{FF}" ? Data([0xFF, 0xFE, 0x00]) : Data(content.utf8)).write(to: URL(fileURLWithPath: input))
        defer { try? FileManager.default.removeItem(atPath: input) }
        let result = try eventmap("render", input, "-o", out)
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("eventmap: error: \(input)"), "\(result.stderr)")
        #expect(result.stderr.contains(expected), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func invalidRecordsAreCountedAndLeftOutOnlyWhenAsked() throws {
        let input = temporaryPath("mixed.geojson"), out = temporaryPath("mixed.svg")
        let text = """
            {"type":"FeatureCollection","features":[
            {"type":"Feature","geometry":{"type":"Point","coordinates":[36.63,35.93]},"properties":{"event_type":"Battles","location":"Idlib"}},
            {"type":"Feature","geometry":{"type":"Point","coordinates":[236.63,35.93]},"properties":{}},
            {"type":"Feature","geometry":null,"properties":{}}]}
            """
        try Data(text.utf8).write(to: URL(fileURLWithPath: input))
        defer { try? FileManager.default.removeItem(atPath: input); try? FileManager.default.removeItem(atPath: out) }
        let stopped = try eventmap("render", input, "-o", out)
        #expect(stopped.status == 1)
        #expect(stopped.stderr.contains("2 invalid features in all"), "\(stopped.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out))
        let skipped = try eventmap("render", input, "-o", out, "--skip-invalid")
        #expect(skipped.status == 0, "\(skipped.stderr)")
        #expect(skipped.stderr.contains("drew 1 event") && skipped.stderr.contains("left out 2 invalid features"), "\(skipped.stderr)")
    }

    @Test(
        "usage errors exit 64",
        arguments: [
            ["render"], ["render", "x.geojson", "-o", "map.jpg"], ["render", "x.geojson", "-o", "m.svg", "--aggregate", "hex:abc"],
            ["render", "x.geojson", "-o", "m.svg", "--width", "50"], ["render", "x.geojson", "-o", "m.svg", "--labels", "some"],
        ])
    func usageErrors(arguments: [String]) throws {
        let result = try eventmap(arguments: arguments)
        #expect(result.status == 64, "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1)
    }
}

/// PNG and PDF: the SVG map drawn through librsvg and cairo, checked with programs that did not
/// make them (`file`, poppler's `pdfinfo`, `pdffonts` and `pdftoppm`).
@Suite("eventmap render: PNG and PDF")
struct RasterCLITests {
    let seedEvents = fixtures.appendingPathComponent("seed-events.geojson").path

    @Test func pngHasTheSizeTheResolutionAsksFor() throws {
        let png = temporaryPath("map.png"), again = temporaryPath("again.png")
        defer { for path in [png, again] { try? FileManager.default.removeItem(atPath: path) } }
        let result = try eventmap("render", seedEvents, "-o", png, "--width", "800", "--dpi", "192", "--layers", "border:TR-SY")
        #expect(result.status == 0, "\(result.stderr)")
        // 800 SVG pixels at 192 dpi: twice as many image pixels across.
        let described = try run("file", ["-b", png]).stdout
        #expect(described.hasPrefix("PNG image data, 1600 x "), "\(described)")
        let height = Int(described.split(separator: "x")[1].split(separator: ",")[0].trimmingCharacters(in: .whitespaces)) ?? 0
        let svgRun = try eventmap("render", seedEvents, "-o", "-", "--width", "800", "--layers", "border:TR-SY", "-q")
        let svgHeight = svgRun.stdout.range(of: #"height="(\d+)""#, options: .regularExpression).map { Int(svgRun.stdout[$0].dropFirst(8).dropLast()) ?? 0 } ?? 0
        #expect(height == svgHeight * 2, "PNG height \(height), SVG height \(svgHeight)")
        // The same input gives the same PNG.
        #expect(try eventmap("render", seedEvents, "-o", again, "--width", "800", "--dpi", "192", "--layers", "border:TR-SY", "-q").status == 0)
        #expect(FileManager.default.contentsEqual(atPath: png, andPath: again))
        // More than a blank page: a 1600-pixel map of towns, lines and text is tens of KB.
        let size = (try FileManager.default.attributesOfItem(atPath: png)[.size] as? NSNumber)?.intValue ?? 0
        #expect(size > 40_000, "the PNG is \(size) bytes")
    }

    @Test func pdfIsVectorWithItsFontsEmbedded() throws {
        let pdf = temporaryPath("map.pdf"), pages = temporaryPath("page")
        defer {
            try? FileManager.default.removeItem(atPath: pdf)
            try? FileManager.default.removeItem(atPath: pages + ".png")
        }
        let result = try eventmap("render", seedEvents, "-o", pdf, "--layers", "border:TR-SY,road:M4,zone:all", "--title", "Seed events")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try run("file", ["-b", pdf]).stdout.hasPrefix("PDF document"))
        // One page of 1000 × H SVG pixels is 750 pt wide.
        let info = try run("pdfinfo", [pdf]).stdout
        func field(_ name: String) -> String {
            info.split(separator: "\n").first { $0.hasPrefix(name + ":") }.map { $0.dropFirst(name.count + 1).trimmingCharacters(in: .whitespaces) } ?? ""
        }
        #expect(field("Pages") == "1", "\(info)")
        #expect(field("Page size").hasPrefix("750 x "), "\(info)")
        // Every font the map uses is embedded (pdffonts' "emb" column), so it prints as drawn.
        let fonts = try run("pdffonts", [pdf]).stdout.split(separator: "\n").dropFirst(2)
        #expect(!fonts.isEmpty, "the title and labels need a font")
        for font in fonts {
            let columns = font.split(separator: " ", omittingEmptySubsequences: true)
            #expect(columns.count >= 5 && columns[columns.count - 5] == "yes", "not embedded: \(font)")
        }
        // poppler draws it.
        let drawn = try run("pdftoppm", ["-png", "-r", "48", "-singlefile", pdf, pages])
        #expect(drawn.status == 0, "\(drawn.stderr)")
        #expect(FileManager.default.fileExists(atPath: pages + ".png"))
    }

    @Test func dpiWithoutPNGAnUnknownFormatAndATinyDpiAreUsageErrors() throws {
        let svg = try eventmap("render", seedEvents, "-o", temporaryPath("x.svg"), "--dpi", "300")
        #expect(svg.status == 64)
        #expect(svg.stderr.contains("--dpi applies to PNG output only"), "\(svg.stderr)")
        let jpeg = try eventmap("render", seedEvents, "-o", temporaryPath("x.jpg"))
        #expect(jpeg.status == 64)
        #expect(jpeg.stderr.contains(".svg, .png, .pdf or .html"), "\(jpeg.stderr)")
        let html = try eventmap("render", seedEvents, "-o", temporaryPath("x.html"), "--width", "700", "--aggregate", "none")
        #expect(html.status == 64)
        #expect(html.stderr.contains("--width, --aggregate shape the drawn map"), "\(html.stderr)")
        let tiny = try eventmap("render", seedEvents, "-o", temporaryPath("x.png"), "--dpi", "5")
        #expect(tiny.status == 64)
        #expect(tiny.stderr.contains("between 24 and 1200"), "\(tiny.stderr)")
    }
}

/// The HTML map in a real browser: Debian's Chromium, headless, with every connection sent to a
/// dead proxy (nothing may come from the network), reporting script errors and the page's DOM
/// after its scripts ran.
@Suite("eventmap render: the offline HTML map")
struct HTMLMapCLITests {
    let seedEvents = fixtures.appendingPathComponent("seed-events.geojson").path

    /// The DOM after scripts ran and the console, for `url` (a file with an optional #state).
    func browse(_ url: String) throws -> (dom: String, console: String) {
        let result = try run(
            "chromium",
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--proxy-server=127.0.0.1:9", "--virtual-time-budget=5000", "--enable-logging=stderr", "--v=0", "--dump-dom", url,
            ])
        return (result.stdout, result.stderr)
    }

    /// The number of events the page shows (`data-shown` on its body, set by its script).
    func shown(_ dom: String) -> Int? {
        guard let range = dom.range(of: #"data-shown="(\d+)""#, options: .regularExpression) else { return nil }
        return Int(dom[range].dropFirst(12).dropLast())
    }

    @Test func theMapLoadsOfflineWithItsEventsAndTheSliderFilters() throws {
        let page = temporaryPath("map.html")
        defer { try? FileManager.default.removeItem(atPath: page) }
        let result = try eventmap("render", seedEvents, "-o", page, "--layers", "border:TR-SY,road:M4,zone:all", "--title", "Seed events")
        #expect(result.status == 0, "\(result.stderr)")
        let html = try String(contentsOfFile: page, encoding: .utf8)
        // Self-contained: no script, style or image from an address; Leaflet's licence kept.
        // (Plain links a reader may click, as Leaflet's own attribution, are fine.)
        for pattern in [#"src=["']?https?://"#, #"<link[^>]*href=["']?https?://"#, #"url\(["']?https?://"#] {
            #expect(html.range(of: pattern, options: .regularExpression) == nil, "\(pattern)")
        }
        #expect(html.contains("BSD-2-clause") && html.contains("Leaflet.markercluster"))

        let all = try browse("file://" + page)
        #expect(!all.console.contains("Uncaught"), "\(all.console.split(separator: "\n").filter { $0.contains("Uncaught") })")
        let events = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: seedEvents))) as? [String: Any]
        let dates = (events?["features"] as? [[String: Any]] ?? []).map { ($0["properties"] as? [String: Any])?["event_date"] as? String }
        #expect(shown(all.dom) == dates.count, "the page shows \(shown(all.dom).map(String.init) ?? "nothing") of \(dates.count) events")
        // Markers drawn: single events as circles of their own class, crowded ones as clusters.
        #expect(all.dom.contains("eventmap-event") && all.dom.contains("marker-cluster"))
        #expect(all.dom.contains("Battles (") && all.dom.contains("Turkey–Syria border"))

        // The time slider's position in the address: events after the day are hidden, undated ones stay.
        let until = "2016-08-24"
        let expected = dates.filter { $0 == nil || $0! <= until }.count
        #expect(expected < dates.count)
        let early = try browse("file://" + page + "#until=" + until)
        #expect(shown(early.dom) == expected, "up to \(until): \(shown(early.dom).map(String.init) ?? "nothing"), expected \(expected)")
        #expect(early.dom.contains("Events up to " + until))
        // And the type boxes: only battles.
        let battles = dates.indices.filter { ((events?["features"] as? [[String: Any]])?[$0]["properties"] as? [String: Any])?["event_type"] as? String == "Battles" }.count
        let typed = try browse("file://" + page + "#types=Battles")
        #expect(shown(typed.dom) == battles, "battles shown: \(shown(typed.dom).map(String.init) ?? "nothing"), expected \(battles)")
    }
}

@Suite("eventmap chart and render --timeline")
struct ChartCLITests {
    let acled = fixtures.appendingPathComponent("acled/acled-syria-export.csv").path

    @Test func aChartOfAnACLEDExportIsValidSVGAndPNG() throws {
        let svg = temporaryPath("chart.svg"), png = temporaryPath("chart.png")
        defer { for path in [svg, png] { try? FileManager.default.removeItem(atPath: path) } }
        let result = try eventmap("chart", acled, "-o", svg, "--by", "month")
        #expect(result.status == 0, "\(result.stderr)")
        // The export has one date nobody can read: left out and said so.
        #expect(result.stderr.contains("charted 14 events in") && result.stderr.contains("left out 1 undated"), "\(result.stderr)")
        #expect(try run("xmllint", ["--noout", "--nonet", svg]).status == 0)
        #expect(try eventmap("chart", acled, "-o", png, "-q").status == 0)
        #expect(try run("file", ["-b", png]).stdout.hasPrefix("PNG image data, 1000 x 360"))
        let wrong = try eventmap("chart", acled, "-o", temporaryPath("c.svg"), "--by", "day")
        #expect(wrong.status == 64 && wrong.stderr.contains("week"), "\(wrong.stderr)")
    }

    @Test func renderPutsTheTimelineUnderTheMap() throws {
        let svg = temporaryPath("map-timeline.svg"), plain = temporaryPath("map.svg")
        defer { for path in [svg, plain] { try? FileManager.default.removeItem(atPath: path) } }
        #expect(try eventmap("render", acled, "-o", svg, "--timeline", "-q").status == 0)
        #expect(try eventmap("render", acled, "-o", plain, "-q").status == 0)
        #expect(try run("xmllint", ["--noout", "--nonet", svg]).status == 0)
        #expect(try run("rsvg-convert", ["-o", svg + ".png", svg]).status == 0)
        try? FileManager.default.removeItem(atPath: svg + ".png")
        let tall = try String(contentsOfFile: svg, encoding: .utf8), short = try String(contentsOfFile: plain, encoding: .utf8)
        func height(_ s: String) -> Int? { s.range(of: #"height="(\d+)""#, options: .regularExpression).flatMap { Int(s[$0].dropFirst(8).dropLast()) } }
        #expect((height(tall) ?? 0) > (height(short) ?? 0) + 200)
        #expect(tall.contains("Events over time") && tall.contains("Events per month by type"))
        let html = try eventmap("render", acled, "-o", temporaryPath("m.html"), "--timeline")
        #expect(html.status == 64 && html.stderr.contains("--timeline"), "\(html.stderr)")
    }
}

@Suite("eventmap render: rivers, lakes and sea")
struct RiverCLITests {
    @Test func riversAreDrawnUnderTheEventsAndNamedUnlessLeftOut() throws {
        let seed = fixtures.appendingPathComponent("seed-events.geojson").path
        let with = try eventmap("render", seed, "-o", "-", "-q")
        #expect(with.status == 0)
        // The rivers' group comes before the events' (drawn under them), with the Euphrates named on it.
        let rivers = try #require(with.stdout.range(of: "<g id=\"layer-water\""))
        let events = try #require(with.stdout.range(of: "<g id=\"events\""))
        #expect(rivers.lowerBound < events.lowerBound)
        #expect(with.stdout.contains(">Euphrates</text>") && with.stdout.contains("GSHHG/WDBII)</text>"))
        for flag in ["--no-water", "--no-rivers"] {
            let without = try eventmap("render", seed, "-o", "-", "-q", flag)
            #expect(without.status == 0 && !without.stdout.contains("layer-water") && !without.stdout.contains(">Euphrates<"))
        }
        // The layers are listed with the others.
        let list = try eventmap("layers")
        #expect(list.stdout.contains("water:rivers") && list.stdout.contains("water:lakes") && list.stdout.contains("water:sea"))
    }

    @Test func lakesAndSeaAreAreasFilledUnderTheRiversAndNamedInside() throws {
        let seed = fixtures.appendingPathComponent("seed-events.geojson").path
        let map = try eventmap("render", seed, "-o", "-", "-q", "--bbox", "34,31,46,40")
        #expect(map.status == 0, "\(map.stderr)")
        let svg = map.stdout
        // Lakes and sea are filled areas, drawn before the rivers' lines so that rivers run into them.
        let lakes = try #require(svg.range(of: "<!-- water:lakes -->"))
        let sea = try #require(svg.range(of: "<!-- water:sea -->"))
        let rivers = try #require(svg.range(of: "<!-- water:rivers -->"))
        #expect(lakes.lowerBound < rivers.lowerBound && sea.lowerBound < rivers.lowerBound)
        #expect(svg[lakes.upperBound...].prefix(4000).contains("fill=\"#D4E3EF\""))
        #expect(svg.contains(">Mediterranean Sea</text>") && svg.contains(">Lake Van</text>"))
        #expect(svg.contains(">Rivers, lakes and sea (GSHHG/WDBII)</text>") && svg.contains("GSHHG/WDBII (LGPL, via GMT)"))
    }

    @Test func lakesAndSeaAreTheWaterGSHHGDraws() throws {
        // Points in Lake Van, the Sea of Galilee and the Mediterranean, and the towns on their shores.
        let csv = """
            name,longitude,latitude
            Lake Van,42.90,38.60
            Sea of Galilee,35.59,32.82
            Mediterranean off Latakia,35.50,35.60
            Van,43.38,38.49
            Tiberias,35.53,32.79
            Latakia,35.79,35.53
            Lake Amik (drained),36.31,36.35

            """
        let points = temporaryPath("points.csv")
        defer { try? FileManager.default.removeItem(atPath: points) }
        try csv.write(toFile: points, atomically: true, encoding: .utf8)
        let lakes = try eventmap("query", points, "--inside", "water:lakes", "-o", "-", "-f", "csv", "-q")
        #expect(lakes.status == 0, "\(lakes.stderr)")
        let names = lakes.stdout.split(separator: "\r\n").dropFirst().map { $0.split(separator: ",")[0] }
        #expect(names == ["Lake Van", "Sea of Galilee"])
        let sea = try eventmap("query", points, "--inside", "water:sea", "-o", "-", "-f", "csv", "-q")
        #expect(sea.stdout.split(separator: "\r\n").dropFirst().map { $0.split(separator: ",")[0] } == ["Mediterranean off Latakia"])
        // Named from curated/water.tsv, with their areas on the ellipsoid (Lake Van: 3,755 km² with its islands, GSHHG's shore a little inside).
        let geojson = try String(contentsOf: fixtures.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Gazetteer/features/water-lakes.geojson"), encoding: .utf8)
        let van = try #require(geojson.split(separator: "\n").first { $0.contains("\"name\":\"Lake Van\"") })
        let area = try #require(van.range(of: "\"area_km2\":").map { Double(van[$0.upperBound...].prefix { $0.isNumber || $0 == "." }) } ?? nil)
        #expect(area > 3_300 && area < 3_800)
    }
}
