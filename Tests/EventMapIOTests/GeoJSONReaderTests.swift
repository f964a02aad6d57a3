import EventMapCore
import EventMapIO
import Foundation
import Testing

/// The package's `Tests/Fixtures` folder.
let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Fixtures")

@Suite("GeoJSON reading")
struct GeoJSONReaderTests {
    @Test func readsBorderTownsFixture() throws {
        let features = try GeoJSONReader.features(atPath: fixtures.appendingPathComponent("border-towns.geojson").path)
        #expect(features.count == 21)
        let idlib = try #require(features.first)
        #expect(idlib.geometry == .point(Coordinate(longitude: 36.63393, latitude: 35.93062)))
        #expect(idlib.properties["name"] == .string("Idlib"))
        #expect(idlib.properties["geonameid"] == .number(169389))
        #expect(idlib.properties.names == ["name", "geonameid", "country_code", "population"])
        let kobani = try #require(features.first { $0.properties["geonameid"] == .number(172256) })
        #expect(kobani.properties["name"] == .string("‘Ayn al ‘Arab"))
    }

    @Test func readsEveryGeometryType() throws {
        let text = """
            {"type":"GeometryCollection","geometries":[
              {"type":"Point","coordinates":[36.5,36.2,120]},
              {"type":"MultiPoint","coordinates":[[1,2],[3,4]]},
              {"type":"LineString","coordinates":[[36.3,35.8],[37.2,36.2]]},
              {"type":"MultiLineString","coordinates":[[[0,0],[1,1]],[[2,2],[3,3]]]},
              {"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]},
              {"type":"MultiPolygon","coordinates":[[[[0,0],[1,0],[1,1],[0,0]]]]}]}
            """
        let features = try GeoJSONReader.features(from: Array(text.utf8))
        guard case let .geometryCollection(members)? = features.first?.geometry else {
            Issue.record("expected a collection"); return
        }
        #expect(members.map(\.typeName) == ["Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon"])
        #expect(members[0] == .point(Coordinate(longitude: 36.5, latitude: 36.2)))
    }

    @Test(
        "bad input names the problem",
        arguments: [
            ("", "the file is empty"),
            ("   \n", "the file is empty"),
            ("{\"type\": \"Feat", "line 1, column 15: unterminated string"),
            ("{\"type\":\"FeatureCollection\",\n\"features\":[,]}", "line 2, column 13"),
            ("[1,2]", "expected an object"),
            ("{\"type\":\"FeatureCollection\"}", "'features' array"),
            ("{\"type\":\"Point\",\"coordinates\":[36.6,95]}", "latitude 95.0 is outside"),
            ("{\"type\":\"Point\",\"coordinates\":[200,1]}", "longitude 200.0 is outside"),
            ("{\"type\":\"Point\",\"coordinates\":[1]}", "at least two numbers"),
            ("{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,0],[1,1],[0,1]]]}", "not closed"),
            ("{\"type\":\"LineString\",\"coordinates\":[[0,0]]}", "at least 2 positions"),
            ("{\"type\":\"Circle\",\"coordinates\":[0,0]}", "unknown geometry type 'Circle'"),
            ("{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[0,0]},\"properties\":[]}]}", "features[0].properties"),
        ])
    func rejects(text: String, expected: String) {
        do {
            _ = try GeoJSONReader.features(from: Array(text.utf8))
            Issue.record("accepted bad input: \(text)")
        } catch {
            #expect(error.description.contains(expected), "\(error.description)")
            #expect(!error.description.contains("\n"))
        }
    }

    @Test func rejectsNonUTF8WithOffset() {
        // 0xC3 starts a two-byte sequence; 0x28 is not a continuation byte.
        let prefix = Array("{\"type\":\"Point\",\"coordinates\":[0,0],\"name\":\"".utf8)
        let bytes = prefix + [0xC3, 0x28] + Array("\"}".utf8)
        #expect(throws: IOError.notUTF8(byteOffset: prefix.count)) { try GeoJSONReader.features(from: bytes) }
    }

    @Test func acceptsByteOrderMarkAndNullGeometry() throws {
        let bytes = [0xEF, 0xBB, 0xBF] + Array("{\"type\":\"Feature\",\"id\":7,\"geometry\":null,\"properties\":null}".utf8)
        let features = try GeoJSONReader.features(from: bytes)
        #expect(features.count == 1)
        #expect(features[0].geometry == nil)
        #expect(features[0].id == .number(7))
    }

    @Test func missingFileIsUnreadable() {
        #expect(throws: IOError.unreadable(path: "/no/such/file.geojson", reason: "no such file")) {
            try GeoJSONReader.features(atPath: "/no/such/file.geojson")
        }
    }
}

@Suite("JSON parsing")
struct JSONParserTests {
    @Test func keepsTypesOrderAndEscapes() throws {
        let value = try JSONParser.parse(Array(#"{"z":1.5e2,"a":[true,false,null],"s":"Serêkaniyê \u00e9\ud83d\ude00\n"}"#.utf8))
        guard case let .object(members) = value else { Issue.record("not an object"); return }
        #expect(members.map(\.0) == ["z", "a", "s"])
        #expect(value["z"] == .number(150))
        #expect(value["a"] == .array([.bool(true), .bool(false), .null]))
        #expect(value["s"] == .string("Serêkaniyê é😀\n"))
    }

    /// Numbers read without strtod (up to 15 digits, no exponent) are the doubles strtod gives;
    /// the rest still go through it.
    @Test func numbersAreTheDoublesStrtodGives() throws {
        let texts = [
            "36.850000", "-40.07", "0", "-0", "0.1", "0.30000000000000004", "123456789012345", "1234567890123456", "-0.000000000000001",
            "9.99999999999999", "99.99999999999999", "1.5e2", "2E-3", "4294967296.5",
        ]
        for text in texts {
            let value = try JSONParser.parse(Array(text.utf8))
            #expect(value == .number(Double(text)!) && value.numberValue?.sign == Double(text)!.sign, "\(text)")
        }
    }

    @Test("malformed JSON is rejected", arguments: ["{", "[1,]", "01", "1.", "\"a", "{\"a\" 1}", "tru", "[1] 2", "\"\\x\"", "1e999"])
    func rejectsMalformed(text: String) {
        #expect(throws: IOError.self) { try JSONParser.parse(Array(text.utf8)) }
    }
}
