import EventMapCore
import EventMapGeometry

/// Events counted by the area they lie in: one ``Count`` per polygon feature of a layer (a
/// governorate, a district, a zone), and one for the events outside every area. An event on a
/// boundary shared by two areas is counted once, in the first of them in the layer's order; the
/// counts of all areas and of the outside row add up to the located events. The engine of
/// `eventmap aggregate --by LAYER` (issue 22), exact by GEOS's covers on each prepared polygon.
/// Not `Sendable` (it holds prepared GEOS geometry): build one per task.
public final class AreaTally {
    /// What one area (or the outside row) holds.
    public struct Count: Sendable {
        /// The area's name (the outside row's is given by the caller).
        public var name: String
        /// The area's polygon or multipolygon (longitude, latitude); nil for the outside row.
        public var geometry: Geometry?
        /// The area on the WGS84 ellipsoid, square kilometres; nil for the outside row.
        public var areaKm2: Double?
        /// The people living there, from the layer's population field; nil when it has none.
        public var population: Double?
        public var events = 0
        /// The sum of the events' fatalities (an event without a figure adds none).
        public var fatalities = 0
        /// Events per event type name ("Battles": 12).
        public var byType: [String: Int] = [:]
        /// The earliest and latest day any of the events may have happened on.
        public var firstDay: DayNumber?
        public var lastDay: DayNumber?
        /// Events whose date could not be read (counted, not dated).
        public var undated = 0

        /// Events per 100,000 people; nil without a population (or a population of 0).
        public var eventsPer100kPeople: Double? {
            guard let population, population > 0 else { return nil }
            return Double(events) / population * 100_000
        }

        /// Events per 1,000 km² of the area; nil for the outside row or an area of no extent.
        public var eventsPer1000Km2: Double? {
            guard let areaKm2, areaKm2 > 0 else { return nil }
            return Double(events) / areaKm2 * 1000
        }
    }

    private struct Piece {
        let box: BoundingBox
        let prepared: PreparedGeometry
        let area: Int
    }
    private let pieces: [Piece]
    private let context: GEOSContext
    /// The areas in the layer's order.
    public private(set) var areas: [Count]
    /// The events outside every area.
    public private(set) var outside: Count
    /// Events without a point (no coordinate to place): counted here, in no area.
    public private(set) var unlocated = 0

    /// Prepares each area's polygons; areas without a polygon (lines, points) are left out.
    /// - Parameters:
    ///   - areas: names, geometries (longitude, latitude) and populations (nil where unknown), in
    ///     the order ties go to.
    ///   - outsideName: the name of the row of events outside every area.
    /// - Throws: ``GeometryError`` when GEOS cannot build a polygon or the ellipsoidal area fails.
    public init(areas: [(name: String, geometry: Geometry, population: Double?)], outsideName: String, context: GEOSContext) throws(GeometryError) {
        self.context = context
        var counts: [Count] = []
        var pieces: [Piece] = []
        for (name, geometry, population) in areas {
            let polygons: [Polygon]
            switch geometry {
            case let .polygon(p): polygons = [p]
            case let .multiPolygon(ps): polygons = ps
            default: polygons = []
            }
            guard !polygons.isEmpty else { continue }
            let index = counts.count
            counts.append(Count(name: name, geometry: geometry, areaKm2: try Geodesic.area(of: geometry) / 1_000_000, population: population))
            for polygon in polygons {
                guard let box = Geometry.polygon(polygon).boundingBox else { continue }
                pieces.append(Piece(box: box, prepared: try PreparedGeometry(NativeGeometry(.polygon(polygon), context: context)), area: index))
            }
        }
        self.areas = counts
        self.pieces = pieces
        self.outside = Count(name: outsideName)
    }

    /// The index in ``areas`` of the first area whose polygon covers `point` (a boundary counts
    /// as inside), or nil.
    public func area(of point: Coordinate) throws(GeometryError) -> Int? {
        var native: NativeGeometry?
        var best: Int?
        for piece in pieces where piece.box.contains(point) && piece.area < (best ?? Int.max) {
            if native == nil { native = try NativeGeometry(.point(point), context: context) }
            if try piece.prepared.covers(native!) { best = piece.area }
        }
        return best
    }

    /// Counts `event` in its area, or in the outside row; an event without a point in ``unlocated``.
    public func add(_ event: Event) throws(GeometryError) {
        guard let point = event.coordinate else {
            unlocated += 1
            return
        }
        if let index = try area(of: point) {
            Self.count(event, into: &areas[index])
        } else {
            Self.count(event, into: &outside)
        }
    }

    private static func count(_ event: Event, into count: inout Count) {
        count.events += 1
        count.fatalities += max(0, event.fatalities ?? 0)
        if let type = event.eventType { count.byType[type.name, default: 0] += 1 }
        if let period = event.date?.period {
            count.firstDay = min(count.firstDay ?? period.first, period.first)
            count.lastDay = max(count.lastDay ?? period.last, period.last)
        } else {
            count.undated += 1
        }
    }
}
