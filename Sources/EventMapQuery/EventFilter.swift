import EventMapCore

/// The attribute filters of `eventmap query`, combined with AND.
public struct EventFilter: Sendable {
    /// Keep events inside this longitude/latitude box (edges included).
    public var box: BoundingBox?
    /// Keep events whose `event_date` period overlaps [from, to] (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`).
    public var from: String?
    public var to: String?
    /// Keep events whose `event_type` or `sub_event_type` equals one of these (any case).
    public var types: [String] = []
    /// Keep events whose `actor1` or `actor2` contains this text (any case).
    public var actor: String?
    /// Keep events whose `geo_precision` is at most this.
    public var maxPrecision: Int?

    public init() {}

    /// True when the feature passes every filter that is set. Features without the property a
    /// filter reads do not pass it (an event without a date does not match --from).
    public func matches(_ feature: Feature) -> Bool {
        let p = feature.properties
        if let box {
            guard case let .point(c)? = feature.geometry, box.contains(c) else {
                guard let b = feature.geometry?.boundingBox, b.intersects(box) else { return false }
                return true
            }
        }
        if from != nil || to != nil {
            guard let date = p["event_date"]?.stringValue, let period = EventFilter.period(date) else { return false }
            if let from, let start = EventFilter.period(from)?.start, period.end < start { return false }
            if let to, let end = EventFilter.period(to)?.end, period.start > end { return false }
        }
        if !types.isEmpty {
            let values = [p["event_type"]?.stringValue, p["sub_event_type"]?.stringValue].compactMap { $0?.lowercased() }
            guard types.contains(where: { values.contains($0.lowercased()) }) else { return false }
        }
        if let actor {
            let needle = actor.lowercased()
            let actors = [p["actor1"]?.stringValue, p["actor2"]?.stringValue].compactMap { $0?.lowercased() }
            guard actors.contains(where: { $0.contains(needle) }) else { return false }
        }
        if let maxPrecision {
            guard let precision = p["geo_precision"]?.numberValue, precision <= Double(maxPrecision) else { return false }
        }
        return true
    }

    /// The first and last day a date names, as `YYYY-MM-DD` text that compares in date order:
    /// `2017` is 2017-01-01 to 2017-12-31, `2017-10` is 2017-10-01 to 2017-10-31.
    public static func period(_ date: String) -> (start: String, end: String)? {
        let parts = date.split(separator: "-", omittingEmptySubsequences: false)
        guard (1...3).contains(parts.count), parts[0].count == 4, parts.allSatisfy({ $0.allSatisfy(\.isNumber) }),
              parts.dropFirst().allSatisfy({ $0.count == 2 })
        else { return nil }
        switch parts.count {
        case 1: return ("\(parts[0])-01-01", "\(parts[0])-12-31")
        case 2: return ("\(parts[0])-\(parts[1])-01", "\(parts[0])-\(parts[1])-31")
        default: return (date, date)
        }
    }
}
