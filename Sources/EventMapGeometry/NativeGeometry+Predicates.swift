internal import CGEOS
import EventMapCore

/// Spatial predicates. GEOS returns 1 for true, 0 for false and 2 for an exception,
/// which becomes a thrown ``GeometryError``.
extension NativeGeometry {
    /// True when the geometries share at least one point (wraps `GEOSIntersects_r`).
    public func intersects(_ other: NativeGeometry) throws(GeometryError) -> Bool {
        try context.predicate(GEOSIntersects_r(context.handle, pointer, other.pointer), operation: "intersects")
    }

    /// True when `other` lies in this geometry's interior or boundary, touching the
    /// interior (wraps `GEOSContains_r`). A point on the boundary is not contained: see ``covers(_:)``.
    public func contains(_ other: NativeGeometry) throws(GeometryError) -> Bool {
        try context.predicate(GEOSContains_r(context.handle, pointer, other.pointer), operation: "contains")
    }

    /// True when this geometry lies within `other` (wraps `GEOSWithin_r`).
    public func within(_ other: NativeGeometry) throws(GeometryError) -> Bool {
        try context.predicate(GEOSWithin_r(context.handle, pointer, other.pointer), operation: "within")
    }

    /// True when no point of `other` lies outside this geometry; boundary counts as inside
    /// (wraps `GEOSCovers_r`).
    public func covers(_ other: NativeGeometry) throws(GeometryError) -> Bool {
        try context.predicate(GEOSCovers_r(context.handle, pointer, other.pointer), operation: "covers")
    }

    /// True when the geometries have the same point set (wraps `GEOSEquals_r`).
    public func topologicallyEquals(_ other: NativeGeometry) throws(GeometryError) -> Bool {
        try context.predicate(GEOSEquals_r(context.handle, pointer, other.pointer), operation: "equals")
    }

    /// True when the geometry is valid in the OGC sense (wraps `GEOSisValid_r`).
    public func isValid() throws(GeometryError) -> Bool {
        try context.predicate(GEOSisValid_r(context.handle, pointer), operation: "isValid")
    }

    /// `Valid Geometry`, or GEOS's reason and location, such as
    /// `Self-intersection[0.5 0.5]` (wraps `GEOSisValidReason_r`).
    public func validityReason() throws(GeometryError) -> String {
        guard let reason = GEOSisValidReason_r(context.handle, pointer) else {
            throw .geos(operation: "isValidReason", message: context.lastError())
        }
        defer { GEOSFree_r(context.handle, reason) }
        return String(cString: reason)
    }
}

extension GEOSContext {
    /// True when the closed ring runs counter-clockwise (wraps `GEOSCoordSeq_isCCW_r`).
    public func isCounterClockwise(ring: [Coordinate]) throws(GeometryError) -> Bool {
        let sequence = ring.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: Double.self) { doubles in
                GEOSCoordSeq_copyFromBuffer_r(handle, doubles.baseAddress, UInt32(ring.count), 0, 0)
            }
        }
        guard let sequence else { throw .geos(operation: "create coordinate sequence", message: lastError()) }
        defer { GEOSCoordSeq_destroy_r(handle, sequence) }
        var result: CChar = 0
        // 1 on success, 0 on exception; the answer goes to `result`.
        guard GEOSCoordSeq_isCCW_r(handle, sequence, &result) == 1 else {
            throw .geos(operation: "isCCW", message: lastError())
        }
        return result == 1
    }
}
