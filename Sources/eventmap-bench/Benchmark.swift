import ArgumentParser
import EventMapCore
import EventMapGazetteer
import EventMapIO
import Foundation

/// `eventmap-bench`: speed figures for the README, from a release build (`make bench`).
/// Timings never go in unit tests; this prints them.
@main
struct Benchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eventmap-bench",
        abstract: "Speed figures from a release build, EventMap beside the other tools in the same run (make bench).",
        discussion: """
            EVENTMAP_BENCH_SCALE (default 1) shrinks the work, for profiling under valgrind. \
            EVENTMAP_BENCH_RUNS (default 5, at least 3): runs of each command in a comparison, taken in turn.
            """)

    /// The groups of figures.
    enum Suite: String, CaseIterable, ExpressibleByArgument { case gazetteer, formats, query, scaling, render, extract, spark, postgis }

    @Argument(help: "The suites to run, in order.")
    var suites: [Suite] = [.gazetteer]

    nonisolated(unsafe) static var scale = 1.0

    func run() throws {
        Benchmark.scale = Double(ProcessInfo.processInfo.environment["EVENTMAP_BENCH_SCALE"] ?? "") ?? 1
        Benchmark.runs = max(3, Int(ProcessInfo.processInfo.environment["EVENTMAP_BENCH_RUNS"] ?? "") ?? 5)
        for suite in suites {
            switch suite {
            case .gazetteer: try Benchmark.gazetteer()
            case .formats: try Benchmark.formats()
            case .query: try Benchmark.query()
            case .scaling: try Benchmark.scaling()
            case .render: try Benchmark.render()
            case .extract: try Benchmark.extract()
            case .spark: try Benchmark.spark()
            case .postgis: try Benchmark.postgis()
            }
        }
    }

    /// Seconds taken by `body`.
    static func time(_ body: () throws -> Void) rethrows -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    /// Peak resident memory of this process so far, in MB (VmHWM from /proc/self/status).
    static func peakMemoryMB() -> Double {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
            let kb = Double(line.split(separator: " ").dropFirst().first { !$0.isEmpty } ?? "")
        else { return .nan }
        return kb / 1024
    }

    static func gazetteer() throws {
        let path = Gazetteer.defaultPath()
        print("== gazetteer (\(path))")
        var loads: [Double] = []
        var loaded: Gazetteer?
        for _ in 0..<5 { loads.append(try time { loaded = try Gazetteer(contentsOf: path) }) }
        let gazetteer = loaded!
        print(String(format: "load: median %.1f ms over 5 loads (%d places, %d keys)", loads.sorted()[2] * 1000, gazetteer.count, gazetteer.keyCount))

        // Query sets: exact preferred names of 20,000 seeded random places, and their variants
        // (diacritics stripped, a vowel changed, an article added) as news would write them.
        var rng = SeededGenerator(seed: 2017)
        let exact = (0..<Int(20_000 * scale)).map { _ in gazetteer.place(at: Int(rng.next() % UInt64(gazetteer.count))).name }
        let variants = exact.enumerated().map { i, name in variant(of: name, seed: i) }

        let runs: [(String, [String], Int, (String) -> Match?)] = [
            ("exact-name (Gazetteer.exact)", exact, 20, { gazetteer.exact($0) }),
            ("any-spelling, exact names (Gazetteer.lookup)", exact, 5, { gazetteer.lookup($0) }),
            ("variant-spelling (Gazetteer.lookup)", variants, 5, { gazetteer.lookup($0) }),
        ]
        for (label, queries, rounds, look) in runs {
            // Three timed passes; the median rate is printed.
            var rates: [Double] = []
            var found = 0
            for _ in 0..<3 {
                found = 0
                let seconds = time {
                    for _ in 0..<rounds {
                        for query in queries where look(query) != nil { found += 1 }
                    }
                }
                rates.append(Double(queries.count * rounds) / seconds)
            }
            let count = queries.count * rounds
            print(
                String(
                    format: "%@ look-ups: %.0f per second on one core (median of 3 passes of %d queries, %.1f%% found)",
                    label, rates.sorted()[1], count, 100 * Double(found) / Double(count)))
        }
        print(String(format: "peak memory: %.1f MB", peakMemoryMB()))
    }

    // MARK: Formats

    /// Wall time (seconds) and peak resident memory (MB) of a command, measured by GNU time
    /// (`/usr/bin/time`, Debian's `time`) so that this process's own memory does not count.
    static func measure(_ program: String, _ arguments: [String]) throws -> (seconds: Double, megabytes: Double) {
        let report = FileManager.default.temporaryDirectory.appendingPathComponent("eventmap-bench-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: report) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/time")
        process.arguments = ["-f", "%e %M", "-o", report, program] + arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw CocoaError(.executableLoad, userInfo: [NSLocalizedDescriptionKey: "\(program) \(arguments.joined(separator: " ")) failed"])
        }
        let fields = try String(contentsOfFile: report, encoding: .utf8).split(whereSeparator: \.isWhitespace)
        guard fields.count >= 2, let seconds = Double(fields[fields.count - 2]), let kilobytes = Double(fields[fields.count - 1]) else {
            throw CocoaError(.fileReadCorruptFile, userInfo: [NSLocalizedDescriptionKey: "cannot read /usr/bin/time's report"])
        }
        return (seconds, kilobytes / 1024)
    }

    /// Runs of each command in a comparison (`EVENTMAP_BENCH_RUNS`, default 5, at least 3).
    nonisolated(unsafe) static var runs = 5

    /// Times of one command over several runs: the median, the range, and the highest peak memory.
    struct Timing {
        var seconds: [Double] = []
        var megabytes: [Double] = []
        var median: Double { seconds.sorted()[seconds.count / 2] }
        var peak: Double { megabytes.max() ?? .nan }
        /// "1.65 s (1.40–2.30)".
        var text: String { String(format: "%.2f s (%.2f–%.2f)", median, seconds.min()!, seconds.max()!) }
    }

    /// Times one command `count` times (for a row without another tool beside it).
    static func repeated(_ program: String, _ arguments: [String], runs count: Int = runs) throws -> Timing {
        var timing = Timing()
        for _ in 0..<count {
            let run = try measure(program, arguments)
            timing.seconds.append(run.seconds)
            timing.megabytes.append(run.megabytes)
        }
        return timing
    }

    /// Times two commands in turn (ours, theirs, ours, theirs, ...) ``runs`` times each, so that
    /// a machine growing busier or quieter during the run weighs on both alike.
    static func compare(
        _ ours: (program: String, arguments: [String]), _ theirs: (program: String, arguments: [String]), runs count: Int = runs,
        removing outputs: [String] = []
    ) throws -> (ours: Timing, theirs: Timing) {
        var a = Timing(), b = Timing()
        for _ in 0..<count {
            // Each run writes a new file, as a user's first run does.
            for output in outputs { try? FileManager.default.removeItem(atPath: output) }
            // The previous command's output (a gigabyte of KML) is flushed to disk first, so that
            // neither command is slowed by writing back what the other wrote.
            sync()
            let x = try measure(ours.program, ours.arguments)
            a.seconds.append(x.seconds)
            a.megabytes.append(x.megabytes)
            sync()
            let y = try measure(theirs.program, theirs.arguments)
            b.seconds.append(y.seconds)
            b.megabytes.append(y.megabytes)
        }
        return (a, b)
    }

    /// Converts synthetic events CSV → GeoJSON, GeoJSON → GeoPackage and GeoJSON → KML with
    /// `eventmap convert` and with GDAL's `ogr2ogr`, on the same files, and prints both.
    static func formats() throws {
        let count = Int(1_000_000 * scale)
        let directory = FileManager.default.currentDirectoryPath + "/.build/bench-formats"
        let csv = try syntheticEventsCSV(count: count, in: directory)
        let size = (try FileManager.default.attributesOfItem(atPath: csv)[.size] as? NSNumber)?.intValue ?? 0
        print(String(format: "== formats: %d synthetic events (SyntheticEvents, seed 2017), CSV %.0f MB", count, Double(size) / 1e6))
        let geojson = directory + "/events.geojson"
        let runs: [(String, [String], [String])] = [
            (
                "CSV -> GeoJSON", ["convert", csv, "-o", geojson, "-q"],
                ["-f", "GeoJSON", directory + "/gdal.geojson", csv, "-oo", "X_POSSIBLE_NAMES=longitude", "-oo", "Y_POSSIBLE_NAMES=latitude"]
            ),
            ("GeoJSON -> GeoPackage", ["convert", geojson, "-o", directory + "/events.gpkg", "-q"], ["-f", "GPKG", directory + "/gdal.gpkg", geojson]),
            ("GeoJSON -> KML", ["convert", geojson, "-o", directory + "/events.kml", "-q"], ["-f", "KML", directory + "/gdal.kml", geojson]),
        ]
        print("conversion               eventmap: median (range)   peak MB   ogr2ogr: median (range)    peak MB   ratio")
        for (label, ours, theirs) in runs {
            let outputs = [ours[ours.firstIndex(of: "-o")! + 1], theirs[2]]
            let (a, b) = try compare((eventmap, ours), ("ogr2ogr", theirs), removing: outputs)
            print(
                label.padding(toLength: 24, withPad: " ", startingAt: 0) + " " + a.text.padding(toLength: 26, withPad: " ", startingAt: 0)
                    + String(format: " %7.1f   ", a.peak) + b.text.padding(toLength: 26, withPad: " ", startingAt: 0)
                    + String(format: " %7.1f %6.2fx", b.peak, b.median / a.median))
        }
        print("(medians of \(Benchmark.runs) runs each, the two tools in turn; files in \(directory); ogr2ogr is \(gdalVersion()))")
    }

    /// "Events within 30 km of the border", end to end (read CSV, filter, write CSV), by
    /// `eventmap query` and by Shapely 2 + pyproj, DuckDB spatial and PostGIS (bench/query_compare.py),
    /// with how many events each answer disagrees on with EventMap's exact geodesic answer
    /// (which the 100,000-event test checks against brute force).
    static func query() throws {
        let count = Int(1_000_000 * scale)
        let root = FileManager.default.currentDirectoryPath
        let directory = root + "/.build/bench-query"
        let csv = try syntheticEventsCSV(count: count, in: directory)
        let border = root + "/Gazetteer/features/border-TR-SY.geojson"
        print("== query: \(count) synthetic events in 35.5–42.5 E, 32.0–38.5 N; --within 30km --of border:TR-SY, CSV in, CSV out")
        let exactPath = directory + "/eventmap.csv"
        let ours = (eventmap, ["query", csv, "--within", "30km", "--of", "border:TR-SY", "-o", exactPath, "--overwrite", "-q"])
        _ = try measure(ours.0, ours.1)
        let exact = try eventIDs(exactPath)
        print("tool                             median (range)              peak MB    events  disagreements   ratio")
        var eventmapTimes = Timing()
        for (label, tool) in [
            ("DuckDB spatial (UTM 37N)", "duckdb"), ("Shapely 2 + pyproj (UTM 37N)", "shapely"), ("PostGIS geography (+server)", "postgis"),
        ] {
            let out = directory + "/\(tool).csv"
            do {
                // The fastest other tool in turn with EventMap, five times; the slow ones three times.
                let (a, b) = try compare(ours, ("python3", [root + "/bench/query_compare.py", tool, csv, border, out]), runs: tool == "duckdb" ? runs : 3)
                if tool == "duckdb" {
                    eventmapTimes = a
                    print(
                        "eventmap query".padding(toLength: 32, withPad: " ", startingAt: 0) + " " + a.text.padding(toLength: 26, withPad: " ", startingAt: 0)
                            + String(format: " %8.1f %9d %14d", a.peak, exact.count, 0))
                }
                let ids = try eventIDs(out)
                print(
                    label.padding(toLength: 32, withPad: " ", startingAt: 0) + " " + b.text.padding(toLength: 26, withPad: " ", startingAt: 0)
                        + String(format: " %8.1f %9d %14d %6.2fx", b.peak, ids.count, ids.symmetricDifference(exact).count, b.median / a.median))
            } catch {
                print(label.padding(toLength: 32, withPad: " ", startingAt: 0) + " could not run: \(error.localizedDescription) (make bench installs it)")
            }
        }
        if eventmapTimes.seconds.isEmpty {
            let run = try measure(ours.0, ours.1)
            print("eventmap query".padding(toLength: 32, withPad: " ", startingAt: 0) + String(format: " %.2f s, %.1f MB (one run)", run.seconds, run.megabytes))
        }
        print("(ratio: the other tool's median over EventMap's median in the same alternation; medians of \(runs) runs for DuckDB, 3 for the others)")
        // The same query to GeoJSON sequences: the rows chosen as above, then made features.
        let features = try repeated(eventmap, ["query", csv, "--within", "30km", "--of", "border:TR-SY", "-o", directory + "/eventmap.geojsonl", "--overwrite", "-q"])
        print(
            "eventmap query, GeoJSON sequence out".padding(toLength: 37, withPad: " ", startingAt: 0) + features.text
                + String(format: ", %.1f MB (medians of %d runs; no other tool)", features.peak, runs))
    }

    /// The border query on 10 million synthetic events through Spark in local mode on 2 cores
    /// (`examples/spark/within_border.py`, each partition piped through `eventmap query`) and by
    /// one `eventmap query` (bench/store_compare.py; Spark from `.build/spark-venv`, which
    /// `make bench` sets up). Three runs each, in turn: a Spark run takes minutes.
    static func spark() throws {
        let count = Int(10_000_000 * scale)
        let directory = FileManager.default.currentDirectoryPath + "/.build/bench-spark"
        let csv = try syntheticEventsCSV(count: count, in: directory)
        print("== spark: --within 30km --of border:TR-SY on \(count) synthetic events (CSV in), Spark local[2] against one eventmap process")
        print("command                                      median (range)             peak MB   ratio")
        try runScript(["spark", eventmap, csv, "3"])
        try? FileManager.default.removeItem(atPath: directory)
        print("(medians of 3 runs each, in turn; the CSV is removed afterwards)")
    }

    /// The border query on a PostGIS table of 1 million synthetic events: with the prefilter
    /// pushed down to the database, and with the whole table read out and queried in EventMap
    /// (bench/store_compare.py; a throwaway cluster).
    static func postgis() throws {
        let count = Int(1_000_000 * scale)
        let directory = FileManager.default.currentDirectoryPath + "/.build/bench-postgis"
        let csv = try syntheticEventsCSV(count: count, in: directory)
        print("== postgis: --within 30km --of border:TR-SY on a PostGIS table of \(count) synthetic events (PostgreSQL 15, PostGIS 3, local socket)")
        print("command                                      median (range)             peak MB   ratio")
        try runScript(["postgis", eventmap, csv, String(runs)])
        print("(medians of \(runs) runs each, in turn; the server's own memory is not counted)")
    }

    /// Runs bench/store_compare.py with `arguments`, its table on stdout.
    static func runScript(_ arguments: [String]) throws {
        // This process's own lines first: the script writes to the same stdout.
        fflush(nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", FileManager.default.currentDirectoryPath + "/bench/store_compare.py"] + arguments
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw CocoaError(.executableLoad, userInfo: [NSLocalizedDescriptionKey: "bench/store_compare.py \(arguments[0]) failed"])
        }
    }

    /// The border query on 1, 3 and 10 million synthetic events: time should grow with the
    /// input and memory stay flat (the CSV is mapped and scanned chunk by chunk, its pages given back).
    static func scaling() throws {
        let directory = FileManager.default.currentDirectoryPath + "/.build/bench-scaling"
        print("== scaling: --within 30km --of border:TR-SY, CSV in, CSV out, on 1, 3 and 10 million synthetic events")
        print("events        CSV MB   median (range)             peak MB   seconds per million")
        for millions in [1.0, 3, 10].map({ $0 * scale }) {
            let count = Int(millions * 1_000_000)
            let csv = try syntheticEventsCSV(count: count, in: directory)
            let size = (try FileManager.default.attributesOfItem(atPath: csv)[.size] as? NSNumber)?.doubleValue ?? 0
            let timing = try repeated(
                eventmap, ["query", csv, "--within", "30km", "--of", "border:TR-SY", "-o", directory + "/near.csv", "--overwrite", "-q"], runs: 3)
            print(
                String(format: "%10d %9.0f   ", count, size / 1e6) + timing.text.padding(toLength: 26, withPad: " ", startingAt: 0)
                    + String(format: " %7.1f   %8.3f", timing.peak, timing.median / millions))
        }
        try? FileManager.default.removeItem(atPath: directory)
        print("(medians of 3 runs; the 10-million file is removed afterwards)")
    }

    /// `eventmap render` of 100,000 synthetic events with the border, the M4 and every zone:
    /// wall time, peak memory and the SVG's size, for the default (hexagons when crowded) and for
    /// one symbol per event.
    static func render() throws {
        let count = Int(100_000 * scale)
        let directory = FileManager.default.currentDirectoryPath + "/.build/bench-render"
        let csv = try syntheticEventsCSV(count: count, in: directory)
        print("== render: \(count) synthetic events in 35.5–42.5 E, 32.0–38.5 N, CSV in, with --layers border:TR-SY,road:M4,zone:all")
        print("mode                              time     peak MB   file size")
        for (label, extra) in [("--aggregate auto (default)", [String]()), ("--aggregate none", ["--aggregate", "none"]), ("--aggregate hex:5km", ["--aggregate", "hex:5km"])] {
            let svg = directory + "/map-\(extra.last ?? "auto").svg"
            let run = try measure(eventmap, ["render", csv, "-o", svg, "--layers", "border:TR-SY,road:M4,zone:all", "--overwrite", "-q"] + extra)
            let bytes = (try FileManager.default.attributesOfItem(atPath: svg)[.size] as? NSNumber)?.intValue ?? 0
            print(label.padding(toLength: 30, withPad: " ", startingAt: 0) + String(format: " %8.2f s %9.1f %8.2f MB", run.seconds, run.megabytes, Double(bytes) / 1e6))
        }
        // The same drawing as PNG and PDF (librsvg and cairo), and the offline HTML map.
        for (label, file, extra) in [
            ("-o map.png (96 dpi)", "map.png", [String]()), ("-o map.png --dpi 300", "map-300.png", ["--dpi", "300"]), ("-o map.pdf", "map.pdf", []),
            ("-o map.html", "map.html", []),
        ] {
            let path = directory + "/" + file
            let run = try measure(eventmap, ["render", csv, "-o", path, "--layers", "border:TR-SY,road:M4,zone:all", "--overwrite", "-q"] + extra)
            let bytes = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0
            print(label.padding(toLength: 30, withPad: " ", startingAt: 0) + String(format: " %8.2f s %9.1f %8.2f MB", run.seconds, run.megabytes, Double(bytes) / 1e6))
        }
        // Opening the HTML map in headless Chromium (network off) until its scripts are done and a
        // screenshot is taken, beside an empty page: the difference is the map's own cost
        // (the browser's start is the rest). Medians of three.
        let empty = directory + "/empty.html"
        try Data("<!DOCTYPE html><title>empty</title>".utf8).write(to: URL(fileURLWithPath: empty))
        let browser = [
            "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--proxy-server=127.0.0.1:9",
            "--virtual-time-budget=5000", "--window-size=1200,900", "--screenshot=" + directory + "/map-html.png",
        ]
        if let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first(where: FileManager.default.isExecutableFile(atPath:)) {
            var page: [Double] = [], blank: [Double] = []
            for _ in 0..<3 {
                page.append(try measure(chromium, browser + ["file://" + directory + "/map.html"]).seconds)
                blank.append(try measure(chromium, browser + ["file://" + empty]).seconds)
            }
            print(String(format: "Chromium opens map.html in %.2f s (an empty page: %.2f s; medians of 3)", page.sorted()[1], blank.sorted()[1]))
        } else {
            print("Chromium opens map.html: not measured (no chromium; make test-deps installs it)")
        }
        print("(maps in \(directory))")
    }

    /// `eventmap extract --mentions` over a folder of articles: the seeds and the texts of the
    /// evaluation corpora (read from $EVENTMAP_EVAL_DIR, default ../shared/eval, at run time; they
    /// are not part of the project) repeated into files until the folder holds 10 MB, then 50 MB.
    /// Prints MB per second (one core: extraction is sequential) and peak memory for both sizes,
    /// which shows whether memory stays flat as the corpus grows.
    static func extract() throws {
        let root = FileManager.default.currentDirectoryPath
        let evalDirectory = ProcessInfo.processInfo.environment["EVENTMAP_EVAL_DIR"] ?? root + "/../shared/eval"
        var texts: [String] = []
        for seed in (try? FileManager.default.contentsOfDirectory(atPath: root + "/seeds")) ?? [] where seed.hasSuffix(".txt") {
            texts.append(try String(contentsOfFile: root + "/seeds/" + seed, encoding: .utf8))
        }
        for corpus in ["lgl.xml", "GeoVirus.xml"] {
            guard let xml = try? String(contentsOfFile: evalDirectory + "/" + corpus, encoding: .utf8) else { continue }
            // The <text> elements (LGL wraps them in CDATA).
            var rest = Substring(xml)
            while let open = rest.range(of: "<text>"), let close = rest.range(of: "</text>", range: open.upperBound..<rest.endIndex) {
                var text = String(rest[open.upperBound..<close.lowerBound])
                if text.hasPrefix("<![CDATA[") && text.hasSuffix("]]>") { text = String(text.dropFirst(9).dropLast(3)) }
                if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { rest = rest[close.upperBound...]; continue }
                texts.append(text.replacingOccurrences(of: "&amp;", with: "&").replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">"))
                rest = rest[close.upperBound...]
            }
        }
        let source = texts.reduce(0) { $0 + $1.utf8.count }
        print("== extract --mentions: \(texts.count) distinct articles (\(String(format: "%.1f", Double(source) / 1e6)) MB: seeds, LGL and GeoVirus texts from \(evalDirectory)) repeated into files")
        print("corpus         files      time     MB/s   peak MB   mentions")
        for megabytes in [10, 50].map({ Int(Double($0) * scale) }) {
            let directory = root + "/.build/bench-extract-\(megabytes)mb"
            try? FileManager.default.removeItem(atPath: directory)
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            var written = 0, files = 0
            while written < megabytes * 1_000_000 {
                let text = texts[files % texts.count]
                try text.write(toFile: directory + String(format: "/%06d.txt", files), atomically: false, encoding: .utf8)
                written += text.utf8.count
                files += 1
            }
            let output = directory + ".geojsonl"
            try? FileManager.default.removeItem(atPath: output)
            let run = try measure(eventmap, ["extract", directory, "--mentions", "-o", output, "-q"])
            let mentions = (try String(contentsOfFile: output, encoding: .utf8)).utf8.reduce(0) { $0 + ($1 == 10 ? 1 : 0) }
            print(
                "\(megabytes) MB".padding(toLength: 12, withPad: " ", startingAt: 0)
                    + String(format: "%8d %8.2f s %8.2f %9.1f %10d", files, run.seconds, Double(written) / 1e6 / run.seconds, run.megabytes, mentions))
        }
    }

    /// Empties `directory` and writes `count` seeded synthetic events (seed 2017) to events.csv there.
    static func syntheticEventsCSV(count: Int, in directory: String) throws -> String {
        try? FileManager.default.removeItem(atPath: directory)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let csv = directory + "/events.csv"
        let sink = CSVSink(output: try OutputFile(path: csv))
        for event in SyntheticEvents(count: count, seed: 2017) { try sink.write(event) }
        try sink.finish()
        return csv
    }

    /// The `eventmap` binary built beside this one.
    static let eventmap = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("eventmap").path

    /// The `event_id_cnty` values of a CSV file.
    static func eventIDs(_ path: String) throws -> Set<String> {
        let source = try CSVSource(path: path)
        var ids = Set<String>()
        while let record = try source.next() {
            if case let .feature(f) = record, let id = f.properties["event_id_cnty"]?.stringValue { ids.insert(id) }
        }
        return ids
    }

    static func gdalVersion() -> String {
        let pipe = Pipe()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/gdalinfo")
        process.arguments = ["--version"]
        process.standardOutput = pipe
        guard (try? process.run()) != nil else { return "?" }
        process.waitUntilExit()
        return String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// A news-like respelling: no diacritics, one vowel swapped, sometimes an "al-" article.
    static func variant(of name: String, seed: Int) -> String {
        var letters = Array(NameKeys.fold(name))
        let vowels: [Character] = ["a", "e", "i", "o", "u"]
        if let position = letters.indices.dropFirst().first(where: { vowels.contains(letters[$0]) && ($0 + seed) % 2 == 0 }) {
            letters[position] = vowels[(vowels.firstIndex(of: letters[position])! + 1) % vowels.count]
        }
        let text = String(letters)
        return seed % 3 == 0 ? "al-" + text : text.capitalized
    }
}
