import EventMapCore
import EventMapIO
import Foundation
import Testing

/// The writers put numbers down digit by digit without Swift's general shortest-form algorithm
/// when a value has few decimals; the text must be the one that algorithm gives, and read back
/// as the same double.
@Suite("Writing numbers")
struct NumberWritingTests {
    /// The text the GeoJSON encoder writes for a property holding `value`.
    static func written(_ value: Double) -> String {
        let json = GeoJSONWriter.Encoder().feature(Feature(geometry: nil, properties: ["v": .number(value)]))
        let start = json.range(of: "\"v\":")!.upperBound
        return String(json[start...].prefix { $0 != "}" })
    }

    @Test func numbersAreWrittenAsSwiftsShortestFormWouldWriteThem() {
        var values: [Double] = [
            0.0001, 0.00011, 0.00009999, 0.5, -0.25, 12.25, 36.1234567, 36.12345678, 1e-5, 999_999.9999999, 999_999.99999999, 1e6 + 0.5,
            123_456_789.5, 0.1, 0.2, 0.3, 0.1 + 0.2, 2.675, 1.005, -40.07, 1.0 / 3, 2.0 / 3, 4_503_599_627_370_497, 1e16, 5e-324,
            .greatestFiniteMagnitude, 0, -0.0, 7, -7, 2016,
        ]
        // Coordinates as the writers round them, at every precision, and plain random doubles.
        var rng = SeededGenerator(seed: 11)
        for _ in 0..<20_000 {
            let raw = Double.random(in: -180...180, using: &rng)
            let decimals = Int.random(in: 0...9, using: &rng)
            let scale = pow(10.0, Double(decimals))
            values.append((raw * scale).rounded() / scale)
            values.append(raw)
            values.append(Double.random(in: 0...0.01, using: &rng))
            values.append(Double(Int.random(in: 1...999_999, using: &rng)) / 1000)
        }
        for value in values {
            let text = Self.written(value)
            #expect(text == JSONText.number(value), "\(value)")
            #expect(Double(text) == value, "\(text) reads back as \(String(describing: Double(text))), not \(value)")
        }
    }

    @Test func nonFiniteNumbersAreNull() {
        #expect(Self.written(.nan) == "null")
        #expect(Self.written(.infinity) == "null")
    }
}
