import EventMapCore

/// Reads GDELT 2.0 event files (`YYYYMMDDHHMMSS.export.CSV`: tab-separated, 61 columns, no
/// header). Each event is placed at `ActionGeo_Lat`/`ActionGeo_Long` and keeps every column under
/// GDELT's name, plus EventMap's `event_date`, `actor1`, `actor2`, `cameo_code`, `location` and
/// `source` (the article URL), `event_type` and `sub_event_type` from the CAMEO code
/// (``CAMEOMapping``), `geo_precision` from `ActionGeo_Type` and `geo_centroid` (true when the
/// point is a country's or state's centroid, not a place). Rows without an action location are
/// left out, counted and reported (``notes``) with the first as an example; they do not stop the
/// reading.
public final class GDELTSource: FeatureSource {
    /// GDELT 2.0's event columns, in file order.
    public static let columns = [
        "GlobalEventID", "Day", "MonthYear", "Year", "FractionDate",
        "Actor1Code", "Actor1Name", "Actor1CountryCode", "Actor1KnownGroupCode", "Actor1EthnicCode", "Actor1Religion1Code",
        "Actor1Religion2Code", "Actor1Type1Code", "Actor1Type2Code", "Actor1Type3Code",
        "Actor2Code", "Actor2Name", "Actor2CountryCode", "Actor2KnownGroupCode", "Actor2EthnicCode", "Actor2Religion1Code",
        "Actor2Religion2Code", "Actor2Type1Code", "Actor2Type2Code", "Actor2Type3Code",
        "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale", "NumMentions",
        "NumSources", "NumArticles", "AvgTone",
        "Actor1Geo_Type", "Actor1Geo_FullName", "Actor1Geo_CountryCode", "Actor1Geo_ADM1Code", "Actor1Geo_ADM2Code",
        "Actor1Geo_Lat", "Actor1Geo_Long", "Actor1Geo_FeatureID",
        "Actor2Geo_Type", "Actor2Geo_FullName", "Actor2Geo_CountryCode", "Actor2Geo_ADM1Code", "Actor2Geo_ADM2Code",
        "Actor2Geo_Lat", "Actor2Geo_Long", "Actor2Geo_FeatureID",
        "ActionGeo_Type", "ActionGeo_FullName", "ActionGeo_CountryCode", "ActionGeo_ADM1Code", "ActionGeo_ADM2Code",
        "ActionGeo_Lat", "ActionGeo_Long", "ActionGeo_FeatureID", "DATEADDED", "SOURCEURL",
    ]
    static let numeric: Set<String> = [
        "GlobalEventID", "Year", "FractionDate", "IsRootEvent", "QuadClass", "GoldsteinScale", "NumMentions", "NumSources",
        "NumArticles", "AvgTone", "Actor1Geo_Type", "Actor1Geo_Lat", "Actor1Geo_Long", "Actor2Geo_Type", "Actor2Geo_Lat",
        "Actor2Geo_Long", "ActionGeo_Type", "ActionGeo_Lat", "ActionGeo_Long", "DATEADDED",
    ]

    private let csv: CSVSource
    public var layerName: String { csv.layerName }

    public init(path: String) throws(IOError) {
        csv = try CSVSource(
            path: path, separator: 0x09, header: GDELTSource.columns,
            coordinates: ("ActionGeo_Lat", "ActionGeo_Long"), numericColumns: GDELTSource.numeric)
        csv.transform = { properties in
            var p = properties
            if let day = p["Day"]?.stringValue, day.count == 8 {
                let d = Array(day)
                p[.date] = .string("\(String(d[0..<4]))-\(String(d[4..<6]))-\(String(d[6..<8]))")
            }
            let code = p["EventCode"]?.stringValue ?? ""
            let mapped = CAMEOMapping.acledType(eventCode: code)
            p[.eventType] = mapped.map { .string($0.type) } ?? .null
            p[.subEventType] = mapped.map { .string($0.subType) } ?? .null
            let geoType = p["ActionGeo_Type"]?.intValue ?? 0
            p[.geoPrecision] = CAMEOMapping.geoPrecision(actionGeoType: geoType).map { .number(Double($0)) } ?? .null
            p["geo_centroid"] = .bool(CAMEOMapping.geoPrecision(actionGeoType: geoType) == 3)
            p[.actor1] = p["Actor1Name"] ?? .null
            p[.actor2] = p["Actor2Name"] ?? .null
            p["cameo_code"] = p["EventCode"] ?? .null
            p["location"] = p["ActionGeo_FullName"] ?? .null
            p["source"] = p["SOURCEURL"] ?? .null
            return p
        }
    }

    public var progress: (done: Int, total: Int)? { csv.progress }

    private var counter = InputNoteCounter()
    public var notes: [InputNote] { csv.notes + counter.notes }

    public func next() throws(IOError) -> FeatureRecord? {
        while true {
            switch try csv.next() {
            case let .rejected(r)? where r.reason.contains("not a number"):
                // GDELT codes events it could not place; they have no point to draw or measure.
                let id = r.raw.split(separator: "\t", maxSplits: 1).first.map(String.init) ?? ""
                counter.add("rows without an action location (ActionGeo_Lat/Long empty), left out", example: "\(r.position), GlobalEventID \(id)")
            case let other: return other
            }
        }
    }
}
