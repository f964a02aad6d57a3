import ArgumentParser
import EventMapCore
import EventMapIO

/// `eventmap info FILE`: what a vector file holds.
struct Info: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the feature count, bounding box, geometry types and property names of a GeoJSON file.",
        discussion: """
            The bounding box is MINLON,MINLAT,MAXLON,MAXLAT in degrees, the order --bbox takes. \
            Each property is listed with the JSON types its values have across features.
            """)

    /// The file to describe; `-` reads standard input.
    @Argument(help: ArgumentHelp("GeoJSON file to describe (.geojson or .json; '-' reads stdin).", valueName: "file"))
    var file: String

    func run() throws {
        let features: [Feature]
        do { features = try GeoJSONReader.features(atPath: file) } catch { throw CLIError(file: file, error) }
        let summary = FeatureSummary(features)
        print(summary.report(name: file == "-" ? "<stdin>" : file))
    }
}

/// Counts, extent and property schema of a list of features.
struct FeatureSummary {
    var count = 0
    var withoutGeometry = 0
    var geometryTypes: [String: Int] = [:]
    var box: BoundingBox?
    /// Property names in first-seen order, with the JSON types seen for each.
    var properties: [(name: String, types: [String])] = []

    init(_ features: [Feature]) {
        var index: [String: Int] = [:]
        for feature in features {
            count += 1
            if let geometry = feature.geometry {
                geometryTypes[geometry.typeName, default: 0] += 1
                if let b = geometry.boundingBox {
                    if box == nil { box = b } else { box!.expand(toInclude: b) }
                }
            } else {
                withoutGeometry += 1
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
    }

    func report(name: String) -> String {
        var lines = ["File:         \(name)", "Features:     \(count)"]
        let types = geometryTypes.sorted { $0.key < $1.key }.map { "\($0.key) (\($0.value))" }
        var geometryLine = types.isEmpty ? "none" : types.joined(separator: ", ")
        if withoutGeometry > 0 { geometryLine += ", no geometry (\(withoutGeometry))" }
        lines.append("Geometry:     \(geometryLine)")
        lines.append("Bounding box: \(box.map { "\(fmt($0.minLongitude)),\(fmt($0.minLatitude)),\(fmt($0.maxLongitude)),\(fmt($0.maxLatitude))" } ?? "none") (lon/lat degrees)")
        lines.append("Properties:   \(properties.isEmpty ? "none" : String(properties.count))")
        for property in properties {
            lines.append("  \(property.name): \(property.types.joined(separator: "|"))")
        }
        return lines.joined(separator: "\n")
    }

    private func fmt(_ value: Double) -> String {
        let rounded = (value * 1e7).rounded() / 1e7
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }
}
