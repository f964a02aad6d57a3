import EventMapCore

/// Writes KML 2.2 that validates against the OGC schema and opens in Google Earth and QGIS.
///
/// One `Folder` per layer; a `Style` per ACLED event type (Okabe–Ito colours); attributes as a
/// typed `Schema` with `SchemaData`/`SimpleData` (so QGIS reads numbers as numbers), properties
/// first seen after the first 10,000 features as untyped `Data`; `TimeStamp` from `event_date`
/// (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`) for Google Earth's time slider; a description balloon
/// with every attribute. Streams after the first 10,000 features, which fix the schema.
public final class KMLWriter: FeatureSink {
    private enum Item { case layer(String), feature(Feature) }
    private let output: OutputFile
    private let documentName: String
    private var pending: [Item] = []
    private var pendingFeatures = 0
    private var fields: [(name: String, type: String)]?
    private var fieldIndex: [String: String] = [:]
    private var folderOpen = false
    private var sawLayer = false
    private let encoder = GeoJSONWriter.Encoder(precision: 7)
    static let lookahead = 10_000
    static let schemaID = "eventmap"

    public init(output: OutputFile, documentName: String) {
        self.output = output
        self.documentName = documentName
    }

    public func beginLayer(name: String) throws(IOError) {
        if fields == nil { pending.append(.layer(name)); return }
        try openFolder(name)
    }

    public func write(_ feature: Feature) throws(IOError) {
        if fields == nil {
            pending.append(.feature(feature))
            pendingFeatures += 1
            if pendingFeatures >= KMLWriter.lookahead { try flushPending() }
            return
        }
        if !folderOpen { try openFolder(documentName) }
        try output.write(placemark(feature))
    }

    public func finish() throws(IOError) {
        if fields == nil { try flushPending() }
        if !folderOpen && !sawLayer { try openFolder(documentName) }
        if folderOpen { try output.write("</Folder>\n") }
        try output.write("</Document>\n</kml>\n")
        try output.commit()
    }

    public func abort() { output.abort() }

    // MARK: Header

    private func flushPending() throws(IOError) {
        // Field types from the features seen: int when every value is a whole number, double
        // for other numbers, bool for booleans, string for anything else or a mix.
        var order: [String] = []
        var types: [String: String] = [:]
        for case let .feature(feature) in pending {
            for (name, value) in feature.properties {
                let type: String?
                switch value {
                case let .number(n): type = n == n.rounded() && abs(n) < 2e9 ? "int" : "double"
                case .bool: type = "bool"
                case .null: type = nil
                default: type = "string"
                }
                if types[name] == nil && !order.contains(name) { order.append(name) }
                guard let type else { continue }
                switch (types[name], type) {
                case (nil, _): types[name] = type
                case ("int", "double"), ("double", "int"): types[name] = "double"
                case let (old?, new) where old != new: types[name] = "string"
                default: break
                }
            }
        }
        fields = order.map { ($0, types[$0] ?? "string") }
        for field in fields! { fieldIndex[field.name] = field.type }
        var head = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<kml xmlns=\"http://www.opengis.net/kml/2.2\">\n<Document>\n"
        head += "<name>\(XMLText.escape(documentName))</name>\n"
        for (name, rgb) in EventStyle.types + [("other", EventStyle.otherRGB)] {
            head += style(id: EventStyle.identifier(for: name == "other" ? nil : name), rgb: rgb)
        }
        head += "<Schema name=\"\(KMLWriter.schemaID)\" id=\"\(KMLWriter.schemaID)\">\n"
        for field in fields! {
            head += "<SimpleField type=\"\(field.type)\" name=\"\(XMLText.escape(field.name))\"></SimpleField>\n"
        }
        head += "</Schema>\n"
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
        if folderOpen { try output.write("</Folder>\n") }
        try output.write("<Folder><name>\(XMLText.escape(name))</name>\n")
        folderOpen = true
        sawLayer = true
    }

    // MARK: Placemarks

    private func placemark(_ feature: Feature) -> String {
        let p = feature.properties
        let title = p["location"]?.stringValue ?? p["name"]?.stringValue ?? p["event_type"]?.stringValue ?? ""
        var text = "<Placemark>"
        if !title.isEmpty { text += "<name>\(XMLText.escape(title))</name>" }
        text += "<description>\(XMLText.escape(balloon(feature)))</description>"
        if let date = p["event_date"]?.stringValue, KMLWriter.isKMLDate(date) {
            text += "<TimeStamp><when>\(date)</when></TimeStamp>"
        }
        text += "<styleUrl>#\(EventStyle.identifier(for: p["event_type"]?.stringValue))</styleUrl>"
        var simple = "", extra = ""
        for (name, value) in p {
            if case .null = value { continue }
            let cell = KMLWriter.text(value)
            if let type = fieldIndex[name], KMLWriter.fits(value, type) {
                simple += "<SimpleData name=\"\(XMLText.escape(name))\">\(XMLText.escape(cell))</SimpleData>"
            } else {
                extra += "<Data name=\"\(XMLText.escape(name))\"><value>\(XMLText.escape(cell))</value></Data>"
            }
        }
        if !simple.isEmpty || !extra.isEmpty {
            text += "<ExtendedData>\(extra)"
            if !simple.isEmpty { text += "<SchemaData schemaUrl=\"#\(KMLWriter.schemaID)\">\(simple)</SchemaData>" }
            text += "</ExtendedData>"
        }
        if let geometry = feature.geometry { text += self.geometry(geometry) }
        return text + "</Placemark>\n"
    }

    private func balloon(_ feature: Feature) -> String {
        var html = "<table>"
        for (name, value) in feature.properties {
            if case .null = value { continue }
            html += "<tr><th align=\"left\">\(XMLText.escape(name))</th><td>\(XMLText.escape(KMLWriter.text(value)))</td></tr>"
        }
        return html + "</table>"
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

    static func text(_ value: JSONValue) -> String {
        switch value {
        case .null: ""
        case let .bool(b): b ? "true" : "false"
        case let .number(n): JSONText.number(n)
        case let .string(s): s
        default: JSONText.value(value)
        }
    }

    static func fits(_ value: JSONValue, _ type: String) -> Bool {
        switch (value, type) {
        case (.string, "string"), (.bool, "bool"): return true
        case let (.number(n), "int"): return n == n.rounded()
        case (.number, "double"): return true
        default: return false
        }
    }

    /// KML's TimeStamp takes xsd:gYear, gYearMonth, date and dateTime.
    static func isKMLDate(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard (1...3).contains(parts.count), parts[0].count == 4, parts.dropFirst().allSatisfy({ $0.count == 2 }) else { return false }
        return parts.allSatisfy { $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }
    }
}

/// Escapes text for XML content and attributes, dropping characters XML 1.0 forbids.
public enum XMLText {
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case _ where scalar.value < 0x20 && scalar != "\t" && scalar != "\n" && scalar != "\r": continue
            case _ where scalar.value == 0xFFFE || scalar.value == 0xFFFF: continue
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
