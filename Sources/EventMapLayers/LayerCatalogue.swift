import EventMapCore
import EventMapIO
import Foundation

/// A reference layer: the border, a road, a zone, a country outline, or a user's file.
public struct Layer: Sendable {
    /// How commands name it: `border:TR-SY`, `zone:idlib-deescalation`, or a user file's name.
    public var reference: String
    /// `border`, `road`, `zone`, `country` or `user`.
    public var kind: String
    /// A human name ("Turkey–Syria border").
    public var name: String
    public var features: [Feature]
    /// The file it was read from.
    public var path: String

    /// The first feature's `source` property, or the file name.
    public var source: String { features.first?.properties["source"]?.stringValue ?? (path as NSString).lastPathComponent }
    /// `valid_from` of the first feature that has one (`YYYY-MM-DD`).
    public var validFrom: String? { features.lazy.compactMap { $0.properties["valid_from"]?.stringValue }.first }
    /// `valid_to` of the first feature that has one.
    public var validTo: String? { features.lazy.compactMap { $0.properties["valid_to"]?.stringValue }.first }
}

/// Errors finding layers.
public enum LayerError: Error, Sendable, CustomStringConvertible, Equatable {
    case unknownReference(String, known: [String])
    case unreadable(path: String, reason: String)

    public var description: String {
        switch self {
        case let .unknownReference(reference, known):
            "unknown layer '\(reference)'" + (Suggestions.closest(to: reference, among: known).isEmpty ? "" : "; did you mean \(Suggestions.phrase(Suggestions.closest(to: reference, among: known)))?")
                + " ('eventmap layers' lists them all; a path to any vector file, or FILE:LAYER, works too)"
        case let .unreadable(path, reason): "\(path): \(reason)"
        }
    }
}

/// The reference layers commands share: the shipped ones in `Gazetteer/features/` and every
/// vector file in the user's layer folders (`--layers-dir`, `EVENTMAP_LAYERS`): GeoJSON,
/// GeoPackage, KML, and whatever GDAL reads (Shapefile, FlatGeobuf, KMZ, GML, ...).
///
/// A shipped file `KIND-NAME.geojson` is the layer `KIND:NAME`; a user's `my-area.geojson` is the
/// layer `my-area` (also `user:my-area`). `zone:all` is every zone together. Any other reference
/// that names an existing file (or `FILE:LAYER`, one layer of a GeoPackage or zipped folder of
/// Shapefiles) is read as a layer of its own, in WGS84 whatever the file's CRS.
///
/// Shipped layers are read when first asked for (a query of the border reads only the border);
/// user folders are read at once, so that a broken file of the user's is reported before any work.
public final class LayerCatalogue: @unchecked Sendable {
    /// A shipped layer before its file is read.
    private struct ShippedLayer {
        let reference: String, kind: String, name: String, path: String
    }

    private let shipped: [ShippedLayer]
    private let user: [Layer]
    /// Shipped layers read so far, by reference; guarded by `lock`.
    private var read: [String: Layer] = [:]
    private let lock = NSLock()

    /// Every layer, shipped first, each group sorted by reference (every shipped file is read).
    /// - Throws: ``LayerError/unreadable(path:reason:)`` for a shipped file that is not valid GeoJSON.
    public var layers: [Layer] {
        get throws(LayerError) { try shipped.map { layer throws(LayerError) in try load(layer) } + user }
    }

    /// The shipped layers of these kinds (`country`, `water`, ...), each file read once.
    public func shippedLayers(of kinds: Set<String>) throws(LayerError) -> [Layer] {
        try shipped.filter { kinds.contains($0.kind) }.map { layer throws(LayerError) in try load(layer) }
    }

    /// Lists the shipped folder and reads the user folders.
    /// - Throws: ``LayerError/unreadable(path:reason:)`` for a folder that cannot be listed or a
    ///   user's file that cannot be read (naming the file and the problem).
    public init(shippedDirectory: String, userDirectories: [String] = []) throws(LayerError) {
        var shipped: [ShippedLayer] = []
        for path in try LayerCatalogue.geojsonFiles(in: shippedDirectory) {
            let stem = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
            guard let dash = stem.firstIndex(of: "-") else { continue }
            let kind = String(stem[..<dash]), name = String(stem[stem.index(after: dash)...])
            shipped.append(ShippedLayer(reference: "\(kind):\(name)", kind: kind, name: name, path: path))
        }
        var user: [Layer] = []
        for directory in userDirectories {
            for path in try LayerCatalogue.vectorFiles(in: directory) {
                let stem = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
                user.append(Layer(reference: stem, kind: "user", name: stem, features: try LayerCatalogue.read(path), path: path))
            }
        }
        self.shipped = shipped.sorted { $0.reference < $1.reference }
        self.user = user.sorted { $0.reference < $1.reference }
    }

    /// A shipped layer, read from its file the first time.
    private func load(_ layer: ShippedLayer) throws(LayerError) -> Layer {
        lock.lock()
        defer { lock.unlock() }
        if let done = read[layer.reference] { return done }
        let features = try LayerCatalogue.read(layer.path)
        // A layer of many named features (the rivers) is titled by its kind, not its first feature.
        let title =
            layer.kind == "water"
            ? layer.name.capitalized
            : layer.kind == "admin1" ? "First-level divisions of \(layer.name) (approximate)" : features.first?.properties["name"]?.stringValue ?? layer.name
        let done = Layer(reference: layer.reference, kind: layer.kind, name: title, features: features, path: layer.path)
        read[layer.reference] = done
        return done
    }

    /// Where the shipped layers are: `$EVENTMAP_FEATURES`, else `features/` of the data folder
    /// (``DataDirectory``), else nil.
    public static func defaultDirectory() -> String? {
        if let path = ProcessInfo.processInfo.environment["EVENTMAP_FEATURES"], !path.isEmpty { return path }
        return DataDirectory.path("features")
    }

    /// The user layer folders named by `EVENTMAP_LAYERS` (colon-separated).
    public static var environmentDirectories: [String] {
        (ProcessInfo.processInfo.environment["EVENTMAP_LAYERS"] ?? "").split(separator: ":").map(String.init)
    }

    /// Every reference the catalogue answers to, including `zone:all`.
    public var references: [String] {
        var all = shipped.map(\.reference) + user.map(\.reference)
        if shipped.contains(where: { $0.kind == "zone" }) { all.append("zone:all") }
        return all
    }

    /// The layer named `reference`: a catalogue reference, `user:NAME`, `zone:all`, or a file path.
    /// - Throws: ``LayerError/unknownReference(_:known:)`` listing the known references.
    public func layer(_ reference: String) throws(LayerError) -> Layer {
        if let found = shipped.first(where: { $0.reference == reference }) { return try load(found) }
        if let found = user.first(where: { $0.reference == reference || "user:" + $0.reference == reference }) { return found }
        if reference == "zone:all" {
            let zones = try shipped.filter { $0.kind == "zone" }.map { layer throws(LayerError) in try load(layer) }
            if !zones.isEmpty {
                return Layer(
                    reference: "zone:all", kind: "zone", name: "All zones", features: zones.flatMap(\.features),
                    path: zones.map(\.path).joined(separator: ", "))
            }
        }
        if !reference.hasPrefix("-"), FileManager.default.fileExists(atPath: reference) || Formats.splitLayer(reference) != nil {
            let file = Formats.splitLayer(reference)?.file ?? reference
            let stem = Formats.splitLayer(reference)?.layer ?? FormatDetection.stem(of: file)
            return Layer(reference: reference, kind: "file", name: stem, features: try LayerCatalogue.read(reference), path: file)
        }
        throw .unknownReference(reference, known: references)
    }

    /// Resolves a comma-separated list (`border:TR-SY,road:M4,zone:all`).
    public func layers(_ list: String) throws(LayerError) -> [Layer] { try layers([list]) }

    /// The layers of several references, each of which may be a comma list (a repeated flag).
    public func layers(_ references: [String]) throws(LayerError) -> [Layer] {
        var result: [Layer] = []
        for item in references.flatMap({ $0.split(separator: ",") }) where !item.trimmingCharacters(in: .whitespaces).isEmpty {
            result.append(try layer(item.trimmingCharacters(in: .whitespaces)))
        }
        return result
    }

    private static func geojsonFiles(in directory: String) throws(LayerError) -> [String] {
        try names(in: directory).filter { $0.hasSuffix(".geojson") || $0.hasSuffix(".json") }.sorted().map { directory + "/" + $0 }
    }

    /// The names in a folder of layers.
    /// - Throws: ``LayerError/unreadable(path:reason:)`` for a path that is no folder or cannot be listed.
    private static func names(in directory: String) throws(LayerError) -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw .unreadable(path: directory, reason: "no such folder of layers")
        }
        do { return try FileManager.default.contentsOfDirectory(atPath: directory) } catch {
            throw .unreadable(path: directory, reason: "cannot list: \(error.localizedDescription)")
        }
    }

    /// The files of a user's layer folder that are vector data, sorted: a Shapefile's `.shp`
    /// (not its `.dbf`, `.shx`, `.prj`), GeoJSON, GeoPackage, KML, and every extension a GDAL
    /// vector driver reads.
    private static func vectorFiles(in directory: String) throws(LayerError) -> [String] {
        let names = try names(in: directory)
        let own: Set<String> = ["geojson", "json", "gpkg", "kml", "kmz"]
        let visible = names.filter { !$0.hasPrefix(".") }
        // GDAL (a tenth of a second to load) is asked only about extensions EventMap does not read itself.
        let others = Set(visible.map { ($0 as NSString).pathExtension.lowercased() }).subtracting(own).subtracting(sidecarExtensions)
        let readable = others.isEmpty ? own : own.union(Set(GDAL.vectorDrivers.filter(\.canRead).flatMap(\.extensions)).subtracting(sidecarExtensions))
        return visible.filter { readable.contains(($0 as NSString).pathExtension.lowercased()) }.sorted().map { directory + "/" + $0 }
    }

    /// Files that come with a Shapefile or MapInfo table and are not layers of their own, and
    /// text that GDAL would read as a table without geometry.
    private static let sidecarExtensions: Set<String> = ["dbf", "shx", "prj", "cpg", "qix", "sbn", "sbx", "mid", "xml", "txt", "csv", "pdf", "nc", "fits", "pix", "jp2", "j2k", "svg"]

    /// Every feature of every layer of `reference` (a path, or `FILE:LAYER`), in WGS84.
    private static func read(_ reference: String) throws(LayerError) -> [Feature] {
        do {
            var features: [Feature] = []
            for source in try Formats.open(reference) {
                let (read, rejected) = try source.readAll()
                if let first = rejected.first {
                    throw LayerError.unreadable(path: reference, reason: "\(first.position): \(first.reason) (\(rejected.count) such feature\(rejected.count == 1 ? "" : "s"))")
                }
                features += read
            }
            return features
        } catch let error as LayerError {
            throw error
        } catch {
            throw .unreadable(path: reference, reason: "\(error)")
        }
    }
}
