import EventMapCore

/// QGIS layer styles (QML) for the `layer_styles` table of GeoPackages: points categorised by
/// `event_type` in EventMap's colours, areas graduated by a classed field when asked, other
/// layers with one translucent symbol.
enum QGISStyle {
    static func qml(geometryType: String, byEventType: Bool, graduated: GraduatedStyle? = nil) -> String {
        let kind = geometryType.contains("POINT") ? "marker" : geometryType.contains("LINE") ? "line" : geometryType.contains("POLYGON") ? "fill" : "marker"
        var renderer: String
        if let graduated, kind == "fill", !graduated.breaks.upperBounds.isEmpty {
            // QGIS's graduated renderer: one range per class, (lower, upper], in the ramp's colours.
            var ranges = "", symbols = ""
            for (index, range) in graduated.breaks.ranges.enumerated() {
                ranges +=
                    "<range render=\"true\" symbol=\"\(index)\" lower=\"\(JSONText.number(range.lower))\" upper=\"\(JSONText.number(range.upper))\" label=\"\(XMLText.escape(graduated.label(index)))\"/>"
                symbols += symbol(name: String(index), kind: kind, rgb: graduated.colors[index], opaque: true)
            }
            let mode = graduated.breaks.method == .jenks ? "jenks" : "quantile"
            renderer =
                "<renderer-v2 type=\"graduatedSymbol\" attr=\"\(XMLText.escape(graduated.field))\" graduatedMethod=\"GraduatedColor\" forceraster=\"0\" symbollevels=\"0\" enableorderby=\"0\">"
                + "<ranges>\(ranges)</ranges><symbols>\(symbols)</symbols><mode name=\"\(mode)\"/></renderer-v2>"
        } else if byEventType && kind == "marker" {
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

    /// - Parameter opaque: a fill drawn solid with a thin grey outline (a choropleth's class),
    ///   instead of translucent with an outline in its colour.
    private static func symbol(name: String, kind: String, rgb: UInt32, opaque: Bool = false) -> String {
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
                + option("color", "\(color),\(opaque ? 255 : 90)") + option("outline_color", opaque ? "110,110,110,255" : "\(color),255")
                + option("outline_width", opaque ? "0.2" : "0.5")
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
