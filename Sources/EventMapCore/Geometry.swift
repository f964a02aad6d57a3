/// A GeoJSON geometry (RFC 7946 §3.1), coordinates in WGS84 longitude/latitude degrees.
public indirect enum Geometry: Sendable, Hashable {
    case point(Coordinate)
    case multiPoint([Coordinate])
    case lineString(LineString)
    case multiLineString([LineString])
    case polygon(Polygon)
    case multiPolygon([Polygon])
    case geometryCollection([Geometry])

    /// The GeoJSON `type` member of this geometry.
    public var typeName: String {
        switch self {
        case .point: "Point"
        case .multiPoint: "MultiPoint"
        case .lineString: "LineString"
        case .multiLineString: "MultiLineString"
        case .polygon: "Polygon"
        case .multiPolygon: "MultiPolygon"
        case .geometryCollection: "GeometryCollection"
        }
    }

    /// Calls `body` for every vertex, in order.
    public func forEachCoordinate(_ body: (Coordinate) throws -> Void) rethrows {
        switch self {
        case let .point(c): try body(c)
        case let .multiPoint(cs): for c in cs { try body(c) }
        case let .lineString(line): for c in line.coordinates { try body(c) }
        case let .multiLineString(lines): for line in lines { for c in line.coordinates { try body(c) } }
        case let .polygon(polygon): for ring in polygon.rings { for c in ring { try body(c) } }
        case let .multiPolygon(polygons):
            for polygon in polygons { for ring in polygon.rings { for c in ring { try body(c) } } }
        case let .geometryCollection(members): for member in members { try member.forEachCoordinate(body) }
        }
    }

    /// The number of vertices.
    public var coordinateCount: Int {
        var count = 0
        forEachCoordinate { _ in count += 1 }
        return count
    }

    /// The smallest longitude/latitude box holding every vertex, or nil when empty.
    public var boundingBox: BoundingBox? {
        var box: BoundingBox?
        forEachCoordinate { c in
            if box == nil { box = BoundingBox(covering: CollectionOfOne(c)) } else { box!.expand(toInclude: c) }
        }
        return box
    }

    /// Checks every vertex with ``Coordinate/validated()``.
    /// - Throws: ``CoreError`` for the first NaN, infinite or out-of-range vertex.
    public func validateCoordinates() throws(CoreError) {
        do {
            try forEachCoordinate { c in _ = try c.validated() }
        } catch let error as CoreError {
            throw error
        } catch {
            preconditionFailure("only CoreError is thrown")
        }
    }
}

extension Geometry {
    /// The same geometry with every vertex replaced by `transform(vertex)`, in order.
    /// Used for projections, whose outputs are planar units rather than degrees.
    public func mapCoordinates(_ transform: (Coordinate) throws -> Coordinate) rethrows -> Geometry {
        func line(_ l: LineString) throws -> LineString {
            // Same vertex count as before: the invariant holds.
            try! LineString(try l.coordinates.map(transform))
        }
        func polygon(_ p: Polygon) throws -> Polygon {
            try! Polygon(
                rings: try p.rings.map { ring in
                    var mapped = try ring.map(transform)
                    mapped[mapped.count - 1] = mapped[0]  // keep the ring exactly closed
                    return mapped
                })
        }
        switch self {
        case let .point(c): return .point(try transform(c))
        case let .multiPoint(cs): return .multiPoint(try cs.map(transform))
        case let .lineString(l): return .lineString(try line(l))
        case let .multiLineString(ls): return .multiLineString(try ls.map(line))
        case let .polygon(p): return .polygon(try polygon(p))
        case let .multiPolygon(ps): return .multiPolygon(try ps.map(polygon))
        case let .geometryCollection(gs): return .geometryCollection(try gs.map { try $0.mapCoordinates(transform) })
        }
    }
}
