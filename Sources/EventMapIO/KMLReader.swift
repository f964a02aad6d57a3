import EventMapCore
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Reads KML Placemarks (Point, LineString, Polygon, MultiGeometry) with their names and
/// ExtendedData, one layer per Folder (Placemarks outside folders form a layer named after the
/// file). `SimpleData` typed int/double/float/bool by the document's `Schema` come back as numbers
/// and booleans. External entities are never resolved and nothing is fetched.
public enum KMLReader {
    public static func open(_ path: String) throws(IOError) -> [FeatureSource] {
        let bytes = try FileInput.bytes(atPath: path)
        guard !bytes.isEmpty else { throw .empty }
        if let offset = UTF8Check.firstInvalidOffset(in: bytes) { throw .notUTF8(byteOffset: offset) }
        let parser = XMLParser(data: Data(bytes))
        parser.shouldResolveExternalEntities = false
        parser.shouldProcessNamespaces = false
        let collector = KMLCollector(defaultLayer: FormatDetection.stem(of: path))
        parser.delegate = collector
        guard parser.parse() else {
            let message = parser.parserError.map { "\($0.localizedDescription)" } ?? "not well-formed XML"
            throw .malformedXML(line: parser.lineNumber, column: parser.columnNumber, message: message)
        }
        if let open = collector.openElement {
            // The parser stops quietly at the end of the bytes: a cut file would pass as whole.
            throw .malformedXML(line: parser.lineNumber, column: parser.columnNumber,
                                message: "the file ends inside <\(open)> (is it truncated?)")
        }
        if collector.layers.isEmpty { return [ArraySource(name: FormatDetection.stem(of: path), records: [])] }
        return collector.layers.map { ArraySource(name: $0.name, records: $0.records) }
    }
}

/// A layer already in memory.
final class ArraySource: FeatureSource {
    let layerName: String
    private var records: [FeatureRecord]
    private var index = 0

    init(name: String, records: [FeatureRecord]) {
        layerName = name
        self.records = records
    }

    func next() throws(IOError) -> FeatureRecord? {
        guard index < records.count else { return nil }
        defer { index += 1 }
        return records[index]
    }
}

private final class KMLCollector: NSObject, XMLParserDelegate {
    struct Layer { var name: String; var records: [FeatureRecord] }
    var layers: [Layer] = []
    private let defaultLayer: String
    private var folderStack: [Int] = []
    private var types: [String: String] = [:]
    private var schemaFieldName: String?
    private var path: [String] = []
    private var text = ""
    // The Placemark being read.
    private var inPlacemark = false
    private var properties = Properties()
    private var geometries: [Geometry] = []
    private var ringsOuter: [[Coordinate]] = []
    private var ringsInner: [[Coordinate]] = []
    private var polygons: [Polygon] = []
    private var dataName: String?
    private var placemarkCount = 0
    /// The Placemark's own name, description and time (TimeStamp, TimeSpan), kept as `name`,
    /// `description`, `event_date` (the TimeStamp, else the TimeSpan's begin) and `begin`/`end`
    /// unless ExtendedData has a value of that name. EventMap's own KML (SchemaData of
    /// `#eventmap`) derives them from its attributes, so there they are not read again.
    private var placemarkName: String?
    private var placemarkDescription: String?
    private var placemarkWhen: String?
    private var placemarkBegin: String?
    private var placemarkEnd: String?
    private var writtenByEventMap = false
    /// Positions of a gx:Track (read as a MultiPoint).
    private var trackPositions: [Coordinate] = []
    private var problem: String?

    init(defaultLayer: String) { self.defaultLayer = defaultLayer }

    /// The innermost element still open when parsing stopped, or nil when every one closed.
    var openElement: String? { path.last }

    private var currentLayer: Int {
        if let last = folderStack.last { return last }
        if let index = layers.firstIndex(where: { $0.name == defaultLayer }) { return index }
        layers.append(Layer(name: defaultLayer, records: []))
        return layers.count - 1
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        let element = name.split(separator: ":").last.map(String.init) ?? name
        path.append(element)
        text = ""
        switch element {
        case "Folder":
            layers.append(Layer(name: "folder \(layers.count + 1)", records: []))
            folderStack.append(layers.count - 1)
        case "SimpleField":
            if let field = attributes["name"] { types[field] = attributes["type"] ?? "string"; schemaFieldName = field }
        case "Placemark":
            inPlacemark = true
            properties = Properties()
            geometries = []
            polygons = []
            problem = nil
            placemarkName = nil
            placemarkDescription = nil
            placemarkWhen = nil
            placemarkBegin = nil
            placemarkEnd = nil
            writtenByEventMap = false
            trackPositions = []
            placemarkCount += 1
        case "SchemaData":
            if attributes["schemaUrl"] == "#eventmap" { writtenByEventMap = true }
        case "SimpleData", "Data":
            dataName = attributes["name"]
        case "Polygon":
            ringsOuter = []
            ringsInner = []
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }
    func parser(_ parser: XMLParser, foundCDATA data: Data) { text += String(decoding: data, as: UTF8.self) }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        let element = name.split(separator: ":").last.map(String.init) ?? name
        defer { path.removeLast() }
        let parent = path.count >= 2 ? path[path.count - 2] : ""
        let value = text.trimmingCharacters(in: .whitespacesAndNewlines)
        switch element {
        case "name":
            if parent == "Folder", let folder = folderStack.last { layers[folder].name = value }
            if parent == "Placemark" { placemarkName = value }
        case "description" where parent == "Placemark":
            placemarkDescription = value
        case "when" where inPlacemark && parent == "TimeStamp":
            placemarkWhen = value
        case "begin" where inPlacemark && parent == "TimeSpan":
            placemarkBegin = value
        case "end" where inPlacemark && parent == "TimeSpan":
            placemarkEnd = value
        case "coord" where inPlacemark:
            // gx:Track's positions: "lon lat [alt]", space-separated.
            let parts = value.split(whereSeparator: { $0 == " " || $0 == "\t" })
            if parts.count >= 2, let lon = Double(parts[0]), let lat = Double(parts[1]) {
                do { trackPositions.append(try Coordinate(validatingLongitude: lon, latitude: lat)) } catch { problem = error.description }
            } else {
                problem = "gx:coord '\(value)' is not 'longitude latitude [altitude]'"
            }
        case "Track" where inPlacemark:
            if !trackPositions.isEmpty { geometries.append(.multiPoint(trackPositions)) }
            trackPositions = []
        case "SimpleData":
            if let field = dataName { properties[field] = typed(text, type: types[field] ?? "string") }
        case "value" where parent == "Data":
            // Untyped Data: ACLED's numeric columns come back as numbers.
            if let field = dataName {
                let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
                if EventSchema.numericColumns.contains(field), let number = JSONValue.wholeNumber(trimmed) ?? Double(trimmed).map(JSONValue.number) {
                    properties[field] = number
                } else {
                    properties[field] = .string(text)
                }
            }
        case "coordinates":
            let points = parseCoordinates(value)
            switch parent {
            case "Point": if let first = points.first { geometries.append(.point(first)) }
            case "LineString":
                if let line = try? LineString(points) { geometries.append(.lineString(line)) } else { problem = "a LineString with fewer than 2 positions" }
            case "LinearRing":
                let boundary = path.count >= 3 ? path[path.count - 3] : ""
                if boundary == "innerBoundaryIs" { ringsInner.append(points) } else { ringsOuter.append(points) }
            default: break
            }
        case "Polygon":
            if let outer = ringsOuter.first, let polygon = try? Polygon(rings: [outer] + ringsInner) {
                geometries.append(.polygon(polygon))
            } else {
                problem = "a Polygon without a closed outer ring"
            }
        case "Folder":
            folderStack.removeLast()
        case "Placemark":
            inPlacemark = false
            if !writtenByEventMap {
                func keep(_ name: String, _ value: String?) {
                    if let value, !value.isEmpty, properties[name] == nil { properties[name] = .string(value) }
                }
                keep("name", placemarkName)
                keep("description", placemarkDescription)
                keep("event_date", placemarkWhen ?? placemarkBegin)
                keep("begin", placemarkBegin)
                keep("end", placemarkEnd)
            }
            let record: FeatureRecord
            if let problem {
                record = .rejected(Rejection(position: "Placemark \(placemarkCount)", reason: problem, raw: ""))
            } else {
                let geometry: Geometry? = geometries.isEmpty ? nil : geometries.count == 1 ? geometries[0] : .geometryCollection(geometries)
                record = .feature(Feature(geometry: geometry, properties: properties))
            }
            layers[currentLayer].records.append(record)
        default: break
        }
        text = ""
    }

    private func typed(_ text: String, type: String) -> JSONValue {
        switch type {
        case "int", "uint", "short", "ushort", "float", "double":
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            if let exact = JSONValue.wholeNumber(trimmed) { return exact }
            return Double(trimmed).map(JSONValue.number) ?? .string(text)
        case "bool":
            return ["true", "1"].contains(text.lowercased()) ? .bool(true) : ["false", "0"].contains(text.lowercased()) ? .bool(false) : .string(text)
        default: return .string(text)
        }
    }

    private func parseCoordinates(_ text: String) -> [Coordinate] {
        var result: [Coordinate] = []
        for tuple in text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }) {
            let parts = tuple.split(separator: ",")
            guard parts.count >= 2, let lon = Double(parts[0]), let lat = Double(parts[1]) else {
                problem = "coordinates '\(tuple)' are not numbers"
                continue
            }
            do { result.append(try Coordinate(validatingLongitude: lon, latitude: lat)) } catch {
                problem = error.description
            }
        }
        return result
    }
}
