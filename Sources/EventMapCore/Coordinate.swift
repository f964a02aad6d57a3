/// A position on the WGS84 ellipsoid, in degrees, longitude first (GeoJSON order).
public struct Coordinate: Sendable, Hashable, CustomStringConvertible {
    /// Longitude in degrees east, -180...180.
    public var longitude: Double
    /// Latitude in degrees north, -90...90.
    public var latitude: Double

    /// Creates a coordinate without checking its range.
    ///
    /// Use this for values that are known to be valid (computed, or already checked);
    /// use ``init(validatingLongitude:latitude:)`` for input from users and files.
    /// - Parameters:
    ///   - longitude: degrees east.
    ///   - latitude: degrees north.
    public init(longitude: Double, latitude: Double) {
        self.longitude = longitude
        self.latitude = latitude
    }

    /// Creates a coordinate, rejecting NaN, infinities and out-of-range values.
    /// - Parameters:
    ///   - longitude: degrees east, -180...180.
    ///   - latitude: degrees north, -90...90.
    /// - Throws: ``CoreError`` naming the offending value.
    public init(validatingLongitude longitude: Double, latitude: Double) throws(CoreError) {
        guard longitude.isFinite, latitude.isFinite else {
            throw .nonFiniteCoordinate(longitude: longitude, latitude: latitude)
        }
        guard (-90.0...90.0).contains(latitude) else { throw .latitudeOutOfRange(latitude) }
        guard (-180.0...180.0).contains(longitude) else { throw .longitudeOutOfRange(longitude) }
        self.init(longitude: longitude, latitude: latitude)
    }

    /// Checks that the coordinate is finite and within the WGS84 ranges.
    /// - Throws: ``CoreError`` naming the offending value.
    public func validated() throws(CoreError) -> Coordinate {
        try Coordinate(validatingLongitude: longitude, latitude: latitude)
    }

    /// `lon,lat` in degrees.
    public var description: String { "\(longitude),\(latitude)" }
}
