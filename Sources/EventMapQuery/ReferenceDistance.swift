import EventMapCore
import EventMapGeometry

/// Exact geodesic distance from events to a reference layer, for `--within`, `--beyond` and
/// `--nearest`: the shortest geodesic on WGS84 from the event to the layer's lines and polygon
/// boundaries (edges are geodesics between vertices), and 0 inside a polygon.
///
/// Points far from the layer are settled by a cheap, conservative box test before any geodesic
/// is computed; every other answer is the exact distance. Not `Sendable` (it holds prepared GEOS
/// geometry): build one per task.
public final class ReferenceDistance {
    private let lines: GeodesicPolyline
    /// The polygons, each prepared on its own (overlapping zones are no valid MultiPolygon).
    private let areas: AreaTest?
    private let polygons: [Polygon]
    private let context: GEOSContext
    private let box: BoundingBox?
    /// The lines prepared for the distance given at start (``distanceIfWithin(_:of:)``), immutable
    /// so that asking it per point costs no reference counting or access checks.
    private let band: GeodesicBand?

    /// Prepares `reference` (longitude/latitude geometries), and when `within` (metres) is given,
    /// a grid that answers ``distanceIfWithin(_:of:)`` for that distance quickly (other distances
    /// are answered from the lines alone, as exactly).
    public init(reference: [Geometry], context: GEOSContext, within: Double? = nil) throws(GeometryError) {
        self.context = context
        lines = try GeodesicPolyline(.geometryCollection(reference))
        var polygons: [Polygon] = []
        var box: BoundingBox?
        for geometry in reference {
            switch geometry {
            case let .polygon(p): polygons.append(p)
            case let .multiPolygon(ps): polygons += ps
            default: break
            }
            if let b = geometry.boundingBox { if box == nil { box = b } else { box!.expand(toInclude: b) } }
        }
        self.box = box
        self.polygons = polygons
        areas = polygons.isEmpty ? nil : try AreaTest(layers: [AreaLayer(reference: "", geometries: polygons.map(Geometry.polygon))], context: context)
        let lines = self.lines
        band = within.map { GeodesicBand(lines: lines, limit: $0, box: box) }
    }

    /// The same reference for another thread: shares the prepared lines (and the grid), with its
    /// own GEOS state.
    public init(sharing other: ReferenceDistance, context: GEOSContext) throws(GeometryError) {
        self.context = context
        lines = other.lines
        box = other.box
        band = other.band
        polygons = other.polygons
        areas = polygons.isEmpty ? nil : try AreaTest(layers: [AreaLayer(reference: "", geometries: polygons.map(Geometry.polygon))], context: context)
    }

    /// The exact geodesic distance in metres from `point` to the reference (0 inside an area).
    public func distance(from point: Coordinate) throws(GeometryError) -> Double {
        if let areas, try areas.covers(point) { return 0 }
        return try lines.distance(from: point)
    }

    /// Whether `point` is within `metres` of the reference, and the exact distance when it might be.
    /// - Returns: nil when the point is certainly farther (no geodesic computed), else the distance.
    public func distanceIfWithin(_ metres: Double, of point: Coordinate) throws(GeometryError) -> Double? {
        if let box, !ReferenceDistance.mayBeWithin(metres, point, of: box) { return nil }
        if let areas, try areas.covers(point) { return 0 }
        guard let band, band.limit == metres else { return try lines.nearest(to: point, upTo: metres)?.distance }
        return try band.distance(to: point)
    }

    /// False only when every point of `box` is more than `metres` from `point`: one degree of
    /// latitude is at least 110,574 m and one degree of longitude at least 111,320 m × cos(latitude)
    /// at the latitude farthest from the equator in play, so the degree margins below are generous.
    public static func mayBeWithin(_ metres: Double, _ point: Coordinate, of box: BoundingBox) -> Bool {
        let latMargin = metres / 110_000 + 0.01
        guard point.latitude >= box.minLatitude - latMargin, point.latitude <= box.maxLatitude + latMargin else { return false }
        let farthest = min(89.0, max(abs(point.latitude), abs(box.minLatitude), abs(box.maxLatitude)) + latMargin)
        let lonMargin = metres / (111_000 * cos(farthest * .pi / 180)) + 0.01
        if box.maxLongitude - box.minLongitude + 2 * lonMargin >= 360 { return true }
        return point.longitude >= box.minLongitude - lonMargin && point.longitude <= box.maxLongitude + lonMargin
    }
}

/// The nearest feature of a layer (for example the nearest border crossing), with its distance.
public final class NearestFeature {
    private let members: [(name: String, distance: ReferenceDistance)]

    /// - Parameter features: (name, geometry) pairs, such as a layer's features and their `name` property.
    public init(features: [(name: String, geometry: Geometry)], context: GEOSContext) throws(GeometryError) {
        var members: [(String, ReferenceDistance)] = []
        for (name, geometry) in features { members.append((name, try ReferenceDistance(reference: [geometry], context: context))) }
        self.members = members
    }

    /// The nearest member's name and its exact geodesic distance in metres.
    public func nearest(to point: Coordinate) throws(GeometryError) -> (name: String, metres: Double)? {
        var best: (String, Double)?
        for (name, distance) in members {
            let d = try distance.distance(from: point)
            if best == nil || d < best!.1 { best = (name, d) }
        }
        return best
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
