/// A JSON value, keeping its type: numbers stay numbers, strings stay strings.
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case number(Double)
    /// A whole number beyond ±2^53, where a `Double` would lose digits (tweet ids, GDELT's
    /// GLOBALEVENTID range, database keys): kept exactly. Smaller whole numbers are `.number`.
    case integer(Int64)
    case string(String)
    case array([JSONValue])
    /// An object with its members in source order.
    case object([(String, JSONValue)])

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): true
        case let (.bool(a), .bool(b)): a == b
        case let (.number(a), .number(b)): a == b
        case let (.integer(a), .integer(b)): a == b
        case let (.string(a), .string(b)): a == b
        case let (.array(a), .array(b)): a == b
        case let (.object(a), .object(b)): a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: false
        }
    }

    public func hash(into hasher: inout Hasher) {
        switch self {
        case .null: hasher.combine(0)
        case let .bool(b): hasher.combine(b)
        case let .number(n): hasher.combine(n)
        case let .integer(i): hasher.combine(i)
        case let .string(s): hasher.combine(s)
        case let .array(a): hasher.combine(a)
        case let .object(members):
            for (key, value) in members {
                hasher.combine(key)
                hasher.combine(value)
            }
        }
    }

    /// The member `key` of an object, or nil.
    public subscript(key: String) -> JSONValue? {
        guard case let .object(members) = self else { return nil }
        return members.first { $0.0 == key }?.1
    }

    /// The string, if this is a string.
    public var stringValue: String? { if case let .string(s) = self { s } else { nil } }
    /// The number, if this is a number (an exact integer rounded to the nearest `Double`).
    public var numberValue: Double? {
        switch self {
        case let .number(n): n
        case let .integer(i): Double(i)
        default: nil
        }
    }

    /// The value as an `Int` when it is a whole number an `Int` holds (`Int(1e300)` would trap:
    /// a file can hold any number).
    public var intValue: Int? {
        switch self {
        case let .number(n): Int(exactly: n)
        case let .integer(i): Int(exactly: i)
        default: nil
        }
    }

    /// A whole number for `text` (optional sign, digits only): `.integer` when a `Double` cannot
    /// hold it exactly, `.number` otherwise; nil when it is not a whole number or exceeds Int64.
    public static func wholeNumber<S: StringProtocol>(_ text: S) -> JSONValue? {
        guard let value = Int64(text) else { return nil }
        return JSONValue.exactlyRepresentable(value) ? .number(Double(value)) : .integer(value)
    }

    /// True when a `Double` holds `value` exactly (|value| ≤ 2^53).
    public static func exactlyRepresentable(_ value: Int64) -> Bool { value.magnitude <= 1 << 53 }
    /// The elements, if this is an array.
    public var arrayValue: [JSONValue]? { if case let .array(a) = self { a } else { nil } }
    /// The JSON type's name, for messages.
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .number, .integer: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }
}
