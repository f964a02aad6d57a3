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

extension Polygon {
    /// Twice the signed area of a ring in degree² (shoelace formula over longitude, latitude):
    /// positive when the ring runs counter-clockwise.
    public static func signedDoubleArea(_ ring: [Coordinate]) -> Double {
        var sum = 0.0
        for index in ring.indices.dropLast() {
            let a = ring[index], b = ring[index + 1]
            sum += (a.longitude * b.latitude) - (b.longitude * a.latitude)
        }
        return sum
    }

    /// The same polygon following RFC 7946's right-hand rule (§3.1.6): exterior ring
    /// counter-clockwise, holes clockwise.
    public func orientedByRightHandRule() -> Polygon {
        var rings = self.rings
        for index in rings.indices {
            let counterClockwise = Polygon.signedDoubleArea(rings[index]) > 0
            if counterClockwise != (index == 0) { rings[index].reverse() }
        }
        // Reversing keeps every ring closed and long enough: the invariants still hold.
        return (try? Polygon(rings: rings)) ?? self
    }
}
