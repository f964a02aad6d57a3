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
public struct Properties: Sendable, Hashable, Sequence, ExpressibleByDictionaryLiteral {
    private var keys: [String] = []
    private var values: [String: JSONValue] = [:]

    /// An empty property list.
    public init() {}

    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        for (key, value) in elements { self[key] = value }
    }

    /// The property names in order.
    public var names: [String] { keys }
    /// The number of properties.
    public var count: Int { keys.count }

    /// The value of `name`, or nil when absent; setting nil removes it.
    public subscript(name: String) -> JSONValue? {
        get { values[name] }
        set {
            if let newValue {
                if values.updateValue(newValue, forKey: name) == nil { keys.append(name) }
            } else if values.removeValue(forKey: name) != nil {
                keys.removeAll { $0 == name }
            }
        }
    }

    public func makeIterator() -> some IteratorProtocol<(name: String, value: JSONValue)> {
        keys.lazy.map { (name: $0, value: values[$0]!) }.makeIterator()
    }
}
