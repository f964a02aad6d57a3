import EventMapCore

/// A kind of problem a reader met and read past without stopping: counted, with the first case
/// as an example, so that a command can say what it did instead of dropping or mis-reading data.
public struct InputNote: Sendable, Hashable, CustomStringConvertible {
    /// What happened, in words a user reads: "dates that could not be read (kept as null)".
    public var what: String
    public var count: Int
    /// The first case: where it was and the value, e.g. `feature 7 (event_id SYR1): 'Sometime 2019'`.
    public var example: String

    public init(what: String, count: Int, example: String) {
        self.what = what
        self.count = count
        self.example = example
    }

    public var description: String { "\(what): \(count); first: \(example)" }
}

/// Counts notes by kind, keeping the first example of each, in the order they were first met.
public struct InputNoteCounter: Sendable {
    public private(set) var notes: [InputNote] = []

    public init() {}

    public mutating func add(_ what: String, example: @autoclosure () -> String) {
        if let index = notes.firstIndex(where: { $0.what == what }) {
            notes[index].count += 1
        } else {
            notes.append(InputNote(what: what, count: 1, example: example()))
        }
    }

    /// Adds what another counter counted (a later part of the same input): counts add up, the
    /// first example stays.
    public mutating func add(_ other: InputNoteCounter) {
        for note in other.notes {
            if let index = notes.firstIndex(where: { $0.what == note.what }) {
                notes[index].count += note.count
            } else {
                notes.append(note)
            }
        }
    }
}

/// Reads every source's event fields into EventMap's canonical form, whatever format brought
/// them: `event_date` in any form ACLED has published (`24 August 2016`, `24-August-2016`)
/// becomes an ISO date; a date that cannot be read becomes null, its text kept in
/// `event_date_original`, and is counted; a date that disagrees with the row's `year` is counted.
public final class EventFieldSource: FeatureSource {
    private let base: FeatureSource
    private var counter = InputNoteCounter()
    private var position = 0
    public var layerName: String { base.layerName }

    public init(_ base: FeatureSource) { self.base = base }

    public var notes: [InputNote] { base.notes + counter.notes }
    public var progress: (done: Int, total: Int)? { base.progress }

    public func next() throws(IOError) -> FeatureRecord? {
        guard let record = try base.next() else { return nil }
        position += 1
        guard case var .feature(feature) = record else { return record }
        EventFieldSource.normalise(&feature, position: position, notes: &counter)
        return .feature(feature)
    }

    /// Rewrites `event_date` as ISO, counting what cannot be read. Features without the property
    /// are left as they are.
    public static func normalise(_ feature: inout Feature, position: Int, notes: inout InputNoteCounter) {
        guard let value = feature.properties[.date] else { return }
        let yearHint = feature.properties["year"].flatMap(EventFieldSource.wholeNumber)
        func whereItIs() -> String {
            var text = "feature \(position)"
            if let id = feature.properties["event_id_cnty"]?.stringValue ?? feature.properties[.id]?.stringValue { text += " (\(id))" }
            return text
        }
        switch value {
        case .null:
            return
        case let .string(text) where text.isEmpty:
            feature.properties[.date] = .null
        case let .string(text):
            let canonical = EventDate.canonical(text)
            if let canonical, yearHint == nil || yearHint == canonical.year { return }
            guard let date = canonical ?? EventDate(parsing: text, yearHint: yearHint) else {
                feature.properties[.date] = .null
                feature.properties["event_date_original"] = .string(text)
                notes.add(
                    "dates that could not be read (kept with a null event_date, the text in event_date_original)",
                    example: "\(whereItIs()): '\(text)'")
                return
            }
            if let yearHint, yearHint != date.year {
                notes.add(
                    "dates whose year disagrees with the year column (the date is kept)",
                    example: "\(whereItIs()): '\(text)' but year \(yearHint)")
            }
            if date.description != text { feature.properties[.date] = .string(date.description) }
        default:
            // A number such as 20160824 (GDELT's Day) or 2016.
            let text = JSONText.value(value)
            if let date = EventDate(parsing: text, yearHint: yearHint) {
                feature.properties[.date] = .string(date.description)
            } else {
                feature.properties[.date] = .null
                feature.properties["event_date_original"] = .string(text)
                notes.add(
                    "dates that could not be read (kept with a null event_date, the text in event_date_original)",
                    example: "\(whereItIs()): \(text)")
            }
        }
    }

    static func wholeNumber(_ value: JSONValue) -> Int? {
        switch value {
        case let .number(n) where n == n.rounded() && abs(n) < 1e6: return Int(n)
        case let .integer(i) where abs(i) < 1_000_000: return Int(i)
        case let .string(s): return Int(s.trimmingCharacters(in: " "))
        default: return nil
        }
    }
}
