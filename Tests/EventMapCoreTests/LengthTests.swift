import EventMapCore
import Testing

@Suite("Length parses what users type")
struct LengthTests {
    @Test(
        "units convert to metres",
        arguments: [
            ("30km", 30_000.0), ("500m", 500.0), ("12mi", 19_312.128), ("2.5 km", 2_500.0),
            ("30", 30_000.0), ("1nmi", 1_852.0), ("100ft", 30.48), ("30KM", 30_000.0),
        ])
    func parses(text: String, metres: Double) throws {
        let length = try Length(parsing: text)
        #expect(abs(length.metres - metres) < 1e-9)
    }

    @Test("bad lengths are rejected", arguments: ["", "km", "-3km", "30 parsecs", "3.4.5km", "1e3km", "nan", "thirty km"])
    func rejects(text: String) {
        #expect(throws: CoreError.invalidLength(text)) { try Length(parsing: text) }
    }

    @Test func describesInReadableUnits() throws {
        #expect(try Length(parsing: "30km").description == "30 km")
        #expect(try Length(parsing: "500m").description == "500 m")
        #expect(Length(metres: 1500).kilometres == 1.5)
    }
}
