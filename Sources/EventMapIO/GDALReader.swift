internal import CGDALLoader
import EventMapCore
import Foundation

/// Reads any vector file GDAL opens (Shapefile, zipped or not, FlatGeobuf, KMZ, GPX, GML,
/// XLSX, ODS, ...), one ``FeatureSource`` per layer, with geometries moved to WGS84
/// longitude/latitude when the layer has another CRS.
public enum GDALReader {
    /// The layers of `path`.
    /// - Parameters:
    ///   - layer: read only this layer (by name); nil reads all.
    ///   - sourceCRS: the CRS of the coordinates, overriding what the file says (`--s-srs`).
    /// - Throws: ``IOError/unreadable(path:reason:)`` for a file GDAL cannot open, an unknown
    ///   layer (naming the layers there are), or coordinates that cannot be degrees in a layer
    ///   without a CRS.
    public static func open(_ path: String, layer: String? = nil, sourceCRS: String? = nil) throws(IOError) -> [FeatureSource] {
        let dataset = try GDALDataset(reading: path)
        var override: SpatialReference?
        if let sourceCRS { override = try SpatialReference(sourceCRS, context: path) }
        var names: [String] = []
        var sources: [FeatureSource] = []
        for index in 0..<gdal.GDALDatasetGetLayerCount(dataset.handle) {
            guard let handle = gdal.GDALDatasetGetLayer(dataset.handle, index) else { continue }
            let name = cText(gdal.OGR_L_GetName(handle))
            names.append(name)
            if let layer, layer != name { continue }
            sources.append(try GDALLayerSource(dataset: dataset, layer: handle, name: name, sourceCRS: override))
        }
        if let layer, sources.isEmpty {
            throw .unreadable(path: path, reason: "no layer '\(layer)'; its layers are \(names.joined(separator: ", "))")
        }
        if sources.isEmpty { throw .unreadable(path: path, reason: "GDAL finds no vector layer in it") }
        return sources
    }
}

/// One layer read through OGR, feature by feature.
final class GDALLayerSource: FeatureSource {
    let layerName: String
    private let dataset: GDALDataset
    private let layer: OGRLayerH
    private let fields: [Field]
    /// To WGS84, nil when the layer is in WGS84 longitude/latitude already (or has no CRS and
    /// coordinates that are degrees).
    private let transform: CoordinateTransform?
    /// For a table without geometry (a spreadsheet): the fields holding longitude and latitude.
    private let coordinateFields: (longitude: Int, latitude: Int)?
    private let hasGeometry: Bool
    private let total: Int?
    private var position = 0
    private var counter = InputNoteCounter()

    var notes: [InputNote] { counter.notes }
    var progress: (done: Int, total: Int)? { total.map { (position, $0) } }

    /// One attribute column: its name and OGR type.
    private struct Field {
        var name: String
        var type: OGRFieldType
        var subType: OGRFieldSubType
    }

    init(dataset: GDALDataset, layer: OGRLayerH, name: String, sourceCRS: SpatialReference?) throws(IOError) {
        self.dataset = dataset
        self.layer = layer
        layerName = name
        let definition = gdal.OGR_L_GetLayerDefn(layer)
        var fields: [Field] = []
        for index in 0..<gdal.OGR_FD_GetFieldCount(definition) {
            guard let field = gdal.OGR_FD_GetFieldDefn(definition, index) else { continue }
            fields.append(Field(name: cText(gdal.OGR_Fld_GetNameRef(field)), type: gdal.OGR_Fld_GetType(field), subType: gdal.OGR_Fld_GetSubType(field)))
        }
        self.fields = fields
        hasGeometry = gdal.OGR_FD_GetGeomFieldCount(definition) > 0
        if hasGeometry {
            coordinateFields = nil
        } else {
            let lower = fields.map { $0.name.lowercased() }
            let longitude = EventSchema.longitudeNames.lazy.compactMap { lower.firstIndex(of: $0) }.first
            let latitude = EventSchema.latitudeNames.lazy.compactMap { lower.firstIndex(of: $0) }.first
            coordinateFields = longitude.flatMap { lon in latitude.map { (lon, $0) } }
        }
        let count = gdal.OGR_L_GetFeatureCount(layer, 0)
        total = count >= 0 ? Int(count) : nil
        transform = try GDALLayerSource.transformToWGS84(layer: layer, name: name, path: dataset.path, override: sourceCRS, hasGeometry: hasGeometry)
    }

    /// The transformation this layer's coordinates need, checking that a layer without a CRS
    /// holds degrees.
    private static func transformToWGS84(
        layer: OGRLayerH, name: String, path: String, override: SpatialReference?, hasGeometry: Bool
    ) throws(IOError) -> CoordinateTransform? {
        guard hasGeometry else { return nil }
        let source = override ?? gdal.OGR_L_GetSpatialRef(layer).flatMap { SpatialReference(copying: $0) }
        if let source {
            return source.isWGS84Geographic ? nil : try CoordinateTransform(from: source, to: .wgs84(), context: path)
        }
        var extent = OGREnvelope()
        if gdal.OGR_L_GetExtent(layer, &extent, 1) == OGRERR_NONE,
            extent.MinX < -180 || extent.MaxX > 180 || extent.MinY < -90 || extent.MaxY > 90
        {
            let box = [extent.MinX, extent.MinY, extent.MaxX, extent.MaxY].map { JSONText.number($0) }.joined(separator: ", ")
            throw .unreadable(
                path: path,
                reason: "layer \(name) has no CRS and its coordinates (\(box)) cannot be degrees; name the CRS with --s-srs (EPSG:32637 for UTM zone 37N, say)")
        }
        return nil
    }

    func next() throws(IOError) -> FeatureRecord? {
        guard let feature = gdal.OGR_L_GetNextFeature(layer) else {
            let error = gdal.CPLGetLastErrorType()
            if error == CE_Failure || error == CE_Fatal {
                throw .unreadable(path: dataset.path, reason: "layer \(layerName) after feature \(position): \(GDAL.lastError("read failed"))")
            }
            return nil
        }
        defer { gdal.OGR_F_Destroy(feature) }
        position += 1
        var properties = Properties()
        // Every column, an unset one as null (a spreadsheet's empty cell): a table keeps its
        // columns whatever a row holds.
        for (index, field) in fields.enumerated() {
            properties[field.name] = gdal.OGR_F_IsFieldSet(feature, Int32(index)) != 0 ? value(feature, Int32(index), field) : .null
        }
        let place = "feature \(position)"
        if hasGeometry {
            guard let borrowed = gdal.OGR_F_GetGeometryRef(feature), gdal.OGR_G_IsEmpty(borrowed) == 0 else {
                counter.add("features without geometry (kept without one)", example: place)
                return .feature(Feature(geometry: nil, properties: properties))
            }
            switch geometry(borrowed) {
            case let .success(geometry): return .feature(Feature(geometry: geometry, properties: properties))
            case let .failure(problem): return .rejected(Rejection(position: place, reason: problem.reason, raw: GDALLayerSource.raw(properties)))
            }
        }
        guard let (lonField, latField) = coordinateFields else { return .feature(Feature(geometry: nil, properties: properties)) }
        let lon = properties[fields[lonField].name], lat = properties[fields[latField].name]
        guard let lon, let lat, lon != .null, lat != .null, lon.stringValue?.isEmpty != true, lat.stringValue?.isEmpty != true else {
            counter.add("rows without a location (kept without geometry)", example: place)
            return .feature(Feature(geometry: nil, properties: properties))
        }
        guard let x = GDALLayerSource.degrees(lon), let y = GDALLayerSource.degrees(lat) else {
            return .rejected(Rejection(position: place, reason: "longitude/latitude are not numbers: \(JSONText.value(lon)), \(JSONText.value(lat))", raw: GDALLayerSource.raw(properties)))
        }
        let point = Geometry.point(Coordinate(longitude: x, latitude: y))
        do { try point.validateCoordinates() } catch {
            return .rejected(Rejection(position: place, reason: error.description, raw: GDALLayerSource.raw(properties)))
        }
        return .feature(Feature(geometry: point, properties: properties))
    }

    /// A borrowed OGR geometry as EventMap's, in WGS84 (curves made linear, Z and M dropped).
    private func geometry(_ borrowed: OGRGeometryH) -> Result<Geometry, GeometryProblem> {
        guard let copy = gdal.OGR_G_Clone(borrowed) else { return .failure(GeometryProblem("GDAL could not copy the geometry")) }
        defer { gdal.OGR_G_DestroyGeometry(copy) }
        var working = copy
        var linear: OGRGeometryH?
        defer { if let linear { gdal.OGR_G_DestroyGeometry(linear) } }
        if gdal.OGR_G_HasCurveGeometry(copy, 1) != 0, let made = gdal.OGR_G_GetLinearGeometry(copy, 0, nil) {
            linear = made
            working = made
        }
        gdal.OGR_G_FlattenTo2D(working)
        if let transform {
            gdal.CPLErrorReset()
            guard gdal.OGR_G_Transform(working, transform.handle) == OGRERR_NONE else {
                return .failure(GeometryProblem("cannot transform from \(transform.source.label) to WGS84: \(GDAL.lastError("outside the CRS's area"))"))
            }
        }
        let size = Int(gdal.OGR_G_WkbSize(working))
        var bytes = [UInt8](repeating: 0, count: size)
        guard gdal.OGR_G_ExportToIsoWkb(working, wkbNDR, &bytes) == OGRERR_NONE else { return .failure(GeometryProblem("GDAL could not export the geometry")) }
        let geometry: Geometry
        do { geometry = try WKB.decode(bytes) } catch { return .failure(GeometryProblem("geometry: \(error)")) }
        do { try geometry.validateCoordinates() } catch { return .failure(GeometryProblem(error.description)) }
        return .success(geometry)
    }

    /// Why a feature's geometry cannot be used.
    private struct GeometryProblem: Error {
        let reason: String
        init(_ reason: String) { self.reason = reason }
    }

    /// A field's value as JSON: integers as numbers (64-bit beyond 2^53 kept exact), booleans,
    /// dates as ISO 8601 text, lists as arrays.
    private func value(_ feature: OGRFeatureH, _ index: Int32, _ field: Field) -> JSONValue {
        if gdal.OGR_F_IsFieldNull(feature, index) != 0 { return .null }
        switch field.type {
        case OFTInteger:
            let number = gdal.OGR_F_GetFieldAsInteger(feature, index)
            return field.subType == OFSTBoolean ? .bool(number != 0) : .number(Double(number))
        case OFTInteger64: return GDALLayerSource.whole(gdal.OGR_F_GetFieldAsInteger64(feature, index))
        case OFTReal: return .number(gdal.OGR_F_GetFieldAsDouble(feature, index))
        case OFTDate, OFTDateTime, OFTTime: return .string(GDALLayerSource.isoText(feature, index, field.type))
        case OFTIntegerList:
            var count: Int32 = 0
            guard let list = gdal.OGR_F_GetFieldAsIntegerList(feature, index, &count) else { return .array([]) }
            return .array((0..<Int(count)).map { .number(Double(list[$0])) })
        case OFTInteger64List:
            var count: Int32 = 0
            guard let list = gdal.OGR_F_GetFieldAsInteger64List(feature, index, &count) else { return .array([]) }
            return .array((0..<Int(count)).map { GDALLayerSource.whole(list[$0]) })
        case OFTRealList:
            var count: Int32 = 0
            guard let list = gdal.OGR_F_GetFieldAsDoubleList(feature, index, &count) else { return .array([]) }
            return .array((0..<Int(count)).map { .number(list[$0]) })
        case OFTStringList:
            guard let list = gdal.OGR_F_GetFieldAsStringList(feature, index) else { return .array([]) }
            var items: [JSONValue] = []
            var cursor = 0
            while let item = list[cursor] {
                items.append(.string(String(cString: item)))
                cursor += 1
            }
            return .array(items)
        default: return .string(cText(gdal.OGR_F_GetFieldAsString(feature, index)))
        }
    }

    /// `2019-10-09`, `2019-10-09T14:30:00Z`, `14:30:00`.
    private static func isoText(_ feature: OGRFeatureH, _ index: Int32, _ type: OGRFieldType) -> String {
        var year: Int32 = 0, month: Int32 = 0, day: Int32 = 0, hour: Int32 = 0, minute: Int32 = 0, zone: Int32 = 0
        var second: Float = 0
        guard gdal.OGR_F_GetFieldAsDateTimeEx(feature, index, &year, &month, &day, &hour, &minute, &second, &zone) != 0 else {
            return cText(gdal.OGR_F_GetFieldAsString(feature, index))
        }
        func two(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let date = String(format: "%04d-%@-%@", Int(year), two(month), two(day))
        let wholeSeconds = Int32(second)
        var time = "\(two(hour)):\(two(minute)):\(two(wholeSeconds))"
        let fraction = Double(second) - Double(wholeSeconds)
        if fraction > 0.0005 { time += String(format: ".%03d", Int((fraction * 1000).rounded())) }
        // OGR's time zone flag: 0 unknown, 1 local, 100 UTC, 100 ± n quarter hours east or west.
        if zone == 100 {
            time += "Z"
        } else if zone > 1 {
            let minutes = Int(zone - 100) * 15
            time += (minutes < 0 ? "-" : "+") + String(format: "%02d:%02d", abs(minutes) / 60, abs(minutes) % 60)
        }
        switch type {
        case OFTDate: return date
        case OFTTime: return time
        default: return date + "T" + time
        }
    }

    /// A 64-bit integer as a number, or kept exact beyond 2^53.
    private static func whole(_ value: Int64) -> JSONValue {
        JSONValue.exactlyRepresentable(value) ? .number(Double(value)) : .integer(value)
    }

    /// A number from a cell: a number, or text that reads as one.
    private static func degrees(_ value: JSONValue) -> Double? {
        switch value {
        case let .number(n): return n.isFinite ? n : nil
        case let .integer(i): return Double(i)
        case let .string(s): return Double(s.trimmingCharacters(in: .whitespaces)).flatMap { $0.isFinite ? $0 : nil }
        default: return nil
        }
    }

    /// The record as one JSON object, for the rejects file.
    private static func raw(_ properties: Properties) -> String {
        JSONText.value(.object(properties.map { ($0.name, $0.value) }))
    }
}
