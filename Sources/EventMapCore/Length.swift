/// A distance along the ground, held in metres.
///
/// Parses what users type on the command line: `30km`, `500m`, `12mi`, `2.5 km`;
/// a bare number means kilometres (DESIGN.md).
public struct Length: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The length in metres.
    public var metres: Double

    /// Creates a length from metres.
    public init(metres: Double) { self.metres = metres }
    /// Creates a length from kilometres.
    public init(kilometres: Double) { self.metres = kilometres * 1000 }

    /// The length in kilometres.
    public var kilometres: Double { metres / 1000 }

    /// Units accepted after the number, with their size in metres.
    public static let units: [(suffix: String, metres: Double)] = [
        ("km", 1000), ("m", 1), ("mi", 1609.344), ("nmi", 1852), ("ft", 0.3048),
    ]

    /// Parses a length with a unit (`30km`, `500m`, `12mi`, `1nmi`, `300ft`); a bare number is kilometres.
    /// - Throws: ``CoreError/invalidLength(_:)`` for text that is not a finite, non-negative length.
    public init(parsing text: String) throws(CoreError) {
        let trimmed = text.filter { !$0.isWhitespace }.lowercased()
        // The unit is the run of letters at the end; the rest must be a plain decimal number.
        let unitPart = String(trimmed.reversed().prefix { $0.isLetter }.reversed())
        let numberPart = trimmed.dropLast(unitPart.count)
        guard !numberPart.isEmpty, numberPart.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }) else {
            throw .invalidLength(text)
        }
        guard let value = Double(numberPart), value.isFinite, value >= 0 else { throw .invalidLength(text) }
        if unitPart.isEmpty {
            self.init(kilometres: value)
            return
        }
        guard let unit = Length.units.first(where: { $0.suffix == unitPart }) else { throw .invalidLength(text) }
        self.init(metres: value * unit.metres)
    }

    public static func < (lhs: Length, rhs: Length) -> Bool { lhs.metres < rhs.metres }

    /// Kilometres at 1 km and above, metres below (`30 km`, `500 m`).
    public var description: String {
        metres >= 1000 ? "\(formatted(kilometres)) km" : "\(formatted(metres)) m"
    }

    private func formatted(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}
