import EventMapCore

/// Seeded synthetic events with ACLED's fields, for tests and benchmarks: the same seed gives the
/// same events on every machine. Text fields mix Arabic, Turkish and Kurdish names, emoji,
/// quotes, `&` and `<`, commas and line breaks, and text that looks like a spreadsheet formula.
public struct SyntheticEvents: Sequence, IteratorProtocol {
    private var generator: SeededGenerator
    private var index = 0
    public let count: Int
    /// Longitude/latitude box the events fall in.
    public let box: (minLon: Double, minLat: Double, maxLon: Double, maxLat: Double)

    public init(count: Int, seed: UInt64 = 2017, box: (Double, Double, Double, Double) = (35.5, 32.0, 42.5, 38.5)) {
        self.count = count
        self.generator = SeededGenerator(seed: seed)
        self.box = (box.0, box.1, box.2, box.3)
    }

    private mutating func random() -> UInt64 { generator.next() }

    private mutating func unit() -> Double { Double(random() >> 11) / Double(1 << 53) }
    private mutating func pick<T>(_ items: [T]) -> T { items[Int(random() % UInt64(items.count))] }

    static let places = ["Idlib", "Jarābulus", "ʿAyn ʿĪsá", "Kobanî", "Serêkaniyê", "Reyhanlı", "Cilvegözü", "رأس العين", "Manbij", "Tell Abyad"]
    static let actors = ["Military Forces of Turkey", "YPG", "SDF", "Hayat Tahrir al-Sham", "Islamic State", "Syrian National Army", "Civilians (Syria)"]
    static let notes = [
        "Shelling hit the town; 3 killed & 5 wounded", "Clashes near the \"M4\" highway, <unconfirmed>", "اشتباكات قرب الحدود التركية",
        "Convoy crossed at Cilvegözü 🚚", "=HYPERLINK(\"http://example.com\")", "+90 212 555 0000 hotline", "-3 dead, reports differ",
        "@channel repost", "First line\nsecond line", "Comma, semicolon; tab\tend", "  leading and trailing spaces  ",
    ]

    public mutating func next() -> Feature? {
        guard index < count else { return nil }
        index += 1
        // Six decimals: exact in every format EventMap writes.
        let lon = ((box.minLon + unit() * (box.maxLon - box.minLon)) * 1e6).rounded() / 1e6
        let lat = ((box.minLat + unit() * (box.maxLat - box.minLat)) * 1e6).rounded() / 1e6
        let type = pick(EventStyle.types).name
        let day = 1 + Int(random() % 28), month = 1 + Int(random() % 12), year = 2016 + Int(random() % 6)
        let date = "\(year)-\(month < 10 ? "0" : "")\(month)-\(day < 10 ? "0" : "")\(day)"
        var properties: Properties = [
            "event_id_cnty": .string("SYR\(100_000 + index)"),
            Event.Field.date.rawValue: .string(date),
            "year": .number(Double(year)),
            Event.Field.timePrecision.rawValue: .number(Double(1 + random() % 3)),
            Event.Field.eventType.rawValue: .string(type),
            Event.Field.actor1.rawValue: .string(pick(Self.actors)),
        ]
        properties[.actor2] = random() % 3 == 0 ? .null : .string(pick(Self.actors))
        properties["location"] = .string(pick(Self.places))
        properties["latitude"] = .number(lat)
        properties["longitude"] = .number(lon)
        properties[.geoPrecision] = .number(Double(1 + random() % 3))
        properties[.fatalities] = random() % 4 == 0 ? .null : .number(Double(random() % 60))
        properties[.confidence] = .number((unit() * 1000).rounded() / 1000)
        properties["notes"] = .string(pick(Self.notes))
        return Feature(geometry: .point(Coordinate(longitude: lon, latitude: lat)), properties: properties)
    }
}
