internal import CGEOS
import EventMapCore

/// A GEOS sort-tile-recursive R-tree over many boxes that answers with the items' indices
/// (an owned `GEOSSTRtree*`).
///
/// Built on first query; not `Sendable`, because GEOS builds the tree lazily in place.
public final class STRtree {
    private let context: GEOSContext
    private let tree: OpaquePointer
    /// Envelopes inserted into the tree, kept alive as long as the tree.
    private let envelopes: [NativeGeometry]

    /// Indexes the envelopes of `geometries`; item i answers as index i.
    public convenience init(geometries: [NativeGeometry], context: GEOSContext) throws(GeometryError) {
        var envelopes: [NativeGeometry] = []
        envelopes.reserveCapacity(geometries.count)
        for geometry in geometries { envelopes.append(try geometry.envelope()) }
        try self.init(envelopes: envelopes, context: context)
    }

    /// Indexes longitude/latitude boxes (degrees); box i answers as index i.
    public convenience init(boxes: [BoundingBox], context: GEOSContext) throws(GeometryError) {
        var envelopes: [NativeGeometry] = []
        envelopes.reserveCapacity(boxes.count)
        for box in boxes { envelopes.append(try STRtree.rectangle(box, context)) }
        try self.init(envelopes: envelopes, context: context)
    }

    private init(envelopes: [NativeGeometry], context: GEOSContext, nodeCapacity: Int = 10) throws(GeometryError) {
        guard let tree = GEOSSTRtree_create_r(context.handle, nodeCapacity) else {
            throw .geos(operation: "create STRtree", message: context.lastError())
        }
        self.context = context
        self.tree = tree
        self.envelopes = envelopes
        for (index, envelope) in envelopes.enumerated() {
            // The item pointer carries index + 1, so that index 0 is not a null pointer.
            GEOSSTRtree_insert_r(context.handle, tree, envelope.pointer, UnsafeMutableRawPointer(bitPattern: index + 1))
        }
    }

    deinit { GEOSSTRtree_destroy_r(context.handle, tree) }

    /// The number of items indexed.
    public var count: Int { envelopes.count }

    /// Indices of the items whose boxes intersect `box`, ascending (wraps `GEOSSTRtree_query_r`).
    public func query(_ box: BoundingBox) throws(GeometryError) -> [Int] {
        try query(STRtree.rectangle(box, context))
    }

    /// Indices of the items whose boxes intersect the envelope of `geometry`, ascending.
    public func query(_ geometry: NativeGeometry) throws(GeometryError) -> [Int] {
        let collector = IndexCollector()
        withExtendedLifetime(collector) {
            GEOSSTRtree_query_r(
                context.handle, tree, geometry.pointer,
                { item, userData in
                    guard let userData else { return }
                    let collector = Unmanaged<IndexCollector>.fromOpaque(userData).takeUnretainedValue()
                    collector.indices.append(Int(bitPattern: item) - 1)
                }, Unmanaged.passUnretained(collector).toOpaque())
        }
        return collector.indices.sorted()
    }

    private static func rectangle(_ box: BoundingBox, _ context: GEOSContext) throws(GeometryError) -> NativeGeometry {
        context.resetError()
        return try context.owned(
            GEOSGeom_createRectangle_r(context.handle, box.minLongitude, box.minLatitude, box.maxLongitude, box.maxLatitude),
            operation: "create rectangle")
    }
}

@available(*, unavailable, message: "GEOS builds the tree lazily in place; use one per task")
extension STRtree: Sendable {}

private final class IndexCollector {
    var indices: [Int] = []
}
