internal import CGEOS

/// How a buffer ends lines and joins segments (GEOS's `GEOSBufCapStyles` and `GEOSBufJoinStyles`).
public struct BufferStyle: Sendable, Hashable {
    /// Line ends: round, flat (cut at the end point) or square (extended by the width).
    public enum EndCap: Int32, Sendable, CaseIterable { case round = 1, flat = 2, square = 3 }
    /// Corners: round, mitre (sharp, up to ``mitreLimit``) or bevel (cut).
    public enum Join: Int32, Sendable, CaseIterable { case round = 1, mitre = 2, bevel = 3 }

    /// Segments used to approximate a quarter circle.
    public var quadrantSegments: Int
    public var endCap: EndCap
    public var join: Join
    /// Ratio of mitre length to width beyond which a mitre join is bevelled.
    public var mitreLimit: Double

    public init(quadrantSegments: Int = 8, endCap: EndCap = .round, join: Join = .round, mitreLimit: Double = 5) {
        self.quadrantSegments = quadrantSegments
        self.endCap = endCap
        self.join = join
        self.mitreLimit = mitreLimit
    }
}

/// Planar measures and overlay operations, in the geometry's own units.
extension NativeGeometry {
    /// Planar distance in the geometry's units; 0 when they intersect (wraps `GEOSDistance_r`).
    /// For metres on the ellipsoid use ``Geodesic``.
    public func distance(to other: NativeGeometry) throws(GeometryError) -> Double {
        var result = 0.0
        // 1 on success, 0 on exception.
        guard GEOSDistance_r(context.handle, pointer, other.pointer, &result) == 1 else {
            throw .geos(operation: "distance", message: context.lastError())
        }
        return result
    }

    /// Planar area in squared units of the geometry (wraps `GEOSArea_r`).
    public func area() throws(GeometryError) -> Double {
        var result = 0.0
        guard GEOSArea_r(context.handle, pointer, &result) == 1 else {
            throw .geos(operation: "area", message: context.lastError())
        }
        return result
    }

    /// Planar length (perimeter for polygons) in the geometry's units (wraps `GEOSLength_r`).
    public func length() throws(GeometryError) -> Double {
        var result = 0.0
        guard GEOSLength_r(context.handle, pointer, &result) == 1 else {
            throw .geos(operation: "length", message: context.lastError())
        }
        return result
    }

    /// The area within `width` of the geometry, in its units (wraps `GEOSBufferWithStyle_r`).
    /// A negative width shrinks polygons.
    public func buffer(_ width: Double, style: BufferStyle = BufferStyle()) throws(GeometryError) -> NativeGeometry {
        guard width.isFinite else { throw .geos(operation: "buffer", message: "width \(width) is not finite") }
        context.resetError()
        return try context.owned(
            GEOSBufferWithStyle_r(
                context.handle, pointer, width, Int32(style.quadrantSegments),
                style.endCap.rawValue, style.join.rawValue, style.mitreLimit),
            operation: "buffer")
    }

    /// The points in either geometry (wraps `GEOSUnion_r`).
    public func union(_ other: NativeGeometry) throws(GeometryError) -> NativeGeometry {
        context.resetError()
        return try context.owned(GEOSUnion_r(context.handle, pointer, other.pointer), operation: "union")
    }

    /// Dissolves the members of a collection into one geometry (wraps `GEOSUnaryUnion_r`).
    public func unaryUnion() throws(GeometryError) -> NativeGeometry {
        context.resetError()
        return try context.owned(GEOSUnaryUnion_r(context.handle, pointer), operation: "unary union")
    }

    /// The points in both geometries (wraps `GEOSIntersection_r`).
    public func intersection(_ other: NativeGeometry) throws(GeometryError) -> NativeGeometry {
        context.resetError()
        return try context.owned(GEOSIntersection_r(context.handle, pointer, other.pointer), operation: "intersection")
    }

    /// The points of this geometry not in `other` (wraps `GEOSDifference_r`).
    public func difference(_ other: NativeGeometry) throws(GeometryError) -> NativeGeometry {
        context.resetError()
        return try context.owned(GEOSDifference_r(context.handle, pointer, other.pointer), operation: "difference")
    }

    /// Douglas–Peucker simplification that keeps the topology valid
    /// (wraps `GEOSTopologyPreserveSimplify_r`).
    /// - Parameter tolerance: largest allowed deviation, in the geometry's units.
    public func simplified(tolerance: Double) throws(GeometryError) -> NativeGeometry {
        context.resetError()
        return try context.owned(
            GEOSTopologyPreserveSimplify_r(context.handle, pointer, tolerance), operation: "simplify")
    }

    /// A valid geometry with the same points, repairing self-intersections and the like
    /// (wraps `GEOSMakeValid_r`).
    public func makeValid() throws(GeometryError) -> NativeGeometry {
        context.resetError()
        return try context.owned(GEOSMakeValid_r(context.handle, pointer), operation: "make valid")
    }

    /// The geometry's envelope as a rectangle polygon (wraps `GEOSEnvelope_r`).
    public func envelope() throws(GeometryError) -> NativeGeometry {
        context.resetError()
        return try context.owned(GEOSEnvelope_r(context.handle, pointer), operation: "envelope")
    }

    /// The part inside an axis-aligned rectangle, in the geometry's units (wraps
    /// `GEOSClipByRect_r`, much faster than a general intersection). The result may be invalid
    /// where the input was; it is meant for drawing, not for measuring.
    public func clipped(minX: Double, minY: Double, maxX: Double, maxY: Double) throws(GeometryError) -> NativeGeometry {
        context.resetError()
        return try context.owned(GEOSClipByRect_r(context.handle, pointer, minX, minY, maxX, maxY), operation: "clip by rectangle")
    }

    /// The largest circle inside a polygon, as a two-point line from its centre (the pole of
    /// inaccessibility, the best spot for an area's label) to the nearest boundary point
    /// (wraps `GEOSMaximumInscribedCircle_r`).
    /// - Parameter tolerance: how close to the true centre the search stops, in the geometry's units.
    public func maximumInscribedCircle(tolerance: Double) throws(GeometryError) -> NativeGeometry {
        context.resetError()
        return try context.owned(GEOSMaximumInscribedCircle_r(context.handle, pointer, tolerance), operation: "maximum inscribed circle")
    }

    /// The polygons that this geometry's lines enclose, as a collection (wraps
    /// `GEOSPolygonize_r`). The lines must be noded (meet only at their end points), as
    /// ``unaryUnion()`` leaves a collection of lines; lines that enclose nothing are dropped.
    public func polygonized() throws(GeometryError) -> NativeGeometry {
        context.resetError()
        var members: [OpaquePointer?] = [pointer]
        return try context.owned(GEOSPolygonize_r(context.handle, &members, 1), operation: "polygonize")
    }

    /// A point certainly inside a polygon (on a line, or one of the points), in the geometry's
    /// units (wraps `GEOSPointOnSurface_r`): where to ask what a face of a polygonized map is.
    public func pointOnSurface() throws(GeometryError) -> NativeGeometry {
        context.resetError()
        return try context.owned(GEOSPointOnSurface_r(context.handle, pointer), operation: "point on surface")
    }

    /// The Voronoi cells of this geometry's vertices, as a collection of polygons in no
    /// particular order, reaching at least to `envelope`'s extent (wraps `GEOSVoronoiDiagram_r`).
    /// Distances are planar, in the geometry's units.
    public func voronoiCells(envelope: NativeGeometry) throws(GeometryError) -> NativeGeometry {
        context.resetError()
        return try context.owned(GEOSVoronoiDiagram_r(context.handle, pointer, envelope.pointer, 0, 0), operation: "Voronoi diagram")
    }

    /// A copy owned separately (wraps `GEOSGeom_clone_r`).
    public func clone() throws(GeometryError) -> NativeGeometry {
        context.resetError()
        return try context.owned(GEOSGeom_clone_r(context.handle, pointer), operation: "clone")
    }
}
