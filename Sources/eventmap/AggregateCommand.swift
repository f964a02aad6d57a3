import ArgumentParser
import EventMapCore
import EventMapGeometry
import EventMapIO
import EventMapLayers
import EventMapQuery
import Foundation

/// `eventmap aggregate INPUT... --by LAYER[:NAME_FIELD] -o OUTPUT`.
struct Aggregate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Count events by area: events, fatalities, types and dates per polygon of a layer.",
        discussion: """
            Each polygon feature of the --by layer (a catalogue layer such as country:SY or zone:peace-spring, \
            a comma list of them, or a GeoJSON file of districts) becomes one output feature with its geometry and: name, events, \
            fatalities, events_<type> for each event type seen (events_battles, events_explosions_remote_violence), first_date and last_date (the earliest and \
            latest day any counted event may have happened on), undated, area_km2 (on the WGS84 ellipsoid) \
            and events_per_1000_km2. An event on a boundary two areas share counts once, in the first of \
            them in the layer's order; events outside every area are a row of their own without geometry, \
            so the rows add up to the events counted (those the filters keep; an event without a point is \
            counted on stderr). GeoPackage and KML get the areas only (QGIS does not show a feature without \
            geometry there); the outside count is in the summary. NAME_FIELD names the property the areas \
            are named by (default: name, else ref). Where the layer has a population field (population, pop, \
            pop_total or total_pop in any case, or --population FIELD), each area also gets population and \
            events_per_100k_people. --from, --to and --type filter as in 'query'.
            A GeoPackage carries a graduated QGIS style: --classify FIELD (default events) cut into --classes \
            classes (default 5) by --method jenks (natural breaks, the default) or quantile, pale to dark; \
            'eventmap render AREAS.gpkg --choropleth FIELD' draws the same classes.
            Example: eventmap aggregate acled.csv --by districts.geojson:ADM2_EN --from 2019-10-01 -o by-district.gpkg
            """)

    @Argument(help: ArgumentHelp("Event files (any format of 'convert').", valueName: "input"))
    var inputs: [String] = []

    @Option(name: .long, help: ArgumentHelp("The polygon layer to count by: a layer reference or a file, with :FIELD for the areas' names.", valueName: "layer[:field]"))
    var by: String

    @Option(name: .long, help: ArgumentHelp("Count events on or after this date.", valueName: "date"), transform: Query.date)
    var from: EventDate?

    @Option(name: .long, help: ArgumentHelp("Count events on or before this date.", valueName: "date"), transform: Query.date)
    var to: EventDate?

    @Option(name: .long, help: ArgumentHelp("Count events of this event_type or sub_event_type (repeatable, or a comma list).", valueName: "text"))
    var type: [String] = []

    @Option(name: .shortAndLong, help: ArgumentHelp("Output file, format from its extension; '-' (default) writes GeoJSON to stdout.", valueName: "output"))
    var output: String = "-"

    @Option(name: .long, help: ArgumentHelp("The layer's field of people per area, for events_per_100k_people (default: population, pop, pop_total or total_pop, any case).", valueName: "field"))
    var population: String?

    @Option(name: .long, help: ArgumentHelp("The column the GeoPackage's graduated style classes.", valueName: "field"))
    var classify: String = "events"

    @OptionGroup var classing: ClassingOptions

    @OptionGroup var writing: VectorOutputOptions

    @OptionGroup var crs: InputCRSOptions

    @OptionGroup var policy: InputPolicyOptions

    @Flag(name: .shortAndLong, help: "No summary on stderr.")
    var quiet = false

    @OptionGroup var layerOptions: LayersOption

    /// The name of the row of events outside every area.
    static let outsideName = "outside every area"

    /// Formats that get the areas only (the outside row has no geometry to show there).
    static func polygonsOnly(_ format: VectorFormat) -> Bool {
        switch format {
        case .gpkg, .kml: true
        // A Shapefile holds one geometry type; a spreadsheet has rows without geometry anyway.
        case let .gdal(driver): !GDAL.tableOnlyDrivers.contains(driver)
        default: false
        }
    }

    func validate() throws {
        guard !inputs.isEmpty else { throw ValidationError("give at least one event file") }
        if let from, let to, to.period.last < from.period.first { throw ValidationError("--from \(from) is after --to \(to)") }
        try policy.validate(output: output, inputs: inputs)
        try writing.validate(output: output)
    }

    /// Field names that hold an area's population, tried in order, in any case.
    static let populationFields = ["population", "pop", "pop_total", "total_pop"]

    /// The layer and the name field of `--by`: the whole text when it names a layer, else the
    /// part after the last colon is the field ("zone:peace-spring" is a layer; "d.geojson:ADM2_EN" a
    /// file and a field).
    func layers(in catalogue: LayerCatalogue) throws -> (layers: [Layer], field: String?) {
        if let whole = try? catalogue.layers([by]) { return (whole, nil) }
        if let colon = by.lastIndex(of: ":") {
            let reference = String(by[..<colon]), field = String(by[by.index(after: colon)...])
            if !field.isEmpty, let layers = try? catalogue.layers([reference]) { return (layers, field) }
        }
        return (try layerOptions.layers([by], in: catalogue, flag: "--by"), nil)
    }

    func run() throws {
        let catalogue = try layerOptions.catalogue()
        let (layers, field) = try layers(in: catalogue)
        let reference = layers.map(\.reference).joined(separator: ",")
        var areas: [(name: String, geometry: Geometry, population: Double?)] = []
        // The population field: the one asked for, else the first of the usual names the layer has.
        let populationField: String?
        let fieldNames = Set(layers.flatMap(\.features).flatMap(\.properties.names))
        if let population {
            guard fieldNames.contains(population) else {
                throw UsageError("--population: \(reference) has no field '\(population)' (its fields: \(fieldNames.sorted().joined(separator: ", ")))")
            }
            populationField = population
        } else {
            populationField = Self.populationFields.lazy.compactMap { wanted in fieldNames.first { $0.lowercased() == wanted } }.first
        }
        for layer in layers {
            for feature in layer.features {
                guard let geometry = feature.geometry else { continue }
                let people = populationField.flatMap { feature.properties[$0] }.flatMap { value -> Double? in
                    value.numberValue ?? value.stringValue.flatMap { Double($0.replacingOccurrences(of: ",", with: "")) }
                }
                let name: String
                if let field {
                    guard let value = feature.properties[field] else {
                        throw UsageError("--by: \(layer.reference) has no field '\(field)' (its fields: \(feature.properties.names.joined(separator: ", ")))")
                    }
                    name = value.stringValue ?? "\(value)"
                } else {
                    name = feature.properties["name"]?.stringValue ?? feature.properties["ref"]?.stringValue ?? "area \(areas.count + 1)"
                }
                areas.append((name, geometry, people))
            }
        }
        let tally: AreaTally
        do { tally = try AreaTally(areas: areas, outsideName: Self.outsideName, context: GEOSContext()) } catch { throw CLIError("\(error)") }
        guard !tally.areas.isEmpty else {
            throw UsageError("--by: \(reference) has no polygons (a line or point layer holds no area)")
        }
        var plan = QueryPlan()
        plan.filter.from = from
        plan.filter.to = to
        plan.filter.types = LayersOption.split(type).map { EventVocabulary.canonical($0) ?? $0 }
        let query: EventQuery
        do { query = try EventQuery(plan: plan) } catch { throw CLIError("\(error)") }
        var vocabulary = FilterVocabularyCheck(filter: plan.filter)
        var read = 0, undatedLeftOut = 0
        let rejected = try policy.read(inputs, sourceCRS: crs.sourceCRS) { feature in
            read += 1
            vocabulary.observe(feature)
            switch try query.apply(&feature) {
            case .kept: try tally.add(Event(feature: feature))
            case .undated: undatedLeftOut += 1
            case .leftOut: break
            }
            return .leaveOut
        }
        if let problem = vocabulary.problem { throw UsageError(problem) }
        let style = try graduatedStyle(tally, hasPopulation: populationField != nil)
        try write(tally, hasPopulation: populationField != nil, style: style)
        if !quiet {
            let counted = tally.areas.reduce(0) { $0 + $1.events }
            var line = "\(counted) events in \(tally.areas.count) area\(tally.areas.count == 1 ? "" : "s") of \(reference); \(tally.outside.events) outside every area"
            if Self.polygonsOnly(writing.format(of: output)!) { line += " (a row without geometry, not written to this format)" }
            if tally.unlocated > 0 { line += "; \(tally.unlocated) without a point" }
            if plan.needsDates { line += "; \(undatedLeftOut) without a date left out" }
            line += "; \(read) read, \(rejected) rejected"
            if writing.format(of: output) == .gpkg, !style.breaks.upperBounds.isEmpty {
                let labels = style.breaks.upperBounds.indices.map(style.label).joined(separator: ", ")
                line += "; styled by \(classify) in \(style.breaks.upperBounds.count) classes (\(classing.method.label)): \(labels)"
            }
            Diagnostics.say(line + (output == "-" ? "" : " → \(output)"))
        }
    }

    /// The output's numeric columns a style can class, in order.
    func classifiable(_ tally: AreaTally, hasPopulation: Bool) -> [String] {
        let types = Set(tally.areas.flatMap(\.byType.keys)).sorted().map(Self.column)
        return ["events", "fatalities"] + types + ["undated", "area_km2", "events_per_1000_km2"] + (hasPopulation ? ["population", "events_per_100k_people"] : [])
    }

    /// The graduated style of the areas: `--classify` cut into `--classes` by `--method`.
    func graduatedStyle(_ tally: AreaTally, hasPopulation: Bool) throws -> GraduatedStyle {
        let columns = classifiable(tally, hasPopulation: hasPopulation)
        guard columns.contains(classify) else {
            let close = Suggestions.closest(to: classify, among: columns)
            throw UsageError(
                "--classify: no column '\(classify)'" + (close.isEmpty ? "" : "; did you mean \(Suggestions.phrase(close))?") + " (columns: \(columns.joined(separator: ", ")))")
        }
        let values = tally.areas.compactMap { count in self.value(of: classify, in: count) }
        return GraduatedStyle(field: classify, breaks: classing.breaks(values))
    }

    /// A classifiable column's value for one area.
    func value(of column: String, in count: AreaTally.Count) -> Double? {
        switch column {
        case "events": Double(count.events)
        case "fatalities": Double(count.fatalities)
        case "undated": Double(count.undated)
        case "area_km2": count.areaKm2
        case "events_per_1000_km2": count.eventsPer1000Km2
        case "population": count.population
        case "events_per_100k_people": count.eventsPer100kPeople
        default: Double(count.byType.first { Self.column($0.key) == column }?.value ?? 0)
        }
    }

    /// Column names a GIS takes as they are: "events_explosions_remote_violence".
    static func column(_ type: String) -> String {
        "events_" + String(type.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "_" }).split(separator: "_").joined(separator: "_")
    }

    /// One feature per area and one for the outside row, every type column in every row.
    private func write(_ tally: AreaTally, hasPopulation: Bool, style: GraduatedStyle) throws {
        let types = Set(tally.areas.flatMap(\.byType.keys) + tally.outside.byType.keys).sorted()
        func feature(_ count: AreaTally.Count) -> Feature {
            func day(_ day: DayNumber?) -> JSONValue { day.map { .string($0.date.description) } ?? .null }
            func rounded(_ value: Double?, _ places: Double) -> JSONValue { value.map { .number(($0 * places).rounded() / places) } ?? .null }
            var properties: [(name: String, value: JSONValue)] = [
                ("name", .string(count.name)), ("events", .number(Double(count.events))), ("fatalities", .number(Double(count.fatalities))),
            ]
            properties += types.map { (Self.column($0), .number(Double(count.byType[$0] ?? 0))) }
            properties += [
                ("first_date", day(count.firstDay)), ("last_date", day(count.lastDay)), ("undated", .number(Double(count.undated))),
                ("area_km2", rounded(count.areaKm2, 1000)), ("events_per_1000_km2", rounded(count.eventsPer1000Km2, 10_000)),
            ]
            if hasPopulation {
                properties += [("population", count.population.map { .number($0) } ?? .null), ("events_per_100k_people", rounded(count.eventsPer100kPeople, 10_000))]
            }
            return Feature(geometry: count.geometry, properties: Properties(distinctPairs: properties))
        }
        let sink: FeatureSink
        do {
            sink = try Formats.create(
                output, format: writing.format(of: output)!, overwrite: writing.overwrite, inputs: inputs, name: "areas", targetCRS: writing.targetCRS,
                graduated: style)
            try sink.beginLayer(name: "areas")
        } catch { throw CLIError(file: output, error) }
        let format = writing.format(of: output)!
        do {
            for count in tally.areas { try sink.write(feature(count)) }
            // A feature without geometry is one QGIS does not show in a GeoPackage or KML: there the
            // outside row is only in the summary on stderr.
            if !Self.polygonsOnly(format) { try sink.write(feature(tally.outside)) }
            try sink.finish()
        } catch {
            sink.abort()
            throw CLIError(file: output, "\(error)")
        }
    }
}
