internal import CGDALLoader
import EventMapCore
import Foundation

/// The GDAL library this binary links (Debian's `libgdal`): its vector drivers, and the driver a
/// file name asks for. GDAL is registered once and kept quiet: its errors come back as
/// ``IOError``s naming the file, never as lines of its own on stderr.
public enum GDAL {
    /// One vector driver of the installed GDAL.
    public struct Driver: Sendable, Hashable {
        /// GDAL's short name, as `ogr2ogr -f` takes it: `ESRI Shapefile`, `FlatGeobuf`, `XLSX`.
        public var name: String
        /// GDAL's description: `ESRI Shapefile`, `MS Office Open XML spreadsheet`.
        public var longName: String
        /// File extensions without the dot, lower case (`shp`, `shz`, `shp.zip`).
        public var extensions: [String]
        /// True when the driver can create files (`DCAP_CREATE`).
        public var canWrite: Bool
        /// True when it can open files (`DCAP_OPEN`).
        public var canRead: Bool
        /// The field types it can create (`DMD_CREATIONFIELDDATATYPES`: `Integer`, `Integer64`,
        /// `Real`, `String`, `Date`, ...); the common five when GDAL does not say.
        public var fieldTypes: Set<String> = []
    }

    /// GDAL's functions, or why they could not be loaded. Loaded (with dlopen, see
    /// `eventmap_gdal.h`) on first use, every driver registered and GDAL's own error printing
    /// silenced, once per process.
    fileprivate static let library: Result<eventmap_gdal, LoadFailure> = {
        var error: UnsafePointer<CChar>?
        guard let table = eventmap_gdal_load(&error)?.pointee else {
            return .failure(LoadFailure(reason: error.map { String(cString: $0) } ?? "GDAL could not be loaded"))
        }
        table.GDALAllRegister()
        _ = table.CPLSetErrorHandler(table.CPLQuietErrorHandler)
        return .success(table)
    }()

    /// Why GDAL is not available.
    struct LoadFailure: Error {
        let reason: String
    }

    /// True when GDAL could be loaded.
    public static var isAvailable: Bool { (try? library.get()) != nil }

    /// Loads GDAL, or says why it cannot be (naming `path`, the file that needed it).
    static func require(_ path: String) throws(IOError) {
        if case let .failure(failure) = library { throw .unreadable(path: path, reason: failure.reason) }
    }

    /// GDAL's version, such as `3.6.2`, or `not installed`.
    public static var version: String {
        guard isAvailable else { return "not installed" }
        return cText(gdal.GDALVersionInfo("RELEASE_NAME"))
    }

    /// Every vector driver, in GDAL's registration order (none when GDAL is not installed).
    public static var vectorDrivers: [Driver] {
        guard isAvailable else { return [] }
        var drivers: [Driver] = []
        for index in 0..<gdal.GDALGetDriverCount() {
            guard let handle = gdal.GDALGetDriver(index) else { continue }
            func item(_ key: String) -> String? { gdal.GDALGetMetadataItem(handle, key, nil).map { String(cString: $0) } }
            guard item("DCAP_VECTOR") == "YES" else { continue }
            let extensions = (item("DMD_EXTENSIONS") ?? item("DMD_EXTENSION") ?? "").lowercased().split(separator: " ").map(String.init)
            drivers.append(
                Driver(
                    name: cText(gdal.GDALGetDriverShortName(handle)), longName: cText(gdal.GDALGetDriverLongName(handle)),
                    extensions: extensions, canWrite: item("DCAP_CREATE") == "YES", canRead: item("DCAP_OPEN") == "YES",
                    fieldTypes: Set((item("DMD_CREATIONFIELDDATATYPES") ?? "Integer Integer64 Real String Date").split(separator: " ").map(String.init))))
        }
        return drivers
    }

    /// The driver named `name` (GDAL's short name, any case), or the writable driver whose
    /// extension it is (`shp`, `fgb`, `xlsx`), or nil.
    public static func driver(named name: String) -> Driver? {
        let wanted = name.lowercased()
        let drivers = vectorDrivers
        return drivers.first { $0.name.lowercased() == wanted } ?? drivers.first { $0.canWrite && $0.extensions.contains(wanted) }
    }

    /// The first driver (in GDAL's order) that writes files with `path`'s extension; the longest
    /// extension wins, so `x.shp.zip` is a zipped Shapefile and not a zip of something else.
    public static func writer(forPath path: String) -> Driver? {
        let name = (path as NSString).lastPathComponent.lowercased()
        var best: (driver: Driver, length: Int)?
        for driver in vectorDrivers where driver.canWrite {
            for ext in driver.extensions where name.hasSuffix("." + ext) && ext.count > (best?.length ?? 0) {
                best = (driver, ext.count)
            }
        }
        return best?.driver
    }

    /// The short name of the driver GDAL would open `path` with, or nil.
    public static func identify(_ path: String) -> String? {
        guard isAvailable else { return nil }
        guard let driver = gdal.GDALIdentifyDriverEx(openName(path), UInt32(GDAL_OF_VECTOR), nil, nil) else { return nil }
        return cText(gdal.GDALGetDriverShortName(driver))
    }

    /// Drivers that keep tables without geometry (spreadsheets): a point is written as
    /// `longitude` and `latitude` columns there, other geometries as WKT in `geometry_wkt`.
    public static let tableOnlyDrivers: Set<String> = ["XLSX", "ODS", "XLS"]

    /// GDAL's last error message on this thread, or `fallback`.
    static func lastError(_ fallback: String) -> String {
        let message = cText(gdal.CPLGetLastErrorMsg()).trimmingCharacters(in: .whitespacesAndNewlines)
        return message.isEmpty ? fallback : message
    }

    /// The name GDAL opens `path` under: a zip or gzip file that is not a zipped Shapefile goes
    /// through GDAL's virtual file systems (`/vsizip/`, `/vsigzip/`).
    static func openName(_ path: String) -> String {
        let lower = path.lowercased()
        if lower.hasSuffix(".shp.zip") || lower.hasPrefix("/vsi") { return path }
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        if lower.hasSuffix(".zip") { return "/vsizip/" + absolute }
        if lower.hasSuffix(".gz") { return "/vsigzip/" + absolute }
        return path
    }
}

/// GDAL's functions, for code that runs after ``GDAL/require(_:)`` succeeded (every entry point
/// to GDAL in this module calls it first).
var gdal: eventmap_gdal {
    guard case let .success(table) = GDAL.library else { fatalError("GDAL used before GDAL.require(_:) succeeded") }
    return table
}

/// A C string GDAL returned, or "" for NULL.
func cText(_ pointer: UnsafePointer<CChar>?) -> String { pointer.map { String(cString: $0) } ?? "" }

/// An owned GDAL dataset (`GDALDatasetH`), closed when the last layer reading it is gone.
final class GDALDataset {
    let handle: GDALDatasetH
    let path: String

    /// Opens `path` read-only as a vector dataset.
    /// - Throws: ``IOError/unreadable(path:reason:)`` with GDAL's reason.
    init(reading path: String) throws(IOError) {
        try GDAL.require(path)
        guard FileManager.default.fileExists(atPath: path) else { throw .unreadable(path: path, reason: "no such file") }
        gdal.CPLErrorReset()
        let flags = UInt32(GDAL_OF_VECTOR | GDAL_OF_READONLY)
        guard let handle = gdal.GDALOpenEx(GDAL.openName(path), flags, nil, nil, nil) else {
            let known = "GeoJSON, CSV, KML, GeoPackage, GDELT, or a format GDAL reads (eventmap formats lists them)"
            throw .unreadable(path: path, reason: GDAL.lastError("not a vector format this GDAL (\(GDAL.version)) reads; EventMap reads \(known)"))
        }
        self.handle = handle
        self.path = path
    }

    /// Creates `path` with `driver`.
    init(creating path: String, driver: GDAL.Driver, options: [String] = []) throws(IOError) {
        do { try GDAL.require(path) } catch { throw .unwritable(path: path, reason: error.description) }
        gdal.CPLErrorReset()
        guard let driverHandle = gdal.GDALGetDriverByName(driver.name) else {
            throw .unwritable(path: path, reason: "GDAL has no driver \(driver.name)")
        }
        let created = CStringList(options).withPointer { list in gdal.GDALCreate(driverHandle, path, 0, 0, 0, GDT_Unknown, list) }
        guard let created else { throw .unwritable(path: path, reason: GDAL.lastError("\(driver.name) could not create the file")) }
        handle = created
        self.path = path
    }

    /// Closes the dataset now (writers flush here). Returns GDAL's error, if closing failed.
    private var closed = false
    func close() -> String? {
        guard !closed else { return nil }
        closed = true
        gdal.CPLErrorReset()
        gdal.GDALClose(handle)
        return gdal.CPLGetLastErrorType() == CE_Failure || gdal.CPLGetLastErrorType() == CE_Fatal ? GDAL.lastError("closing failed") : nil
    }

    deinit { _ = close() }
}

/// A NULL-terminated `char **` list for GDAL's options, valid inside ``withPointer(_:)``.
struct CStringList {
    let items: [String]
    init(_ items: [String]) { self.items = items }

    func withPointer<Result>(_ body: (UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Result) -> Result {
        if items.isEmpty { return body(nil) }
        var pointers: [UnsafeMutablePointer<CChar>?] = items.map { strdup($0) }
        pointers.append(nil)
        defer { for pointer in pointers { free(pointer) } }
        return pointers.withUnsafeMutableBufferPointer { body($0.baseAddress) }
    }
}

/// A coordinate reference system known to GDAL (an owned `OGRSpatialReferenceH`), with
/// coordinates always in GIS order: longitude, latitude (easting, northing for projected CRSs).
final class SpatialReference {
    let handle: OGRSpatialReferenceH

    /// Parses `definition`: `EPSG:32637`, WKT, a PROJ string, `OGC:CRS84` (as `ogr2ogr -s_srs`).
    /// - Throws: ``IOError/unreadable(path:reason:)`` naming `context` (the file or the option).
    init(_ definition: String, context: String) throws(IOError) {
        try GDAL.require(context)
        guard let handle = gdal.OSRNewSpatialReference(nil) else { throw .unreadable(path: context, reason: "GDAL could not create a spatial reference") }
        gdal.CPLErrorReset()
        guard gdal.OSRSetFromUserInput(handle, definition) == OGRERR_NONE else {
            gdal.OSRDestroySpatialReference(handle)
            throw .unreadable(path: context, reason: "unknown CRS '\(definition)': \(GDAL.lastError("not EPSG:CODE, WKT or a PROJ string"))")
        }
        gdal.OSRSetAxisMappingStrategy(handle, OAMS_TRADITIONAL_GIS_ORDER)
        self.handle = handle
    }

    /// A copy of `borrowed` (a layer's reference, owned by GDAL); nil if GDAL cannot copy it.
    init?(copying borrowed: OGRSpatialReferenceH) {
        guard let copy = gdal.OSRClone(borrowed) else { return nil }
        handle = copy
        gdal.OSRSetAxisMappingStrategy(handle, OAMS_TRADITIONAL_GIS_ORDER)
    }

    deinit { gdal.OSRDestroySpatialReference(handle) }

    /// WGS84 longitude/latitude, EventMap's coordinates inside.
    static func wgs84() -> SpatialReference {
        // EPSG:4326 is in every PROJ database; failing here would mean a broken installation.
        guard let wgs84 = try? SpatialReference("EPSG:4326", context: "EPSG:4326") else { fatalError("PROJ's database lacks EPSG:4326") }
        return wgs84
    }

    /// True for a geographic CRS on the WGS84 datum (EPSG:4326, OGC:CRS84, WGS84 by WKT): no
    /// transformation needed.
    var isWGS84Geographic: Bool {
        let wgs84 = SpatialReference.wgs84()
        return gdal.OSRIsGeographic(handle) != 0 && gdal.OSRIsSameGeogCS(handle, wgs84.handle) != 0
    }

    /// A short name for messages: `EPSG:32637 (WGS 84 / UTM zone 37N)`.
    var label: String {
        let name = gdal.OSRGetName(handle).map { String(cString: $0) } ?? "unnamed CRS"
        if let authority = gdal.OSRGetAuthorityName(handle, nil), let code = gdal.OSRGetAuthorityCode(handle, nil) {
            return "\(String(cString: authority)):\(String(cString: code)) (\(name))"
        }
        return name
    }
}

/// Moves geometries between a CRS and WGS84 longitude/latitude (an owned
/// `OGRCoordinateTransformationH`; GDAL runs it through PROJ). Not for use from two threads.
final class CoordinateTransform {
    let handle: OGRCoordinateTransformationH
    let source: SpatialReference
    let target: SpatialReference

    init(from source: SpatialReference, to target: SpatialReference, context: String) throws(IOError) {
        gdal.CPLErrorReset()
        guard let handle = gdal.OCTNewCoordinateTransformation(source.handle, target.handle) else {
            throw .unreadable(path: context, reason: "no transformation from \(source.label) to \(target.label): \(GDAL.lastError("PROJ found none"))")
        }
        self.handle = handle
        self.source = source
        self.target = target
    }

    deinit { gdal.OCTDestroyCoordinateTransformation(handle) }

    /// `geometry` in the target CRS, or nil when a point lies outside the transformation's domain.
    func apply(_ geometry: Geometry) -> Geometry? {
        var failed = false
        let moved = geometry.mapCoordinates { coordinate -> Coordinate in
            var x = coordinate.longitude, y = coordinate.latitude, z = 0.0
            var success: Int32 = 0
            if gdal.OCTTransformEx(handle, 1, &x, &y, &z, &success) == 0 || success == 0 || !x.isFinite || !y.isFinite { failed = true }
            return Coordinate(longitude: x, latitude: y)
        }
        return failed ? nil : moved
    }
}
