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

    /// Reads `LON,LAT` in degrees (spaces allowed around each number), checked for range, so a
    /// swapped pair beyond ±90 latitude is caught.
    /// - Throws: ``CoreError`` saying what is wrong with the text or the values.
    public init(parsing text: String) throws(CoreError) {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { String($0.filter { !$0.isWhitespace }) }
        guard parts.count == 2, let lon = Double(parts[0]), let lat = Double(parts[1]) else { throw .invalidCoordinateText(text) }
        try self.init(validatingLongitude: lon, latitude: lat)
    }

    /// Checks that the coordinate is finite and within the WGS84 ranges.
    /// - Throws: ``CoreError`` naming the offending value.
    public func validated() throws(CoreError) -> Coordinate {
        try Coordinate(validatingLongitude: longitude, latitude: latitude)
    }

    /// `lon,lat` in degrees.
    public var description: String { "\(longitude),\(latitude)" }
}
