/// A longitude/latitude rectangle in degrees: west, south, east, north (GeoJSON `bbox` order).
///
/// Boxes here do not cross the antimeridian: `minLongitude <= maxLongitude`.
public struct BoundingBox: Sendable, Hashable, CustomStringConvertible {
    /// Western edge, degrees east.
    public var minLongitude: Double
    /// Southern edge, degrees north.
    public var minLatitude: Double
    /// Eastern edge, degrees east.
    public var maxLongitude: Double
    /// Northern edge, degrees north.
    public var maxLatitude: Double

    /// Creates a box, checking that every value is finite, in range and ordered.
    /// - Throws: ``CoreError/invalidBoundingBox(_:)``.
    public init(minLongitude: Double, minLatitude: Double, maxLongitude: Double, maxLatitude: Double) throws(CoreError) {
        let values = [minLongitude, minLatitude, maxLongitude, maxLatitude]
        guard values.allSatisfy(\.isFinite) else { throw .invalidBoundingBox("values must be finite numbers") }
        guard (-90.0...90.0).contains(minLatitude), (-90.0...90.0).contains(maxLatitude) else {
            throw .invalidBoundingBox("latitudes must be within -90...90")
        }
        guard (-180.0...180.0).contains(minLongitude), (-180.0...180.0).contains(maxLongitude) else {
            throw .invalidBoundingBox("longitudes must be within -180...180")
        }
        guard minLongitude <= maxLongitude, minLatitude <= maxLatitude else {
            throw .invalidBoundingBox("minimum greater than maximum")
        }
        self.minLongitude = minLongitude
        self.minLatitude = minLatitude
        self.maxLongitude = maxLongitude
        self.maxLatitude = maxLatitude
    }

    /// The smallest box holding every coordinate, or nil for none.
    public init?<S: Sequence>(covering coordinates: S) where S.Element == Coordinate {
        var iterator = coordinates.makeIterator()
        guard let first = iterator.next() else { return nil }
        var box = BoundingBox(unchecked: first)
        while let next = iterator.next() { box.expand(toInclude: next) }
        self = box
    }

    /// Parses `MINLON,MINLAT,MAXLON,MAXLAT` (degrees), as GDAL's `--bbox` does.
    /// - Throws: ``CoreError/invalidBoundingBox(_:)``.
    public init(parsing text: String) throws(CoreError) {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: " ") }
        guard parts.count == 4 else { throw .invalidBoundingBox("'\(text)' has \(parts.count) values, not 4") }
        var numbers: [Double] = []
        for part in parts {
            guard let value = Double(part) else { throw .invalidBoundingBox("'\(part)' is not a number") }
            numbers.append(value)
        }
        try self.init(minLongitude: numbers[0], minLatitude: numbers[1], maxLongitude: numbers[2], maxLatitude: numbers[3])
    }

    private init(unchecked point: Coordinate) {
        minLongitude = point.longitude
        maxLongitude = point.longitude
        minLatitude = point.latitude
        maxLatitude = point.latitude
    }

    /// Grows the box to hold `coordinate`.
    public mutating func expand(toInclude coordinate: Coordinate) {
        minLongitude = Swift.min(minLongitude, coordinate.longitude)
        maxLongitude = Swift.max(maxLongitude, coordinate.longitude)
        minLatitude = Swift.min(minLatitude, coordinate.latitude)
        maxLatitude = Swift.max(maxLatitude, coordinate.latitude)
    }

    /// Grows the box to hold `other`.
    public mutating func expand(toInclude other: BoundingBox) {
        expand(toInclude: Coordinate(longitude: other.minLongitude, latitude: other.minLatitude))
        expand(toInclude: Coordinate(longitude: other.maxLongitude, latitude: other.maxLatitude))
    }

    /// True when `coordinate` lies inside or on the edge of the box.
    public func contains(_ coordinate: Coordinate) -> Bool {
        (minLongitude...maxLongitude).contains(coordinate.longitude)
            && (minLatitude...maxLatitude).contains(coordinate.latitude)
    }

    /// True when the two boxes share at least one point.
    public func intersects(_ other: BoundingBox) -> Bool {
        minLongitude <= other.maxLongitude && other.minLongitude <= maxLongitude
            && minLatitude <= other.maxLatitude && other.minLatitude <= maxLatitude
    }

    /// The centre of the box, in degrees.
    public var center: Coordinate {
        Coordinate(longitude: (minLongitude + maxLongitude) / 2, latitude: (minLatitude + maxLatitude) / 2)
    }

    /// `minLon,minLat,maxLon,maxLat` in degrees.
    public var description: String { "\(minLongitude),\(minLatitude),\(maxLongitude),\(maxLatitude)" }
}

extension Substring {
    fileprivate func trimmingCharacters(in set: Character) -> String {
        var slice = self[...]
        while slice.first == set { slice = slice.dropFirst() }
        while slice.last == set { slice = slice.dropLast() }
        return String(slice)
    }
}

extension BoundingBox {
    /// The box grown by `longitude` and `latitude` degrees on each side, clamped to the world.
    public func padded(longitude: Double, latitude: Double) -> BoundingBox {
        (try? BoundingBox(
            minLongitude: max(-180, minLongitude - longitude), minLatitude: max(-90, minLatitude - latitude),
            maxLongitude: min(180, maxLongitude + longitude), maxLatitude: min(90, maxLatitude + latitude))) ?? self
    }
}
