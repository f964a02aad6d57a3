import EventMapCore

/// Writes KML 2.2 that validates against the OGC schema and opens in Google Earth and QGIS.
///
/// One `Folder` per layer; a `Style` per ACLED event type (Okabe–Ito colours); attributes as a
/// typed `Schema` with `SchemaData`/`SimpleData` (so QGIS reads numbers as numbers), properties
/// first seen after the first 10,000 features as untyped `Data`; `TimeStamp` from `event_date`
/// (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`) for Google Earth's time slider; a description balloon
/// (type, actors, date, fatalities, notes); Google Earth lists the ExtendedData beneath it.
/// Streams after the first 10,000 features, which fix the schema.
public final class KMLWriter: ConcurrentlyEncodingSink {
    private enum Item { case layer(String), feature(Feature) }
    private let output: OutputFile
    private let documentName: String
    private var pending: [Item] = []
    private var pendingFeatures = 0
    /// Each schema field's name, type and `<SimpleData name="...">` bytes (escaped once), in
    /// the schema's order (nil until the first features fix it), and by name.
    private var schemaFields: [SchemaField]?
    private var fieldIndex: [String: SchemaField] = [:]

    private struct SchemaField {
        let name: String
        let type: FieldType
        let opening: [UInt8]
    }

    /// The types of a KML `SimpleField` EventMap writes (the schema's `type` attribute).
    enum FieldType: String {
        case string, int, double, bool
    }
    private var folderOpen = false
    private var sawLayer = false
    private let encoder = GeoJSONWriter.Encoder(precision: 7)
    static let lookahead = 10_000
    static let schemaID = "eventmap"

    /// `Folder`, or `Document` for a KMZ: GDAL's LIBKML driver (QGIS) reads a zipped KML's
    /// attributes only from a `Schema` inside the layer's own `Document`.
    private let layerElement: String
    /// With layers as `Document`s: the `Schema`, written into the first layer.
    private var layerSchema: String?

    /// - Parameter layersAsDocuments: each layer a `Document` holding the `Schema` (for KMZ).
    public init(output: OutputFile, documentName: String, layersAsDocuments: Bool = false) {
        self.output = output
        self.documentName = documentName
        layerElement = layersAsDocuments ? "Document" : "Folder"
    }

    public func beginLayer(name: String) throws(IOError) {
        if schemaFields == nil { pending.append(.layer(name)); return }
        try openFolder(name)
    }

    public func write(_ feature: Feature) throws(IOError) {
        if schemaFields == nil {
            pending.append(.feature(feature))
            pendingFeatures += 1
            if pendingFeatures >= KMLWriter.lookahead { try flushPending() }
            return
        }
        if !folderOpen { try openFolder(documentName) }
        try output.write(placemark(feature))
    }

    public var encodesConcurrently: Bool { schemaFields != nil }

    public func encode(_ feature: Feature) -> [UInt8] { placemark(feature) }

    public func write(encoded: [UInt8]) throws(IOError) {
        if !folderOpen { try openFolder(documentName) }
        try output.write(encoded)
    }

    public func finish() throws(IOError) {
        if schemaFields == nil { try flushPending() }
        if !folderOpen && !sawLayer { try openFolder(documentName) }
        if folderOpen { try output.write("</\(layerElement)>\n") }
        try output.write("</Document>\n</kml>\n")
        try output.commit()
    }

    public func abort() { output.abort() }

    // MARK: Header

    private func flushPending() throws(IOError) {
        // Field types from the features seen: int when every value is a whole number, double
        // for other numbers, bool for booleans, string for anything else or a mix.
        var order: [String] = []
        var types: [String: FieldType] = [:]
        for case let .feature(feature) in pending {
            for (name, value) in feature.properties {
                let type: FieldType?
                switch value {
                case let .number(n): type = n == n.rounded() && abs(n) < 2e9 ? .int : .double
                case .bool: type = .bool
                case .null: type = nil
                default: type = .string
                }
                if types[name] == nil && !order.contains(name) { order.append(name) }
                guard let type else { continue }
                switch (types[name], type) {
                case (nil, _): types[name] = type
                case (.int, .double), (.double, .int): types[name] = .double
                case let (old?, new) where old != new: types[name] = .string
                default: break
                }
            }
        }
        let fields = order.map { SchemaField(name: $0, type: types[$0] ?? .string, opening: Array("<SimpleData name=\"\(XMLText.escape($0))\">".utf8)) }
        schemaFields = fields
        for field in fields { fieldIndex[field.name] = field }
        var head = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<kml xmlns=\"http://www.opengis.net/kml/2.2\">\n<Document>\n"
        head += "<name>\(XMLText.escape(documentName))</name>\n"
        for (name, rgb) in EventStyle.types + [("other", EventStyle.otherRGB)] {
            head += style(id: EventStyle.identifier(for: name == "other" ? nil : name), rgb: rgb)
        }
        var schema = "<Schema name=\"\(KMLWriter.schemaID)\" id=\"\(KMLWriter.schemaID)\">\n"
        for field in fields {
            schema += "<SimpleField type=\"\(field.type.rawValue)\" name=\"\(XMLText.escape(field.name))\"></SimpleField>\n"
        }
        schema += "</Schema>\n"
        if layerElement == "Document" { layerSchema = schema } else { head += schema }
        try output.write(head)
        let items = pending
        pending.removeAll()
        for item in items {
            switch item {
            case let .layer(name): try openFolder(name)
            case let .feature(feature):
                if !folderOpen { try openFolder(documentName) }
                try output.write(placemark(feature))
            }
        }
    }

    private func style(id: String, rgb: UInt32) -> String {
        // KML colours are aabbggrr.
        let r = (rgb >> 16) & 0xFF, g = (rgb >> 8) & 0xFF, b = rgb & 0xFF
        let opaque = "ff" + hex(b) + hex(g) + hex(r), translucent = "66" + hex(b) + hex(g) + hex(r)
        return """
            <Style id="\(id)"><IconStyle><color>\(opaque)</color><scale>0.9</scale><Icon><href>http://maps.google.com/mapfiles/kml/shapes/shaded_dot.png</href></Icon></IconStyle>\
            <LineStyle><color>\(opaque)</color><width>2</width></LineStyle><PolyStyle><color>\(translucent)</color></PolyStyle></Style>

            """
    }

    private func hex(_ value: UInt32) -> String {
        let text = String(value, radix: 16)
        return text.count == 1 ? "0" + text : text
    }

    private func openFolder(_ name: String) throws(IOError) {
        if folderOpen { try output.write("</\(layerElement)>\n") }
        try output.write("<\(layerElement)><name>\(XMLText.escape(name))</name>\n")
        if let layerSchema {
            try output.write(layerSchema)
            self.layerSchema = nil
        }
        folderOpen = true
        sawLayer = true
    }

    // MARK: Placemarks

    private func placemark(_ feature: Feature) -> [UInt8] {
        let p = feature.properties
        var out = JSONBytes(capacity: 2048)
        func text(_ value: String) { XMLText.append(value, to: &out.bytes) }
        func balloon(_ value: String) { XMLText.appendEscapedTwice(value, to: &out.bytes) }
        let type = p[.eventType]?.stringValue
        let title = p["location"]?.stringValue ?? p["name"]?.stringValue ?? type ?? ""
        out.raw("<Placemark>")
        if !title.isEmpty { out.raw("<name>"); text(title); out.raw("</name>") }
        // The balloon: what happened, who, when, how many killed and the source's words, as
        // lines of HTML escaped as XML text; Google Earth adds every attribute from ExtendedData
        // below it. (Escaping is per character, so the parts are escaped one by one.)
        var lines = 0
        func line() {
            if lines == 0 { out.raw("<description>") } else { out.raw("&lt;br/&gt;") }
            lines += 1
        }
        if let type {
            line(); balloon(type)
            if let subtype = p[.subEventType]?.stringValue { out.raw(": "); balloon(subtype) }
        }
        if let actor1 = p[.actor1]?.stringValue {
            line(); balloon(actor1)
            if let actor2 = p[.actor2]?.stringValue { out.raw(" – "); balloon(actor2) }
        }
        let date = p[.date]?.stringValue
        if let date { line(); balloon(date) }
        if let fatalities = p[.fatalities]?.numberValue { line(); out.raw("Fatalities: "); out.number(fatalities) }
        for key in ["notes", "source_quote", "description"] {
            if let note = p[key]?.stringValue { line(); balloon(note) }
        }
        if lines > 0 { out.raw("</description>") }
        if let date, KMLWriter.isKMLDate(date) {
            // A week- or month-precise ACLED date is the span it stands for, so Google Earth's
            // time slider shows it over those days.
            let precision = p[.timePrecision]?.intValue
            if let precision, precision > 1, let day = EventDate.canonical(date), day.day != nil {
                let span = day.period(timePrecision: precision)
                out.raw("<TimeSpan><begin>"); text(span.first.date.description); out.raw("</begin><end>")
                text(span.last.date.description); out.raw("</end></TimeSpan>")
            } else {
                out.raw("<TimeStamp><when>"); text(date); out.raw("</when></TimeStamp>")
            }
        }
        out.raw("<styleUrl>#")
        text(EventStyle.identifier(for: type))
        out.raw("</styleUrl>")
        // Schema fields go in SchemaData, the rest (first seen after the lookahead, or of another
        // type) in Data before it.
        var simple = JSONBytes(capacity: 1024), extra = JSONBytes(capacity: 0)
        let schema = schemaFields ?? []
        for (position, (name, value)) in p.enumerated() {
            if case .null = value { continue }
            // Features mostly hold the schema's fields in its order: the name at the same
            // place is tried before the table.
            let field = position < schema.count && schema[position].name == name ? schema[position] : fieldIndex[name]
            if let field, KMLWriter.fits(value, field.type) {
                simple.bytes += field.opening
                KMLWriter.appendCell(value, to: &simple)
                simple.raw("</SimpleData>")
            } else {
                extra.raw("<Data name=\""); XMLText.append(name, to: &extra.bytes); extra.raw("\"><value>")
                KMLWriter.appendCell(value, to: &extra)
                extra.raw("</value></Data>")
            }
        }
        if !simple.bytes.isEmpty || !extra.bytes.isEmpty {
            out.raw("<ExtendedData>")
            out.bytes += extra.bytes
            if !simple.bytes.isEmpty {
                out.raw("<SchemaData schemaUrl=\"#eventmap\">")
                out.bytes += simple.bytes
                out.raw("</SchemaData>")
            }
            out.raw("</ExtendedData>")
        }
        if case let .point(c)? = feature.geometry {
            out.raw("<Point><coordinates>")
            out.number(encoder.rounded(c.longitude))
            out.byte(UInt8(ascii: ","))
            out.number(encoder.rounded(c.latitude))
            out.raw("</coordinates></Point>")
        } else if let geometry = feature.geometry {
            out.bytes.append(contentsOf: self.geometry(geometry).utf8)
        }
        out.raw("</Placemark>\n")
        return out.bytes
    }

    /// A property's value as the text of a KML `SimpleData` or `Data` value, escaped.
    static func appendCell(_ value: JSONValue, to out: inout JSONBytes) {
        switch value {
        case .null: break
        case let .bool(b): if b { out.raw("true") } else { out.raw("false") }
        case let .number(n): out.number(n)
        case let .string(s): XMLText.append(s, to: &out.bytes)
        default: XMLText.append(JSONText.value(value), to: &out.bytes)
        }
    }

    private func geometry(_ geometry: Geometry) -> String {
        func coordinates(_ cs: [Coordinate]) -> String {
            "<coordinates>" + cs.map { encoder.number($0.longitude) + "," + encoder.number($0.latitude) }.joined(separator: " ") + "</coordinates>"
        }
        func polygon(_ p: Polygon) -> String {
            let oriented = p.orientedByRightHandRule()
            var text = "<Polygon><outerBoundaryIs><LinearRing>\(coordinates(oriented.exterior))</LinearRing></outerBoundaryIs>"
            for hole in oriented.holes { text += "<innerBoundaryIs><LinearRing>\(coordinates(hole))</LinearRing></innerBoundaryIs>" }
            return text + "</Polygon>"
        }
        switch geometry {
        case let .point(c): return "<Point>\(coordinates([c]))</Point>"
        case let .lineString(l): return "<LineString>\(coordinates(l.coordinates))</LineString>"
        case let .polygon(p): return polygon(p)
        case let .multiPoint(cs): return "<MultiGeometry>" + cs.map { "<Point>\(coordinates([$0]))</Point>" }.joined() + "</MultiGeometry>"
        case let .multiLineString(ls):
            return "<MultiGeometry>" + ls.map { "<LineString>\(coordinates($0.coordinates))</LineString>" }.joined() + "</MultiGeometry>"
        case let .multiPolygon(ps): return "<MultiGeometry>" + ps.map(polygon).joined() + "</MultiGeometry>"
        case let .geometryCollection(gs): return "<MultiGeometry>" + gs.map(self.geometry).joined() + "</MultiGeometry>"
        }
    }

    static func raw(_ text: StaticString, _ out: inout [UInt8]) {
        text.withUTF8Buffer { out.append(contentsOf: $0) }
    }

    static func fits(_ value: JSONValue, _ type: FieldType) -> Bool {
        switch (value, type) {
        case (.string, .string), (.bool, .bool), (.integer, .string): return true  // KML has no 64-bit int: digits as text
        case let (.number(n), .int): return n == n.rounded()
        case (.number, .double): return true
        default: return false
        }
    }

    /// KML's TimeStamp takes xsd:gYear, gYearMonth, date and dateTime.
    /// (`YYYY`, `YYYY-MM`, `YYYY-MM-DD` in ASCII digits, read from the bytes.)
    static func isKMLDate(_ text: String) -> Bool {
        let bytes = text.utf8
        guard bytes.count == 4 || bytes.count == 7 || bytes.count == 10 else { return false }
        for (i, b) in bytes.enumerated() {
            if i == 4 || i == 7 {
                guard b == UInt8(ascii: "-") else { return false }
            } else {
                guard b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") else { return false }
            }
        }
        return true
    }
}
