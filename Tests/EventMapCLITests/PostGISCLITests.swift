import EventMapCore
import EventMapGeometry
import EventMapIO
import EventMapQuery
import Foundation
import Testing

/// A PostgreSQL 15 + PostGIS 3 cluster of its own in a temporary folder (initdb, pg_ctl; no
/// system service), stopped and removed at the end. initdb refuses root, so the cluster runs as
/// Debian's `postgres` user when the tests run as root.
final class PostgresCluster {
    let folder: String
    let port: Int
    static let binaries = "/usr/lib/postgresql/15/bin"

    init() throws {
        folder = temporaryPath("pg")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        port = 20_000 + Int(ProcessInfo.processInfo.processIdentifier % 20_000)
        if getuid() == 0 { _ = system("chown postgres '\(folder)'") }
        try check(asPostgres("\(Self.binaries)/initdb", ["-D", folder + "/data", "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync"]))
        try check(
            asPostgres(
                "\(Self.binaries)/pg_ctl", ["-D", folder + "/data", "-o", "-k \(folder) -p \(port) -c listen_addresses='' -c fsync=off", "-w", "-l", folder + "/log", "start"]))
        try check(asPostgres("\(Self.binaries)/psql", ["-h", folder, "-p", "\(port)", "-U", "postgres", "-q", "-c", "CREATE DATABASE events"]))
        try check(asPostgres("\(Self.binaries)/psql", ["-h", folder, "-p", "\(port)", "-U", "postgres", "-d", "events", "-q", "-c", "CREATE EXTENSION postgis"]))
    }

    deinit {
        _ = try? asPostgres("\(Self.binaries)/pg_ctl", ["-D", folder + "/data", "-m", "immediate", "-w", "stop"])
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// The URL of a table in the cluster's `events` database (through its Unix socket).
    func url(_ table: String) -> String { "postgresql://postgres@/events?host=\(folder)&port=\(port)&table=\(table)" }

    func psql(_ sql: String) throws -> String {
        let result = try asPostgres("\(Self.binaries)/psql", ["-h", folder, "-p", "\(port)", "-U", "postgres", "-d", "events", "-At", "-c", sql])
        try check(result)
        return result.stdout
    }

    /// Runs a PostgreSQL program (as `postgres` when root) through the shell and `system(3)`,
    /// its output in a file: pg_ctl leaves the server running, whose exit Foundation's Process
    /// would wait on.
    private func asPostgres(_ program: String, _ arguments: [String]) throws -> (status: Int32, stderr: String, stdout: String) {
        func quoted(_ word: String) -> String { "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'" }
        let words = (getuid() == 0 ? ["runuser", "-u", "postgres", "--", program] : [program]) + arguments
        let output = folder + "/command-output"
        let status = system(words.map(quoted).joined(separator: " ") + " > " + quoted(output) + " 2>&1 < /dev/null")
        let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
        return (status == 0 ? 0 : 1, text, text)
    }

    private func check(_ result: (status: Int32, stderr: String, stdout: String)) throws {
        guard result.status == 0 else { throw ClusterFailure(message: result.stderr) }
    }

    struct ClusterFailure: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }
}

@Suite("PostGIS as the team's store", .serialized)
struct PostGISCLITests {
    let border = fixtures.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Gazetteer/features/border-TR-SY.geojson").path

    /// Events placed within a metre of 30 km from the border, on either side: from seeded points
    /// near it, along the geodesic from the nearest border point, checked with EventMap's exact
    /// distance.
    func eventsAtThirtyKilometres(count: Int) throws -> [Feature] {
        let line = try #require(try GeoJSONReader.features(atPath: border).first?.geometry)
        guard case let .lineString(path) = line else { throw PostgresCluster.ClusterFailure(message: "the border is not a line") }
        let distance = try ReferenceDistance(reference: [line], context: GEOSContext())
        var rng = SeededGenerator(seed: 30)
        var placed: [Feature] = []
        while placed.count < count {
            let vertex = path.coordinates[Int(rng.next() % UInt64(path.coordinates.count))]
            let seed = Coordinate(longitude: vertex.longitude + Double(Int(rng.next() % 2001) - 1000) / 2000, latitude: vertex.latitude + Double(Int(rng.next() % 2001) - 1000) / 4000)
            var nearest: NearestPoint?
            for (a, b) in zip(path.coordinates, path.coordinates.dropFirst()) {
                let candidate = try Geodesic.nearest(to: seed, onSegmentFrom: a, to: b)
                if nearest == nil || candidate.distance < nearest!.distance { nearest = candidate }
            }
            guard let foot = nearest, foot.distance > 100 else { continue }
            let azimuth = try Geodesic.inverse(from: foot.coordinate, to: seed).initialAzimuth
            let offset = Double(Int(rng.next() % 1801) - 900) / 1000  // -0.9 ... +0.9 m
            let point = try Geodesic.destination(from: foot.coordinate, azimuth: azimuth, distance: 30_000 + offset).coordinate
            let exact = try distance.distance(from: point)
            guard abs(exact - 30_000) < 1 else { continue }
            placed.append(
                Feature(
                    geometry: .point(Coordinate(longitude: point.longitude, latitude: point.latitude)),
                    properties: ["event_id_cnty": .string("EDGE\(placed.count)"), "event_type": .string("Battles"), "exact_m": .number(exact)]))
        }
        return placed
    }

    /// The features of a GeoJSON sequence as JSON objects, a property that is null taken as
    /// absent: a table has a column (NULL where a feature had nothing) for every property any
    /// feature had, so the two cannot be told apart there.
    func normalised(_ lines: String) throws -> [NSDictionary] {
        try lines.split(separator: "\n").map { line in
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            var properties = (object["properties"] as? [String: Any]) ?? [:]
            properties = properties.filter { !($0.value is NSNull) }
            var copy = object
            copy["properties"] = properties
            return copy as NSDictionary
        }
    }

    /// 100,000 seeded events (Arabic, quotes, line breaks, tabs, formulas in their text) and 200
    /// within a metre of 30 km go into PostGIS through COPY and come back with every value; the
    /// pushed-down query keeps exactly the events the file-based query keeps, the 30 km edge
    /// included, while PostGIS sends only a prefiltered share.
    @Test func writeReadAndQueryExactly() throws {
        let cluster = try PostgresCluster()
        let folder = temporaryPath("postgis")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let events = folder + "/events.geojsonl"
        let sink = GeoJSONSeqSink(output: try OutputFile(path: events), precision: 15)
        for feature in SyntheticEvents(count: 100_000, seed: 23) { try sink.write(feature) }
        let edge = try eventsAtThirtyKilometres(count: 200)
        for feature in edge { try sink.write(feature) }
        try sink.finish()

        let write = try eventmap("convert", events, "-o", cluster.url("events"), "-q")
        #expect(write.status == 0, "\(write.stderr)")
        #expect(try cluster.psql("SELECT count(*), count(geog) FROM events") == "100200|100200\n")
        #expect(try cluster.psql("SELECT indexdef FROM pg_indexes WHERE tablename = 'events' AND indexdef LIKE '%gist%'").contains("USING gist (geog)"))
        // Every value back, in order: the same GeoJSON sequence as the file gives.
        let fromFile = try eventmap("convert", events, "-o", "-", "-f", "geojsonseq", "--precision", "15", "-q")
        let fromTable = try eventmap("convert", cluster.url("events"), "-o", "-", "-f", "geojsonseq", "--precision", "15", "-q")
        #expect(fromTable.status == 0, "\(fromTable.stderr)")
        #expect(try normalised(fromTable.stdout) == normalised(fromFile.stdout) && fromFile.stdout.count > 1_000_000, "the table gives back what went in")

        let query = ["--within", "30km", "--of", "border:TR-SY", "-f", "geojsonseq", "-o", "-"]
        let pushed = try eventmap(arguments: ["query", cluster.url("events")] + query)
        let file = try eventmap(arguments: ["query", events, "-q"] + query)
        #expect(pushed.status == 0 && file.status == 0, "\(pushed.stderr)")
        #expect(try normalised(pushed.stdout) == normalised(file.stdout), "the pushed-down query answers as the file does")
        let kept = file.stdout.split(separator: "\n")
        let edgeKept = kept.filter { $0.contains("\"EDGE") }.count
        let edgeInside = edge.filter { ($0.properties["exact_m"]?.numberValue ?? .infinity) <= 30_000 }.count
        #expect(edgeKept == edgeInside && edgeKept > 50 && edgeKept < 150, "\(edgeKept) of the 200 edge events kept; \(edgeInside) lie within 30 km")
        // The database sent a superset, far fewer than all: "PostGIS sent N candidates".
        let sent = pushed.stderr.split(separator: " ").drop { $0 != "sent" }.dropFirst().first.flatMap { Int($0) }
        #expect(sent.map { $0 >= kept.count && $0 < 60_000 } == true, "\(pushed.stderr)")
        // --inside is pushed down as the areas themselves (within a centimetre of them), not
        // their box: the database sends the events inside and hardly one more.
        let inside = ["--inside", "zone:idlib-deescalation", "-f", "geojsonseq", "-o", "-"]
        let pushedInside = try eventmap(arguments: ["query", cluster.url("events")] + inside)
        let fileInside = try eventmap(arguments: ["query", events, "-q"] + inside)
        #expect(pushedInside.status == 0 && fileInside.status == 0, "\(pushedInside.stderr)")
        #expect(try normalised(pushedInside.stdout) == normalised(fileInside.stdout), "the pushed-down --inside answers as the file does")
        let keptInside = fileInside.stdout.split(separator: "\n").count
        let sentInside = pushedInside.stderr.split(separator: " ").drop { $0 != "sent" }.dropFirst().first.flatMap { Int($0) }
        #expect(keptInside > 100 && sentInside.map { $0 >= keptInside && $0 <= keptInside + 2 } == true, "\(keptInside) kept; \(pushedInside.stderr)")
        // An existing table is replaced only with --overwrite; the password never printed.
        let again = try eventmap("convert", events, "-o", cluster.url("events"))
        #expect(again.status == 1 && again.stderr.contains("exists; add --overwrite"), "\(again.stderr)")
        let secret = try eventmap("convert", events, "-o", "postgresql://postgres:hunter2@127.0.0.1:1/events?table=x")
        #expect(secret.status == 1 && !secret.stderr.contains("hunter2") && secret.stderr.contains("***"), "\(secret.stderr)")
    }
}
