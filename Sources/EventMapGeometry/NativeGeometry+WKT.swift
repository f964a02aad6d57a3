internal import CGEOS
import EventMapCore

extension GEOSContext {
    /// Parses Well-Known Text (wraps `GEOSWKTReader_read_r`).
    /// - Throws: ``GeometryError/malformedWKT(message:)`` with GEOS's explanation,
    ///   for example `ParseException: Expected word but encountered end of stream`.
    public func geometry(wkt: String) throws(GeometryError) -> NativeGeometry {
        guard let reader = GEOSWKTReader_create_r(handle) else {
            throw .geos(operation: "create WKT reader", message: lastError())
        }
        defer { GEOSWKTReader_destroy_r(handle, reader) }
        resetError()
        guard let pointer = GEOSWKTReader_read_r(handle, reader, wkt) else {
            throw .malformedWKT(message: lastError(orElse: "GEOS could not read '\(wkt.prefix(60))'"))
        }
        let geometry = NativeGeometry(owning: pointer, context: self)
        try geometry.checkFinite()
        return geometry
    }

    /// Parses Well-Known Binary, either byte order (wraps `GEOSWKBReader_read_r`).
    /// - Throws: ``GeometryError/malformedWKB(message:)``.
    public func geometry(wkb: [UInt8]) throws(GeometryError) -> NativeGeometry {
        guard let reader = GEOSWKBReader_create_r(handle) else {
            throw .geos(operation: "create WKB reader", message: lastError())
        }
        defer { GEOSWKBReader_destroy_r(handle, reader) }
        resetError()
        let pointer = wkb.withUnsafeBufferPointer { GEOSWKBReader_read_r(handle, reader, $0.baseAddress, $0.count) }
        guard let pointer else { throw .malformedWKB(message: lastError()) }
        let geometry = NativeGeometry(owning: pointer, context: self)
        try geometry.checkFinite()
        return geometry
    }
}

extension NativeGeometry {
    /// Well-Known Text, 2D, trailing zeros trimmed (wraps `GEOSWKTWriter_write_r`).
    /// - Parameter decimals: digits after the decimal point, or nil for full precision.
    public func wkt(decimals: Int? = nil) throws(GeometryError) -> String {
        let h = context.handle
        guard let writer = GEOSWKTWriter_create_r(h) else {
            throw .geos(operation: "create WKT writer", message: context.lastError())
        }
        defer { GEOSWKTWriter_destroy_r(h, writer) }
        GEOSWKTWriter_setTrim_r(h, writer, 1)
        GEOSWKTWriter_setOutputDimension_r(h, writer, 2)
        GEOSWKTWriter_setRoundingPrecision_r(h, writer, Int32(decimals ?? -1))
        // The returned string is ours: freed with GEOSFree_r.
        guard let text = GEOSWKTWriter_write_r(h, writer, pointer) else {
            throw .geos(operation: "write WKT", message: context.lastError())
        }
        defer { GEOSFree_r(h, text) }
        return String(cString: text)
    }

    /// Well-Known Binary, 2D, little-endian (wraps `GEOSWKBWriter_write_r`).
    public func wkb() throws(GeometryError) -> [UInt8] {
        let h = context.handle
        guard let writer = GEOSWKBWriter_create_r(h) else {
            throw .geos(operation: "create WKB writer", message: context.lastError())
        }
        defer { GEOSWKBWriter_destroy_r(h, writer) }
        GEOSWKBWriter_setOutputDimension_r(h, writer, 2)
        GEOSWKBWriter_setByteOrder_r(h, writer, Int32(GEOS_WKB_NDR.rawValue))
        var size = 0
        // The returned buffer is ours: freed with GEOSFree_r.
        guard let bytes = GEOSWKBWriter_write_r(h, writer, pointer, &size) else {
            throw .geos(operation: "write WKB", message: context.lastError())
        }
        defer { GEOSFree_r(h, bytes) }
        return Array(UnsafeBufferPointer(start: bytes, count: size))
    }

    /// Rejects NaN and infinite coordinates, which WKT and WKB can carry but no operation can use.
    func checkFinite() throws(GeometryError) {
        guard !isEmpty else { return }
        try NativeGeometry.checkFinite(try geometry())
    }

    static func checkFinite(_ geometry: Geometry) throws(GeometryError) {
        do {
            try geometry.forEachCoordinate { c in
                if !c.longitude.isFinite || !c.latitude.isFinite {
                    throw CoreError.nonFiniteCoordinate(longitude: c.longitude, latitude: c.latitude)
                }
            }
        } catch let error as CoreError {
            throw .invalidInput(error)
        } catch {
            throw .unsupportedGeometry("\(error)")
        }
    }
}
