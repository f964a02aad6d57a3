import ArgumentParser
import EventMapCore
import EventMapGazetteer
import EventMapIO
import EventMapLayers
import EventMapRender
import Foundation

extension LabelNames: ExpressibleByArgument {}

extension Aggregation: ExpressibleByArgument {
    /// `auto`, `none` or `hex:SIZE` with a length (`hex:10km`, `hex:5000m`; bare numbers are km).
    public init?(argument: String) {
        switch argument.lowercased() {
        case "auto": self = .auto
        case "none": self = .none
        default:
            guard argument.lowercased().hasPrefix("hex:"), let length = try? Length(parsing: String(argument.dropFirst(4))),
                length.metres >= 100
            else { return nil }
            self = .hexagons(widthMetres: length.metres)
        }
    }
}

/// `eventmap render INPUT... -o map.svg`.
struct Render: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Draw events and reference layers as a map: SVG, PNG or PDF for a report, HTML to explore offline.",
        discussion: """
            The map shows the country outlines, rivers, lakes and sea of the catalogue with the Turkey–Syria border \
            emphasised, the layers given with --layers (zones translucent and labelled, their \
            dates in the legend), the events as symbols whose shape is the event type, whose colour \
            is --color-by and whose size grows with fatalities, labels for the events' places \
            (ACLED's 'location') and the main towns in view, a legend with counts, a scale bar true \
            at the map's centre, a north arrow and an attribution line.
            The projection is stereographic (conformal) centred on the data; the \
            extent fits the events with a margin unless --bbox is given. Events outside --bbox are \
            counted in the subtitle. With --aggregate auto (the default) events become hexagons when \
            symbols would pile up (over 1,500 in view, or heavy overlap); hex:10km sets the size.
            The SVG is SVG 1.1 without scripts; the same input gives byte-identical output. \
            -o map.png and -o map.pdf draw that same SVG through librsvg and cairo: PNG at --dpi \
            (96 keeps the SVG's pixel size, 300 for print), PDF as vector with its fonts embedded. \
            -o map.html writes one self-contained page to explore offline: Leaflet inlined, the layers \
            as the base map (no tiles, nothing fetched), events clustered with a popup each (date, \
            type, actors, fatalities, place, source, quote), a legend that filters by type and a \
            time slider; the view can be set in the address (map.html#until=2019-10-15). \
            The file is written to a temporary file and renamed; an existing file is replaced only \
            with --overwrite.
            --choropleth FIELD draws areas instead of events: the polygons of the input (such as the output \
            of 'eventmap aggregate') filled by the class their FIELD falls in, --classes classes (default 5) \
            cut by --method jenks (natural breaks, the default) or quantile, pale to dark, with a legend \
            stating the method and the areas per class; areas without a number are grey ("no data").
            Example: eventmap render events.geojson -o map.svg --layers border:TR-SY,road:M4,zone:all --title "Idlib, Oct 2017"
            Example: eventmap render districts.gpkg --choropleth events_per_100k_people -o rates.svg
            """)

    @Argument(help: ArgumentHelp("Event files (GeoJSON, newline-delimited GeoJSON, CSV, KML, GeoPackage, GDELT; '-' for stdin).", valueName: "input"))
    var inputs: [String] = []

    @Option(name: .shortAndLong, help: ArgumentHelp("The map to write: .svg, .png, .pdf or .html ('-' for stdout).", valueName: "map.svg"))
    var output: String

    /// The formats a map is written in.
    enum MapFormat: String, CaseIterable, ExpressibleByArgument { case svg, png, pdf, html }

    @Option(name: .shortAndLong, help: "The output format when the file name does not say it (stdout: svg).")
    var format: MapFormat?

    @Flag(name: [.customLong("no-water"), .customLong("no-rivers")], help: "Leave out the rivers, lakes and sea (GSHHG/WDBII), which are drawn by default under the events.")
    var noWater = false

    @Flag(name: .long, help: "Put a timeline under the map: events per week or month by type, fatalities as a line (as 'eventmap chart').")
    var timeline = false

    @Option(name: .long, help: ArgumentHelp("Resolution of PNG output in dots per inch (24 to 1200; default 96, the SVG's own pixel size; 300 for print).", valueName: "dpi"))
    var dpi: Double?

    @Option(name: .long, help: ArgumentHelp("Reference layers to draw: border:TR-SY,road:M4,zone:all,... or file paths. Country outlines are always drawn.", valueName: "refs"))
    var layers: String?

    @Option(name: .long, help: ArgumentHelp("The map's extent, MINLON,MINLAT,MAXLON,MAXLAT in degrees (default: the events with a margin).", valueName: "box"))
    var bbox: BoundingBox?

    @Option(name: .long, help: ArgumentHelp("Title at the top (default: the input file names).", valueName: "text"))
    var title: String?

    @Option(name: .long, help: ArgumentHelp("Width of the whole SVG in pixels, map and legend (400 to 20000).", valueName: "px"))
    var width: Int = 1000

    /// What `--labels` may say.
    enum LabelMode: String, CaseIterable, ExpressibleByArgument { case auto, none }

    @Option(name: .long, help: "auto labels the events' places and the main towns where there is room; none draws no labels.")
    var labels: LabelMode = .auto

    @Option(name: .long, help: "Town labels in their common English form (Hama, Qamishli) or as GeoNames writes them (local: Ḩamāh; the country's script where the gazetteer has it).")
    var names: LabelNames = .english

    @Option(name: .customLong("color-by"), help: ArgumentHelp("The event field that picks colours: event_type, actor1, actor2, sub_event_type, country, ...", valueName: "field"))
    var colorBy: String = Event.Field.eventType.rawValue

    @Option(name: .long, help: ArgumentHelp("auto, none (a symbol per event) or hex:SIZE (hexagons SIZE across, e.g. hex:10km).", valueName: "mode"))
    var aggregate: Aggregation = .auto

    @Flag(name: .long, help: "Replace an existing output file.")
    var overwrite = false

    @OptionGroup var policy: InputPolicyOptions

    @Flag(name: .shortAndLong, help: "No summary line (problems with the data are still reported).")
    var quiet = false

    @Option(
        name: .customLong("min-precision"),  // the least precision kept: the largest geo_precision number
        help: ArgumentHelp("Draw only events with geo_precision at most N: 2 leaves out country- and state-level centroids (GDELT's ActionGeo_Type 1, 2, 5). Default: all.", valueName: "n"))
    var maxGeoPrecision: Int?

    @Option(name: .long, help: ArgumentHelp("Draw the input's polygons filled by the class of this numeric field (a choropleth) instead of events.", valueName: "field"))
    var choropleth: String?

    @OptionGroup var classing: ClassingOptions

    @OptionGroup var layerOptions: LayersOption
    @OptionGroup var gazetteerOption: GazetteerOption

    func validate() throws {
        guard !inputs.isEmpty || layers != nil || bbox != nil else { throw ValidationError("give at least one input file (or --layers or --bbox)") }
        try policy.validate(output: output, inputs: inputs)
        guard (400...20000).contains(width) else { throw ValidationError("--width must be between 400 and 20000 pixels") }
        let chosen = try mapFormat()
        if let dpi {
            guard chosen == .png else { throw ValidationError("--dpi applies to PNG output only (this map is \(chosen.rawValue.uppercased()))") }
            guard MapRaster.dpiRange.contains(dpi) else { throw ValidationError("--dpi must be between 24 and 1200 (96 keeps the SVG's size; 300 for print)") }
        }
        if colorBy.isEmpty { throw ValidationError("--color-by needs a field name") }
        if chosen == .html {
            // (The defaults cannot be told from the same value given: those are harmless.)
            let svgOnly = [
                ("--timeline", timeline),
                ("--width", width != 1000), ("--labels", labels != .auto), ("--aggregate", aggregate != .auto), ("--names", names != .english),
                ("--color-by", colorBy != Event.Field.eventType.rawValue),
            ].filter(\.1).map(\.0)
            if !svgOnly.isEmpty {
                throw ValidationError(
                    "\(svgOnly.joined(separator: ", ")) shape\(svgOnly.count == 1 ? "s" : "") the drawn map (SVG, PNG, PDF); the HTML map sizes itself to the window, clusters events and colours them by event type"
                )
            }
        }
        if let maxGeoPrecision, !(1...3).contains(maxGeoPrecision) { throw ValidationError("--min-precision takes 1, 2 or 3") }
        if choropleth != nil {
            if chosen == .html { throw ValidationError("--choropleth draws SVG, PNG or PDF maps; the HTML map shows events") }
            if inputs.isEmpty { throw ValidationError("--choropleth needs an input of areas (such as the output of 'eventmap aggregate')") }
        } else if !classing.isDefault {
            throw ValidationError("--classes and --method go with --choropleth FIELD")
        }
    }

    func run() throws {
        var events: [MapEvent] = []
        // The whole records, for the HTML map's popups.
        var records: [Event] = []
        var dates: [TimelineEvent] = []
        let keepRecords = try mapFormat() == .html
        var imprecise = 0
        let timeline = self.timeline
        // With --choropleth the input's features are areas, kept whole.
        var areaFeatures: [Feature] = []
        let classed = choropleth != nil
        let invalid = try policy.read(inputs) { [maxGeoPrecision, colorBy] feature in
            if classed {
                areaFeatures.append(feature)
                return .leaveOut
            }
            if let maxGeoPrecision, let precision = feature.properties[.geoPrecision]?.numberValue, precision > Double(maxGeoPrecision) {
                imprecise += 1
                return .leaveOut
            }
            guard let event = MapEvent(feature: feature, categoryField: colorBy) else { return .reject(reason: "not a point (render draws point events)") }
            events.append(event)
            if keepRecords { records.append(Event(feature: feature)) }
            if timeline {
                let record = Event(feature: feature)
                dates.append(TimelineEvent(date: record.date, eventType: record.eventType?.name, fatalities: record.fatalities))
            }
            return .leaveOut
        }

        let catalogue = try layerOptions.catalogue()
        let format = try mapFormat()
        func mapLayers(_ layer: Layer) -> [MapLayer] {
            // The HTML map switches a water layer on and off whole; a drawn map names each river and lake.
            MapLayer.layers(
                reference: layer.reference, kind: layer.kind, name: layer.name, features: layer.features,
                validFrom: layer.validFrom, validTo: layer.validTo, waterByName: format != .html)
        }
        // Country outlines and water always (water unless --no-water), then the layers asked for.
        var drawn = try catalogue.shippedLayers(of: noWater ? ["country"] : ["country", "water"]).flatMap(mapLayers)
        if let layers {
            let asked = try layerOptions.layers([layers], in: catalogue, flag: "--layers")
            drawn += asked.filter { layer in !drawn.contains { $0.reference == layer.reference } }.flatMap(mapLayers)
        }

        var notAreas = 0
        var choroplethLegend: ChoroplethLegend?
        if let choropleth {
            let reference = inputs.map(FormatDetection.stem).joined(separator: ", ")
            let made = ChoroplethLegend.areas(areaFeatures, field: choropleth, classes: classing.classes, method: classing.method, reference: reference)
            guard !made.layers.isEmpty else {
                throw CLIError(file: inputs[0], "--choropleth draws polygons and the input has none (the output of 'eventmap aggregate' has them)")
            }
            guard areaFeatures.contains(where: { $0.properties[choropleth] != nil }) else {
                let numeric = Set(areaFeatures.flatMap { f in f.properties.filter { $0.value.numberValue != nil }.map(\.name) }).sorted()
                let close = Suggestions.closest(to: choropleth, among: numeric)
                throw UsageError(
                    "--choropleth: no area has a field '\(choropleth)'" + (close.isEmpty ? "" : "; did you mean \(Suggestions.phrase(close))?")
                        + " (numeric fields: \(numeric.joined(separator: ", ")))")
            }
            // The areas go over the countries and under the water and the other layers.
            drawn.insert(contentsOf: made.layers, at: drawn.firstIndex { $0.role != .country } ?? drawn.count)
            choroplethLegend = made.legend
            notAreas = made.notAreas
        }

        var options = MapOptions(title: title ?? defaultTitle)
        options.choropleth = choroplethLegend
        options.width = width
        options.bbox = bbox
        options.labels = labels == .auto
        options.colorField = colorBy
        options.aggregation = aggregate
        let places = labels == .auto && format != .html ? try towns(near: events) : []

        var map: RenderedMap?
        if format != .html {
            do { map = try MapRenderer().render(events: events, layers: drawn, places: places, options: options) } catch {
                throw CLIError(file: output, error)
            }
        }
        // The timeline under the map, one document.
        if timeline, let drawnMap = map {
            let chartHeight = max(240, drawnMap.stats.width * 3 / 10)
            do {
                let chart = try TimelineChart.svg(events: dates, title: "Events over time", width: drawnMap.stats.width, height: chartHeight)
                map?.svg = TimelineChart.stack(drawnMap.svg, height: drawnMap.stats.height, above: chart.svg, height: chartHeight, width: drawnMap.stats.width)
            } catch {
                throw CLIError(file: output, "--timeline: none of the events has a date to chart")
            }
        }
        let bytes: [UInt8]
        do {
            switch format {
            case .svg: bytes = Array(map!.svg.utf8)
            case .png: bytes = try MapRaster.png(map!.svg, dpi: dpi ?? 96)
            case .pdf: bytes = try MapRaster.pdf(map!.svg)
            case .html:
                let assets = try InteractiveMap.Assets(directory: webDirectory())
                bytes = Array(InteractiveMap.html(events: records, layers: drawn, title: options.title, view: bbox, assets: assets).utf8)
            }
        } catch {
            throw CLIError(file: output, error)
        }
        do { try OutputFile.write(bytes, to: output, overwrite: overwrite, inputs: inputs) } catch { throw CLIError(file: output, error) }

        if !quiet || invalid > 0, format == .html {
            var line = "eventmap: wrote \(records.count) event\(records.count == 1 ? "" : "s") and \(drawn.count) layer\(drawn.count == 1 ? "" : "s") into an offline HTML map"
            if invalid > 0 { line += ", left out \(invalid) invalid feature\(invalid == 1 ? "" : "s")" }
            if imprecise > 0 { line += ", left out \(imprecise) with geo_precision above \(maxGeoPrecision!)" }
            line += String(format: " (%.1f MB)", Double(bytes.count) / 1_048_576)
            if output != "-" { line += " → \(output)" }
            FileHandle.standardError.write(Data((line + "\n").utf8))
        } else if !quiet || invalid > 0, let map {
            let s = map.stats
            var line = "eventmap: drew \(s.eventsShown) event\(s.eventsShown == 1 ? "" : "s")"
            if let legend = choroplethLegend {
                let areas = legend.areasPerClass.reduce(legend.withoutValue, +)
                line = "eventmap: drew \(areas) area\(areas == 1 ? "" : "s") in \(legend.areasPerClass.count) classes of \(legend.style.field) (\(legend.style.breaks.method.label))"
                if legend.withoutValue > 0 { line += ", \(legend.withoutValue) without a value (grey)" }
                if notAreas > 0 { line += ", left out \(notAreas) feature\(notAreas == 1 ? "" : "s") without a polygon" }
            }
            if let w = s.hexagonWidthMetres { line += " in \(s.hexagons) hexagons \(w / 1000) km across" }
            if s.eventsOutside > 0 { line += ", \(s.eventsOutside) outside the map" }
            if invalid > 0 { line += ", left out \(invalid) invalid feature\(invalid == 1 ? "" : "s")" }
            if imprecise > 0 { line += ", left out \(imprecise) with geo_precision above \(maxGeoPrecision!)" }
            line += "; \(s.labelsPlaced) labels (\(s.labelsDropped) left out for room); \(s.width)×\(s.height) px"
            if format == .svg { line += ", \(map.svg.utf8.count / 1024) KB" }
            if output != "-" { line += " → \(output)" }
            FileHandle.standardError.write(Data((line + "\n").utf8))
        }
    }

    /// Leaflet's files for the HTML map: `web/` beside the gazetteer, else in the data folder.
    private func webDirectory() -> String {
        let beside = ((gazetteerOption.gazetteer ?? Gazetteer.defaultPath()) as NSString).deletingLastPathComponent + "/web"
        if FileManager.default.fileExists(atPath: beside + "/leaflet.min.js") { return beside }
        return DataDirectory.path("web") ?? beside
    }

    /// The format `--format` names, else the output's extension; SVG for stdout.
    private func mapFormat() throws -> MapFormat {
        if let format { return format }
        if output == "-" { return .svg }
        let suffix = (output as NSString).pathExtension.lowercased()
        guard let format = MapFormat(rawValue: suffix) else {
            throw ValidationError("render writes SVG, PNG, PDF or HTML: give a file ending in .svg, .png, .pdf or .html, or --format (\(output) ends in '\(suffix)')")
        }
        return format
    }

    private var defaultTitle: String {
        let files = inputs.map { ($0 as NSString).lastPathComponent }.joined(separator: ", ")
        if let choropleth { return "\(choropleth) by area: \(files)" }
        return inputs.isEmpty ? "EventMap" : "Events: " + files
    }

    /// Towns that may be labelled: the 400 most populous around the events (or the box), padded
    /// by half the extent (at least half a degree) so that labels reach the map's edges.
    private func towns(near events: [MapEvent]) throws -> [PlaceCandidate] {
        guard let box = bbox ?? BoundingBox(covering: events.map(\.coordinate)) else { return [] }
        let padded = box.padded(longitude: max(0.5, (box.maxLongitude - box.minLongitude) * 0.5), latitude: max(0.5, (box.maxLatitude - box.minLatitude) * 0.5))
        let gazetteer = try gazetteerOption.load()
        return gazetteer.largestTowns(in: padded, limit: 400).map {
            PlaceCandidate(name: gazetteer.labelName(of: $0, names), coordinate: $0.coordinate, population: $0.population)
        }
    }
}
