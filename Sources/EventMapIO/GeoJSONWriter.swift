import EventMapCore

/// Writes a GeoJSON FeatureCollection (RFC 7946) one feature at a time.
///
/// Coordinates are written longitude, latitude with at most ``precision`` decimals (trailing
/// zeros trimmed); polygons follow the right-hand rule (§3.1.6: exterior rings
/// counter-clockwise); there is no `crs` member (§4). Properties keep their JSON types.
public final class GeoJSONWriter: FeatureSink {
    private let output: OutputFile
    private let encoder: Encoder
    private let name: String?
    private var count = 0
    private var started = false

    /// Decimal places for coordinates: 7 by default (about 1 cm).
    public var precision: Int { encoder.precision }

    /// Prepares a FeatureCollection in `output`.
    /// - Parameter name: an optional `name` foreign member (QGIS shows it as the layer name).
    public init(output: OutputFile, precision: Int = 7, name: String? = nil) throws(IOError) {
        self.output = output
        self.encoder = Encoder(precision: precision)
        self.name = name
    }

    /// The number of features written.
    public var featureCount: Int { count }

    public func beginLayer(name: String) throws(IOError) {}

    private func start() throws(IOError) {
        guard !started else { return }
        started = true
        var head = "{\"type\":\"FeatureCollection\""
        if let name { head += ",\"name\":" + JSONText.string(name) }
        try output.write(head + ",\"features\":[\n")
    }

    /// Writes one feature.
    public func write(_ feature: Feature) throws(IOError) {
        try start()
        var out = JSONBytes()
        if count > 0 { out.raw(",\n") }
        encoder.append(feature, to: &out)
        try output.write(out.bytes)
        count += 1
    }

    /// Closes the collection and commits the file.
    public func finish() throws(IOError) {
        try start()
        try output.write("\n]}\n")
        try output.commit()
    }

    public func abort() { output.abort() }

    /// A geometry as GeoJSON text.
    public func geometry(_ geometry: Geometry) -> String { encoder.geometry(geometry) }

    /// Turns features and geometries into GeoJSON text.
    public struct Encoder: Sendable {
        public let precision: Int
        private let scale: Double

        public init(precision: Int = 7) {
            self.precision = max(0, min(15, precision))
            self.scale = pow10(self.precision)
        }

        public func feature(_ feature: Feature) -> String {
            var out = JSONBytes()
            append(feature, to: &out)
            return String(decoding: out.bytes, as: UTF8.self)
        }

        func append(_ feature: Feature, to out: inout JSONBytes) {
            out.raw("{\"type\":\"Feature\"")
            if let id = feature.id {
                out.raw(",\"id\":")
                out.value(id)
            }
            out.raw(",\"geometry\":")
            switch feature.geometry {
            case let .point(c)?:
                out.raw("{\"type\":\"Point\",\"coordinates\":[")
                out.number((c.longitude * scale).rounded() / scale)
                out.byte(UInt8(ascii: ","))
                out.number((c.latitude * scale).rounded() / scale)
                out.raw("]}")
            case let geometry?: out.bytes.append(contentsOf: self.geometry(geometry).utf8)
            case nil: out.raw("null")
            }
            out.raw(",\"properties\":")
            out.object(feature.properties.lazy.map { ($0.name, $0.value) })
            out.byte(UInt8(ascii: "}"))
        }

        public func geometry(_ geometry: Geometry) -> String {
            switch geometry {
            case let .point(c): "{\"type\":\"Point\",\"coordinates\":\(position(c))}"
            case let .multiPoint(cs): "{\"type\":\"MultiPoint\",\"coordinates\":\(positions(cs))}"
            case let .lineString(line): "{\"type\":\"LineString\",\"coordinates\":\(positions(line.coordinates))}"
            case let .multiLineString(lines):
                "{\"type\":\"MultiLineString\",\"coordinates\":[\(lines.map { positions($0.coordinates) }.joined(separator: ","))]}"
            case let .polygon(polygon): "{\"type\":\"Polygon\",\"coordinates\":\(rings(polygon))}"
            case let .multiPolygon(polygons): "{\"type\":\"MultiPolygon\",\"coordinates\":[\(polygons.map(rings).joined(separator: ","))]}"
            case let .geometryCollection(members):
                "{\"type\":\"GeometryCollection\",\"geometries\":[\(members.map(self.geometry).joined(separator: ","))]}"
            }
        }

        private func rings(_ polygon: Polygon) -> String {
            "[" + polygon.orientedByRightHandRule().rings.map(positions).joined(separator: ",") + "]"
        }

        private func positions(_ coordinates: [Coordinate]) -> String {
            "[" + coordinates.map(position).joined(separator: ",") + "]"
        }

        private func position(_ c: Coordinate) -> String {
            "[" + number(c.longitude) + "," + number(c.latitude) + "]"
        }

        /// A coordinate rounded to `precision` decimals.
        public func number(_ value: Double) -> String {
            JSONText.number((value * scale).rounded() / scale)
        }
    }
}

/// 10 to the power `n`, for n in 0...15.
private func pow10(_ n: Int) -> Double {
    var value = 1.0
    for _ in 0..<n { value *= 10 }
    return value
}

/// JSON text for values (RFC 8259).
public enum JSONText {
    /// A string literal with the escapes JSON requires.
    public static func string(_ text: String) -> String {
        // Most text needs no escapes: check the bytes first.
        if !text.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            return "\"" + text + "\""
        }
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// A number: integers without a decimal point, others in the shortest form that reads back
    /// exactly; non-finite values as null (JSON has no NaN).
    public static func number(_ value: Double) -> String {
        guard value.isFinite else { return "null" }
        if value == value.rounded(), abs(value) <= 9_007_199_254_740_992 { return String(Int64(value)) }
        return "\(value)"
    }

    public static func value(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case let .bool(b): b ? "true" : "false"
        case let .number(n): number(n)
        case let .integer(i): String(i)
        case let .string(s): string(s)
        case let .array(items): "[" + items.map(self.value).joined(separator: ",") + "]"
        case let .object(members): object(members)
        }
    }

    public static func object(_ members: [(String, JSONValue)]) -> String {
        "{" + members.map { string($0.0) + ":" + value($0.1) }.joined(separator: ",") + "}"
    }
}
