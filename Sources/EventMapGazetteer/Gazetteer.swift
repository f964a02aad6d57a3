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
