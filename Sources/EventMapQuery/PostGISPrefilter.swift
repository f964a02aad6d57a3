import EventMapCore
import EventMapIO

/// The part of a query a PostGIS database can answer without ever dropping a true answer: a
/// condition on the table's geography that keeps a superset of the events, so that only those
/// are sent; EventMap then settles every one of them exactly, as it does for a file.
///
/// Why a superset and not the answer: PostGIS's `ST_DWithin` on geography measures on a sphere
/// (or on the spheroid after picking the nearest point on the sphere) and near the Hatay salient
/// overestimates by up to 134 m at 10–50 km (docs/postgis.md); EventMap's distance is the exact
/// geodesic on the ellipsoid to geodesic edges.
public struct PostGISPrefilter: Sendable, Hashable {
    /// An SQL condition on `{g}`, the table's geography; `$1`, `$2`, ... are ``parameters``.
    public var sql: String
    public var parameters: [String]

    /// On a sphere of PostGIS's mean radius (6,371,008.8 m) a distance is at most this many
    /// times the ellipsoidal one: the least radius of curvature of WGS84 (the meridian's at the
    /// equator, 6,335,439 m) is 0.99441 of the sphere's radius, so the sphere can measure up to
    /// 1/0.99441 = 1.00562 times as long. Rounded up to 1.01.
    public static let sphereToEllipsoidRatio = 1.01
    /// Added to the margin for what the ratio does not cover: the sphere's great-circle edges
    /// against the reference's geodesic (or, for polygons, longitude/latitude) edges, which part
    /// by metres over the edges of the shipped layers. Generous: a larger margin only sends a few
    /// more candidates for EventMap to settle.
    public static let slackMetres = 1_000.0
    /// How far outside an `--inside` area (degrees, planar) a point is still sent: about a
    /// centimetre, far beyond the 15 significant digits the areas are sent with.
    public static let insideToleranceDegrees = 1e-7

    /// The prefilter for `plan`, or nil when nothing can be pushed down (`--beyond`, `--outside`
    /// and attribute filters keep events a spatial condition cannot bound).
    public static func from(_ plan: QueryPlan) -> PostGISPrefilter? {
        var conditions: [String] = []
        var parameters: [String] = []
        if let within = plan.within, !plan.reference.isEmpty {
            parameters.append("SRID=4326;" + WKTText.geometry(.geometryCollection(plan.reference), precision: 15))
            parameters.append(JSONText.number((within.metres * sphereToEllipsoidRatio + slackMetres).rounded(.up)))
            conditions.append("ST_DWithin({g}, ST_GeogFromText($\(parameters.count - 1)), $\(parameters.count)::float8, false)")
        }
        if !plan.inside.isEmpty {
            // Inside any of the areas, tested as EventMap tests it (planar, in longitude and
            // latitude): within ``insideToleranceDegrees`` of them, so that a point on an edge, or
            // one that the areas' text rounds to the other side, is still sent.
            let areas = plan.inside.flatMap(\.geometries)
            if !areas.isEmpty {
                parameters.append("SRID=4326;" + WKTText.geometry(.geometryCollection(areas), precision: 15))
                parameters.append(JSONText.number(insideToleranceDegrees))
                let n = parameters.count
                conditions.append("ST_DWithin({g}::geometry, ST_GeomFromEWKT($\(n - 1)), $\(n)::float8)")
            }
        }
        guard !conditions.isEmpty else { return nil }
        return PostGISPrefilter(sql: conditions.joined(separator: " AND "), parameters: parameters)
    }
}
