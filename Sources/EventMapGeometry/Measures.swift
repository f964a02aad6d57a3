import EventMapCore

/// What the command line asks of the geometry kernel, without naming its parts: the versions it
/// runs on, a distance between two points, and the size of a layer.
public enum GeometryKernel {
    /// The C libraries geometry runs on, for `--version`: `GEOS 3.12.1, PROJ 9.4.0`.
    public static var versions: String { "GEOS \(GEOSContext.version), PROJ \(CoordinateTransformer.version)" }
}

extension Coordinate {
    /// The shortest geodesic on the WGS84 ellipsoid from this point to `other` (Karney's
    /// algorithm): its length in metres and its azimuths at both ends in degrees from north.
    public func ellipsoidalDistance(to other: Coordinate) throws(GeometryError) -> Geodesic.Inverse {
        try Geodesic.inverse(from: self, to: other)
    }
}

/// The size of a set of geometries on the WGS84 ellipsoid.
public struct EllipsoidalSize: Sendable, Hashable {
    /// The length of every line (polygon rings not included), metres.
    public var lengthMetres = 0.0
    /// The area of every polygon, square metres.
    public var areaSquareMetres = 0.0

    /// Sums the sizes of `geometries`; a geometry that cannot be measured (a degenerate ring)
    /// counts as nothing.
    public init(of geometries: some Sequence<Geometry>) {
        for geometry in geometries {
            lengthMetres += (try? Geodesic.length(of: geometry)) ?? 0
            areaSquareMetres += (try? Geodesic.area(of: geometry)) ?? 0
        }
    }
}
