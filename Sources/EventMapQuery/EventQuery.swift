import EventMapCore
import EventMapGeometry

/// What `eventmap query` asks, built once from the parsed options: the attribute filters, the
/// reference distance, the areas, and whether the areas count only while in force.
public struct QueryPlan: Sendable {
    public var filter = EventFilter()
    /// Keep events at most / more than this far from ``reference`` (one of the two, or neither).
    public var within: Length?
    public var beyond: Length?
    /// The union of the `--of` layers (longitude/latitude geometries).
    public var reference: [Geometry] = []
    /// Keep events inside any of these layers.
    public var inside: [AreaLayer] = []
    /// Keep events outside all of these layers.
    public var outside: [AreaLayer] = []
    /// The areas count only on the days their layer was in force (`--while-in-force`).
    public var whileInForce = false
    /// Add `nearest_name` and `nearest_km`: the nearest of these named features.
    public var nearest: [(name: String, geometry: Geometry)]?

    public init() {}

    /// True when the plan needs events' dates beyond the attribute filters.
    public var needsDates: Bool { filter.filtersDates || whileInForce }

    /// True when only geometry decides (the CSV pass-through can answer it).
    public var isSpatialOnly: Bool {
        !filter.filtersDates && filter.types.isEmpty && filter.actors.isEmpty && filter.maxGeoPrecision == nil
            && !whileInForce && nearest == nil
    }

    /// Words for the summary line: "inside zone:peace-spring (2019-10-09 to 2019-10-22) while in force".
    public var areaRule: String? {
        var parts: [String] = []
        if !inside.isEmpty { parts.append("inside " + inside.map { whileInForce ? $0.summary : $0.reference }.joined(separator: " or ")) }
        if !outside.isEmpty { parts.append("outside " + outside.map { whileInForce ? $0.summary : $0.reference }.joined(separator: " and ")) }
        guard !parts.isEmpty else { return nil }
        return parts.joined(separator: ", ") + (whileInForce ? " while in force" : "")
    }
}

/// Runs a ``QueryPlan`` on features, one at a time, with its own GEOS state. Not `Sendable`:
/// build one per task.
public final class EventQuery {
    public let plan: QueryPlan
    private let distance: ReferenceDistance?
    private let inside: AreaTest?
    private let outside: AreaTest?
    private let nearest: NearestFeature?

    /// Prepares the plan's references and areas.
    /// - Throws: ``GeometryError`` when GEOS cannot build them.
    public init(plan: QueryPlan, context: GEOSContext) throws(GeometryError) {
        self.plan = plan
        if plan.within != nil || plan.beyond != nil {
            let distance = try ReferenceDistance(reference: plan.reference, context: context, within: plan.within?.metres)
            self.distance = distance
        } else {
            distance = nil
        }
        inside = plan.inside.isEmpty ? nil : try AreaTest(layers: plan.inside, context: context)
        outside = plan.outside.isEmpty ? nil : try AreaTest(layers: plan.outside, context: context)
        if let features = plan.nearest { nearest = try NearestFeature(features: features, context: context) } else { nearest = nil }
    }

    /// Prepares the plan with a GEOS context of its own.
    public convenience init(plan: QueryPlan) throws(GeometryError) {
        try self.init(plan: plan, context: GEOSContext())
    }

    /// Tests `feature`; when it is kept, adds `distance_km` (with --within/--beyond) and
    /// `nearest_name`/`nearest_km` (with a nearest layer).
    public func apply(_ feature: inout Feature) throws(GeometryError) -> EventFilter.Outcome {
        guard let geometry = feature.geometry else { return .leftOut }
        let outcome = plan.filter.outcome(feature)
        guard outcome == .kept else { return outcome }
        var days: DayPeriod?
        if plan.whileInForce {
            guard let known = EventFilter.days(of: feature) else { return .undated }
            days = known
        }
        let point = EventQuery.representativePoint(geometry)
        if let distance {
            if let within = plan.within {
                guard let d = try distance.distanceIfWithin(within.metres, of: point) else { return .leftOut }
                feature.properties["distance_km"] = .number(EventQuery.kilometres(d))
            } else if let beyond = plan.beyond {
                let d = try distance.distance(from: point)
                guard d > beyond.metres else { return .leftOut }
                feature.properties["distance_km"] = .number(EventQuery.kilometres(d))
            }
        }
        if let inside, try !inside.covers(point, during: days) { return .leftOut }
        if let outside, try outside.covers(point, during: days) { return .leftOut }
        if let nearest, let found = try nearest.nearest(to: point) {
            feature.properties["nearest_name"] = .string(found.name)
            feature.properties["nearest_km"] = .number(EventQuery.kilometres(found.metres))
        }
        return .kept
    }

    /// Metres as kilometres rounded to the millimetre.
    public static func kilometres(_ metres: Double) -> Double { (metres / 1000 * 1e6).rounded() / 1e6 }

    /// The point a feature is tested at: the point itself, or the first vertex of other shapes.
    public static func representativePoint(_ geometry: Geometry) -> Coordinate {
        if case let .point(c) = geometry { return c }
        var first: Coordinate?
        geometry.forEachCoordinate { if first == nil { first = $0 } }
        return first ?? Coordinate(longitude: 0, latitude: 0)
    }
}
