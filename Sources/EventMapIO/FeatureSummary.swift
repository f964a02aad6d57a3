import EventMapCore

/// Counts, extent, dates and property schema of a stream of features.
public struct FeatureSummary: Sendable {
    public var count = 0
    public var rejected = 0
    /// The first record that could not be read, for the error that names it.
    public var firstRejection: Rejection?
    public var withoutGeometry = 0
    public var geometryTypes: [String: Int] = [:]
    public var box: BoundingBox?
    public var firstDate: String?
    public var lastDate: String?
    /// Features with an `event_date` property that is null (unknown or unreadable).
    public var undated = 0
    /// Property names in first-seen order, with the JSON types seen for each.
    public var properties: [(name: String, types: [String])] = []
    private var index: [String: Int] = [:]

    public init() {}

    /// The summary of everything `source` holds, read to its end; `onRecord` sees each record
    /// (for progress).
    public init(reading source: FeatureSource, onRecord: (FeatureSource) -> Void = { _ in }) throws(IOError) {
        while let record = try source.next() {
            onRecord(source)
            add(record)
        }
    }

    public init(_ features: [Feature]) {
        for feature in features { add(.feature(feature)) }
    }

    public mutating func add(_ record: FeatureRecord) {
        guard case let .feature(feature) = record else {
            if case let .rejected(r) = record, firstRejection == nil { firstRejection = r }
            rejected += 1
            return
        }
        count += 1
        if let geometry = feature.geometry {
            geometryTypes[geometry.typeName, default: 0] += 1
            if let b = geometry.boundingBox {
                if box == nil { box = b } else { box!.expand(toInclude: b) }
            }
        } else {
            withoutGeometry += 1
        }
        if let date = feature.properties[.date]?.stringValue {
            if firstDate == nil || date < firstDate! { firstDate = date }
            if lastDate == nil || date > lastDate! { lastDate = date }
        } else if feature.properties[.date] != nil {
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

    /// The summary as `info` prints it, one line per fact.
    public func report() -> String {
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

    /// The summary as `info --json` writes it.
    public func json(layer: String) -> JSONValue {
        var members: [(String, JSONValue)] = [("name", .string(layer)), ("features", .number(Double(count))), ("invalid", .number(Double(rejected)))]
        members.append(("geometry_types", .object(geometryTypes.sorted { $0.key < $1.key }.map { ($0.key, .number(Double($0.value))) })))
        members.append(("bbox", box.map { .array([.number($0.minLongitude), .number($0.minLatitude), .number($0.maxLongitude), .number($0.maxLatitude)]) } ?? .null))
        members.append((Event.Field.date.rawValue, firstDate.map { .array([.string($0), .string(lastDate!)]) } ?? .null))
        members.append(("properties", .object(properties.map { ($0.name, .array($0.types.map(JSONValue.string))) })))
        return .object(members)
    }

    /// `MINLON,MINLAT,MAXLON,MAXLAT`, to 7 decimals (about 1 cm).
    public static func format(_ b: BoundingBox) -> String {
        func f(_ v: Double) -> String {
            let rounded = (v * 1e7).rounded() / 1e7
            return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
        }
        return "\(f(b.minLongitude)),\(f(b.minLatitude)),\(f(b.maxLongitude)),\(f(b.maxLatitude))"
    }
}
