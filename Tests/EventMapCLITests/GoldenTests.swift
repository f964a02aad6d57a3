import Foundation
import Testing

/// Outputs pinned byte for byte: the help of every command and what `convert` writes for a small
/// ACLED export. A change shows as a diff in review; re-record on purpose with
/// `RECORD_SNAPSHOTS=1 swift test --filter GoldenTests` and read the diff before committing.
@Suite("Golden outputs")
struct GoldenTests {
    static let golden = fixtures.appendingPathComponent("golden")
    static let recording = ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1"

    /// Compares `actual` with the golden file `name` (or writes it when recording).
    func expectGolden(_ actual: Data, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let path = Self.golden.appendingPathComponent(name)
        if Self.recording {
            try FileManager.default.createDirectory(at: path.deletingLastPathComponent(), withIntermediateDirectories: true)
            try actual.write(to: path)
            return
        }
        let expected = try #require(FileManager.default.contents(atPath: path.path), "no golden file \(name): record it with RECORD_SNAPSHOTS=1", sourceLocation: sourceLocation)
        guard actual != expected else { return }
        let a = String(decoding: actual, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        let e = String(decoding: expected, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        let line = zip(a, e).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(a.count, e.count)
        Issue.record(
            "\(name) differs from the golden file at line \(line + 1):\n  golden: \(line < e.count ? e[line] : "<end>")\n  now:    \(line < a.count ? a[line] : "<end>")",
            sourceLocation: sourceLocation)
    }

    static let commands = [
        [], ["info"], ["convert"], ["query"], ["aggregate"], ["render"], ["chart"], ["extract"], ["merge"], ["resolve"], ["gazetteer", "info"], ["gazetteer", "import"],
        ["layers", "list"], ["layers", "show"], ["formats"], ["distance"],
    ]

    @Test("help of every command", arguments: commands)
    func help(command: [String]) throws {
        let run = try eventmap(arguments: ["help"] + command)
        #expect(run.status == 0, "\(run.stderr)")
        try expectGolden(Data(run.stdout.utf8), "help/" + (command.isEmpty ? "eventmap" : command.joined(separator: "-")) + ".txt")
    }

    @Test("convert of an ACLED export", arguments: ["geojson", "kml", "csv"])
    func convert(format: String) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("eventmap-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appendingPathComponent("acled-syria-export.\(format)")
        let run = try eventmap("convert", fixtures.appendingPathComponent("acled/acled-syria-export.csv").path, "-o", output.path, "-q")
        #expect(run.status == 0, "\(run.stderr)")
        try expectGolden(try Data(contentsOf: output), "convert/acled-syria-export.\(format)")
    }

    @Test func renderIsTheSameInTwoProcesses() throws {
        // Hashing order changes between processes: two runs of the binary must still agree.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("eventmap-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var maps: [Data] = []
        for k in 1...2 {
            let svg = folder.appendingPathComponent("map\(k).svg").path
            let run = try eventmap("render", fixtures.appendingPathComponent("seed-events.geojson").path, "-o", svg, "--layers", "zone:all", "-q")
            #expect(run.status == 0, "\(run.stderr)")
            maps.append(try Data(contentsOf: URL(fileURLWithPath: svg)))
        }
        #expect(maps[0].count > 10_000)
        #expect(maps[0] == maps[1])
    }
}
