import EventMapCore
import Foundation

/// The place index: loads the compiled gazetteer and resolves names to places, with reasons.
///
/// Immutable after loading and `Sendable`: load once, share across tasks.
public final class Gazetteer: Sendable {
    let store: GazetteerStore
    /// Folded demonyms of peoples without a state.
    let statelessDemonyms: Set<String>
    /// Each place's prominence, 0...1 (see `prior(of:)`), computed once at load.
    let priors: [Double]

    /// Loads a compiled gazetteer file (`Gazetteer/gazetteer.bin`).
    /// - Throws: ``GazetteerError`` when the file is missing or damaged.
    public convenience init(contentsOf path: String) throws(GazetteerError) {
        self.init(store: try GazetteerStore(contentsOf: path))
    }

    init(store: GazetteerStore) {
        self.store = store
        statelessDemonyms = Set((store.metadata["stateless_demonyms"] ?? "").split(separator: ",").map { NameKeys.fold(String($0)) })
        priors = store.records.map(Gazetteer.computePrior)
    }

    /// Where the shipped gazetteer is looked for: `$EVENTMAP_GAZETTEER`, else `gazetteer.bin` of
    /// the data folder (``DataDirectory``: `$EVENTMAP_DATA`, `PREFIX/share/eventmap` beside an
    /// installed binary, the checkout's `Gazetteer/`).
    public static func defaultPath() -> String {
        if let path = ProcessInfo.processInfo.environment["EVENTMAP_GAZETTEER"], !path.isEmpty { return path }
        return DataDirectory.path("gazetteer.bin") ?? "gazetteer.bin"
    }

    /// Each country's place, by ISO 3166-1 alpha-2 code: what a demonym ("Turkish") names.
    public var countriesByCode: [String: Place] {
        var found: [String: Place] = [:]
        for index in store.records.indices where store.records[index].kind == PlaceKind.country.rawValue {
            let place = place(at: index)
            if found[place.countryCode] == nil { found[place.countryCode] = place }
        }
        return found
    }

    /// The number of places.
    public var count: Int { store.records.count }
    /// The number of name keys in the index.
    public var keyCount: Int { store.keys.count }
    /// What the file says about itself: sources, counts, coverage, attribution.
    public var metadata: [String: String] { store.metadata }

    /// The place stored at `index`.
    public func place(at index: Int) -> Place {
        let record = store.records[index]
        let division = record.division >= 0 ? store.primaryName(of: Int(record.division)) : ""
        return Place(
            geonameid: Int(record.geonameid), name: store.primaryName(of: index), kind: PlaceKind(rawValue: record.kind) ?? .other,
            countryCode: store.countryCode(of: index), admin1: division,
            coordinate: Coordinate(longitude: record.longitude, latitude: record.latitude),
            population: Int(record.population), isMinor: record.isMinor)
    }

    /// Every name of the place with GeoNames id `geonameid`, preferred name first.
    public func names(geonameid: Int) -> [String] {
        guard let index = index(geonameid: geonameid) else { return [] }
        return store.names(of: index)
    }

    /// The first-level division `place` lies in, if the gazetteer links it to one.
    public func division(of place: Place) -> Place? {
        guard let index = index(geonameid: place.geonameid) else { return nil }
        let division = store.records[index].division
        return division >= 0 ? self.place(at: Int(division)) : nil
    }

    /// The place with GeoNames id `geonameid`, if the gazetteer has it.
    public func place(geonameid: Int) -> Place? {
        index(geonameid: geonameid).map(place(at:))
    }

    /// Records are sorted by id: binary search.
    private func index(geonameid: Int) -> Int? {
        var low = 0, high = store.records.count
        while low < high {
            let mid = (low + high) >> 1
            if Int(store.records[mid].geonameid) < geonameid { low = mid + 1 } else { high = mid }
        }
        return low < store.records.count && Int(store.records[low].geonameid) == geonameid ? low : nil
    }
}

extension Gazetteer {
    /// What the gazetteer holds, where it comes from and how many names it knows, as
    /// `gazetteer info` prints it, one fact per line.
    public var summaryLines: [String] {
        var lines = ["Places:      \(count)"]
        for kind in PlaceKind.allCases {
            if let count = metadata["kind.\(kind.description)"] { lines.append("  \(kind.description): \(count)") }
        }
        lines.append("Names:       \(metadata["names"] ?? "?") (\(keyCount) match keys)")
        lines.append("Coverage:    every populated place in \(metadata["focus_countries"] ?? "?"); elsewhere from population \(metadata["minimum_population"] ?? "?"), capitals, countries, divisions")
        if let minor = metadata["minor_places"], minor != "0" {
            lines.append("Minor:       \(minor) places from population \(metadata["minor_population"] ?? "?"), offered where an article names or implies their division")
        }
        lines.append("Sources:     \(metadata["sources"] ?? "?")")
        lines.append("Attribution: \(metadata["attribution"] ?? "GeoNames (CC BY 4.0)")")
        return lines
    }
}

extension Gazetteer {
    /// The most populous towns and capitals inside `box` (with a known population), at most
    /// `limit`, largest first (ties by name): the places a map labels.
    public func largestTowns(in box: BoundingBox, limit: Int) -> [Place] {
        var found: [Place] = []
        for index in 0..<count {
            let place = place(at: index)
            guard place.kind == .populatedPlace || place.kind == .capital, place.population > 0, box.contains(place.coordinate) else { continue }
            found.append(place)
        }
        found.sort { $0.population != $1.population ? $0.population > $1.population : $0.name < $1.name }
        return Array(found.prefix(limit))
    }
}

/// Which of a place's names a map labels it with.
public enum LabelNames: String, Sendable, CaseIterable {
    /// The common English form: GeoNames' own name when it is in plain letters ("Aleppo") or
    /// Turkish ("Şanlıurfa"); else the shortest ASCII name GeoNames has for the place that is the
    /// same name as its own without marks, articles and a final h ("Hama" for Ḩamāh, "Qamishli"
    /// for Al Qāmishlī); else its own name without diacritics ("Dayr Hafir").
    case english
    /// The name in the country's own script where the gazetteer has one (Arabic for Syria and
    /// Iraq: "حماة"; Hebrew for Israel), else GeoNames' own name with its marks ("Ḩamāh"; Turkish
    /// names are Turkish already). In Arabic-speaking countries a name in Arabic's own letters is
    /// preferred to a Persian or Kurdish spelling (no پ چ ژ گ ک ی ە).
    case local
}

extension Gazetteer {
    /// The name to label `place` with on a map.
    public func labelName(of place: Place, _ style: LabelNames) -> String {
        let names = self.names(geonameid: place.geonameid)
        guard let own = names.first else { return place.name }
        switch style {
        case .english:
            // A name already in plain letters is kept ("Aleppo", not the shorter "Alepo"), and so
            // is a Turkish one: Turkish letters are the names' own spelling, not a transliteration.
            if own.unicodeScalars.allSatisfy(\.isASCII) || place.countryCode == "TR" { return own }
            let key = NameKeys(own).compact
            let english = names.filter { name in
                name.unicodeScalars.allSatisfy { $0.isASCII } && name.unicodeScalars.contains { $0.properties.isLowercase }
                    && name.unicodeScalars.filter { $0.properties.isAlphabetic }.count >= 3 && NameKeys(name).compact == key
            }
            // The shortest, unless it dropped an article and little is left ("Bab" for Al Bāb:
            // "Al Bab"; "Qamishli" for Al Qāmishlī keeps its eight letters).
            let words = { (name: String) in name.split(whereSeparator: { $0 == " " || $0 == "-" }).count }
            let letters = { (name: String) in name.unicodeScalars.filter { $0.properties.isAlphabetic }.count }
            let ordered = english.enumerated().sorted { ($0.element.count, $0.offset) < ($1.element.count, $1.offset) }.map(\.element)
            let chosen = ordered.first(where: { words($0) >= words(own) || letters($0) >= 5 }) ?? ordered.first ?? Self.withoutDiacritics(own)
            // GeoNames' ASCII names write ʿayn as a backquote: an apostrophe inside a name, nothing
            // at its start ("`Amuda" → "Amuda", "Ma`arratmisrin" → "Ma'arratmisrin").
            return String(chosen.replacingOccurrences(of: "`", with: "'").drop { $0 == "'" })
        case .local:
            let script: ClosedRange<UInt32>? =
                switch place.countryCode {
                case "SY", "IQ", "LB", "JO", "SA", "EG", "PS", "IR", "YE", "KW", "AE", "QA", "BH", "OM", "LY", "SD", "DZ", "MA", "TN", "AF", "PK": 0x0600...0x06FF
                case "IL": 0x0590...0x05FF
                default: nil
                }
            guard let script else { return own }
            let inScript = names.filter { name in name.unicodeScalars.contains { script.contains($0.value) } }
            // Letters Arabic itself does not use (Persian, Urdu, Kurdish): a spelling of another language.
            let persianOrKurdish = { (name: String) in name.unicodeScalars.contains { (0x067E...0x06FF).contains($0.value) } }
            let arabicSpeaking = script == 0x0600...0x06FF && !["IR", "AF", "PK"].contains(place.countryCode)
            return (arabicSpeaking ? inScript.first { !persianOrKurdish($0) } : nil) ?? inScript.first ?? own
        }
    }

    /// `name` with its diacritics made plain and ʿ ʾ marks as apostrophes ("Ḩamāh" → "Hamah",
    /// "Dayr Ḩāfir" → "Dayr Hafir").
    static func withoutDiacritics(_ name: String) -> String {
        let marks: [Character: String] = ["‘": "'", "’": "'", "ʿ": "'", "ʾ": "'", "ʻ": "'", "ı": "i", "İ": "I", "ə": "a", "Ə": "A"]
        let plain = String(name.map { marks[$0].map(Character.init) ?? $0 })
        return plain.folding(options: .diacriticInsensitive, locale: Locale(identifier: "en_US_POSIX"))
    }
}
