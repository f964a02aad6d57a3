import EventMapCore

/// What kind of place a gazetteer entry is; ranking and qualifiers ("Idlib province") use it.
public enum PlaceKind: UInt8, Sendable, CaseIterable, CustomStringConvertible {
    case country = 0
    /// A first-level division: Syrian governorate, Turkish province, Iraqi governorate.
    case division = 1
    /// A national capital.
    case capital = 2
    case populatedPlace = 3
    /// A border crossing.
    case crossing = 4
    case other = 5
    /// A second-level division: a US county or parish, a Turkish district (ilçe), a French département.
    case district = 6
    /// A continent ("Africa", "South America").
    case continent = 7
    /// A named area without borders of its own, smaller than a country: Eastern Ghouta, the
    /// Qalamoun, the Golan Heights, the Bekaa Valley (curated; a representative point).
    case region = 8
    /// A region spanning countries: the Middle East, the Levant, Anatolia, the Caucasus (curated;
    /// a representative point, hundreds of kilometres from parts of it).
    case macroRegion = 9
    /// An air base, naval base or garrison (curated).
    case militarySite = 10
    /// A camp for displaced people or refugees (curated).
    case camp = 11

    public var description: String {
        switch self {
        case .country: "country"
        case .division: "division"
        case .capital: "capital"
        case .populatedPlace: "populated place"
        case .crossing: "border crossing"
        case .district: "second-level division"
        case .continent: "continent"
        case .region: "region"
        case .macroRegion: "macro-region"
        case .militarySite: "military site"
        case .camp: "camp"
        case .other: "other"
        }
    }
}

/// A resolved place.
public struct Place: Sendable, Hashable {
    /// The gazetteer's key for the place: the GeoNames id, or for a place GeoNames lacks (curated
    /// crossings, divisions whose GeoNames id is unknown) EventMap's own id, from
    /// ``firstEventMapID`` up. Report ``geoNamesID`` and ``eventMapID``, never this.
    public var geonameid: Int

    /// Where EventMap's own ids begin (GeoNames' are far below: about 13 million in 2026).
    public static let firstEventMapID = 900_000_000
    /// GeoNames' id of the place, nil when GeoNames has none (a join on it never meets a made-up id).
    public var geoNamesID: Int? { geonameid < Place.firstEventMapID ? geonameid : nil }
    /// EventMap's own id of a place GeoNames lacks, nil for GeoNames' places.
    public var eventMapID: Int? { geonameid >= Place.firstEventMapID ? geonameid : nil }
    /// The place's ids as outputs write them: `geonameid` (null for a place GeoNames lacks) and
    /// `eventmap_id` (null for GeoNames' places).
    public var idProperties: [(name: String, value: JSONValue)] {
        [("geonameid", geoNamesID.map { .number(Double($0)) } ?? .null), ("eventmap_id", eventMapID.map { .number(Double($0)) } ?? .null)]
    }
    /// The place's ids as `resolve` prints them: `geonameid=…` or `eventmap_id=…`.
    public var idText: String { geoNamesID.map { "geonameid=\($0)" } ?? "eventmap_id=\(geonameid)" }
    /// The preferred name.
    public var name: String
    public var kind: PlaceKind
    /// ISO 3166-1 alpha-2 code, or empty.
    public var countryCode: String
    /// The first-level division's name, or empty.
    public var admin1: String
    /// The place's point, longitude/latitude in degrees.
    public var coordinate: Coordinate
    /// Inhabitants, 0 when unknown.
    public var population: Int
    /// A small town outside the gazetteer's focus countries, offered only where the context names
    /// its first-level division (``ResolveOptions/minorPlacesIn``).
    public var isMinor: Bool

    public init(
        geonameid: Int, name: String, kind: PlaceKind, countryCode: String, admin1: String,
        coordinate: Coordinate, population: Int, isMinor: Bool = false
    ) {
        self.geonameid = geonameid
        self.name = name
        self.kind = kind
        self.countryCode = countryCode
        self.admin1 = admin1
        self.coordinate = coordinate
        self.population = population
        self.isMinor = isMinor
    }
}

/// Errors loading, building or querying the gazetteer.
public enum GazetteerError: Error, Sendable, CustomStringConvertible, Equatable {
    case missingFile(String)
    case corrupt(String)
    case unreadable(path: String, reason: String)
    case invalidCurated(file: String, line: Int, reason: String)

    public var description: String {
        switch self {
        case let .missingFile(path): "gazetteer file not found: \(path) (pass --gazetteer FILE, set EVENTMAP_DATA to the folder that holds gazetteer.bin, or run 'make install')"
        case let .corrupt(reason): "gazetteer file is damaged: \(reason); rebuild it with 'make gazetteer'"
        case let .unreadable(path, reason): "\(path): \(reason)"
        case let .invalidCurated(file, line, reason): "\(file):\(line): \(reason)"
        }
    }
}
