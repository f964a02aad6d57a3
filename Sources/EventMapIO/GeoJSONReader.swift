import EventMapCore
import Foundation

/// Reads GeoJSON (RFC 7946): a FeatureCollection, a single Feature or a bare geometry.
///
/// Every position is checked: NaN, latitudes beyond ±90 and longitudes beyond ±180 are errors
/// that name the member, such as `features[12].geometry.coordinates[3]`.
public enum GeoJSONReader {
    /// Reads the features of a GeoJSON file (`-` reads standard input).
    /// - Throws: ``IOError`` naming the problem; the caller adds the file name.
    public static func features(atPath path: String) throws(IOError) -> [Feature] {
        try features(from: FileInput.bytes(atPath: path))
    }

    /// Reads the features of a GeoJSON text. A bare geometry becomes one feature without properties.
    public static func features(from bytes: [UInt8]) throws(IOError) -> [Feature] {
        let root = try JSONParser.parse(bytes)
        guard case .object = root else { throw .invalidGeoJSON(path: "the top level", message: "expected an object, found \(root.typeName)") }
        switch root["type"]?.stringValue {
        case "FeatureCollection":
            guard let list = root["features"]?.arrayValue else {
                throw .invalidGeoJSON(path: "features", message: "a FeatureCollection needs a 'features' array")
            }
            var result: [Feature] = []
            result.reserveCapacity(list.count)
            for (index, value) in list.enumerated() { result.append(try feature(value, path: "features[\(index)]")) }
            return result
        case "Feature":
            return [try feature(root, path: "the feature")]
        case let type?:
            return [Feature(geometry: try geometry(root, path: type))]
        case nil:
            throw .invalidGeoJSON(path: "the top level", message: "missing 'type' member")
        }
    }

    /// Decodes one Feature object. `path` names it in errors (built only for an error).
    public static func feature(_ value: JSONValue, path: @autoclosure () -> String) throws(IOError) -> Feature {
        guard case .object = value, value["type"]?.stringValue == "Feature" else {
            throw .invalidGeoJSON(path: path(), message: "expected an object with \"type\": \"Feature\"")
        }
        var properties = Properties()
        switch value["properties"] {
        case let .object(members)?:
            // JSON objects almost always have distinct names: take them as they are unless not.
            if namesAreDistinct(members) {
                properties = Properties(distinctPairs: members.map { (name: $0.0, value: $0.1) })
            } else {
                for (key, member) in members { properties[key] = member }
            }
        case .null?, nil: break
        case let other?: throw .invalidGeoJSON(path: "\(path()).properties", message: "expected an object or null, found \(other.typeName)")
        }
        let geometryValue = value["geometry"]
        let geometry: Geometry?
        if geometryValue == nil || geometryValue == .null {
            geometry = nil
        } else {
            geometry = try self.geometry(geometryValue!, path: "\(path()).geometry")
        }
        var id = value["id"]
        if let candidate = id, candidate.stringValue == nil, candidate.numberValue == nil { id = nil }
        return Feature(id: id, geometry: geometry, properties: properties)
    }

    /// Whether no two members share a name: pairwise for the few members a feature has (cheaper
    /// than hashing every name of a million features), through a set for many.
    static func namesAreDistinct(_ members: [(String, JSONValue)]) -> Bool {
        guard members.count > 24 else {
            // Names of different lengths differ: only names of one length are compared (the
            // length of a native string is known without reading it).
            let lengths = members.map(\.0.utf8.count)
            for i in members.indices {
                for j in members.index(after: i)..<members.endIndex where lengths[i] == lengths[j] && members[i].0 == members[j].0 { return false }
            }
            return true
        }
        return Set(members.lazy.map(\.0)).count == members.count
    }

    /// Decodes one geometry object. `path` names it in errors (built only for an error or a
    /// geometry of many parts).
    public static func geometry(_ value: JSONValue, path: @autoclosure () -> String) throws(IOError) -> Geometry {
        guard let type = value["type"]?.stringValue else {
            throw .invalidGeoJSON(path: path(), message: "a geometry needs a 'type' member")
        }
        if type == "GeometryCollection" {
            guard let members = value["geometries"]?.arrayValue else {
                throw .invalidGeoJSON(path: path(), message: "a GeometryCollection needs a 'geometries' array")
            }
            var result: [Geometry] = []
            for (index, member) in members.enumerated() { result.append(try geometry(member, path: "\(path()).geometries[\(index)]")) }
            return .geometryCollection(result)
        }
        guard let coordinates = value["coordinates"] else {
            throw .invalidGeoJSON(path: path(), message: "a \(type) needs a 'coordinates' member")
        }
        // A point, by far the most common, names its path only if it is wrong.
        if type == "Point" { return .point(try position(coordinates, "\(path()).coordinates")) }
        let at = "\(path()).coordinates"
        do {
            switch type {
            case "MultiPoint": return .multiPoint(try positions(coordinates, at))
            case "LineString": return .lineString(try LineString(try positions(coordinates, at)))
            case "MultiLineString":
                return .multiLineString(
                    try list(coordinates, at).enumerated().map { i, v throws(IOError) in
                        let vertices = try positions(v, "\(at)[\(i)]")
                        return try wrap("\(at)[\(i)]") { () throws(CoreError) in try LineString(vertices) }
                    })
            case "Polygon": return .polygon(try polygon(coordinates, at))
            case "MultiPolygon":
                return .multiPolygon(try list(coordinates, at).enumerated().map { i, v throws(IOError) in try polygon(v, "\(at)[\(i)]") })
            default:
                throw IOError.invalidGeoJSON(path: path(), message: "unknown geometry type '\(type)'")
            }
        } catch let error as IOError {
            throw error
        } catch let error as CoreError {
            throw .invalidGeoJSON(path: at, message: error.description)
        } catch {
            throw .invalidGeoJSON(path: at, message: "\(error)")
        }
    }

    private static func wrap<T>(_ path: @autoclosure () -> String, _ body: () throws(CoreError) -> T) throws(IOError) -> T {
        do { return try body() } catch { throw .invalidGeoJSON(path: path(), message: error.description) }
    }

    private static func list(_ value: JSONValue, _ path: @autoclosure () -> String) throws(IOError) -> [JSONValue] {
        guard let array = value.arrayValue else { throw .invalidGeoJSON(path: path(), message: "expected an array, found \(value.typeName)") }
        return array
    }

    private static func position(_ value: JSONValue, _ path: @autoclosure () -> String) throws(IOError) -> Coordinate {
        let numbers = try list(value, path())
        guard numbers.count >= 2, let lon = numbers[0].numberValue, let lat = numbers[1].numberValue else {
            throw .invalidGeoJSON(path: path(), message: "a position needs at least two numbers: longitude, latitude")
        }
        return try wrap(path()) { () throws(CoreError) in try Coordinate(validatingLongitude: lon, latitude: lat) }
    }

    private static func positions(_ value: JSONValue, _ path: String) throws(IOError) -> [Coordinate] {
        try list(value, path).enumerated().map { i, v throws(IOError) in try position(v, "\(path)[\(i)]") }
    }

    private static func polygon(_ value: JSONValue, _ path: String) throws(IOError) -> Polygon {
        let rings = try list(value, path).enumerated().map { i, v throws(IOError) in try positions(v, "\(path)[\(i)]") }
        return try wrap(path) { () throws(CoreError) in try Polygon(rings: rings) }
    }
}

/// Reads whole files, or standard input for `-`.
public enum FileInput {
    /// The bytes of the file at `path` (`-` for standard input).
    /// - Throws: ``IOError/unreadable(path:reason:)``.
    public static func bytes(atPath path: String) throws(IOError) -> [UInt8] {
        if path == "-" { return Array(FileHandle.standardInput.readDataToEndOfFile()) }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw .unreadable(path: path, reason: "no such file")
        }
        guard !isDirectory.boolValue else { throw .unreadable(path: path, reason: "is a directory") }
        if ByteReader.packing(of: path) != .none {
            // A .gz or .zip read whole, unpacked in memory.
            let input = try ChunkedInput(path: path, countsLines: false)
            var all: [UInt8] = []
            while try input.fill() {
                all += input.buffer[input.cursor...]
                input.cursor = input.buffer.count
            }
            return all
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .unreadable(path: path, reason: "permission denied or not a regular file")
        }
        return Array(data)
    }
}
