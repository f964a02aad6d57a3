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
    func read(_ inputs: [String], keep: @escaping (inout Feature) throws -> FeaturePipeline.Decision) throws -> Int {
        var pipeline = FeaturePipeline()
        apply(to: &pipeline)
        pipeline.onNotes = Diagnostics.report
        pipeline.keep = keep
        var sources: [(file: String, source: FeatureSource)] = []
        for input in inputs {
            do { sources += try Formats.open(input).map { (input, $0) } } catch { throw CLIError(file: input, error) }
        }
        return try pipeline.run(sources, to: nil, inputs: inputs).rejected
    }
}

/// `-f FORMAT` and `--overwrite` for the commands that write vector files, with the format read
/// from the output's extension once, in one place.
struct VectorOutputOptions: ParsableArguments {
    @Option(name: .shortAndLong, help: ArgumentHelp("Output format, when the extension does not say.", valueName: "format"))
    var format: VectorFormat?

    @Flag(name: .long, help: "Replace an existing output file.")
    var overwrite = false

    /// The format `output` is written in: -f, else its extension; GeoJSON on stdout.
    func format(of output: String) -> VectorFormat? { format ?? (output == "-" ? .geojson : FormatDetection.format(of: output)) }

    /// Checks that `output` can be written: a known format that can be written there.
    func validate(output: String) throws {
        guard let chosen = format(of: output) else {
            throw ValidationError("cannot tell the output format from '\(output)'; add -f FORMAT (\(VectorFormat.allCases.filter { $0 != .gdelt }.map(\.rawValue).joined(separator: ", ")))")
        }
        if chosen == .gdelt { throw ValidationError("GDELT files are input only") }
        if chosen == .gpkg && output == "-" { throw ValidationError("a GeoPackage cannot be written to stdout") }
    }
}
