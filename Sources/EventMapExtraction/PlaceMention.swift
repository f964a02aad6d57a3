import EventMapCore
import EventMapGazetteer
import Foundation

/// What a place mention does in its sentence.
public enum MentionRole: String, Sendable, CaseIterable {
    /// A place where something is or happens.
    case place
    /// A place standing for its government or people ("Ankara said", "Moscow has grave concern").
    case metonym
    /// Where the story was reported from ("told AFP in Beirut", a dateline).
    case reportingLocation = "reporting location"
    /// A country named by its adjective or people ("Turkish troops", "Syrians"): resolved to the
    /// country, as news corpora annotate it (Gritta et al.'s literal and associative modifiers).
    case demonym
}

extension MentionRole {
    /// The role as a command-line value: its name with hyphens for spaces (`reporting-location`).
    public var argumentName: String { rawValue.replacingOccurrences(of: " ", with: "-") }

    /// A name that is no role, with the closest ones in its message.
    public struct UnknownName: Error {
        public let message: String
    }

    /// The roles named in `lists` (each comma-separated); every role when there are none.
    public static func roles(named lists: [String]) throws(UnknownName) -> Set<MentionRole> {
        let names = lists.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !names.isEmpty else { return Set(allCases) }
        var kept = Set<MentionRole>()
        for name in names {
            guard let role = MentionRole(argumentName: name) else {
                let valid = allCases.map(\.argumentName)
                let near = Suggestions.closest(to: name, among: valid)
                throw UnknownName(
                    message: "unknown role '\(name)'" + (near.isEmpty ? "" : ": did you mean \(Suggestions.phrase(near))?") + " (roles: \(valid.joined(separator: ", ")))")
            }
            kept.insert(role)
        }
        return kept
    }

    /// The role named `name` as a command-line value or as written in output (any case).
    public init?(argumentName name: String) {
        let wanted = name.lowercased().replacingOccurrences(of: "_", with: "-").replacingOccurrences(of: " ", with: "-")
        guard let role = MentionRole.allCases.first(where: { $0.argumentName == wanted }) else { return nil }
        self = role
    }
}

/// One place named in an article: the text as written, where it is, and what it was resolved to.
public struct PlaceMention: Sendable {
    /// The name as written ("Jarabulus", "Syria", "Ras al-Ain").
    public var text: String
    /// Offsets into the article's text in Unicode scalars (`String.unicodeScalars`), end exclusive.
    public var start: Int
    public var end: Int
    /// The article's file or URL.
    public var source: String
    /// The resolved place; nil when the name is a place but no candidate fits.
    public var place: Place?
    public var role: MentionRole
    /// 0...1: the learned ranker's probability that `place` is the place meant, among the
    /// places the name can be (1 when it can be only one); a fixed 0.9 for a demonym.
    public var score: Double
    /// The evidence: how the name matched and what in the article chose this place.
    public var reason: String
    /// The language the article was read in (detected, or given with `--language`).
    public var language: ArticleLanguage = .english
    /// The name is not in the gazetteer: the text names it as a place ("the village of Khan
    /// Tuman") and `place` is the larger place the text puts it in or near ("south of Aleppo"),
    /// so the point stands for that place's extent, not for the named one.
    public var unlisted = false

    /// The mention as a GeoJSON point feature (no geometry when unresolved).
    public var feature: Feature {
        // One list, appended to in order (no arrays joined).
        var properties: [(name: String, value: JSONValue)] = []
        properties.reserveCapacity(18)
        properties.append(("text", .string(text)))
        properties.append(("start", .number(Double(start))))
        properties.append(("end", .number(Double(end))))
        properties.append(("source", .string(source)))
        properties.append(("language", .string(language.rawValue)))
        if let place {
            properties.append(("place", .string(place.name)))
            properties.append(contentsOf: place.idProperties)
            properties.append(("kind", .string(place.kind.description)))
            properties.append(("country", .string(place.countryCode)))
            properties.append(("admin1", .string(place.admin1)))
            properties.append(("longitude", .number(place.coordinate.longitude)))
            properties.append(("latitude", .number(place.coordinate.latitude)))
        } else {
            for name in ["place", "geonameid", "eventmap_id", "kind", "country", "admin1", "longitude", "latitude"] { properties.append((name, .null)) }
        }
        properties.append(("role", .string(role.rawValue)))
        properties.append(("score", .number((score * 1000).rounded() / 1000)))
        properties.append(("reason", .string(reason)))
        properties.append(("unlisted", .bool(unlisted)))
        return Feature(geometry: place.map { .point($0.coordinate) }, properties: Properties(distinctPairs: properties))
    }
}
