import ArgumentParser
import EventMapCore
import EventMapIO
import EventMapLayers
import EventMapQuery
import Foundation

/// `eventmap query INPUT [filters] [-o OUTPUT]`.
struct Query: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Select events by geodesic distance to a layer, by area, box, date, type, actor and precision.",
        discussion: """
            Filters combine with AND; a flag given twice, or a comma list, means any of its values \
            (--type Battles --type Riots, or --type Battles,Riots). Several --inside layers keep an event \
            inside any of them, several --outside layers one outside all of them, several --of layers \
            measure to the nearest of them.
            Distances are geodesic on the WGS84 ellipsoid: --within 30km --of border:TR-SY keeps an event \
            when the shortest geodesic from it to the border line (whose edges are geodesics between its \
            vertices) is at most 30,000 m, exactly (no planar buffer, no approximation); a polygon layer \
            measures to its area, 0 inside. The distance is added as distance_km. --inside and --outside \
            count a polygon's boundary as inside; with --while-in-force a zone counts only on the days it \
            was in force (its valid_from to valid_to, as 'eventmap layers' lists them).
            Dates: event_date is read in every form ACLED publishes (24 August 2016, 2016-08-24, \
            24-August-2016). An event overlaps --from/--to when any day it may have happened on is in \
            range: a month or year date, or ACLED time_precision 2 (the week around the date) or 3 (its \
            month). Events whose date cannot be read are counted on stderr and kept with a null date; a \
            date filter leaves them out and the summary says how many.
            An event type or actor that neither ACLED's vocabulary nor the data knows is a usage error \
            (exit 64) naming the closest values. Inputs and outputs are every format of 'convert'; an \
            ACLED CSV keeps every column.
            Example: eventmap query acled.csv --within 30km --of border:TR-SY --from 2019-10-01 -o near.csv
            """)

    @Argument(help: ArgumentHelp("Input file ('-' reads stdin: GeoJSON, or --input-format geojsonseq or csv).", valueName: "input"))
    var input: String

    @Option(name: .long, help: ArgumentHelp("Input format, when the extension does not say (stdin: geojson, geojsonseq or csv).", valueName: "format"), transform: VectorFormat.parseArgument)
    var inputFormat: VectorFormat?

    @Option(name: .long, help: ArgumentHelp("Column names of a CSV without a header row (a partition of a table), comma-separated.", valueName: "names"))
    var csvHeader: String?

    @Flag(name: .long, help: "Write CSV without its header row, so that the outputs of many tasks concatenate (needs --csv-header: the columns every task writes).")
    var noHeader = false

    @Option(name: .long, help: ArgumentHelp("Keep events at most this geodesic distance from --of (30km, 500m, 12mi; a bare number is km).", valueName: "length"))
    var within: Length?

    @Option(name: .long, help: ArgumentHelp("Keep events farther than this from --of.", valueName: "length"))
    var beyond: Length?

    @Option(name: .long, help: ArgumentHelp("The layers --within/--beyond measure to: border:TR-SY, road:M4, zone:..., or a file (repeatable, or a comma list: the nearest counts).", valueName: "ref"))
    var of: [String] = []

    @Option(name: .long, help: ArgumentHelp("Keep events inside this polygon layer (boundary counts as inside; repeatable: inside any).", valueName: "ref"))
    var inside: [String] = []

    @Option(name: .long, help: ArgumentHelp("Keep events outside this polygon layer (repeatable: outside all).", valueName: "ref"))
    var outside: [String] = []

    @Flag(name: .long, help: "--inside/--outside zones count only on the days they were in force (valid_from to valid_to).")
    var whileInForce = false

    @Option(name: .long, help: ArgumentHelp("Keep events in MINLON,MINLAT,MAXLON,MAXLAT (degrees).", valueName: "box"))
    var bbox: BoundingBox?

    @Option(
        name: .long, help: ArgumentHelp("Keep events on or after this date (YYYY, YYYY-MM, YYYY-MM-DD or '1 October 2019').", valueName: "date"),
        transform: Query.date)
    var from: EventDate?

    @Option(name: .long, help: ArgumentHelp("Keep events on or before this date.", valueName: "date"), transform: Query.date)
    var to: EventDate?

    @Option(name: .long, help: ArgumentHelp("Keep events of this event_type or sub_event_type, any case (repeatable, or a comma list).", valueName: "text"))
    var type: [String] = []

    @Option(name: .long, help: ArgumentHelp("Keep events whose actor1 or actor2 contains this text, any case (repeatable).", valueName: "text"))
    var actor: [String] = []

    @Option(
        name: .customLong("min-precision"),  // the least precision kept: the largest geo_precision number
        help: ArgumentHelp(
            "Keep events with geo_precision at most N: 1 the place itself, 2 near it, 3 a region or a country's or state's centroid (GDELT's country-level rows). Default: all.", valueName: "n"))
    var maxGeoPrecision: Int?

    @Option(name: .long, help: ArgumentHelp("Add nearest_name and nearest_km: the nearest feature of this layer.", valueName: "ref"))
    var nearest: String?

    @Flag(name: .long, help: "Print only the number of matching events.")
    var count = false

    @Option(name: .shortAndLong, help: ArgumentHelp("Output file, format from its extension; '-' (default) writes GeoJSON to stdout.", valueName: "output"))
    var output: String = "-"

    @OptionGroup var writing: VectorOutputOptions

    @OptionGroup var crs: InputCRSOptions

    @OptionGroup var policy: InputPolicyOptions

    @Flag(name: .shortAndLong, help: "No summary or progress on stderr (problems with the data are still reported).")
    var quiet = false

    @OptionGroup var layerOptions: LayersOption

    static func date(_ text: String) throws -> EventDate {
        guard let date = EventDate(parsing: text) else {
            throw ValidationError("'\(text)' is not a date: use YYYY-MM-DD, YYYY-MM or YYYY (a real day: month 1-12, day within the month)")
        }
        return date
    }

    func validate() throws {
        if (within != nil || beyond != nil) && of.isEmpty { throw ValidationError("--within and --beyond need --of REF") }
        if !of.isEmpty && within == nil && beyond == nil { throw ValidationError("--of goes with --within or --beyond") }
        if within != nil && beyond != nil { throw ValidationError("use --within or --beyond, not both") }
        if let from, let to, to.period.last < from.period.first { throw ValidationError("--from \(from) is after --to \(to)") }
        if let maxGeoPrecision, !(1...3).contains(maxGeoPrecision) { throw ValidationError("--min-precision takes 1, 2 or 3") }
        try policy.validate(output: output, inputs: [input])
        if whileInForce && inside.isEmpty && outside.isEmpty { throw ValidationError("--while-in-force goes with --inside or --outside ZONE") }
        if !count { try writing.validate(output: output) }
        if let csvHeader, csvHeaderNames(csvHeader).isEmpty { throw ValidationError("--csv-header needs the column names, comma-separated") }
        if noHeader {
            guard !count, outputFormat == .csv else { throw ValidationError("--no-header applies to CSV output (-f csv)") }
            guard csvHeader != nil else {
                throw ValidationError("--no-header needs --csv-header NAMES: the columns every task writes, so that the outputs concatenate")
            }
        }
    }

    /// `a,b,"c d"` → the names (quotes and spaces around them removed).
    func csvHeaderNames(_ text: String) -> [String] {
        text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }.filter { !$0.isEmpty }
    }

    /// The columns a CSV output has when they are fixed: the input's, then those the query adds.
    func fixedCSVColumns() -> [String]? {
        guard noHeader, let csvHeader else { return nil }
        var names = csvHeaderNames(csvHeader)
        if within != nil || beyond != nil, !names.contains("distance_km") { names.append("distance_km") }
        if nearest != nil { names += ["nearest_name", "nearest_km"].filter { !names.contains($0) } }
        return names
    }

    var outputFormat: VectorFormat? { writing.format(of: output) }

    /// The plan from the options: layers looked up, dates and lists read.
    func plan() throws -> QueryPlan {
        var plan = QueryPlan()
        plan.filter.box = bbox
        plan.filter.from = from
        plan.filter.to = to
        plan.filter.types = LayersOption.split(type).map { EventVocabulary.canonical($0) ?? $0 }
        plan.filter.actors = actor.filter { !$0.isEmpty }
        plan.filter.maxGeoPrecision = maxGeoPrecision
        plan.within = within
        plan.beyond = beyond
        plan.whileInForce = whileInForce
        guard !of.isEmpty || !inside.isEmpty || !outside.isEmpty || nearest != nil else { return plan }
        let catalogue = try layerOptions.catalogue()
        plan.reference = try layerOptions.layers(of, in: catalogue, flag: "--of").flatMap { $0.features.compactMap(\.geometry) }
        func areas(_ references: [String], flag: String) throws -> [AreaLayer] {
            try layerOptions.layers(references, in: catalogue, flag: flag).map { layer in
                guard
                    let area = AreaLayer(
                        reference: layer.reference, geometries: layer.features.compactMap(\.geometry),
                        validFrom: layer.validFrom, validTo: layer.validTo)
                else {
                    throw UsageError("\(flag): \(layer.reference) has no polygons (it is a line or point layer: use --within N --of \(layer.reference))")
                }
                return area
            }
        }
        plan.inside = try areas(inside, flag: "--inside")
        plan.outside = try areas(outside, flag: "--outside")
        if whileInForce, !(plan.inside + plan.outside).contains(where: { $0.validity != nil }) {
            throw UsageError(
                "--while-in-force: none of \((plan.inside + plan.outside).map(\.reference).joined(separator: ", ")) has dates (valid_from/valid_to); the zones with dates are listed by 'eventmap layers'"
            )
        }
        if let nearest {
            let layer = try layerOptions.layers([nearest], in: catalogue, flag: "--nearest")[0]
            plan.nearest = layer.features.compactMap { f in
                f.geometry.map { ((f.properties["name"]?.stringValue ?? f.properties["ref"]?.stringValue ?? "feature"), $0) }
            }
        }
        return plan
    }

    func run() throws {
        let plan = try plan()
        // A plain CSV file and spatial filters only: rows chosen on every core without building features.
        let plainCSV = policy.rejects == nil && inputFormat == nil && csvHeader == nil && !noHeader && crs.sourceCRS == nil
        if plainCSV, !count, !(output != "-" && outputFormat == .csv), CSVPassThrough.choosesRows(of: plan, input: input) {
            return try runOnChosenRows(plan)
        }
        // CSV to CSV (or to a count): the rows copied through.
        if plainCSV, CSVPassThrough.applies(to: plan, input: input, countOnly: count, outputIsCSVFile: output != "-" && outputFormat == .csv) {
            let result: CSVPassThrough.Counts
            do {
                result = try CSVPassThrough(plan: plan, input: input, output: count ? nil : output, overwrite: writing.overwrite, skipInvalid: policy.skipInvalid).run()
            }
            if count { print(result.matched) }
            if !quiet || result.rejected > 0 {
                Diagnostics.say(
                    "kept \(result.matched) of \(result.seen) events; \(result.rejected) rejected"
                        + (plan.areaRule.map { "; \($0)" } ?? ""))
            }
            return
        }
        try runOnFeatures(plan)
    }

    /// Spatial filters only, a plain CSV file in, any other output: the pass-through chooses the
    /// rows (on every core, without building features) into a nameless temporary file, and only
    /// they are read as features and written, exactly as the feature path would write them.
    private func runOnChosenRows(_ plan: QueryPlan) throws {
        let scratch: ScratchFile
        do { scratch = try ScratchFile() } catch { throw CLIError("\(error)") }
        let chosen = try CSVPassThrough(plan: plan, input: input, output: nil, overwrite: writing.overwrite, skipInvalid: policy.skipInvalid)
            .run(streamingTo: { try scratch.write($0) })
        let source: FeatureSource
        do { source = try ChosenRowsSource(path: scratch.path, chosenFrom: input, rowsPerChunk: chosen.rowsPerChunk) } catch { throw CLIError(file: input, error) }
        var pipeline = FeaturePipeline()
        policy.apply(to: &pipeline)
        pipeline.overwrite = writing.overwrite
        pipeline.onNotes = Diagnostics.report
        pipeline.keep = { _ in .keep }
        let destination = FeaturePipeline.Destination(path: output, format: outputFormat!, documentName: FormatDetection.stem(of: output), targetCRS: writing.targetCRS)
        var layout = destination
        if let columns = fixedCSVColumns() { layout.csv = CSVLayout(columns: columns, header: false) }
        _ = try pipeline.run([(input, source)], to: layout, inputs: [input])
        if !quiet || chosen.rejected > 0 {
            Diagnostics.say("kept \(chosen.matched) of \(chosen.seen) events; \(chosen.rejected) rejected" + (plan.areaRule.map { "; \($0)" } ?? ""))
        }
    }

    private func runOnFeatures(_ plan: QueryPlan) throws {
        let sources: [FeatureSource]
        // A PostGIS table: the database sends only the candidates a superset condition keeps, and
        // each is settled exactly here, as a file's events are.
        let prefilter = (inputFormat ?? FormatDetection.format(of: input)) == .postgis ? PostGISPrefilter.from(plan) : nil
        do {
            sources = try Formats.open(
                input, format: inputFormat, sourceCRS: crs.sourceCRS, csvHeader: csvHeader.map(csvHeaderNames),
                prefilter: prefilter.map { ($0.sql, $0.parameters) }
            ).map { PrefetchingSource($0) }
        } catch { throw CLIError(file: FormatDetection.format(of: input) == .postgis ? ((try? PostgresTable(url: input))?.description ?? input) : input, error) }
        let query: EventQuery
        do { query = try EventQuery(plan: plan) } catch { throw CLIError("\(error)") }
        var vocabulary = FilterVocabularyCheck(filter: plan.filter)
        var undated = 0
        var pipeline = FeaturePipeline()
        policy.apply(to: &pipeline)
        pipeline.overwrite = writing.overwrite
        let progress = ProgressReporter(enabled: !quiet)
        pipeline.onRecord = progress.tick
        pipeline.onNotes = Diagnostics.report
        pipeline.keep = { feature in
            vocabulary.observe(feature)
            switch try query.apply(&feature) {
            case .kept: return .keep
            case .undated: undated += 1; return .leaveOut
            case .leftOut: return .leaveOut
            }
        }
        // A --type or --actor that matches no value the data holds is a usage mistake, not 0 events.
        pipeline.check = { if let problem = vocabulary.problem { throw UsageError(problem) } }
        var destination = count ? nil : FeaturePipeline.Destination(path: output, format: outputFormat!, documentName: FormatDetection.stem(of: output), targetCRS: writing.targetCRS)
        if let columns = fixedCSVColumns() { destination?.csv = CSVLayout(columns: columns, header: false) }
        let report = try pipeline.run(sources.map { (input, $0) }, to: destination, inputs: [input])
        progress.finish()
        if count { print(report.written) }
        if !quiet || report.rejected > 0 {
            var line = "kept \(report.written) of \(report.read) events; \(report.rejected) rejected"
            if prefilter != nil { line += "; PostGIS sent \(report.read) candidates (a prefilter that keeps every true answer), settled exactly here" }
            if plan.needsDates { line += "; \(undated) without a date" }
            if let rule = plan.areaRule { line += "; \(rule)" }
            Diagnostics.say(line)
        }
    }
}
