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

/// Runs a program (xmllint, rsvg-convert) and returns its exit status and stderr.
func run(_ program: String, _ arguments: [String]) throws -> (status: Int32, stderr: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [program] + arguments
    let err = Pipe()
    process.standardError = err
    process.standardOutput = FileHandle.nullDevice
    try process.run()
    let data = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
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
            ["render"], ["render", "x.geojson", "-o", "map.png"], ["render", "x.geojson", "-o", "m.svg", "--aggregate", "hex:abc"],
            ["render", "x.geojson", "-o", "m.svg", "--width", "50"], ["render", "x.geojson", "-o", "m.svg", "--labels", "some"],
        ])
    func usageErrors(arguments: [String]) throws {
        let result = try eventmap(arguments: arguments)
        #expect(result.status == 64, "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1)
    }
}
