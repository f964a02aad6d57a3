internal import CPROJ
import EventMapCore
import Foundation

/// Exact geodesics on the WGS84 ellipsoid, through Karney's algorithms in PROJ's `geodesic.h`.
///
/// Distances are in metres and azimuths in degrees clockwise from north. Results are accurate
/// to about 15 nanometres, far below anything a map needs. Every function checks its
/// coordinates first and throws ``GeometryError/invalidInput(_:)`` for NaN or out-of-range values.
public enum Geodesic {
    /// WGS84 semi-major axis, metres.
    public static let equatorialRadius = 6_378_137.0
    /// WGS84 flattening.
    public static let flattening = 1 / 298.257223563

    /// The ellipsoid, initialised once by `geod_init` and only read afterwards, which
    /// `geodesic.h` allows from any number of threads at once.
    nonisolated(unsafe) static let ellipsoid: UnsafeMutablePointer<geod_geodesic> = {
        let pointer = UnsafeMutablePointer<geod_geodesic>.allocate(capacity: 1)
        geod_init(pointer, equatorialRadius, flattening)
        return pointer
    }()

    /// The answer to the inverse problem between two points.
    public struct Inverse: Sendable, Hashable {
        /// Length of the shortest geodesic, metres.
        public var distance: Double
        /// Azimuth of the geodesic at the start, degrees clockwise from north.
        public var initialAzimuth: Double
        /// Azimuth of the geodesic at the end, degrees clockwise from north.
        public var finalAzimuth: Double
    }

    /// Solves the inverse problem (wraps `geod_inverse`).
    /// - Returns: the distance in metres and the azimuths in degrees.
    public static func inverse(from start: Coordinate, to end: Coordinate) throws(GeometryError) -> Inverse {
        try check(start)
        try check(end)
        return uncheckedInverse(start, end)
    }

    /// The geodesic distance between two points, in metres.
    public static func distance(from start: Coordinate, to end: Coordinate) throws(GeometryError) -> Double {
        try inverse(from: start, to: end).distance
    }

    /// Solves the direct problem: where a geodesic of `distance` metres leaving `start` at
    /// `azimuth` degrees ends (wraps `geod_direct`).
    /// - Returns: the end point and the azimuth there, in degrees.
    public static func destination(
        from start: Coordinate, azimuth: Double, distance: Double
    ) throws(GeometryError) -> (coordinate: Coordinate, finalAzimuth: Double) {
        try check(start)
        guard azimuth.isFinite, distance.isFinite else {
            throw .invalidInput(.nonFiniteCoordinate(longitude: azimuth, latitude: distance))
        }
        var lat = 0.0, lon = 0.0, azi = 0.0
        geod_direct(ellipsoid, start.latitude, start.longitude, azimuth, distance, &lat, &lon, &azi)
        return (Coordinate(longitude: lon, latitude: lat), azi)
    }

    /// The length of a path whose edges are geodesics between consecutive vertices, in metres.
    public static func length(of coordinates: [Coordinate]) throws(GeometryError) -> Double {
        for c in coordinates { try check(c) }
        var total = 0.0
        for index in coordinates.indices.dropFirst() {
            total += uncheckedInverse(coordinates[index - 1], coordinates[index]).distance
        }
        return total
    }

    /// The area of a polygon on the ellipsoid in square metres: the exterior ring less the holes,
    /// edges being geodesics (wraps `geod_polygonarea`). Ring orientation does not matter.
    public static func area(of polygon: Polygon) throws(GeometryError) -> Double {
        var total = 0.0
        for (index, ring) in polygon.rings.enumerated() {
            for c in ring { try check(c) }
            var lats = ring.map(\.latitude)
            var lons = ring.map(\.longitude)
            var area = 0.0, perimeter = 0.0
            geod_polygonarea(ellipsoid, &lats, &lons, Int32(ring.count), &area, &perimeter)
            total += index == 0 ? abs(area) : -abs(area)
        }
        return total
    }

    /// The shortest geodesic distance from `point` to the geodesic segment from `start` to `end`.
    ///
    /// Found by iterating along the segment (`geod_inverseline`, `geod_position`) to the foot
    /// of the perpendicular geodesic; converges to well under a millimetre in a few steps for
    /// points within a quarter of the Earth's circumference.
    public static func nearest(
        to point: Coordinate, onSegmentFrom start: Coordinate, to end: Coordinate
    ) throws(GeometryError) -> NearestPoint {
        try check(point)
        try check(start)
        try check(end)
        return uncheckedNearest(point, start, end, segmentIndex: 0)
    }

    // MARK: Internals shared with GeodesicPolyline

    static func check(_ c: Coordinate) throws(GeometryError) {
        do { _ = try c.validated() } catch { throw .invalidInput(error) }
    }

    static func uncheckedInverse(_ a: Coordinate, _ b: Coordinate) -> Inverse {
        var s12 = 0.0, azi1 = 0.0, azi2 = 0.0
        geod_inverse(ellipsoid, a.latitude, a.longitude, b.latitude, b.longitude, &s12, &azi1, &azi2)
        return Inverse(distance: s12, initialAzimuth: azi1, finalAzimuth: azi2)
    }

    static func uncheckedNearest(_ p: Coordinate, _ a: Coordinate, _ b: Coordinate, segmentIndex: Int) -> NearestPoint {
        uncheckedNearest(p, on: SegmentLine(a, b), segmentIndex: segmentIndex)
    }

    /// A segment's geodesic, solved once (`geod_inverseline`) so that many points can be measured
    /// to it. A class, so that the solved line (some 500 bytes) is never copied.
    final class SegmentLine: @unchecked Sendable {
        let start: Coordinate
        let end: Coordinate
        /// The segment's length, metres.
        let length: Double
        /// Azimuth of the geodesic at the start, degrees.
        let startAzimuth: Double
        private let line: UnsafeMutablePointer<geod_geodesicline>

        init(_ a: Coordinate, _ b: Coordinate) {
            start = a
            end = b
            line = .allocate(capacity: 1)
            // caps 0 = latitude, longitude, azimuth and distance: what geod_position needs here.
            geod_inverseline(line, Geodesic.ellipsoid, a.latitude, a.longitude, b.latitude, b.longitude, 0)
            length = line.pointee.s13
            startAzimuth = line.pointee.azi1
        }

        deinit { line.deallocate() }

        /// The point `distance` metres along the geodesic and the azimuth there, degrees.
        func position(_ distance: Double) -> (coordinate: Coordinate, azimuth: Double) {
            var lat = 0.0, lon = 0.0, azi = 0.0
            geod_position(line, distance, &lat, &lon, &azi)
            return (Coordinate(longitude: lon, latitude: lat), azi)
        }
    }

    static func uncheckedNearest(_ p: Coordinate, on segment: SegmentLine, segmentIndex: Int) -> NearestPoint {
        let a = segment.start
        let toStart = uncheckedInverse(a, p)
        var best = NearestPoint(distance: toStart.distance, coordinate: a, segmentIndex: segmentIndex, fraction: 0)
        let length = segment.length
        guard length > 1e-9 else { return best }
        // Within a quarter meridian of p the distance along the segment has a single minimum,
        // and when the foot lies beyond the end the search below is clamped to the end and
        // measures it there. Only farther away (every point of the segment is within
        // toStart + length, by the triangle inequality) can the end be a second, separate minimum.
        if toStart.distance + length > 9_000_000 {
            let toEnd = uncheckedInverse(segment.end, p)
            if toEnd.distance < best.distance {
                best = NearestPoint(distance: toEnd.distance, coordinate: segment.end, segmentIndex: segmentIndex, fraction: 1)
            }
        }
        // Start from the along-track estimate at `a`, then move along the segment by the
        // spherical along-track distance of the foot of the perpendicular, seen from the
        // current point. On a sphere one step is exact; on the ellipsoid each step shrinks
        // the error by a factor of about the flattening.
        let meanRadius = 6_371_008.8
        var s = alongTrack(distance: toStart.distance, angle: toStart.initialAzimuth - segment.startAzimuth, radius: meanRadius)
        s = min(max(s, 0), length)
        for _ in 0..<30 {
            let (here, azi) = segment.position(s)
            let toPoint = uncheckedInverse(here, p)
            if toPoint.distance < best.distance {
                best = NearestPoint(distance: toPoint.distance, coordinate: here, segmentIndex: segmentIndex, fraction: s / length)
            }
            let step = alongTrack(distance: toPoint.distance, angle: toPoint.initialAzimuth - azi, radius: meanRadius)
            let next = min(max(s + step, 0), length)
            if abs(next - s) < 1e-5 { break }
            s = next
        }
        return best
    }

    /// Signed distance along a great circle from a point to the foot of the perpendicular from
    /// a target `distance` metres away at `angle` degrees from the circle's direction.
    static func alongTrack(distance: Double, angle: Double, radius: Double) -> Double {
        let delta = distance / radius
        let theta = angle * .pi / 180
        return radius * atan2(sin(delta) * cos(theta), cos(delta))
    }
}

/// The point of a line nearest to a query point.
public struct NearestPoint: Sendable, Hashable {
    /// Geodesic distance from the query point, metres.
    public var distance: Double
    /// The nearest point on the line (longitude, latitude).
    public var coordinate: Coordinate
    /// Which segment (edge) holds it: 0 is the edge from vertex 0 to vertex 1.
    public var segmentIndex: Int
    /// How far along that edge, 0 at its start and 1 at its end.
    public var fraction: Double
}

extension Geodesic {
    /// The geodesic length of every line in `geometry` (rings count as lines), metres.
    public static func length(of geometry: Geometry) throws(GeometryError) -> Double {
        switch geometry {
        case let .lineString(line): return try length(of: line.coordinates)
        case let .multiLineString(lines):
            var total = 0.0
            for line in lines { total += try length(of: line.coordinates) }
            return total
        case let .geometryCollection(members):
            var total = 0.0
            for member in members { total += try length(of: member) }
            return total
        default: return 0
        }
    }

    /// The area of every polygon in `geometry` on the ellipsoid, square metres.
    public static func area(of geometry: Geometry) throws(GeometryError) -> Double {
        switch geometry {
        case let .polygon(polygon): return try area(of: polygon)
        case let .multiPolygon(polygons):
            var total = 0.0
            for polygon in polygons { total += try area(of: polygon) }
            return total
        case let .geometryCollection(members):
            var total = 0.0
            for member in members { total += try area(of: member) }
            return total
        default: return 0
        }
    }
}
