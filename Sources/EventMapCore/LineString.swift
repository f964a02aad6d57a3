/// A line through two or more positions (RFC 7946 §3.1.4), longitude/latitude in degrees.
public struct LineString: Sendable, Hashable {
    /// The vertices in order.
    public let coordinates: [Coordinate]

    /// Creates a line string.
    /// - Throws: ``CoreError/tooFewPositions(kind:count:minimum:)`` for fewer than two positions.
    public init(_ coordinates: [Coordinate]) throws(CoreError) {
        guard coordinates.count >= 2 else {
            throw .tooFewPositions(kind: "LineString", count: coordinates.count, minimum: 2)
        }
        self.coordinates = coordinates
    }
}
