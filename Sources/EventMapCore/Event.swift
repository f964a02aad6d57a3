/// ACLED's six event types, and any other type a source uses (a GDELT mapping, a user's own).
public enum EventType: Sendable, Hashable, CustomStringConvertible {
    case battles, explosionsRemoteViolence, violenceAgainstCivilians, protests, riots, strategicDevelopments
    case other(String)

    /// The type ACLED's codebook spells `name` (any case), or `.other(name)`.
    public init(name: String) {
        switch EventVocabulary.canonical(name) {
        case "Battles": self = .battles
        case "Explosions/Remote violence": self = .explosionsRemoteViolence
        case "Violence against civilians": self = .violenceAgainstCivilians
        case "Protests": self = .protests
        case "Riots": self = .riots
        case "Strategic developments": self = .strategicDevelopments
        default: self = .other(name)
        }
    }

    /// ACLED's name for the type (`Explosions/Remote violence`), or the source's own.
    public var name: String {
        switch self {
        case .battles: "Battles"
        case .explosionsRemoteViolence: "Explosions/Remote violence"
        case .violenceAgainstCivilians: "Violence against civilians"
        case .protests: "Protests"
        case .riots: "Riots"
        case .strategicDevelopments: "Strategic developments"
        case let .other(name): name
        }
    }

    public var description: String { name }
}

/// One event, as DESIGN.md's event record describes it, with one mapping to and from a GeoJSON
/// feature. No other code spells these property names: extraction builds an `Event` and writes
/// its feature; render reads features through it. Properties the record does not name (ACLED's
/// `inter1`, `notes`, `distance_km`, ...) are kept in `extra`, in their order.
public struct Event: Sendable, Hashable {
    /// The record's property names, in the order a feature lists them.
    public enum Field: String, CaseIterable, Sendable {
        case id = "event_id", date = "event_date", timePrecision = "time_precision", eventType = "event_type", subEventType = "sub_event_type"
        case actor1, actor2, fatalities
        case countryCode = "country_code", admin1, location, geonameid
        case geoPrecision = "geo_precision", extractedPlace = "extracted_place"
        case source, quote = "source_quote", offset = "source_offset", confidence
    }

    /// The fields whose values are numbers (a CSV cell of one is read as a number).
    public static let numericFields: [Field] = [.timePrecision, .fatalities, .geonameid, .geoPrecision, .offset, .confidence]

    /// A stable id: the same input gives the same id.
    public var id: String?
    /// The date as far as it is known; nil when unknown (never guessed).
    public var date: EventDate?
    /// ACLED's time precision: 1 day, 2 week, 3 month, 4 year or coarser.
    public var timePrecision: Int?
    public var eventType: EventType?
    /// ACLED's sub-event type (`Armed clash`, `Shelling/artillery/missile attack`).
    public var subEventType: String?
    public var actor1: String?
    public var actor2: String?
    /// A number the source states, else nil.
    public var fatalities: Int?
    /// ISO 3166-1 alpha-2 code of the country.
    public var countryCode: String?
    public var admin1: String?
    /// The place's name.
    public var location: String?
    /// GeoNames' id of the place.
    public var geonameid: Int?
    /// 1 the named place itself, 2 near or part of it, 3 a region or border area (ACLED).
    public var geoPrecision: Int?
    /// The place as the source writes it.
    public var extractedPlace: String?
    /// Files or URLs the event was read from (written joined by `; `).
    public var sources: [String] = []
    /// The sentence the event rests on, and its offset in the source (Unicode scalars).
    public var quote: String?
    public var offset: Int?
    /// 0 to 1.
    public var confidence: Double?
    /// Where it happened: a point (longitude, latitude) for most events.
    public var geometry: Geometry?
    /// Every other property, in the order read.
    public var extra: [(name: String, value: JSONValue)] = []

    public init() {}

    /// The point, when the geometry is one.
    public var coordinate: Coordinate? { if case let .point(c)? = geometry { c } else { nil } }

    /// Reads a feature. Values are taken as they are written in practice: numbers as text
    /// (`"4"`), dates in every form ``EventDate`` reads; EventMap's earlier `country` (a
    /// two-letter code) is read as `country_code`. A value of the wrong kind stays in `extra`
    /// under its own name rather than being lost.
    public init(feature: Feature) {
        geometry = feature.geometry
        func integer(_ value: JSONValue) -> Int? { value.intValue ?? value.stringValue.flatMap { Int($0.trimmingWhitespace()) } }
        func text(_ value: JSONValue) -> String? {
            switch value {
            case let .string(s): s.isEmpty ? nil : s
            case let .number(n): n == n.rounded() && abs(n) < 1e15 ? String(Int64(n)) : String(n)
            case let .integer(i): String(i)
            default: nil
            }
        }
        for (name, value) in feature.properties {
            var taken = true
            switch Field(rawValue: name) {
            case .id?: id = text(value)
            case .date?: if let s = value.stringValue { date = EventDate(parsing: s); taken = date != nil || s.isEmpty } else { taken = value == .null }
            case .timePrecision?: timePrecision = integer(value); taken = timePrecision != nil || value == .null
            case .eventType?: eventType = text(value).map(EventType.init(name:))
            case .subEventType?: subEventType = text(value)
            case .actor1?: actor1 = text(value)
            case .actor2?: actor2 = text(value)
            case .fatalities?: fatalities = integer(value); taken = fatalities != nil || value == .null
            case .countryCode?: countryCode = text(value)
            case .admin1?: admin1 = text(value)
            case .location?: location = text(value)
            case .geonameid?: geonameid = integer(value); taken = geonameid != nil || value == .null
            case .geoPrecision?: geoPrecision = integer(value); taken = geoPrecision != nil || value == .null
            case .extractedPlace?: extractedPlace = text(value)
            case .source?: sources = text(value).map { $0.components(separatedBy: "; ") } ?? []
            case .quote?: quote = text(value)
            case .offset?: offset = integer(value); taken = offset != nil || value == .null
            case .confidence?: confidence = value.numberValue; taken = confidence != nil || value == .null
            case nil:
                // EventMap 0.1 wrote the country's code as `country`; ACLED's `country` is a name.
                if name == "country", countryCode == nil, let code = value.stringValue, code.count == 2, code == code.uppercased() {
                    countryCode = code
                } else {
                    taken = false
                }
            }
            if !taken { extra.append((name, value)) }
        }
    }

    /// The event as a feature: the record's fields in DESIGN.md's order (null where unknown),
    /// then `extra`.
    public var feature: Feature {
        var pairs: [(name: String, value: JSONValue)] = []
        func put(_ field: Field, _ value: JSONValue) { pairs.append((field.rawValue, value)) }
        func string(_ s: String?) -> JSONValue { s.map(JSONValue.string) ?? .null }
        func number(_ n: Int?) -> JSONValue { n.map { .number(Double($0)) } ?? .null }
        put(.id, string(id))
        put(.date, string(date?.description))
        put(.timePrecision, number(timePrecision))
        put(.eventType, string(eventType?.name))
        put(.subEventType, string(subEventType))
        put(.actor1, string(actor1))
        put(.actor2, string(actor2))
        put(.fatalities, number(fatalities))
        put(.countryCode, string(countryCode))
        put(.admin1, string(admin1))
        put(.location, string(location))
        put(.geonameid, number(geonameid))
        put(.geoPrecision, number(geoPrecision))
        put(.extractedPlace, string(extractedPlace))
        put(.source, sources.isEmpty ? .null : .string(sources.joined(separator: "; ")))
        put(.quote, string(quote))
        put(.offset, number(offset))
        put(.confidence, confidence.map { .number(($0 * 100).rounded() / 100) } ?? .null)
        let known = Set(pairs.map(\.name))
        pairs += extra.filter { !known.contains($0.name) }
        return Feature(geometry: geometry, properties: Properties(distinctPairs: pairs))
    }

    public static func == (a: Event, b: Event) -> Bool { a.feature == b.feature }
    public func hash(into hasher: inout Hasher) { hasher.combine(feature) }
}

extension Properties {
    /// The value of one of the event record's fields (`properties[.eventType]`): the way code
    /// outside ``Event`` reads and writes a record's property without spelling its name.
    public subscript(field: Event.Field) -> JSONValue? {
        get { self[field.rawValue] }
        set { self[field.rawValue] = newValue }
    }
}
