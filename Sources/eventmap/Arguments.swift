import ArgumentParser
import EventMapCore
import EventMapIO
import Foundation

/// `LON,LAT` in degrees, checked for range (a swapped pair beyond ±90 latitude is caught).
extension Coordinate: ExpressibleByArgument {
    public init?(argument: String) {
        guard let value = try? Coordinate(parsing: argument) else { return nil }
        self = value
    }

    /// Parses `LON,LAT` for `@Argument(transform:)`, with a message saying what is wrong.
    static func parseArgument(_ text: String) throws -> Coordinate {
        do { return try Coordinate(parsing: text) } catch { throw ValidationError("\(error)") }
    }
}

/// `30km`, `500m`, `12mi`; a bare number is kilometres.
extension Length: ExpressibleByArgument {
    public init?(argument: String) {
        guard let value = try? Length(parsing: argument) else { return nil }
        self = value
    }
}

/// `MINLON,MINLAT,MAXLON,MAXLAT` in degrees.
extension BoundingBox: ExpressibleByArgument {
    public init?(argument: String) {
        guard let value = try? BoundingBox(parsing: argument) else { return nil }
        self = value
    }
}

/// What to do with records that cannot be read or have no valid location: one set of options and
/// one wording for every command that streams features (`convert`, `query`).
struct InputPolicyOptions: ParsableArguments {
    @Flag(name: .long, help: "Leave out invalid features (counted on stderr) instead of stopping.")
    var skipInvalid = false

    @Option(name: .long, help: ArgumentHelp("Write left-out records here, one JSON object per line (with --skip-invalid).", valueName: "file"))
    var rejects: String?

    /// Checks the rejects file against the output and the inputs before anything is written.
    func validate(output: String, inputs: [String]) throws {
        guard let rejects else { return }
        if !skipInvalid { throw ValidationError("--rejects goes with --skip-invalid") }
        if OutputPaths.same(rejects, output) { throw ValidationError("--rejects names the output file; give the rejects a file of their own") }
        if inputs.contains(where: { OutputPaths.same($0, rejects) }) { throw ValidationError("--rejects names an input file") }
    }

    /// The pipeline's policy.
    func apply(to pipeline: inout FeaturePipeline) {
        pipeline.skipInvalid = skipInvalid
        pipeline.rejectsPath = rejects
    }

    /// Reads every record of `inputs` through `keep` (which collects what it needs and says what
    /// is rejected) under this policy, notes reported on stderr; nothing is written.
    /// - Returns: how many records were rejected.
    func read(_ inputs: [String], sourceCRS: String? = nil, keep: @escaping (inout Feature) throws -> FeaturePipeline.Decision) throws -> Int {
        var pipeline = FeaturePipeline()
        apply(to: &pipeline)
        pipeline.onNotes = Diagnostics.report
        pipeline.keep = keep
        var sources: [(file: String, source: FeatureSource)] = []
        for input in inputs {
            do { sources += try Formats.open(input, sourceCRS: sourceCRS).map { (input, $0) } } catch { throw CLIError(file: input, error) }
        }
        return try pipeline.run(sources, to: nil, inputs: inputs).rejected
    }
}

/// `-f FORMAT` and `--overwrite` for the commands that write vector files, with the format read
/// from the output's extension once, in one place.
struct VectorOutputOptions: ParsableArguments {
    @Option(
        name: .shortAndLong,
        help: ArgumentHelp(
            "Output format, when the extension does not say: geojson, geojsonseq, csv, kml, gpkg, or a GDAL driver (shp, fgb, kmz, xlsx, ...: eventmap formats).",
            valueName: "format"), transform: VectorFormat.parseArgument)
    var format: VectorFormat?

    @Flag(name: .long, help: "Replace an existing output file.")
    var overwrite = false

    @Option(
        name: [.customLong("t-srs"), .customLong("crs"), .customLong("t_srs", withSingleDash: true)],
        help: ArgumentHelp("Write coordinates in this CRS (EPSG:32637, WKT, a PROJ string): GeoPackage and GDAL formats that store a CRS.", valueName: "crs"))
    var targetCRS: String?

    /// The format `output` is written in: -f, else its extension; GeoJSON on stdout.
    func format(of output: String) -> VectorFormat? { format ?? (output == "-" ? .geojson : FormatDetection.outputFormat(of: output)) }

    /// Checks that `output` can be written: a known format that can be written there.
    func validate(output: String) throws {
        guard let chosen = format(of: output) else {
            throw ValidationError(
                "cannot tell the output format from '\(output)'; add -f FORMAT (geojson, geojsonseq, csv, kml, gpkg, or a GDAL driver such as shp, fgb, kmz, xlsx: eventmap formats lists them)")
        }
        if chosen == .gdelt { throw ValidationError("GDELT files are input only") }
        if !chosen.canWrite { throw ValidationError("GDAL's \(chosen) driver reads but does not write; eventmap formats lists those that write") }
        if output == "-", chosen != .geojson, chosen != .geojsonseq, chosen != .csv, chosen != .kml {
            throw ValidationError("\(chosen == .gpkg ? "a GeoPackage" : chosen.name) cannot be written to stdout; name a file")
        }
        if let targetCRS {
            guard chosen.holdsOtherCRS else {
                throw ValidationError("--t-srs applies to GeoPackage and GDAL formats that store a CRS (shp, fgb, gml, ...); \(chosen) is WGS84 longitude/latitude")
            }
            guard (try? Formats.checkCRS(targetCRS)) != nil else {
                throw ValidationError("--t-srs '\(targetCRS)' is not a CRS PROJ knows; give EPSG:CODE (EPSG:32637 is UTM zone 37N), WKT or a PROJ string")
            }
        }
    }
}

/// `-f` takes EventMap's format names and any GDAL vector driver (its short name or extension).
extension VectorFormat {
    /// For `@Option(transform:)`: a format, or a usage error naming the closest ones.
    static func parseArgument(_ text: String) throws -> VectorFormat {
        if let format = VectorFormat(name: text) { return format }
        let drivers = GDAL.vectorDrivers
        let gdalNames = (drivers.map(\.name) + drivers.flatMap(\.extensions)).filter { name in !VectorFormat.native.contains { $0.name == name.lowercased() } }
        let names = VectorFormat.native.map(\.name) + gdalNames
        let close = Suggestions.closest(to: text, among: names)
        throw ValidationError(
            "unknown format '\(text)'" + (close.isEmpty ? "" : "; did you mean \(Suggestions.phrase(close))?")
                + " (geojson, geojsonseq, csv, kml, gpkg, or a GDAL driver's name or extension: eventmap formats lists them)")
    }
}

/// How inputs are read when their file does not say everything: the CRS of their coordinates.
struct InputCRSOptions: ParsableArguments {
    @Option(
        name: [.customLong("s-srs"), .customLong("s_srs", withSingleDash: true)],
        help: ArgumentHelp("The CRS of the inputs' coordinates, for a GeoPackage or GDAL format without one (or with a wrong one): EPSG:32637, WKT, a PROJ string.", valueName: "crs"))
    var sourceCRS: String?

    func validate() throws {
        if let sourceCRS, (try? Formats.checkCRS(sourceCRS)) == nil {
            throw ValidationError("--s-srs '\(sourceCRS)' is not a CRS PROJ knows; give EPSG:CODE (EPSG:32637 is UTM zone 37N), WKT or a PROJ string")
        }
    }
}

/// `--method jenks|quantile`.
extension ClassBreaks.Method: ExpressibleByArgument {}

/// How areas are classed for a graduated style or a choropleth: one pair of options and one
/// range check for `aggregate` and `render`.
struct ClassingOptions: ParsableArguments {
    @Option(name: .long, help: "How many classes the areas are cut into (2 to 9).")
    var classes: Int = 5

    @Option(name: .long, help: ArgumentHelp("How the classes are cut: jenks (natural breaks) or quantile.", valueName: "method"))
    var method: ClassBreaks.Method = .jenks

    /// True when neither option was changed from its default.
    var isDefault: Bool { classes == 5 && method == .jenks }

    func validate() throws {
        guard (2...9).contains(classes) else { throw ValidationError("--classes must be between 2 and 9 (a map reader tells apart no more than about 9 shades)") }
    }

    /// The breaks of `values` by these options.
    func breaks(_ values: [Double]) -> ClassBreaks { ClassBreaks(values: values, classes: classes, method: method) }
}
