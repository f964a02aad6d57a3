import EventMapCore

/// Errors from GEOS, PROJ and the geodesic routines, with messages a user can act on.
public enum GeometryError: Error, Sendable, Equatable, CustomStringConvertible {
    /// WKT text that GEOS could not parse; `message` is GEOS's own explanation.
    case malformedWKT(message: String)
    /// WKB bytes that GEOS could not parse.
    case malformedWKB(message: String)
    /// A GEOS operation failed (GEOS raised an exception); `message` is GEOS's explanation.
    case geos(operation: String, message: String)
    /// A GEOS result that EventMap's geometry model cannot hold.
    case unsupportedGeometry(String)
    /// An invalid coordinate or shape, caught before it reached GEOS or PROJ.
    case invalidInput(CoreError)
    /// PROJ could not build a transformation between the two CRSs.
    case unknownCRS(source: String, target: String, message: String)
    /// PROJ failed to transform a single coordinate.
    case transformFailed(index: Int, coordinate: Coordinate, message: String)

    public var description: String {
        switch self {
        case let .malformedWKT(message): "malformed WKT: \(message)"
        case let .malformedWKB(message): "malformed WKB: \(message)"
        case let .geos(operation, message): "GEOS \(operation) failed: \(message)"
        case let .unsupportedGeometry(text): "unsupported geometry: \(text)"
        case let .invalidInput(error): error.description
        case let .unknownCRS(source, target, message):
            "cannot transform from '\(source)' to '\(target)': \(message) (use an EPSG code such as EPSG:4326 or a PROJ string)"
        case let .transformFailed(index, coordinate, message):
            "coordinate #\(index) (\(coordinate)) could not be transformed: \(message)"
        }
    }
}
