import EventMapIO
import Foundation
import Testing

@Suite("Outputs: nothing half-written, nothing silently replaced, nothing left behind")
struct NothingLostCLITests {
    let towns = fixtures.appendingPathComponent("border-towns.geojson").path

    func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("eventmap-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func overwriteKeepsTheReplacedFilesMode() throws {
        let output = try folder().appendingPathComponent("private.geojson").path
        try "old".write(toFile: output, atomically: false, encoding: .utf8)
        chmod(output, 0o600)
        let run = try eventmap("convert", towns, "-o", output, "--overwrite", "-q")
        #expect(run.status == 0, "\(run.stderr)")
        let mode = (try FileManager.default.attributesOfItem(atPath: output)[.posixPermissions] as? NSNumber)?.intValue
        #expect(mode == 0o600)
        #expect(try String(contentsOfFile: output, encoding: .utf8).contains("FeatureCollection"))
    }

    @Test func rejectsNamingTheOutputIsAUsageErrorBeforeAnythingIsWritten() throws {
        let output = try folder().appendingPathComponent("out.geojson").path
        let run = try eventmap("convert", towns, "-o", output, "--skip-invalid", "--rejects", output)
        #expect(run.status == 64, "\(run.stderr)")
        #expect(run.stderr.contains("--rejects names the output file"))
        #expect(!FileManager.default.fileExists(atPath: output))
    }

    @Test func aFileCreatedMeanwhileIsNotReplaced() throws {
        let path = try folder().appendingPathComponent("race.geojson").path
        let file = try OutputFile(path: path)
        try file.write("mine")
        // Another process creates the same new path while this one writes.
        try "theirs".write(toFile: path, atomically: false, encoding: .utf8)
        #expect(throws: IOError.self) { try file.commit() }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "theirs")
        let left = try FileManager.default.contentsOfDirectory(atPath: (path as NSString).deletingLastPathComponent)
        #expect(left == ["race.geojson"], "no temporary file is left: \(left)")
    }

    @Test func staleTemporaryFilesOfDeadProcessesAreSwept() throws {
        let directory = try folder()
        // No process has this id (above Linux's pid_max), so its file is stale.
        let stale = directory.appendingPathComponent(".events.geojson.tmp-2147480000-1").path
        try "half".write(toFile: stale, atomically: false, encoding: .utf8)
        let mine = directory.appendingPathComponent(".notes.tmp-\(ProcessInfo.processInfo.processIdentifier)-1").path
        try "live".write(toFile: mine, atomically: false, encoding: .utf8)
        let run = try eventmap("convert", towns, "-o", directory.appendingPathComponent("out.geojson").path, "-q")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: stale))
        #expect(FileManager.default.fileExists(atPath: mine), "a running process's file stays")
    }

    @Test func anInterruptedRunLeavesNoTemporaryFile() throws {
        let directory = try folder()
        let process = Process()
        process.executableURL = eventmapBinary
        process.arguments = ["convert", "-", "-o", directory.appendingPathComponent("out.geojson").path]
        let input = Pipe()
        process.standardInput = input
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Wait for the temporary file, then stop the run as Ctrl-C would.
        var seen = false
        for _ in 0..<200 where !seen {
            seen = (try FileManager.default.contentsOfDirectory(atPath: directory.path)).contains { $0.contains(".tmp-") }
            if !seen { usleep(20_000) }
        }
        #expect(seen, "the run started writing")
        process.interrupt()
        process.waitUntilExit()
        try? input.fileHandleForWriting.close()
        #expect(process.terminationReason == .uncaughtSignal)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
    }

    @Test("--count applies the same checks as writing", arguments: [["--within", "30km", "--of", "border:TR-SY"], ["--type", "Battles"]])
    func countValidatesLikeTheFeaturePath(filters: [String]) throws {
        let input = try folder().appendingPathComponent("ragged.csv").path
        try "id,event_type,latitude,longitude\n1,Battles,36.85,40.07\n2,Battles,36.8\n3,Battles,36.5,38.0,extra\n".write(toFile: input, atomically: false, encoding: .utf8)
        let count = try eventmap(arguments: ["query", input, "--count"] + filters)
        #expect(count.status == 1, "\(count.stdout) \(count.stderr)")
        #expect(count.stderr.contains("2 invalid"), "\(count.stderr)")
        let skipped = try eventmap(arguments: ["query", input, "--count", "--skip-invalid", "-q"] + filters)
        let written = try eventmap(arguments: ["query", input, "--skip-invalid", "-q"] + filters)
        #expect(skipped.stdout == "1\n")
        #expect(written.stdout.components(separatedBy: "\"type\":\"Feature\"").count - 1 == 1)
    }

    @Test func queryWritesItsRejectsLikeConvert() throws {
        let directory = try folder()
        let input = directory.appendingPathComponent("ragged.csv").path
        try "id,event_type,latitude,longitude\n1,Battles,36.85,40.07\n2,Battles,36.8\n3,Battles,99,38.0\n".write(toFile: input, atomically: false, encoding: .utf8)
        let rejects = directory.appendingPathComponent("rejects.ndjson").path
        let output = directory.appendingPathComponent("out.csv").path
        let run = try eventmap("query", input, "--within", "100km", "--of", "border:TR-SY", "-o", output, "--skip-invalid", "--rejects", rejects)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("kept 1 of 3 events; 2 rejected"), "\(run.stderr)")
        let lines = try String(contentsOfFile: rejects, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines.first?.contains("\"input\":") == true && lines.first?.contains("2,Battles,36.8") == true, "\(lines)")
        let misuse = try eventmap("query", input, "--count", "--rejects", rejects)
        #expect(misuse.status == 64 && misuse.stderr.contains("--rejects goes with --skip-invalid"), "\(misuse.stderr)")
    }

    @Test func aKMLErrorIsOneLineAndNamesTruncationOnlyAtTheEnd() throws {
        let directory = try folder()
        // An encoding libxml2 converts through iconv and fails on: it used to print its own lines.
        let utf7 = directory.appendingPathComponent("utf7.kml").path
        try Data(Array(#"<?xml version="1.0" encoding="UTF-7"?><kml><Document><name>a"#.utf8) + [0xDE, 0xDE, 0xDE, 0xDE] + Array("</name></Document></kml>\n".utf8))
            .write(to: URL(fileURLWithPath: utf7))
        let bad = try eventmap("info", utf7)
        #expect(bad.status == 1)
        #expect(bad.stderr.split(separator: "\n").count == 1 && bad.stderr.hasPrefix("eventmap: error: \(utf7): "), "\(bad.stderr)")
        // A bad byte in the middle of a small file is not a cut file.
        let latin = directory.appendingPathComponent("latin1.kml").path
        try Data(Array("<kml><Document><Placemark><name>Al".utf8) + [0xE9] + Array("p</name><Point><coordinates>37,36</coordinates></Point></Placemark>\n</Document>\n</kml>\n".utf8))
            .write(to: URL(fileURLWithPath: latin))
        let middle = try eventmap("info", latin)
        #expect(middle.status == 1)
        #expect(middle.stderr.split(separator: "\n").count == 1 && middle.stderr.contains("line 1"), "\(middle.stderr)")
        #expect(!middle.stderr.contains("truncated"), "\(middle.stderr)")
    }

    @Test func thePassThroughGuardsFormulasAsTheWriterDoes() throws {
        let directory = try folder()
        let input = directory.appendingPathComponent("formulas.csv").path
        try "\"=1+1\",latitude,longitude,note\n=cmd,36.85,40.07,\ttab\n-5,36.8,40.0,+inf\n".write(toFile: input, atomically: false, encoding: .utf8)
        // The pass-through (CSV to CSV, spatial filter only) and the writer (through GeoJSON).
        let copied = directory.appendingPathComponent("copied.csv").path
        #expect(try eventmap("query", input, "--within", "50km", "--of", "border:TR-SY", "-o", copied, "-q").status == 0)
        let geojson = directory.appendingPathComponent("kept.geojson").path, written = directory.appendingPathComponent("written.csv").path
        #expect(try eventmap("query", input, "--within", "50km", "--of", "border:TR-SY", "-o", geojson, "-q").status == 0)
        #expect(try eventmap("convert", geojson, "-o", written, "-q").status == 0)
        func cells(_ path: String) throws -> [[String]] {
            try String(contentsOfFile: path, encoding: .utf8).split(separator: "\r\n").map {
                $0.split(separator: ",", omittingEmptySubsequences: false).map { $0.replacingOccurrences(of: "\"", with: "") }
            }
        }
        let a = try cells(copied), b = try cells(written)
        #expect(a[0][0] == "'=1+1" && b[0][0] == "'=1+1", "\(a[0]) \(b[0])")
        #expect(a[1][0] == "'=cmd" && b[1][0] == "'=cmd")
        #expect(a[1][3] == "'\ttab" && b[1][3] == "'\ttab", "a tab-led cell: \(a[1]) \(b[1])")
        #expect(a[2][0] == "-5" && b[2][0] == "-5", "a negative number is not guarded")
        #expect(a[2][3] == "'+inf" && b[2][3] == "'+inf")
        // And read back, the guarded header is the original name.
        let back = try eventmap("info", copied, "--json")
        #expect(back.stdout.contains("\"=1+1\""), "\(back.stdout)")
    }

    @Test func anInvalidRowInTheFirstOfTwoInputsIsTheErrorReported() throws {
        let directory = try folder()
        let bad = directory.appendingPathComponent("bad.csv").path, good = directory.appendingPathComponent("good.csv").path
        try "latitude,longitude,name\n36,38,a\n99,38,b\n".write(toFile: bad, atomically: false, encoding: .utf8)
        try "latitude,longitude,name\n36,39,c\n".write(toFile: good, atomically: false, encoding: .utf8)
        let output = directory.appendingPathComponent("two.gpkg").path
        let run = try eventmap("convert", bad, good, "-o", output)
        #expect(run.status == 1)
        #expect(run.stderr.contains("\(bad): line 3: latitude 99") && run.stderr.contains("1 invalid feature in all"), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: output))
    }

    @Test func anEndlessRecordFailsCleanly() throws {
        let process = Process()
        process.executableURL = eventmapBinary
        process.arguments = ["info", "/dev/zero", "-f", "geojsonseq"]
        var environment = ProcessInfo.processInfo.environment
        environment["EVENTMAP_MAX_RECORD_MB"] = "4"
        process.environment = environment
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 1)
        #expect(message.contains("more than 4 MB") && message.contains("EVENTMAP_MAX_RECORD_MB"), "\(message)")
    }
}
