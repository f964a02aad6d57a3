import EventMapCore
import EventMapGazetteer
import Foundation

/// What the merge rule reads of an event: its act, who did it, when and where.
public struct MergeFacts: Sendable {
    public var eventType: String?
    public var subEventType: String?
    public var actor1: String?
    /// ISO date text, day, month or year ("2016-08-24", "2016-08").
    public var date: String?
    /// 1 day, 2 week, 3 month, 4 year (ACLED); nil without a date.
    public var timePrecision: Int?
    /// The event's point (longitude, latitude in degrees), nil without one.
    public var point: Coordinate?
}

/// An event that reports of the same event can be merged into: a ``CodedEvent`` inside one
/// article, an ``Event`` read back from the partitions of a job.
public protocol MergeableEvent {
    var mergeFacts: MergeFacts { get }
    /// Takes in a report of the same event: its sources, what this one lacks (the second actor,
    /// the date), and a little more confidence.
    mutating func absorb(_ other: Self)
}

/// The one rule by which reports of the same event become one event, in an article, across the
/// articles of a run (`eventmap extract`) and across the partitions of a distributed job
/// (`eventmap merge`): same sub-event type; the same first actor where both are known (an
/// unidentified armed group matches any); dates that agree (one a prefix of the other, or days
/// at most ``dayTolerance`` apart; two different days both to the day never); points at most
/// ``distanceKm`` apart. Events are taken in the order given, each joining the earliest event
/// kept so far that it matches; so the result depends on the order, and every caller uses
/// ``canonicalOrder(_:)`` across articles.
public enum EventMerge {
    /// Reports further apart than this (kilometres, on the sphere) are different events.
    public static let distanceKm = 10.0
    /// Reports of dates further apart than this (days) are different events.
    public static let dayTolerance = 2.0
    /// The actor that matches any other: a report that does not know who acted.
    static let anyActor = "Unidentified Armed Group"
    /// A little more confidence per further report, capped at 1.
    public static let confidencePerExtraSource = 0.1

    /// Whether two events are reports of one.
    public static func same(_ a: MergeFacts, _ b: MergeFacts) -> Bool {
        guard let type = a.subEventType, type == b.subEventType, a.eventType == b.eventType else { return false }
        guard let p = a.point, let q = b.point else { return false }
        let (x, y) = (a.actor1 ?? "", b.actor1 ?? "")
        if x != anyActor && y != anyActor && x != y { return false }
        if a.timePrecision == 1 && b.timePrecision == 1 && a.date != b.date { return false }
        if let x = a.date, let y = b.date, !(x.hasPrefix(y) || y.hasPrefix(x)) {
            guard let dx = ArticleDate.day(x), let dy = ArticleDate.day(y), abs(dx.timeIntervalSince(dy)) <= dayTolerance * 86_400 else { return false }
        }
        return Gazetteer.sphericalKilometres(p, q) <= distanceKm
    }

    /// The events with reports of one event joined, in order of first appearance. Each event
    /// joins the earliest kept event it matches; a grid of cells of 0.1° finds the candidates
    /// within ``distanceKm`` without comparing every pair.
    public static func merge<E: MergeableEvent>(_ events: [E]) -> [E] {
        var merged: [E] = []
        var facts: [MergeFacts] = []
        var cells: [Cell: [Int]] = [:]
        for event in events {
            let f = event.mergeFacts
            var match: Int?
            if f.subEventType != nil, let point = f.point {
                for cell in Cell.around(point) {
                    for k in cells[cell] ?? [] where match.map({ k < $0 }) ?? true && same(facts[k], f) { match = k }
                }
            }
            if let match {
                merged[match].absorb(event)
            } else {
                if let point = f.point { cells[Cell(point), default: []].append(merged.count) }
                merged.append(event)
                facts.append(f)
            }
        }
        return merged
    }

    /// A cell of the grid: 0.1° of latitude (11.1 km, more than ``distanceKm``) by 0.1° of longitude.
    struct Cell: Hashable {
        var row: Int
        var column: Int
        static let size = 0.1
        init(_ point: Coordinate) {
            row = Int((point.latitude / Self.size).rounded(.down))
            column = Int((point.longitude / Self.size).rounded(.down))
        }
        init(row: Int, column: Int) {
            self.row = row
            self.column = column
        }
        /// The cells that can hold a point within ``EventMerge/distanceKm`` of `point`: the rows
        /// either side, and as many columns as 10 km spans at the nearest pole-ward edge of them.
        static func around(_ point: Coordinate) -> [Cell] {
            let centre = Cell(point)
            let edge = min(89.9, abs(point.latitude) + 2 * size)
            let kmPerColumn = 111.32 * size * cos(edge * .pi / 180)
            let span = Int((distanceKm / kmPerColumn).rounded(.up))
            let columns = min(span, Int(180 / size))
            var cells: [Cell] = []
            for row in (centre.row - 1)...(centre.row + 1) {
                for column in (centre.column - columns)...(centre.column + columns) { cells.append(Cell(row: row, column: column)) }
            }
            return cells
        }
    }

    /// Events in the order every merge across articles uses, whatever order they arrived in:
    /// by first source, then offset in it, then id (the stable `EM…` key).
    public static func canonicalOrder(_ events: [Event]) -> [Event] {
        events.sorted { a, b in
            let (sa, sb) = (a.sources.first ?? "", b.sources.first ?? "")
            if sa != sb { return sa < sb }
            let (oa, ob) = (a.offset ?? -1, b.offset ?? -1)
            if oa != ob { return oa < ob }
            return (a.id ?? "") < (b.id ?? "")
        }
    }
}

extension Event: MergeableEvent {
    public var mergeFacts: MergeFacts {
        MergeFacts(
            eventType: eventType?.name, subEventType: subEventType, actor1: actor1, date: date?.description, timePrecision: timePrecision,
            point: coordinate)
    }

    public mutating func absorb(_ other: Event) {
        for source in other.sources where !sources.contains(source) { sources.append(source) }
        if actor2 == nil { actor2 = other.actor2 }
        if date == nil {
            date = other.date
            timePrecision = other.timePrecision
        }
        confidence = min(1, (confidence ?? 0) + EventMerge.confidencePerExtraSource)
    }
}

extension CodedEvent: MergeableEvent {
    public var mergeFacts: MergeFacts {
        MergeFacts(
            eventType: eventType, subEventType: subEventType, actor1: actor1, date: eventDate, timePrecision: timePrecision,
            point: place.coordinate)
    }

    public mutating func absorb(_ other: CodedEvent) {
        for source in other.sources where !sources.contains(source) { sources.append(source) }
        if actor2 == nil { actor2 = other.actor2 }
        if eventDate == nil {
            eventDate = other.eventDate
            timePrecision = other.timePrecision
        }
        confidence = min(1, confidence + EventMerge.confidencePerExtraSource)
    }
}
