internal import CLibXML2
import EventMapCore
import Foundation

/// Reads KML Placemarks (Point, LineString, Polygon, MultiGeometry) with their names and
/// ExtendedData, one layer per Folder (Placemarks outside folders form a layer named after the
/// file). `SimpleData` typed int/double/float/bool by the document's `Schema` come back as numbers
/// and booleans. External entities are never resolved and nothing is fetched.
public enum KMLReader {
    /// Reads every layer of a KML file (streamed through libxml2's reader: no size limit, entity
    /// loading and network off; `.kml.gz` and `.kmz`-style zips unpacked on the fly).
    public static func open(_ path: String) throws(IOError) -> [FeatureSource] {
        let input = try ChunkedInput(path: path, countsLines: false)
        let context = Unmanaged.passRetained(XMLInputBox(input)).toOpaque()
        // XML_PARSE_HUGE lifts libxml2's 10 MB text limits; no XML_PARSE_NOENT, no DTD loading:
        // entities are never substituted from outside and nothing is fetched.
        let options = Int32(XML_PARSE_HUGE.rawValue | XML_PARSE_NONET.rawValue | XML_PARSE_NOCDATA.rawValue | XML_PARSE_COMPACT.rawValue)
        guard
            let reader = xmlReaderForIO(
                { context, buffer, length in
                    guard let context, let buffer else { return -1 }
                    let box = Unmanaged<XMLInputBox>.fromOpaque(context).takeUnretainedValue()
                    return box.read(into: buffer, length: Int(length))
                },
                { context in
                    if let context { Unmanaged<XMLInputBox>.fromOpaque(context).release() }
                    return 0
                }, context, path, "UTF-8", options)
        else {
            Unmanaged<XMLInputBox>.fromOpaque(context).release()
            throw .unreadable(path: path, reason: "libxml2 could not start reading")
        }
        defer { xmlFreeTextReader(reader) }
        let collector = KMLCollector(defaultLayer: FormatDetection.stem(of: path))
        var sawElement = false
        func string(_ pointer: UnsafePointer<xmlChar>?) -> String {
            pointer.map { String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self)) } ?? ""
        }
        func failure(_ fallback: String) -> IOError {
            let line = Int(xmlTextReaderGetParserLineNumber(reader))
            let column = Int(xmlTextReaderGetParserColumnNumber(reader))
            let box = Unmanaged<XMLInputBox>.fromOpaque(context).takeUnretainedValue()
            if let failure = box.failure { return failure }
            if let error = xmlGetLastError(), let message = error.pointee.message {
                // One line: libxml2 puts the bytes of an encoding error on a second one.
                var text = String(cString: message).split(whereSeparator: \.isNewline)
                    .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.joined(separator: "; ")
                let at = Int(error.pointee.line) > 0 ? Int(error.pointee.line) : line
                // On the file's last line, a cut file is the likely cause whatever libxml2 says.
                if box.input.atEnd && at >= box.newlines { text += "; the file ends there (is it truncated?)" }
                return .malformedXML(line: at, column: column, message: text)
            }
            return .malformedXML(line: line, column: column, message: fallback)
        }
        // libxml2 would print its errors itself; EventMap words them (xmlGetLastError keeps them).
        xmlTextReaderSetStructuredErrorHandler(reader, { _, _ in }, nil)
        eventmap_xml_quiet()
        xmlResetLastError()
        while true {
            let status = xmlTextReaderRead(reader)
            if status == 0 { break }
            guard status == 1 else { throw failure("not well-formed XML") }
            switch Int32(xmlTextReaderNodeType(reader)) {
            case Int32(XML_READER_TYPE_ELEMENT.rawValue):
                sawElement = true
                let name = string(xmlTextReaderConstName(reader))
                let empty = xmlTextReaderIsEmptyElement(reader) == 1
                var attributes: [String: String] = [:]
                while xmlTextReaderMoveToNextAttribute(reader) == 1 {
                    attributes[string(xmlTextReaderConstName(reader))] = string(xmlTextReaderConstValue(reader))
                }
                collector.start(name, attributes: attributes)
                if empty { collector.end(name) }
            case Int32(XML_READER_TYPE_TEXT.rawValue), Int32(XML_READER_TYPE_CDATA.rawValue),
                Int32(XML_READER_TYPE_SIGNIFICANT_WHITESPACE.rawValue), Int32(XML_READER_TYPE_WHITESPACE.rawValue):
                collector.characters(string(xmlTextReaderConstValue(reader)))
            case Int32(XML_READER_TYPE_END_ELEMENT.rawValue):
                collector.end(string(xmlTextReaderConstName(reader)))
            default: break
            }
        }
        guard sawElement else { throw .empty }
        if let open = collector.openElement {
            throw .malformedXML(
                line: Int(xmlTextReaderGetParserLineNumber(reader)), column: 1,
                message: "the file ends inside <\(open)> (is it truncated?)")
        }
        if collector.layers.isEmpty { return [ArraySource(name: FormatDetection.stem(of: path), records: [])] }
        return collector.layers.map { ArraySource(name: $0.name, records: $0.records) }
    }
}

/// Hands a file's bytes to libxml2's read callback, remembering why reading failed.
private final class XMLInputBox {
    let input: ChunkedInput
    var failure: IOError?
    /// Line breaks handed to libxml2 so far.
    var newlines = 0
    init(_ input: ChunkedInput) { self.input = input }

    func read(into buffer: UnsafeMutablePointer<CChar>, length: Int) -> Int32 {
        do {
            if input.cursor >= input.buffer.count {
                input.cursor = input.buffer.count
                guard try input.fill() else { return 0 }
            }
            let count = min(length, input.buffer.count - input.cursor)
            input.buffer.withUnsafeBufferPointer { bytes in
                UnsafeMutableRawPointer(buffer).copyMemory(from: bytes.baseAddress! + input.cursor, byteCount: count)
                for byte in UnsafeBufferPointer(rebasing: bytes[input.cursor..<input.cursor + count]) where byte == 0x0A { newlines += 1 }
            }
            input.cursor += count
            return Int32(count)
        } catch {
            failure = error
            return -1
        }
    }
}

/// A layer already in memory (a KML folder, a reference layer of the catalogue).
public final class ArraySource: FeatureSource {
    public let layerName: String
    private var records: [FeatureRecord]
    private var index = 0

    init(name: String, records: [FeatureRecord]) {
        layerName = name
        self.records = records
    }

    /// A layer of features named `name`.
    public convenience init(name: String, features: [Feature]) {
        self.init(name: name, records: features.map(FeatureRecord.feature))
    }

    public func next() throws(IOError) -> FeatureRecord? {
        guard index < records.count else { return nil }
        defer { index += 1 }
        return records[index]
    }
}

/// Builds features from the element events of a KML document.
private final class KMLCollector {
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

    func start(_ name: String, attributes: [String: String]) {
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

    func characters(_ string: String) { text += string }

    func end(_ name: String) {
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
                keep(Event.Field.date.rawValue, placemarkWhen ?? placemarkBegin)
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
