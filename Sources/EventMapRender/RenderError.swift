/// Why a map could not be drawn.
public enum RenderError: Error, Sendable, CustomStringConvertible, Equatable {
    /// Nothing to show: no events and no layers (or none in the box).
    case nothingToDraw
    /// The options do not make a map (a width too small, a box of zero size).
    case invalidOption(String)
    /// PROJ or GEOS failed; the message says which and why.
    case geometry(String)
    /// librsvg or cairo failed to make PNG or PDF; the message says which and why.
    case raster(String)

    public var description: String {
        switch self {
        case .nothingToDraw: "nothing to draw: no events with coordinates and no layers"
        case let .invalidOption(message): message
        case let .geometry(message): message
        case let .raster(message): message
        }
    }
}
