/// Colours, shapes and names for ACLED's six event types, shared by the KML and GeoPackage
/// writers and the SVG maps: the Okabe–Ito palette, which readers with colour-blindness tell
/// apart, and a distinct symbol shape per type so the map still reads in greyscale.
public enum EventStyle {
    /// ACLED's event types, in ACLED's order, with their colour as 0xRRGGBB.
    public static let types: [(name: String, rgb: UInt32)] = [
        ("Battles", 0xD55E00),
        ("Explosions/Remote violence", 0xE69F00),
        ("Violence against civilians", 0xCC79A7),
        ("Protests", 0x0072B2),
        ("Riots", 0x56B4E9),
        ("Strategic developments", 0x009E73),
    ]
    /// For features without a known event type.
    public static let otherRGB: UInt32 = 0x666666

    /// The colour of an event type (grey for anything else).
    public static func rgb(for type: String?) -> UInt32 {
        types.first { $0.name == type }?.rgb ?? otherRGB
    }

    /// `#RRGGBB` for a colour as 0xRRGGBB (CSS and SVG).
    public static func hex(_ rgb: UInt32) -> String {
        let digits = String(rgb & 0xFFFFFF, radix: 16, uppercase: true)
        return "#" + String(repeating: "0", count: 6 - digits.count) + digits
    }

    /// Symbol shapes, one per event type, so types differ by more than colour.
    public enum Shape: String, Sendable, CaseIterable {
        case circle, triangle, diamond, square, invertedTriangle, pentagon, hexagon
    }

    /// The shape of an event type: circle for battles, triangle for explosions, diamond for
    /// violence against civilians, square for protests, inverted triangle for riots, pentagon for
    /// strategic developments, a small hexagon for anything else.
    public static func shape(for type: String?) -> Shape {
        guard let index = types.firstIndex(where: { $0.name == type }) else { return .hexagon }
        return [Shape.circle, .triangle, .diamond, .square, .invertedTriangle, .pentagon][index]
    }

    /// A style id safe for XML: `battles`, `explosions-remote-violence`, `other`.
    public static func identifier(for type: String?) -> String {
        guard let type, let identifier = identifiers[type] else { return "other" }
        return identifier
    }

    /// Each type's style id, made once (KML asks for one per placemark).
    private static let identifiers: [String: String] = Dictionary(
        uniqueKeysWithValues: types.map { ($0.name, String($0.name.lowercased().map { $0.isLetter ? $0 : "-" })) })
}
