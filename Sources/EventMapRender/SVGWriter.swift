import EventMapCore

/// Builds SVG text deterministically: coordinates rounded to 0.1 px in one fixed format,
/// attributes in the order given, every text and attribute value escaped.
///
/// The same calls give the same bytes on every run and machine, which is what golden-file
/// tests and `diff` rely on.
struct SVGWriter {
    private(set) var text = ""

    init() { text.reserveCapacity(1 << 16) }

    /// Appends raw markup written by this module (never user text).
    mutating func raw(_ markup: String) { text += markup }

    /// `<name a="v" ...>` (or `.../>` when `close` is true).
    mutating func open(_ name: String, _ attributes: [(String, String)] = [], close: Bool = false) {
        text += "<" + name
        for (key, value) in attributes { text += " " + key + "=\"" + SVGWriter.escape(value) + "\"" }
        text += close ? "/>\n" : ">"
        if !close && name != "text" && name != "title" && name != "desc" && name != "tspan" { text += "\n" }
    }

    /// `</name>`.
    mutating func close(_ name: String) { text += "</" + name + ">\n" }

    /// An element with escaped text content.
    mutating func element(_ name: String, _ attributes: [(String, String)] = [], text content: String) {
        open(name, attributes)
        text += SVGWriter.escape(content)
        close(name)
    }

    /// Escapes `&`, `<`, `>`, `"` and `'`, and drops characters XML 1.0 forbids (``XMLText``), so
    /// any user text yields well-formed XML; tabs and line breaks become spaces (SVG text is one line).
    static func escape(_ value: String) -> String {
        guard value.unicodeScalars.contains(where: { $0 == "\t" || $0 == "\n" || $0 == "\r" }) else { return XMLText.escape(value) }
        var oneLine = String.UnicodeScalarView()
        for scalar in value.unicodeScalars { oneLine.append(scalar == "\t" || scalar == "\n" || scalar == "\r" ? " " : scalar) }
        return XMLText.escape(String(oneLine))
    }

    /// A number of pixels rounded to 0.1, without a trailing `.0`: `12`, `-3.5`, `0.1`.
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        let tenths = Int((value * 10).rounded())
        let sign = tenths < 0 ? "-" : ""
        let magnitude = abs(tenths)
        let whole = magnitude / 10, fraction = magnitude % 10
        return fraction == 0 ? sign + String(whole) : sign + String(whole) + "." + String(fraction)
    }

    /// `#RRGGBB` for a 0xRRGGBB colour.
    static func colour(_ rgb: UInt32) -> String {
        let digits = Array("0123456789ABCDEF")
        var out = "#"
        for shift in stride(from: 20, through: 0, by: -4) { out.append(digits[Int((rgb >> UInt32(shift)) & 0xF)]) }
        return out
    }

    /// Path data for rings or lines of pixel points: `M x y L x y ... Z`.
    static func path(_ parts: [[Point]], closed: Bool) -> String {
        var d = ""
        for part in parts where part.count >= 2 {
            d += "M" + number(part[0].x) + " " + number(part[0].y)
            var lastX = number(part[0].x), lastY = number(part[0].y)
            var first = true
            for p in part.dropFirst() {
                let x = number(p.x), y = number(p.y)
                if x == lastX && y == lastY { continue }  // rounding made it the same vertex
                d += (first ? "L" : " ") + x + " " + y
                first = false
                lastX = x
                lastY = y
            }
            if closed { d += "Z" }
        }
        return d
    }
}

/// A point in pixels: x to the right, y down from the SVG's top-left corner.
public struct Point: Sendable, Hashable {
    public var x: Double
    public var y: Double
    public init(x: Double, y: Double) { self.x = x; self.y = y }
}

/// An axis-aligned rectangle in pixels.
public struct Rect: Sendable, Hashable {
    public var x: Double
    public var y: Double
    public var width: Double
    public var height: Double
    public init(x: Double, y: Double, width: Double, height: Double) {
        self.x = x; self.y = y; self.width = width; self.height = height
    }
    public var maxX: Double { x + width }
    public var maxY: Double { y + height }
    public var center: Point { Point(x: x + width / 2, y: y + height / 2) }

    /// True when the two overlap by more than a touch.
    public func intersects(_ other: Rect) -> Bool {
        x < other.maxX && other.x < maxX && y < other.maxY && other.y < maxY
    }

    /// True when `other` lies wholly inside.
    public func contains(_ other: Rect) -> Bool {
        other.x >= x && other.maxX <= maxX && other.y >= y && other.maxY <= maxY
    }

    public func contains(_ p: Point) -> Bool { p.x >= x && p.x <= maxX && p.y >= y && p.y <= maxY }

    public func insetBy(_ d: Double) -> Rect { Rect(x: x + d, y: y + d, width: width - 2 * d, height: height - 2 * d) }
}
