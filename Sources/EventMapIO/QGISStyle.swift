import EventMapCore

/// QGIS layer styles (QML) for the `layer_styles` table of GeoPackages: points categorised by
/// `event_type` in EventMap's colours, other layers with one translucent symbol.
enum QGISStyle {
    static func qml(geometryType: String, byEventType: Bool) -> String {
        let kind = geometryType.contains("POINT") ? "marker" : geometryType.contains("LINE") ? "line" : geometryType.contains("POLYGON") ? "fill" : "marker"
        var renderer: String
        if byEventType && kind == "marker" {
            var categories = "", symbols = ""
            for (index, type) in EventStyle.types.enumerated() {
                categories += "<category render=\"true\" symbol=\"\(index)\" value=\"\(XMLText.escape(type.name))\" label=\"\(XMLText.escape(type.name))\"/>"
                symbols += symbol(name: String(index), kind: kind, rgb: type.rgb)
            }
            let other = EventStyle.types.count
            categories += "<category render=\"true\" symbol=\"\(other)\" value=\"\" label=\"Other\"/>"
            symbols += symbol(name: String(other), kind: kind, rgb: EventStyle.otherRGB)
            renderer =
                "<renderer-v2 type=\"categorizedSymbol\" attr=\"event_type\" forceraster=\"0\" symbollevels=\"0\" enableorderby=\"0\">"
                + "<categories>\(categories)</categories><symbols>\(symbols)</symbols></renderer-v2>"
        } else {
            renderer =
                "<renderer-v2 type=\"singleSymbol\" forceraster=\"0\" symbollevels=\"0\" enableorderby=\"0\"><symbols>"
                + symbol(name: "0", kind: kind, rgb: kind == "fill" ? 0xE69F00 : 0x0072B2) + "</symbols></renderer-v2>"
        }
        return "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n<qgis version=\"3.22.0\" styleCategories=\"Symbology\">\(renderer)</qgis>\n"
    }

    private static func symbol(name: String, kind: String, rgb: UInt32) -> String {
        let color = "\((rgb >> 16) & 0xFF),\((rgb >> 8) & 0xFF),\(rgb & 0xFF)"
        let layer: String
        switch kind {
        case "line":
            layer =
                "<layer class=\"SimpleLine\" enabled=\"1\" locked=\"0\" pass=\"0\"><Option type=\"Map\">"
                + option("line_color", "\(color),255") + option("line_width", "0.8") + option("line_width_unit", "MM") + "</Option></layer>"
        case "fill":
            layer =
                "<layer class=\"SimpleFill\" enabled=\"1\" locked=\"0\" pass=\"0\"><Option type=\"Map\">"
                + option("color", "\(color),90") + option("outline_color", "\(color),255") + option("outline_width", "0.5")
                + option("style", "solid") + "</Option></layer>"
        default:
            layer =
                "<layer class=\"SimpleMarker\" enabled=\"1\" locked=\"0\" pass=\"0\"><Option type=\"Map\">"
                + option("color", "\(color),255") + option("name", "circle") + option("size", "2.6") + option("size_unit", "MM")
                + option("outline_color", "255,255,255,255") + option("outline_width", "0.3") + "</Option></layer>"
        }
        return "<symbol type=\"\(kind)\" name=\"\(name)\" alpha=\"1\" clip_to_extent=\"1\" force_rhr=\"0\">\(layer)</symbol>"
    }

    private static func option(_ name: String, _ value: String) -> String {
        "<Option type=\"QString\" name=\"\(name)\" value=\"\(value)\"/>"
    }
}
