import EventMapCore

/// Writes a GeoJSON FeatureCollection (RFC 7946) one feature at a time.
///
/// Coordinates are written longitude, latitude with at most ``precision`` decimals (trailing
/// zeros trimmed); polygons follow the right-hand rule (§3.1.6: exterior rings
/// counter-clockwise); there is no `crs` member (§4). Properties keep their JSON types.
public final class GeoJSONWriter: ConcurrentlyEncodingSink {
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

    public var encodesConcurrently: Bool { true }

    /// What goes between two features.
    private static let separator = Array(",\n".utf8)

    public func encode(_ feature: Feature) -> [UInt8] {
        var out = JSONBytes()
        encoder.append(feature, to: &out)
        return out.bytes
    }

    public func write(encoded: [UInt8]) throws(IOError) {
        try start()
        if count > 0 { try output.write(GeoJSONWriter.separator) }
        try output.write(encoded)
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
                out.number(rounded(c.longitude))
                out.byte(UInt8(ascii: ","))
                out.number(rounded(c.latitude))
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
        public func number(_ value: Double) -> String { JSONText.number(rounded(value)) }

        /// `value` (degrees or metres) rounded to `precision` decimals.
        func rounded(_ value: Double) -> Double { (value * scale).rounded() / scale }
    }
}

/// 10 to the power `n`, for n in 0...15.
private func pow10(_ n: Int) -> Double {
    var value = 1.0
    for _ in 0..<n { value *= 10 }
    return value
}
