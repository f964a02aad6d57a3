/// ACLED's event types and sub-event types, as ACLED's codebook names them: the values
/// `--type` accepts without looking at the data.
public enum EventVocabulary {
    /// The six event types with their sub-event types.
    public static let types: [(type: String, subTypes: [String])] = [
        ("Battles", ["Armed clash", "Government regains territory", "Non-state actor overtakes territory"]),
        (
            "Explosions/Remote violence",
            [
                "Chemical weapon", "Air/drone strike", "Suicide bomb", "Shelling/artillery/missile attack",
                "Remote explosive/landmine/IED", "Grenade",
            ]
        ),
        ("Violence against civilians", ["Sexual violence", "Attack", "Abduction/forced disappearance"]),
        ("Protests", ["Peaceful protest", "Protest with intervention", "Excessive force against protesters"]),
        ("Riots", ["Violent demonstration", "Mob violence"]),
        (
            "Strategic developments",
            [
                "Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use", "Headquarters or base established",
                "Looting/property destruction", "Non-violent transfer of territory", "Other",
            ]
        ),
    ]

    /// Every type and sub-type name.
    public static var allNames: [String] { types.flatMap { [$0.type] + $0.subTypes } }

    /// The vocabulary's own spelling of `name` (any case), or nil when ACLED has no such type.
    public static func canonical(_ name: String) -> String? {
        if let exact = canonicalByName[name] { return exact }
        return canonicalByName[name.lowercased()]
    }

    /// Every type and sub-type by its own spelling and by its lower case (read once, not per record).
    private static let canonicalByName: [String: String] = {
        var byName: [String: String] = [:]
        for name in allNames {
            byName[name] = name
            if byName[name.lowercased()] == nil { byName[name.lowercased()] = name }
        }
        return byName
    }()
}

/// The values nearest to a mistyped one, for "did you mean" messages.
public enum Suggestions {
    /// Up to `limit` of `candidates` closest to `value` (any case): names that contain it or that
    /// it contains first, then by edit distance; none farther than half the value's length.
    public static func closest(to value: String, among candidates: some Sequence<String>, limit: Int = 3) -> [String] {
        let needle = Array(value.lowercased())
        var scored: [(name: String, score: Int)] = []
        var seen = Set<String>()
        for candidate in candidates where seen.insert(candidate).inserted {
            let lower = candidate.lowercased()
            let score: Int
            if !needle.isEmpty && (lower.contains(String(needle)) || String(needle).contains(lower)) {
                score = abs(lower.count - needle.count) / 4
            } else {
                let d = editDistance(needle, Array(lower))
                if d <= max(2, needle.count / 2) {
                    score = d
                } else if sharesStem(String(needle), lower) {
                    score = 1000 + d  // 'Turkish Army' and 'Military Forces of Turkey': after every close spelling
                } else {
                    continue
                }
            }
            scored.append((candidate, score))
        }
        // Names that only share a word stem come in only when nothing is spelled close.
        if scored.contains(where: { $0.score < 1000 }) { scored.removeAll { $0.score >= 1000 } }
        return scored.sorted { ($0.score, $0.name) < ($1.score, $1.name) }.prefix(limit).map(\.name)
    }

    /// True when a word of four letters or more in `a` begins like a word of `b` (same first four letters).
    static func sharesStem(_ a: String, _ b: String) -> Bool {
        func stems(_ s: String) -> Set<String> {
            Set(s.split(whereSeparator: { !$0.isLetter }).filter { $0.count >= 4 }.map { String($0.prefix(4)) })
        }
        return !stems(a).isDisjoint(with: stems(b))
    }

    /// Levenshtein distance between two character arrays.
    public static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }

    /// `'a', 'b' or 'c'`, for messages.
    public static func phrase(_ names: [String]) -> String {
        let quoted = names.map { "'\($0)'" }
        guard quoted.count > 1 else { return quoted.first ?? "" }
        return quoted.dropLast().joined(separator: ", ") + " or " + quoted.last!
    }
}
