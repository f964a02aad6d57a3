/// Errors raised when a core value would break its invariants.
///
/// Each message says what was wrong and what a valid value looks like.
public enum CoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A coordinate was NaN or infinite.
    case nonFiniteCoordinate(longitude: Double, latitude: Double)
    /// A latitude outside -90...90 degrees.
    case latitudeOutOfRange(Double)
    /// A longitude outside -180...180 degrees.
    case longitudeOutOfRange(Double)
    /// A line string with fewer than two positions.
    case tooFewPositions(kind: String, count: Int, minimum: Int)
    /// A polygon ring whose first and last positions differ.
    case unclosedRing(first: Coordinate, last: Coordinate)
    /// A bounding box whose minimum exceeds its maximum, or with a bad value.
    case invalidBoundingBox(String)
    /// A length such as `30km` that could not be read.
    case invalidLength(String)
    /// A point written as text that is not two numbers `LON,LAT`.
    case invalidCoordinateText(String)

    public var description: String {
        switch self {
        case let .nonFiniteCoordinate(lon, lat):
            return "coordinate (\(lon), \(lat)) is not a finite number; expected longitude, latitude in degrees"
        case let .latitudeOutOfRange(lat):
            return "latitude \(lat) is outside -90...90 degrees (are longitude and latitude swapped?)"
        case let .longitudeOutOfRange(lon):
            return "longitude \(lon) is outside -180...180 degrees"
        case let .tooFewPositions(kind, count, minimum):
            return "a \(kind) needs at least \(minimum) positions, got \(count)"
        case let .unclosedRing(first, last):
            return "polygon ring is not closed: it starts at \(first) and ends at \(last); repeat the first position at the end"
        case let .invalidBoundingBox(text):
            return "invalid bounding box: \(text); expected MINLON,MINLAT,MAXLON,MAXLAT in degrees"
        case let .invalidCoordinateText(text):
            return "'\(text)' is not LON,LAT (two numbers in degrees, longitude first)"
        case let .invalidLength(text):
            return "invalid length '\(text)'; expected a number with a unit such as 30km, 500m or 12mi (a bare number means kilometres)"
        }
    }
}
