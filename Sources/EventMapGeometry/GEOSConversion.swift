internal import CGEOS
import EventMapCore

/// Moves geometry between EventMap's core values and GEOS, in bulk coordinate buffers.
enum GEOSConversion {
    // MARK: Core -> GEOS

    /// Builds a new GEOS geometry; the caller owns the result.
    static func make(_ geometry: Geometry, context: GEOSContext) throws(GeometryError) -> OpaquePointer {
        let h = context.handle
        context.resetError()
        switch geometry {
        case let .point(c):
            return try check(GEOSGeom_createPointFromXY_r(h, c.longitude, c.latitude), "create point", context)
        case let .multiPoint(points):
            var parts: [OpaquePointer] = []
            for c in points {
                parts.append(try check(GEOSGeom_createPointFromXY_r(h, c.longitude, c.latitude), "create point", context, destroyingOnFailure: parts))
            }
            return try collection(GEOS_MULTIPOINT, parts, context)
        case let .lineString(line):
            return try lineString(line.coordinates, context)
        case let .multiLineString(lines):
            var parts: [OpaquePointer] = []
            for line in lines {
                do { parts.append(try lineString(line.coordinates, context)) } catch { destroy(parts, context); throw error }
            }
            return try collection(GEOS_MULTILINESTRING, parts, context)
        case let .polygon(polygon):
            return try self.polygon(polygon, context)
        case let .multiPolygon(polygons):
            var parts: [OpaquePointer] = []
            for polygon in polygons {
                do { parts.append(try self.polygon(polygon, context)) } catch { destroy(parts, context); throw error }
            }
            return try collection(GEOS_MULTIPOLYGON, parts, context)
        case let .geometryCollection(members):
            var parts: [OpaquePointer] = []
            for member in members {
                do { parts.append(try make(member, context: context)) } catch { destroy(parts, context); throw error }
            }
            return try collection(GEOS_GEOMETRYCOLLECTION, parts, context)
        }
    }

    /// A coordinate sequence filled from the coordinates' memory (lon, lat pairs).
    private static func sequence(_ coordinates: [Coordinate], _ context: GEOSContext) throws(GeometryError) -> OpaquePointer {
        let result = coordinates.withUnsafeBufferPointer { buffer -> OpaquePointer? in
            // Coordinate is two Doubles, longitude then latitude: the buffer GEOS expects for XY.
            buffer.withMemoryRebound(to: Double.self) { doubles in
                GEOSCoordSeq_copyFromBuffer_r(context.handle, doubles.baseAddress, UInt32(coordinates.count), 0, 0)
            }
        }
        return try check(result, "create coordinate sequence", context)
    }

    private static func lineString(_ coordinates: [Coordinate], _ context: GEOSContext) throws(GeometryError) -> OpaquePointer {
        let seq = try sequence(coordinates, context)
        // GEOSGeom_createLineString_r takes ownership of seq, also on failure.
        return try check(GEOSGeom_createLineString_r(context.handle, seq), "create line string", context)
    }

    private static func polygon(_ polygon: Polygon, _ context: GEOSContext) throws(GeometryError) -> OpaquePointer {
        var rings: [OpaquePointer] = []
        for ring in polygon.rings {
            let seq: OpaquePointer
            do { seq = try sequence(ring, context) } catch { destroy(rings, context); throw error }
            // GEOSGeom_createLinearRing_r takes ownership of seq.
            rings.append(try check(GEOSGeom_createLinearRing_r(context.handle, seq), "create ring", context, destroyingOnFailure: rings))
        }
        let shell = rings[0]
        var holes: [OpaquePointer?] = rings.dropFirst().map { $0 }
        // GEOSGeom_createPolygon_r takes ownership of the shell and the holes (not of the array).
        let result = holes.withUnsafeMutableBufferPointer { buffer in
            GEOSGeom_createPolygon_r(context.handle, shell, buffer.baseAddress, UInt32(buffer.count))
        }
        return try check(result, "create polygon", context)
    }

    private static func collection(_ type: GEOSGeomTypes, _ parts: [OpaquePointer], _ context: GEOSContext) throws(GeometryError) -> OpaquePointer {
        var members: [OpaquePointer?] = parts.map { $0 }
        // GEOSGeom_createCollection_r takes ownership of the members (not of the array).
        let result = members.withUnsafeMutableBufferPointer { buffer in
            GEOSGeom_createCollection_r(context.handle, Int32(type.rawValue), buffer.baseAddress, UInt32(buffer.count))
        }
        return try check(result, "create collection", context)
    }

    private static func check(
        _ pointer: OpaquePointer?, _ operation: String, _ context: GEOSContext,
        destroyingOnFailure others: [OpaquePointer] = []
    ) throws(GeometryError) -> OpaquePointer {
        guard let pointer else {
            destroy(others, context)
            throw .geos(operation: operation, message: context.lastError())
        }
        return pointer
    }

    private static func destroy(_ pointers: [OpaquePointer], _ context: GEOSContext) {
        for pointer in pointers { GEOSGeom_destroy_r(context.handle, pointer) }
    }

    // MARK: GEOS -> Core

    /// Reads a GEOS geometry (not owned, not freed) into a core value.
    static func read(_ pointer: OpaquePointer, context: GEOSContext) throws(GeometryError) -> Geometry {
        let h = context.handle
        let type = GEOSGeomTypes(rawValue: UInt32(bitPattern: GEOSGeomTypeId_r(h, pointer)))
        let empty = GEOSisEmpty_r(h, pointer) == 1
        switch type {
        case GEOS_POINT:
            if empty { return .multiPoint([]) }
            let coords = try coordinates(of: pointer, context)
            return .point(coords[0])
        case GEOS_LINESTRING, GEOS_LINEARRING:
            if empty { return .multiLineString([]) }
            return .lineString(try line(pointer, context))
        case GEOS_POLYGON:
            if empty { return .multiPolygon([]) }
            return .polygon(try polygon(pointer, context))
        case GEOS_MULTIPOINT:
            return .multiPoint(
                try members(pointer, context).filter { GEOSisEmpty_r(h, $0) != 1 }.map { p throws(GeometryError) in
                    try coordinates(of: p, context)[0]
                })
        case GEOS_MULTILINESTRING:
            return .multiLineString(
                try members(pointer, context).filter { GEOSisEmpty_r(h, $0) != 1 }.map { p throws(GeometryError) in
                    try line(p, context)
                })
        case GEOS_MULTIPOLYGON:
            return .multiPolygon(
                try members(pointer, context).filter { GEOSisEmpty_r(h, $0) != 1 }.map { p throws(GeometryError) in
                    try polygon(p, context)
                })
        case GEOS_GEOMETRYCOLLECTION:
            return .geometryCollection(
                try members(pointer, context).map { p throws(GeometryError) in
                    try read(p, context: context)
                })
        default:
            throw .unsupportedGeometry("GEOS geometry type id \(type)")
        }
    }

    private static func members(_ pointer: OpaquePointer, _ context: GEOSContext) throws(GeometryError) -> [OpaquePointer] {
        let count = GEOSGetNumGeometries_r(context.handle, pointer)
        guard count >= 0 else { throw .geos(operation: "count members", message: context.lastError()) }
        var result: [OpaquePointer] = []
        result.reserveCapacity(Int(count))
        for index in 0..<count {
            // GEOSGetGeometryN_r returns a pointer owned by the parent: not freed here.
            guard let member = GEOSGetGeometryN_r(context.handle, pointer, index) else {
                throw .geos(operation: "get member", message: context.lastError())
            }
            result.append(member)
        }
        return result
    }

    private static func coordinates(of pointer: OpaquePointer, _ context: GEOSContext) throws(GeometryError) -> [Coordinate] {
        // The sequence belongs to the geometry: not freed here.
        guard let seq = GEOSGeom_getCoordSeq_r(context.handle, pointer) else {
            throw .geos(operation: "get coordinates", message: context.lastError())
        }
        var size: UInt32 = 0
        guard GEOSCoordSeq_getSize_r(context.handle, seq, &size) == 1 else {
            throw .geos(operation: "get coordinate count", message: context.lastError())
        }
        var result = [Coordinate](repeating: Coordinate(longitude: 0, latitude: 0), count: Int(size))
        let ok = result.withUnsafeMutableBufferPointer { buffer in
            buffer.withMemoryRebound(to: Double.self) { doubles in
                GEOSCoordSeq_copyToBuffer_r(context.handle, seq, doubles.baseAddress, 0, 0)
            }
        }
        guard ok == 1 else { throw .geos(operation: "copy coordinates", message: context.lastError()) }
        return result
    }

    private static func line(_ pointer: OpaquePointer, _ context: GEOSContext) throws(GeometryError) -> LineString {
        do { return try LineString(try coordinates(of: pointer, context)) } catch let error as CoreError {
            throw .invalidInput(error)
        } catch let error as GeometryError { throw error } catch { throw .unsupportedGeometry("\(error)") }
    }

    private static func polygon(_ pointer: OpaquePointer, _ context: GEOSContext) throws(GeometryError) -> Polygon {
        let h = context.handle
        guard let shell = GEOSGetExteriorRing_r(h, pointer) else {
            throw .geos(operation: "get exterior ring", message: context.lastError())
        }
        var rings = [try coordinates(of: shell, context)]
        let holeCount = GEOSGetNumInteriorRings_r(h, pointer)
        if holeCount > 0 {
            for index in 0..<holeCount {
                guard let hole = GEOSGetInteriorRingN_r(h, pointer, index) else {
                    throw .geos(operation: "get interior ring", message: context.lastError())
                }
                rings.append(try coordinates(of: hole, context))
            }
        }
        do { return try Polygon(rings: rings) } catch { throw .invalidInput(error) }
    }
}
