import EventMapCore

/// Well-Known Binary (ISO/OGC), little-endian, 2D, for GeoPackage geometry blobs.
public enum WKB {
    /// The geometry as little-endian 2D WKB.
    public static func encode(_ geometry: Geometry) -> [UInt8] {
        var out: [UInt8] = []
        write(geometry, into: &out)
        return out
    }

    private static func write(_ geometry: Geometry, into out: inout [UInt8]) {
        func header(_ type: UInt32) { out.append(1); append(type, &out) }
        func points(_ cs: [Coordinate]) {
            append(UInt32(cs.count), &out)
            for c in cs { append(c.longitude, &out); append(c.latitude, &out) }
        }
        func polygon(_ p: Polygon) {
            header(3)
            let oriented = p.orientedByRightHandRule()
            append(UInt32(oriented.rings.count), &out)
            for ring in oriented.rings { points(ring) }
        }
        switch geometry {
        case let .point(c): header(1); append(c.longitude, &out); append(c.latitude, &out)
        case let .lineString(l): header(2); points(l.coordinates)
        case let .polygon(p): polygon(p)
        case let .multiPoint(cs):
            header(4); append(UInt32(cs.count), &out)
            for c in cs { write(.point(c), into: &out) }
        case let .multiLineString(ls):
            header(5); append(UInt32(ls.count), &out)
            for l in ls { write(.lineString(l), into: &out) }
        case let .multiPolygon(ps):
            header(6); append(UInt32(ps.count), &out)
            for p in ps { polygon(p) }
        case let .geometryCollection(gs):
            header(7); append(UInt32(gs.count), &out)
            for g in gs { write(g, into: &out) }
        }
    }

    private static func append(_ value: UInt32, _ out: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { out.append(contentsOf: $0) }
    }

    private static func append(_ value: Double, _ out: inout [UInt8]) {
        withUnsafeBytes(of: value.bitPattern.littleEndian) { out.append(contentsOf: $0) }
    }

    /// Why WKB could not be read: what was wrong, in words.
    public struct Failure: Error, CustomStringConvertible {
        public let message: String
        public var description: String { message }
    }

    /// Decodes WKB from `bytes[offset...]` (either byte order; Z and M values are read and dropped).
    /// - Parameter degrees: check that coordinates are longitude/latitude in range; false for
    ///   coordinates in another CRS, to be transformed (and checked) afterwards.
    public static func decode(_ bytes: [UInt8], offset: Int = 0, degrees: Bool = true) throws -> Geometry {
        var reader = Reader(bytes: bytes, position: offset, degrees: degrees)
        return try reader.geometry()
    }

    /// Nesting of collections deeper than this is refused (a file of 20,000 nested
    /// GeometryCollections would otherwise overflow the stack).
    public static let maximumDepth = 64

    private struct Reader {
        let bytes: [UInt8]
        var position: Int
        let degrees: Bool
        var little = true
        var depth = 0

        /// A count read from the file, checked against the bytes left: each element takes at least
        /// `minimumSize` bytes, so a larger count cannot be true (and is never allocated).
        mutating func count(of what: String, minimumSize: Int) throws -> Int {
            let count = Int(try uint32())
            let left = bytes.count - position
            guard count <= left / minimumSize else {
                throw Failure(message: "WKB says \(count) \(what) but only \(left) bytes follow (damaged geometry)")
            }
            return count
        }

        mutating func byte() throws -> UInt8 {
            guard position < bytes.count else { throw Failure(message: "WKB ends early") }
            defer { position += 1 }
            return bytes[position]
        }

        mutating func uint32() throws -> UInt32 {
            guard position + 4 <= bytes.count else { throw Failure(message: "WKB ends early") }
            var value: UInt32 = 0
            for i in 0..<4 { value |= UInt32(bytes[position + i]) << (8 * (little ? i : 3 - i)) }
            position += 4
            return value
        }

        mutating func double() throws -> Double {
            guard position + 8 <= bytes.count else { throw Failure(message: "WKB ends early") }
            var value: UInt64 = 0
            for i in 0..<8 { value |= UInt64(bytes[position + i]) << (8 * (little ? i : 7 - i)) }
            position += 8
            return Double(bitPattern: value)
        }

        mutating func geometry() throws -> Geometry {
            depth += 1
            defer { depth -= 1 }
            guard depth <= WKB.maximumDepth else {
                throw Failure(message: "WKB geometry collections nested more than \(WKB.maximumDepth) deep")
            }
            little = try byte() == 1
            let raw = try uint32()
            // ISO codes 1001... (Z), 2001... (M), 3001... (ZM); EWKB flags in the high bits.
            var dimensions = 2
            var type = raw & 0xFFFF
            if raw & 0x8000_0000 != 0 { dimensions += 1 }
            if raw & 0x4000_0000 != 0 { dimensions += 1 }
            if type >= 3000 { dimensions = 4; type -= 3000 } else if type >= 2000 { dimensions = 3; type -= 2000 } else if type >= 1000 { dimensions = 3; type -= 1000 }
            func point() throws -> Coordinate {
                let x = try double(), y = try double()
                for _ in 2..<dimensions { _ = try double() }
                return degrees ? try Coordinate(validatingLongitude: x, latitude: y) : Coordinate(longitude: x, latitude: y)
            }
            func list() throws -> [Coordinate] {
                let count = try self.count(of: "positions", minimumSize: 8 * dimensions)
                return try (0..<count).map { _ in try point() }
            }
            func members() throws -> [Geometry] {
                // The smallest member: byte order, type and an empty count.
                let count = try self.count(of: "members", minimumSize: 9)
                return try (0..<count).map { _ in try geometry() }
            }
            func only<T>(_ kind: String, in collection: String, _ pick: (Geometry) -> T?) throws -> [T] {
                try members().map { member in
                    guard let value = pick(member) else { throw Failure(message: "a WKB \(collection) holds a \(member.typeName), not a \(kind)") }
                    return value
                }
            }
            switch type {
            case 1: return .point(try point())
            case 2: return .lineString(try LineString(try list()))
            case 3:
                let count = try self.count(of: "rings", minimumSize: 4)
                return .polygon(try Polygon(rings: try (0..<count).map { _ in try list() }))
            case 4: return .multiPoint(try only("Point", in: "MultiPoint") { if case let .point(c) = $0 { c } else { nil } })
            case 5: return .multiLineString(try only("LineString", in: "MultiLineString") { if case let .lineString(l) = $0 { l } else { nil } })
            case 6: return .multiPolygon(try only("Polygon", in: "MultiPolygon") { if case let .polygon(p) = $0 { p } else { nil } })
            case 7: return .geometryCollection(try members())
            default: throw Failure(message: "WKB geometry type \(raw) is not supported")
            }
        }
    }
}
