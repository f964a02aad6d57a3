/// A polygon (RFC 7946 §3.1.6): an exterior ring and optional holes.
///
/// Every ring is closed (first position repeated last) and has at least four positions.
/// Orientation is not enforced here; writers apply the right-hand rule.
public struct Polygon: Sendable, Hashable {
    /// The rings, exterior first, then holes.
    public let rings: [[Coordinate]]

    /// Creates a polygon from closed rings.
    /// - Throws: ``CoreError/unclosedRing(first:last:)`` or ``CoreError/tooFewPositions(kind:count:minimum:)``.
    public init(rings: [[Coordinate]]) throws(CoreError) {
        guard !rings.isEmpty else { throw .tooFewPositions(kind: "Polygon ring", count: 0, minimum: 4) }
        for ring in rings {
            guard ring.count >= 4 else { throw .tooFewPositions(kind: "Polygon ring", count: ring.count, minimum: 4) }
            guard let first = ring.first, let last = ring.last, first == last else {
                throw .unclosedRing(first: ring[0], last: ring[ring.count - 1])
            }
        }
        self.rings = rings
    }

    /// The exterior ring.
    public var exterior: [Coordinate] { rings[0] }
    /// The holes.
    public var holes: ArraySlice<[Coordinate]> { rings.dropFirst() }
}
