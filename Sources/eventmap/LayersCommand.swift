import ArgumentParser
import EventMapCore
import EventMapGeometry
import EventMapIO
import EventMapLayers
import Foundation

/// `--layers-dir DIR`, shared by the commands that take reference layers.
struct LayersOption: ParsableArguments {
    @Option(
        name: .customLong("layers-dir"),
        help: ArgumentHelp(
            "A folder of your own GeoJSON layers; each file joins the catalogue under its name (repeatable; also $EVENTMAP_LAYERS, colon-separated).",
            valueName: "dir"))
    var layersDirectories: [String] = []

    func catalogue() throws -> LayerCatalogue {
        do {
            guard let shipped = LayerCatalogue.defaultDirectory() else { throw CLIError(DataDirectory.missingHelp) }
            return try LayerCatalogue(
                shippedDirectory: shipped,
                userDirectories: layersDirectories + LayerCatalogue.environmentDirectories)
        } catch let error as CLIError { throw error } catch { throw CLIError("\(error)") }
    }

    /// The layers named by `references` (each may be a comma list); an unknown one is a usage
    /// error (exit 64) naming the closest references the catalogue knows.
    func layers(_ references: [String], in catalogue: LayerCatalogue, flag: String) throws -> [Layer] {
        do { return try catalogue.layers(references) } catch {
            if case .unknownReference = error { throw UsageError("\(flag): \(error)") }
            throw CLIError("\(error)")
        }
    }

    /// A repeated flag's values with comma lists opened: `["a,b", "c"]` is a, b, c.
    static func split(_ values: [String]) -> [String] {
        values.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}

/// `eventmap layers [show REF]`.
struct LayersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "layers",
        abstract: "List the reference layers (border, roads, zones, countries, your own), or write one out.",
        discussion: """
            References are KIND:NAME (border:TR-SY, road:M4, zone:idlib-deescalation, country:SY), \
            zone:all for every zone, the name of a file in --layers-dir, or a path to a GeoJSON file. \
            Lengths are geodesic kilometres on WGS84, areas geodesic square kilometres. Zones are \
            approximations drawn from named places: see each feature's accuracy and source.
            """,
        subcommands: [LayersList.self, LayersShow.self],
        defaultSubcommand: LayersList.self)
}

struct LayersList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the catalogue (the default).")

    @OptionGroup var options: LayersOption

    func run() throws {
        let catalogue = try options.catalogue()
        let header = ["reference", "kind", "name", "features", "size", "valid", "source"]
        var rows: [[String]] = []
        for layer in try catalogue.layers {
            var size = ""
            let measured = EllipsoidalSize(of: layer.features.lazy.compactMap(\.geometry))
            if measured.areaSquareMetres > 0 {
                size = String(format: "%.0f km²", measured.areaSquareMetres / 1e6)
            } else if measured.lengthMetres > 0 {
                size = String(format: "%.1f km", measured.lengthMetres / 1000)
            }
            let valid = layer.validFrom.map { "\($0) to \(layer.validTo ?? "open")" } ?? ""
            rows.append([layer.reference, layer.kind, layer.name, String(layer.features.count), size, valid, layer.source])
        }
        print(TextTable.render(header: header, rows: rows, maxWidth: [28, 8, 40, 8, 11, 25, 70]))
        if catalogue.references.contains("zone:all") { print("zone:all names every zone together.") }
    }
}

struct LayersShow: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Write a layer as GeoJSON to stdout, or to -o FILE in any format (.geojson, .geojsonl, .csv, .kml, .gpkg).")

    @Argument(help: ArgumentHelp("The layer: border:TR-SY, road:M4, zone:NAME, zone:all, country:CC, a user layer or a file.", valueName: "ref"))
    var reference: String

    @Option(name: .shortAndLong, help: ArgumentHelp("Output file, format from its extension; '-' (the default) writes GeoJSON to stdout.", valueName: "file"))
    var output: String = "-"

    @OptionGroup var writing: VectorOutputOptions
    @OptionGroup var options: LayersOption

    func validate() throws { try writing.validate(output: output) }

    func run() throws {
        let layer = try options.layers([reference], in: try options.catalogue(), flag: "layers show")[0]
        let source = ArraySource(name: layer.reference.replacingOccurrences(of: ":", with: "_"), features: layer.features)
        var pipeline = FeaturePipeline()
        pipeline.overwrite = writing.overwrite
        _ = try pipeline.run([(layer.path, source)], to: .init(path: output, format: writing.format(of: output)!, documentName: layer.name, targetCRS: writing.targetCRS), inputs: [layer.path])
        if output != "-" { Diagnostics.say("wrote \(layer.features.count) features of \(layer.reference) to \(output)") }
    }
}
