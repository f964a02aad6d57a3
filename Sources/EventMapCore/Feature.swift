/// A GeoJSON feature (RFC 7946 §3.2): a geometry with ordered properties.
public struct Feature: Sendable, Hashable {
    /// The feature's `id` member, if any (string or number).
    public var id: JSONValue?
    /// The geometry, or nil for a feature without one.
    public var geometry: Geometry?
    /// The properties, in the order they were read or set.
    public var properties: Properties

    /// Creates a feature.
    public init(id: JSONValue? = nil, geometry: Geometry?, properties: Properties = Properties()) {
        self.id = id
        self.geometry = geometry
        self.properties = properties
    }
}

/// An ordered map of property names to JSON values; setting an existing name keeps its place.
///
/// Stored as a list of pairs: features carry tens of properties, where a linear scan beats
/// hashing, and readers that know their names are distinct build it without any checks.
public struct Properties: Sendable, Hashable, Sequence, ExpressibleByDictionaryLiteral {
    private var pairs: [(name: String, value: JSONValue)] = []

    /// An empty property list.
    public init() {}

    /// Properties from pairs whose names the caller knows to be distinct (no checks made).
    public init(distinctPairs: [(name: String, value: JSONValue)]) {
        pairs = distinctPairs
    }

    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        for (key, value) in elements { self[key] = value }
    }

    /// The property names in order.
    public var names: [String] { pairs.map(\.name) }
    /// The number of properties.
    public var count: Int { pairs.count }

    /// The value of `name`, or nil when absent; setting nil removes it.
    public subscript(name: String) -> JSONValue? {
        get {
            let length = name.utf8.count
            return pairs.first { Self.same($0.name, name, length) }?.value
        }
        set {
            let length = name.utf8.count
            if let index = pairs.firstIndex(where: { Self.same($0.name, name, length) }) {
                if let newValue { pairs[index].value = newValue } else { pairs.remove(at: index) }
            } else if let newValue {
                pairs.append((name, newValue))
            }
        }
    }

    /// Whether `a` is `b`, whose length in UTF-8 is `length`: names of other lengths are passed
    /// over without comparing their bytes (a native string knows its length).
    @inline(__always) private static func same(_ a: String, _ b: String, _ length: Int) -> Bool {
        a.utf8.count == length && a == b
    }

    public func makeIterator() -> IndexingIterator<[(name: String, value: JSONValue)]> {
        pairs.makeIterator()
    }

    public static func == (lhs: Properties, rhs: Properties) -> Bool {
        lhs.pairs.count == rhs.pairs.count && zip(lhs.pairs, rhs.pairs).allSatisfy { $0.name == $1.name && $0.value == $1.value }
    }

    public func hash(into hasher: inout Hasher) {
        for pair in pairs {
            hasher.combine(pair.name)
            hasher.combine(pair.value)
        }
    }
}
