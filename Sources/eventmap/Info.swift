import ArgumentParser
import EventMapCore
import EventMapIO
import Foundation

/// `eventmap info FILE`: what a vector file holds.
struct Info: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the format, layers, feature counts, geometry types, bounding box, event_date range and property names of a file.",
        discussion: """
            Reads GeoJSON, newline-delimited GeoJSON, CSV, KML, GeoPackage and GDELT event files, streaming. \
            The bounding box is MINLON,MINLAT,MAXLON,MAXLAT in degrees, the order --bbox takes. Each \
            property is listed with the JSON types its values have across features.
            """)

    @Argument(help: ArgumentHelp("The file to describe ('-' reads GeoJSON from stdin).", valueName: "file"))
    var file: String

    @Option(name: .shortAndLong, help: ArgumentHelp("Input format, when the extension does not say.", valueName: "format"))
    var format: VectorFormat?

    @Flag(name: .long, help: "Print JSON instead of text.")
    var json = false

    @Flag(name: .shortAndLong, help: "No progress on stderr (problems with the data are still reported).")
    var quiet = false

    func run() throws {
        let name = file == "-" ? "<stdin>" : file
        var summaries: [(String, FeatureSummary)] = []
        var firstInvalid: Rejection?
        var invalid = 0
        let progress = ProgressReporter(enabled: !quiet)
        do {
            for source in try Formats.open(file, format: format) {
                var summary = FeatureSummary()
                while let record = try source.next() {
                    progress.tick(source)
                    if case let .rejected(r) = record {
                        invalid += 1
                        if firstInvalid == nil { firstInvalid = r }
                    }
                    summary.add(record)
                }
                summaries.append((source.layerName, summary))
                progress.finish()
                Diagnostics.report(source.notes, file: file)
            }
        } catch { throw CLIError(file: file, error) }
        // The summary is printed; invalid features then make the command fail, naming the first.
        func failIfInvalid() throws {
            if let firstInvalid {
                throw CLIError(file: file, "\(firstInvalid.position): \(firstInvalid.reason); \(invalid) invalid feature\(invalid == 1 ? "" : "s") in all")
            }
        }
        let detected = format ?? FormatDetection.format(of: file) ?? .geojson
        if json {
            let layers = summaries.map { $0.1.json(layer: $0.0) }
            print(JSONText.object([("file", .string(name)), ("format", .string(detected.rawValue)), ("layers", .array(layers))]))
            try failIfInvalid()
            return
        }
        print("File:         \(name)")
        print("Format:       \(detected)")
        for (layer, summary) in summaries {
            if summaries.count > 1 || detected == .gpkg || detected == .kml { print("Layer:        \(layer)") }
            print(summary.report())
        }
        try failIfInvalid()
    }
}

/// Counts, extent, dates and property schema of a stream of features.
struct FeatureSummary {
    var count = 0
    var rejected = 0
    var withoutGeometry = 0
    var geometryTypes: [String: Int] = [:]
    var box: BoundingBox?
    var firstDate: String?
    var lastDate: String?
    /// Features with an `event_date` property that is null (unknown or unreadable).
    var undated = 0
    /// Property names in first-seen order, with the JSON types seen for each.
    var properties: [(name: String, types: [String])] = []
    private var index: [String: Int] = [:]

    init() {}

    init(_ features: [Feature]) {
        for feature in features { add(.feature(feature)) }
    }

    mutating func add(_ record: FeatureRecord) {
        guard case let .feature(feature) = record else { rejected += 1; return }
        count += 1
        if let geometry = feature.geometry {
            geometryTypes[geometry.typeName, default: 0] += 1
            if let b = geometry.boundingBox {
                if box == nil { box = b } else { box!.expand(toInclude: b) }
            }
        } else {
            withoutGeometry += 1
        }
        if let date = feature.properties["event_date"]?.stringValue {
            if firstDate == nil || date < firstDate! { firstDate = date }
            if lastDate == nil || date > lastDate! { lastDate = date }
        } else if feature.properties["event_date"] != nil {
            undated += 1
        }
        for (name, value) in feature.properties {
            let type = value.typeName
            if let i = index[name] {
                if !properties[i].types.contains(type) { properties[i].types.append(type) }
            } else {
                index[name] = properties.count
                properties.append((name, [type]))
            }
        }
    }

    func report() -> String {
        var lines = ["Features:     \(count)"]
        if rejected > 0 { lines.append("Invalid:      \(rejected) (coordinates out of range, unreadable rows)") }
        let types = geometryTypes.sorted { $0.key < $1.key }.map { "\($0.key) (\($0.value))" }
        var geometryLine = types.isEmpty ? "none" : types.joined(separator: ", ")
        if withoutGeometry > 0 { geometryLine += ", no geometry (\(withoutGeometry))" }
        lines.append("Geometry:     \(geometryLine)")
        lines.append("Bounding box: \(box.map(Self.format) ?? "none") (lon/lat degrees)")
        if let firstDate, let lastDate {
            lines.append("event_date:   \(firstDate) to \(lastDate)" + (undated > 0 ? " (\(undated) without a date)" : ""))
        }
        lines.append("Properties:   \(properties.isEmpty ? "none" : String(properties.count))")
        for property in properties { lines.append("  \(property.name): \(property.types.joined(separator: "|"))") }
        return lines.joined(separator: "\n")
    }

    func json(layer: String) -> JSONValue {
        var members: [(String, JSONValue)] = [("name", .string(layer)), ("features", .number(Double(count))), ("invalid", .number(Double(rejected)))]
        members.append(("geometry_types", .object(geometryTypes.sorted { $0.key < $1.key }.map { ($0.key, .number(Double($0.value))) })))
        members.append(("bbox", box.map { .array([.number($0.minLongitude), .number($0.minLatitude), .number($0.maxLongitude), .number($0.maxLatitude)]) } ?? .null))
        members.append(("event_date", firstDate.map { .array([.string($0), .string(lastDate!)]) } ?? .null))
        members.append(("properties", .object(properties.map { ($0.name, .array($0.types.map(JSONValue.string))) })))
        return .object(members)
    }

    static func format(_ b: BoundingBox) -> String {
        func f(_ v: Double) -> String {
            let rounded = (v * 1e7).rounded() / 1e7
            return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
        }
        return "\(f(b.minLongitude)),\(f(b.minLatitude)),\(f(b.maxLongitude)),\(f(b.maxLatitude))"
    }
}
