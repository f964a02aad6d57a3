internal import CGEOS
import EventMapCore

/// A geometry with GEOS's indexes built for repeated predicates
/// (an owned `GEOSPreparedGeometry*`).
///
/// Preparing is an explicit step that leaves the source geometry unchanged. GEOS builds some
/// indexes lazily inside prepared geometries, so this is not `Sendable`: prepare once per task.
public final class PreparedGeometry {
    /// The geometry this was prepared from; kept alive because GEOS refers to it.
    public let base: NativeGeometry
    /// Owned; freed by `GEOSPreparedGeom_destroy_r` before `base` is released.
    private let pointer: OpaquePointer

    /// Prepares `geometry` (wraps `GEOSPrepare_r`).
    public init(_ geometry: NativeGeometry) throws(GeometryError) {
        geometry.context.resetError()
        guard let pointer = GEOSPrepare_r(geometry.context.handle, geometry.pointer) else {
            throw .geos(operation: "prepare", message: geometry.context.lastError())
        }
        self.base = geometry
        self.pointer = pointer
    }

    deinit { GEOSPreparedGeom_destroy_r(base.context.handle, pointer) }

    private var handle: GEOSContextHandle_t { base.context.handle }

    /// Same answer as ``NativeGeometry/intersects(_:)``, faster (wraps `GEOSPreparedIntersects_r`).
    public func intersects(_ other: NativeGeometry) throws(GeometryError) -> Bool {
        try base.context.predicate(GEOSPreparedIntersects_r(handle, pointer, other.pointer), operation: "prepared intersects")
    }

    /// Same answer as ``NativeGeometry/contains(_:)`` (wraps `GEOSPreparedContains_r`).
    public func contains(_ other: NativeGeometry) throws(GeometryError) -> Bool {
        try base.context.predicate(GEOSPreparedContains_r(handle, pointer, other.pointer), operation: "prepared contains")
    }

    /// Same answer as ``NativeGeometry/covers(_:)`` (wraps `GEOSPreparedCovers_r`).
    public func covers(_ other: NativeGeometry) throws(GeometryError) -> Bool {
        try base.context.predicate(GEOSPreparedCovers_r(handle, pointer, other.pointer), operation: "prepared covers")
    }

    /// Same answer as ``NativeGeometry/within(_:)`` (wraps `GEOSPreparedWithin_r`).
    public func within(_ other: NativeGeometry) throws(GeometryError) -> Bool {
        try base.context.predicate(GEOSPreparedWithin_r(handle, pointer, other.pointer), operation: "prepared within")
    }

    /// Same answer as ``NativeGeometry/distance(to:)``, faster for many calls: the prepared
    /// geometry keeps an index of its segments (wraps `GEOSPreparedDistance_r`).
    public func distance(to other: NativeGeometry) throws(GeometryError) -> Double {
        var result = 0.0
        guard GEOSPreparedDistance_r(handle, pointer, other.pointer, &result) == 1 else {
            throw .geos(operation: "prepared distance", message: base.context.lastError())
        }
        return result
    }

    /// Tests many points at once: element i is true when the prepared geometry covers
    /// point i (boundary counts as inside). Coordinates are in the geometry's units.
    ///
    /// GEOS 3.11 has no `GEOSPreparedContainsXY_r`, so each point is a short-lived GEOS point
    /// made with `GEOSGeom_createPointFromXY_r` and destroyed at once.
    public func covers(points: [Coordinate]) throws(GeometryError) -> [Bool] {
        var result: [Bool] = []
        result.reserveCapacity(points.count)
        for c in points {
            guard let point = GEOSGeom_createPointFromXY_r(handle, c.longitude, c.latitude) else {
                throw .geos(operation: "create point", message: base.context.lastError())
            }
            let code = GEOSPreparedCovers_r(handle, pointer, point)
            GEOSGeom_destroy_r(handle, point)
            result.append(try base.context.predicate(code, operation: "prepared covers"))
        }
        return result
    }
}

@available(*, unavailable, message: "GEOS builds prepared indexes lazily; prepare once per task")
extension PreparedGeometry: Sendable {}
