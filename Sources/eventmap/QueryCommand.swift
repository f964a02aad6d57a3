import ArgumentParser
import EventMapCore
import EventMapGeometry
import EventMapIO
import EventMapLayers
import EventMapQuery
import Foundation

/// `eventmap query INPUT [filters] [-o OUTPUT]`.
struct Query: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Select events by geodesic distance to a layer, by area, box, date, type, actor and precision.",
        discussion: """
            Filters combine with AND. Distances are geodesic on the WGS84 ellipsoid: --within 30km --of \
            border:TR-SY keeps an event when the shortest geodesic from it to the border line (whose edges \
            are geodesics between its vertices) is at most 30,000 m, exactly (no planar buffer, no \
            approximation); a polygon layer measures to its area, 0 inside. The distance is added as \
            distance_km. --inside and --outside count a polygon's boundary as inside.
            Dates: an event dated only by month or year matches --from/--to when its period overlaps.
            Inputs and outputs are every format of 'convert'; an ACLED CSV keeps every column.
            Example: eventmap query acled.csv --within 30km --of border:TR-SY --from 2019-10-01 -o near.csv
            """)

    @Argument(help: ArgumentHelp("Input file ('-' reads GeoJSON from stdin).", valueName: "input"))
    var input: String

    @Option(name: .long, help: ArgumentHelp("Keep events at most this geodesic distance from --of (30km, 500m, 12mi; a bare number is km).", valueName: "length"))
    var within: Length?

    @Option(name: .long, help: ArgumentHelp("Keep events farther than this from --of.", valueName: "length"))
    var beyond: Length?

    @Option(name: .long, help: ArgumentHelp("The layer --within/--beyond measure to: border:TR-SY, road:M4, zone:..., or a file.", valueName: "ref"))
    var of: String?

    @Option(name: .long, help: ArgumentHelp("Keep events inside this polygon layer (boundary counts as inside).", valueName: "ref"))
    var inside: String?

    @Option(name: .long, help: ArgumentHelp("Keep events outside this polygon layer.", valueName: "ref"))
    var outside: String?

    @Option(name: .long, help: ArgumentHelp("Keep events in MINLON,MINLAT,MAXLON,MAXLAT (degrees).", valueName: "box"))
    var bbox: BoundingBox?

    @Option(name: .long, help: ArgumentHelp("Keep events on or after this date (YYYY, YYYY-MM or YYYY-MM-DD).", valueName: "date"))
    var from: String?

    @Option(name: .long, help: ArgumentHelp("Keep events on or before this date.", valueName: "date"))
    var to: String?

    @Option(name: .long, help: ArgumentHelp("Keep events of this event_type or sub_event_type (repeatable).", valueName: "text"))
    var type: [String] = []

    @Option(name: .long, help: ArgumentHelp("Keep events whose actor1 or actor2 contains this text (any case).", valueName: "text"))
    var actor: String?

    @Option(name: .long, help: ArgumentHelp("Keep events with geo_precision at most N (1 exact place ... 3 region).", valueName: "n"))
    var minPrecision: Int?

    @Option(name: .long, help: ArgumentHelp("Add nearest_name and nearest_km: the nearest feature of this layer.", valueName: "ref"))
    var nearest: String?

    @Flag(name: .long, help: "Print only the number of matching events.")
    var count = false

    @Option(name: .shortAndLong, help: ArgumentHelp("Output file, format from its extension; '-' (default) writes GeoJSON to stdout.", valueName: "output"))
    var output: String = "-"

    @Option(name: .shortAndLong, help: ArgumentHelp("Output format, when the extension does not say.", valueName: "format"))
    var format: VectorFormat?

    @Flag(name: .long, help: "Replace an existing output file.")
    var overwrite = false

    @Flag(name: .long, help: "Leave out invalid input features (counted on stderr) instead of stopping.")
    var skipInvalid = false

    @OptionGroup var layerOptions: LayersOption

    func validate() throws {
        if (within != nil || beyond != nil) && of == nil { throw ValidationError("--within and --beyond need --of REF") }
        if of != nil && within == nil && beyond == nil { throw ValidationError("--of goes with --within or --beyond") }
        if within != nil && beyond != nil { throw ValidationError("use --within or --beyond, not both") }
        for date in [from, to].compactMap({ $0 }) where EventFilter.period(date) == nil {
            throw ValidationError("'\(date)' is not a date: use YYYY-MM-DD, YYYY-MM or YYYY")
        }
        if let minPrecision, !(1...3).contains(minPrecision) { throw ValidationError("--min-precision takes 1, 2 or 3") }
        let chosen = format ?? (output == "-" ? .geojson : FormatDetection.format(of: output))
        if !count && (chosen == nil || chosen == .gdelt) { throw ValidationError("cannot tell the output format from '\(output)'; add -f FORMAT") }
    }

    func run() throws {
        var filter = EventFilter()
        filter.box = bbox
        filter.from = from
        filter.to = to
        filter.types = type
        filter.actor = actor
        filter.maxPrecision = minPrecision
        let geos = GEOSContext()
        let catalogue = try layerOptions.catalogue()
        func geometries(_ reference: String) throws -> [Geometry] {
            do { return try catalogue.layer(reference).features.compactMap(\.geometry) } catch { throw CLIError("\(error)") }
        }
        let proximity = try of.map { try ReferenceDistance(reference: try geometries($0), context: geos) }
        let insideArea = try inside.map { try PreparedGeometry(NativeGeometry(.geometryCollection(try geometries($0)), context: geos)) }
        let outsideArea = try outside.map { try PreparedGeometry(NativeGeometry(.geometryCollection(try geometries($0)), context: geos)) }
        let nearestFeature = try nearest.map { reference -> NearestFeature in
            let layer: Layer
            do { layer = try catalogue.layer(reference) } catch { throw CLIError("\(error)") }
            return try NearestFeature(features: layer.features.compactMap { f in
                f.geometry.map { ((f.properties["name"]?.stringValue ?? f.properties["ref"]?.stringValue ?? "feature"), $0) }
            }, context: geos)
        }

        // CSV to CSV (or to a count) with spatial filters only: copy matching rows through on all cores.
        let outputFormat = format ?? (output == "-" ? .geojson : FormatDetection.format(of: output))
        if nearest == nil, from == nil, to == nil, type.isEmpty, actor == nil, minPrecision == nil,
           FormatDetection.format(of: input) == .csv,
           try count || (output != "-" && outputFormat == .csv && !Query.headerHasDistance(input)) {
            let fast = QueryFastPath(
                input: input, output: count ? nil : output, overwrite: overwrite, skipInvalid: skipInvalid, within: within, beyond: beyond,
                reference: try of.map(geometries), inside: try inside.map(geometries), outside: try outside.map(geometries), box: bbox)
            let result = try fast.run()
            if count { print(result.matched) }
            if result.rejected > 0 { FileHandle.standardError.write(Data("eventmap: left out \(result.rejected) invalid rows\n".utf8)) }
            return
        }
        let sources: [FeatureSource]
        do { sources = try Formats.open(input).map { PrefetchingSource($0) } } catch { throw CLIError(file: input, error) }
        var sink: FeatureSink?
        if !count {
            do {
                let file = try OutputFile(path: output, overwrite: overwrite, inputs: [input])
                let chosen = format ?? (output == "-" ? .geojson : FormatDetection.format(of: output))!
                sink = try Formats.sink(file, format: chosen, name: FormatDetection.stem(of: output))
            } catch { throw CLIError(file: output, error) }
        }
        var matched = 0, rejected = 0
        var firstRejection: Rejection?
        do {
            for source in sources {
                try sink?.beginLayer(name: source.layerName)
                while let record = try source.next() {
                    guard case var .feature(feature) = record, let geometry = feature.geometry else {
                        rejected += 1
                        if case let .rejected(r) = record { firstRejection = firstRejection ?? r } else {
                            firstRejection = firstRejection ?? Rejection(position: "feature", reason: "no geometry", raw: "")
                        }
                        continue
                    }
                    guard filter.matches(feature) else { continue }
                    let point = Query.representativePoint(geometry)
                    if let proximity, let within {
                        guard let d = try proximity.distanceIfWithin(within.metres, of: point) else { continue }
                        feature.properties["distance_km"] = .number((d / 1000 * 1e6).rounded() / 1e6)
                    }
                    if let proximity, let beyond {
                        let d = try proximity.distance(from: point)
                        guard d > beyond.metres else { continue }
                        feature.properties["distance_km"] = .number((d / 1000 * 1e6).rounded() / 1e6)
                    }
                    if let insideArea, try !insideArea.covers(NativeGeometry(.point(point), context: geos)) { continue }
                    if let outsideArea, try outsideArea.covers(NativeGeometry(.point(point), context: geos)) { continue }
                    if let nearestFeature, let found = try nearestFeature.nearest(to: point) {
                        feature.properties["nearest_name"] = .string(found.name)
                        feature.properties["nearest_km"] = .number((found.metres / 1000 * 1e6).rounded() / 1e6)
                    }
                    matched += 1
                    try sink?.write(feature)
                }
            }
            if rejected > 0 && !skipInvalid {
                sink?.abort()
                let first = firstRejection!
                throw CLIError(file: input, "\(first.position): \(first.reason); \(rejected) invalid feature\(rejected == 1 ? "" : "s") in all (add --skip-invalid to leave them out)")
            }
            try sink?.finish()
        } catch let error as CLIError {
            sink?.abort()
            throw error
        } catch {
            sink?.abort()
            throw CLIError(file: input, "\(error)")
        }
        if count { print(matched) }
        if rejected > 0 { FileHandle.standardError.write(Data("eventmap: left out \(rejected) invalid features\n".utf8)) }
    }

    /// True when a CSV file already has a `distance_km` column (the general path replaces it).
    static func headerHasDistance(_ path: String) throws -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        let head = String(decoding: (try? handle.read(upToCount: 65_536)) ?? Data(), as: UTF8.self)
        return head.split(separator: "\n", maxSplits: 1).first?.lowercased().contains("distance_km") ?? false
    }

    /// The point a feature is tested at: the point itself, or the first vertex of other shapes.
    static func representativePoint(_ geometry: Geometry) -> Coordinate {
        if case let .point(c) = geometry { return c }
        var first: Coordinate?
        geometry.forEachCoordinate { if first == nil { first = $0 } }
        return first ?? Coordinate(longitude: 0, latitude: 0)
    }
}
