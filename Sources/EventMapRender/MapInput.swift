import EventMapCore

/// One event to draw: where, what type, how deadly, and the value that picks its colour.
public struct MapEvent: Sendable, Hashable {
    /// Longitude, latitude in degrees (WGS84).
    public var coordinate: Coordinate
    /// ACLED's event type (picks the symbol's shape), or nil when unknown.
    public var eventType: String?
    /// The value of the `--color-by` field ("Battles", "YPG", ...), or nil when the field is empty.
    public var category: String?
    /// Deaths the source states; nil when it says none (the symbol keeps its base size).
    public var fatalities: Int?
    /// `YYYY-MM-DD`, `YYYY-MM` or `YYYY`; nil when undated.
    public var date: String?
    /// The place as the record names it (ACLED's `location`), for labels.
    public var place: String?

    public init(
        coordinate: Coordinate, eventType: String? = nil, category: String? = nil, fatalities: Int? = nil,
        date: String? = nil, place: String? = nil
    ) {
        self.coordinate = coordinate
        self.eventType = eventType
        self.category = category
        self.fatalities = fatalities
        self.date = date
        self.place = place
    }
}

/// A reference layer to draw under the events.
public struct MapLayer: Sendable {
    /// The title of the rivers, lakes or sea that have no name in the layer (not labelled on the map).
    public static let unnamedWater = "Rivers"

    /// How a layer is drawn: country outlines as the basemap, the border emphasised, roads as
    /// cased lines, zones as translucent labelled areas, rivers as blue lines labelled along
    /// them, lakes and sea as pale blue areas labelled inside, a choropleth's areas filled with
    /// their class's colour, anything else as a thin outline.
    public enum Role: String, Sendable { case country, border, road, zone, water, choropleth, other }

    /// `border:TR-SY`, `zone:idlib-deescalation`, or a file name.
    public var reference: String
    public var role: Role
    /// A human title for the legend and labels ("Idlib de-escalation zone").
    public var title: String
    /// Geometries in longitude/latitude degrees.
    public var geometries: [Geometry]
    /// `YYYY-MM-DD` dates the layer was in force, shown in the legend; nil when open or unknown.
    public var validFrom: String?
    public var validTo: String?
    /// A choropleth area's fill (0xRRGGBB, its class's colour); nil for "no data".
    public var fill: UInt32?

    /// Whether the layer is areas (lakes, sea, zones) rather than lines or points: its first
    /// geometry is a polygon.
    public var isArea: Bool {
        switch geometries.first {
        case .polygon, .multiPolygon: true
        default: false
        }
    }

    public init(reference: String, role: Role, title: String, geometries: [Geometry], validFrom: String? = nil, validTo: String? = nil) {
        self.reference = reference
        self.role = role
        self.title = title
        self.geometries = geometries
        self.validFrom = validFrom
        self.validTo = validTo
    }
}

/// A town that may be labelled when it is in view and there is room.
public struct PlaceCandidate: Sendable, Hashable {
    public var name: String
    /// Longitude, latitude in degrees.
    public var coordinate: Coordinate
    /// Bigger places are labelled first.
    public var population: Int

    public init(name: String, coordinate: Coordinate, population: Int) {
        self.name = name
        self.coordinate = coordinate
        self.population = population
    }
}

/// How events are drawn when there are many.
public enum Aggregation: Sendable, Hashable, CustomStringConvertible {
    /// Symbols when they stay legible, hexagons sized to the map when they would not.
    case auto
    /// One symbol per event, always.
    case none
    /// Hexagons of this width (flat side to flat side), in metres on the map's projection.
    case hexagons(widthMetres: Double)

    public var description: String {
        switch self {
        case .auto: "auto"
        case .none: "none"
        case let .hexagons(width): "hex:\(width / 1000)km"
        }
    }
}

/// What a choropleth's legend states: the field, how it was classed, and the areas per class.
public struct ChoroplethLegend: Sendable {
    public var style: GraduatedStyle
    /// Areas in each class, in the order of the classes.
    public var areasPerClass: [Int]
    /// Areas without a number in the field (drawn grey, "no data").
    public var withoutValue: Int

    public init(style: GraduatedStyle, areasPerClass: [Int], withoutValue: Int) {
        self.style = style
        self.areasPerClass = areasPerClass
        self.withoutValue = withoutValue
    }

    /// The grey of areas without a value.
    public static let noDataRGB: UInt32 = 0xD9D9D9

    /// The map layers of polygon features classed by `field`: one per area, filled with its
    /// class's colour (grey without a number), and the legend that explains them. Features
    /// without a polygon are left out and counted.
    public static func areas(
        _ features: [Feature], field: String, classes: Int, method: ClassBreaks.Method, reference: String
    ) -> (layers: [MapLayer], legend: ChoroplethLegend, notAreas: Int) {
        var areas: [(name: String, geometry: Geometry, value: Double?)] = []
        var notAreas = 0
        for feature in features {
            guard let geometry = feature.geometry, case .polygon = geometry.polygonal else {
                notAreas += 1
                continue
            }
            let value = feature.properties[field].flatMap { $0.numberValue ?? $0.stringValue.flatMap(Double.init) }.flatMap { $0.isFinite ? $0 : nil }
            let name = feature.properties["name"]?.stringValue ?? feature.properties["ref"]?.stringValue ?? "area \(areas.count + 1)"
            areas.append((name, geometry, value))
        }
        let style = GraduatedStyle(field: field, breaks: ClassBreaks(values: areas.compactMap(\.value), classes: classes, method: method))
        var perClass = [Int](repeating: 0, count: style.breaks.upperBounds.count)
        var withoutValue = 0
        let layers = areas.map { area -> MapLayer in
            var layer = MapLayer(reference: reference, role: .choropleth, title: area.name, geometries: [area.geometry])
            if let value = area.value, let index = style.breaks.classIndex(of: value) {
                layer.fill = style.colors[index]
                perClass[index] += 1
            } else {
                withoutValue += 1
            }
            return layer
        }
        return (layers, ChoroplethLegend(style: style, areasPerClass: perClass, withoutValue: withoutValue), notAreas)
    }
}

extension Geometry {
    /// `.polygon` for a polygon or multipolygon (the kind a choropleth fills), else itself.
    fileprivate var polygonal: PolygonalKind {
        switch self {
        case .polygon, .multiPolygon: .polygon
        default: .other
        }
    }
}

private enum PolygonalKind { case polygon, other }

/// What the map shows and how big it is.
public struct MapOptions: Sendable {
    /// The title at the top; the subtitle (date range and counts) is added below it.
    public var title: String
    /// Total width of the SVG in pixels (the map and the legend panel).
    public var width: Int = 1000
    /// The classes of the choropleth layers, for the legend; nil without a choropleth.
    public var choropleth: ChoroplethLegend?
    /// The extent in degrees; nil fits the events (or, with no events, the layers) with a margin.
    public var bbox: BoundingBox?
    /// Label places and towns (true) or draw no labels (false).
    public var labels = true
    /// The field the colours stand for, as the legend names it (`event_type`, `actor1`, ...).
    public var colorField = Event.Field.eventType.rawValue
    public var aggregation: Aggregation = .auto

    public init(title: String) { self.title = title }
}

extension MapEvent {
    /// The event a feature describes (read as an ``Event``), or nil when it has no point; the
    /// property `categoryField` names picks the colour.
    public init?(feature: Feature, categoryField: String) {
        let event = Event(feature: feature)
        guard let c = event.coordinate else { return nil }
        let category: String?
        switch feature.properties[categoryField] {
        case let .string(s)? where !s.isEmpty: category = s
        case let .number(n)?: category = n == n.rounded() && abs(n) < 1e15 ? String(Int64(n)) : String(n)
        case let .integer(n)?: category = String(n)
        case let .bool(b)?: category = String(b)
        default: category = nil
        }
        self.init(
            coordinate: c, eventType: event.eventType?.name, category: category, fatalities: event.fatalities.flatMap { $0 >= 0 ? $0 : nil },
            date: event.date?.description, place: event.location ?? event.extractedPlace)
    }
}

extension MapLayer {
    /// The map layers of a catalogue layer: one, or for a combined layer such as `zone:all`
    /// one per `ref` its features carry, each with its own role, title and dates.
    /// - Parameter waterByName: rivers, lakes and sea as one layer per name (a drawn map labels
    /// each); false keeps a water layer whole (the HTML map's one switch for "Lakes").
    public static func layers(
        reference: String, kind: String, name: String, features: [Feature], validFrom: String?, validTo: String?, waterByName: Bool = true
    ) -> [MapLayer] {
        func role(_ kind: String) -> Role { Role(rawValue: kind) ?? .other }
        // Rivers, lakes, sea: one layer per name (its name labels it), the unnamed ones together.
        if kind == "water" && waterByName {
            var names: [String?] = []
            var byName: [String?: [Feature]] = [:]
            for feature in features {
                let name = feature.properties["name"]?.stringValue
                if byName[name] == nil { names.append(name) }
                byName[name, default: []].append(feature)
            }
            return names.map { name in
                MapLayer(reference: reference, role: .water, title: name ?? MapLayer.unnamedWater, geometries: byName[name]!.compactMap(\.geometry))
            }
        }
        var order: [String] = []
        var groups: [String: [Feature]] = [:]
        for feature in features {
            let ref = feature.properties["ref"]?.stringValue ?? reference
            if groups[ref] == nil { order.append(ref) }
            groups[ref, default: []].append(feature)
        }
        guard order.count > 1 else {
            return [
                MapLayer(
                    reference: reference, role: role(kind), title: name, geometries: features.compactMap(\.geometry),
                    validFrom: validFrom, validTo: validTo)
            ]
        }
        return order.map { ref in
            let members = groups[ref]!
            return MapLayer(
                reference: ref, role: role(ref.split(separator: ":").first.map(String.init) ?? kind),
                title: members.first?.properties["name"]?.stringValue ?? ref, geometries: members.compactMap(\.geometry),
                validFrom: members.lazy.compactMap { $0.properties["valid_from"]?.stringValue }.first,
                validTo: members.lazy.compactMap { $0.properties["valid_to"]?.stringValue }.first)
        }
    }
}
