import EventMapCore

/// The attribute filters of `eventmap query`: AND across filters, OR within one (several types
/// keep an event of any of them).
public struct EventFilter: Sendable {
    /// Keep events inside this longitude/latitude box (edges included).
    public var box: BoundingBox?
    /// Keep events whose period overlaps [from, to]: an event dated by month or year, or whose
    /// ACLED `time_precision` says week (2) or month (3), matches when any of its days is in range.
    public var from: EventDate?
    public var to: EventDate?
    /// Keep events whose `event_type` or `sub_event_type` equals one of these (any case).
    public var types: [String] = []
    /// Keep events whose `actor1` or `actor2` contains one of these (any case).
    public var actors: [String] = []
    /// Keep events whose `geo_precision` is at most this (1 the place itself, 2 near it, 3 a
    /// region or a country's or state's centroid).
    public var maxGeoPrecision: Int?

    public init() {}

    /// True when a date filter is set.
    public var filtersDates: Bool { from != nil || to != nil }

    /// The days asked for, when a date filter is set.
    public var period: DayPeriod? {
        guard filtersDates else { return nil }
        return DayPeriod(
            first: from?.period.first ?? DayNumber(year: 1, month: 1, day: 1),
            last: to?.period.last ?? DayNumber(year: 9999, month: 12, day: 31))
    }

    /// The days an event may have happened on (its date widened by its `time_precision`), or nil
    /// when it has no readable `event_date`.
    public static func days(of feature: Feature) -> DayPeriod? {
        guard let text = feature.properties[.date]?.stringValue, let date = EventDate.canonical(text) ?? EventDate(parsing: text) else { return nil }
        let precision = feature.properties[.timePrecision]?.intValue
        return date.period(timePrecision: precision)
    }

    /// Why an event was left out, for the summary line.
    public enum Outcome: Sendable, Equatable {
        case kept
        case leftOut
        /// Left out by a date filter because it has no readable date.
        case undated
    }

    /// True when the feature passes every filter that is set. Features without the property a
    /// filter reads do not pass it (an event without a date does not match --from).
    public func matches(_ feature: Feature) -> Bool { outcome(feature) == .kept }

    /// Whether the feature passes, and if not whether a missing date was the reason.
    public func outcome(_ feature: Feature) -> Outcome {
        let p = feature.properties
        if let box {
            guard case let .point(c)? = feature.geometry, box.contains(c) else {
                guard let b = feature.geometry?.boundingBox, b.intersects(box) else { return .leftOut }
                return .kept
            }
        }
        if !types.isEmpty {
            let values = [p[.eventType]?.stringValue, p[.subEventType]?.stringValue].compactMap { $0?.lowercased() }
            guard types.contains(where: { values.contains($0.lowercased()) }) else { return .leftOut }
        }
        if !actors.isEmpty {
            let names = [p[.actor1]?.stringValue, p[.actor2]?.stringValue].compactMap { $0?.lowercased() }
            guard actors.contains(where: { needle in names.contains { $0.contains(needle.lowercased()) } }) else { return .leftOut }
        }
        if let maxGeoPrecision {
            guard let precision = p[.geoPrecision]?.numberValue, precision <= Double(maxGeoPrecision) else { return .leftOut }
        }
        if let period {
            guard let days = EventFilter.days(of: feature) else { return .undated }
            guard days.overlaps(period) else { return .leftOut }
        }
        return .kept
    }
}

/// Values a filter asked for that no event in the data had, so that a typo is not a silent 0.
public struct FilterVocabularyCheck: Sendable {
    private var typesAsked: [String]
    private var actorsAsked: [String]
    private var typesSeen = Set<String>()
    private var actorsSeen = Set<String>()
    private var typesMatched = Set<String>()
    private var actorsMatched = Set<String>()
    /// Distinct values remembered for suggestions, at most.
    static let memory = 20_000

    public init(filter: EventFilter) {
        typesAsked = filter.types.filter { EventVocabulary.canonical($0) == nil }
        actorsAsked = filter.actors
    }

    /// Notes the type and actor values of an input feature (before any filter).
    public mutating func observe(_ feature: Feature) {
        guard !typesAsked.isEmpty || !actorsAsked.isEmpty else { return }
        let p = feature.properties
        if !typesAsked.isEmpty {
            for key in [Event.Field.eventType, .subEventType] {
                guard let value = p[key]?.stringValue else { continue }
                if typesSeen.count < Self.memory { typesSeen.insert(value) }
                for asked in typesAsked where asked.lowercased() == value.lowercased() { typesMatched.insert(asked) }
            }
        }
        if !actorsAsked.isEmpty {
            for key in [Event.Field.actor1, .actor2] {
                guard let value = p[key]?.stringValue, !value.isEmpty else { continue }
                if actorsSeen.count < Self.memory { actorsSeen.insert(value) }
                let lower = value.lowercased()
                for asked in actorsAsked where lower.contains(asked.lowercased()) { actorsMatched.insert(asked) }
            }
        }
    }

    /// A message naming each asked value that neither ACLED's vocabulary nor the data knows,
    /// with the closest known values; nil when every value was found.
    public var problem: String? {
        var parts: [String] = []
        for asked in typesAsked where !typesMatched.contains(asked) {
            let near = Suggestions.closest(to: asked, among: EventVocabulary.allNames + typesSeen.sorted())
            parts.append("no event type '\(asked)' in ACLED's types or the data" + (near.isEmpty ? "" : "; did you mean \(Suggestions.phrase(near))?"))
        }
        for asked in actorsAsked where !actorsMatched.contains(asked) {
            let near = Suggestions.closest(to: asked, among: actorsSeen.sorted())
            parts.append("no actor1 or actor2 in the data contains '\(asked)'" + (near.isEmpty ? "" : "; closest: \(Suggestions.phrase(near))"))
        }
        return parts.isEmpty ? nil : parts.joined(separator: "; ")
    }
}
