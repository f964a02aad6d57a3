internal import CGEOS
import EventMapCore

/// A geometry held by GEOS (an owned `GEOSGeometry*`), for planar operations.
///
/// Coordinates are whatever the caller put in: longitude/latitude degrees for data straight
/// from files, metres after a projection. GEOS computes in that plane; for metres on the
/// ellipsoid use ``Geodesic``. Not `Sendable`: it belongs to its ``GEOSContext``'s thread.
public final class NativeGeometry {
    /// The context that made the geometry; kept alive as long as the geometry is.
    public let context: GEOSContext
    /// The owned GEOS pointer; destroyed exactly once, in `deinit`.
    let pointer: OpaquePointer

    /// Takes ownership of `pointer`, which must have come from `context`.
    init(owning pointer: OpaquePointer, context: GEOSContext) {
        self.pointer = pointer
        self.context = context
    }

    deinit { GEOSGeom_destroy_r(context.handle, pointer) }

    /// Copies a core geometry into GEOS, moving coordinates in bulk
    /// (`GEOSCoordSeq_copyFromBuffer_r`, one call per ring or line).
    /// Coordinates may be degrees or projected units, so only finiteness is checked here;
    /// readers check longitude/latitude ranges.
    /// - Throws: ``GeometryError/invalidInput(_:)`` for NaN or infinite coordinates.
    public convenience init(_ geometry: Geometry, context: GEOSContext) throws(GeometryError) {
        try NativeGeometry.checkFinite(geometry)
        let pointer = try GEOSConversion.make(geometry, context: context)
        self.init(owning: pointer, context: context)
    }

    /// Copies the geometry back into a core value (`GEOSCoordSeq_copyToBuffer_r`).
    ///
    /// Empty GEOS geometries become empty multi-geometries of their kind
    /// (an empty polygon becomes `.multiPolygon([])`).
    public func geometry() throws(GeometryError) -> Geometry {
        try GEOSConversion.read(pointer, context: context)
    }

    /// The GEOS type name (`GEOSGeomType_r`), such as `Polygon`.
    public var typeName: String {
        guard let name = GEOSGeomType_r(context.handle, pointer) else { return "Unknown" }
        defer { GEOSFree_r(context.handle, name) }
        return String(cString: name)
    }

    /// True for a geometry with no points (`GEOSisEmpty_r`).
    public var isEmpty: Bool { GEOSisEmpty_r(context.handle, pointer) == 1 }

    /// The number of vertices (`GEOSGetNumCoordinates_r`).
    public var coordinateCount: Int { Int(GEOSGetNumCoordinates_r(context.handle, pointer)) }

    /// The extent in the geometry's own units (degrees or metres), or nil when empty
    /// (wraps `GEOSGeom_getExtent_r`).
    public func extent() throws(GeometryError) -> (minX: Double, minY: Double, maxX: Double, maxY: Double)? {
        guard !isEmpty else { return nil }
        var minX = 0.0, minY = 0.0, maxX = 0.0, maxY = 0.0
        // 1 on success, 0 on exception.
        guard GEOSGeom_getExtent_r(context.handle, pointer, &minX, &minY, &maxX, &maxY) == 1 else {
            throw .geos(operation: "extent", message: context.lastError())
        }
        return (minX, minY, maxX, maxY)
    }
}
