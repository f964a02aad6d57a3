import EventMapCore
@testable import EventMapIO
import Foundation
import Testing

/// WKB as a GeoPackage blob holds it: little-endian, built byte by byte.
private struct WKBBuilder {
    var bytes: [UInt8] = []
    mutating func header(_ type: UInt32) { bytes.append(1); u32(type) }
    mutating func u32(_ value: UInt32) { withUnsafeBytes(of: value.littleEndian) { bytes += $0 } }
    mutating func point(_ x: Double, _ y: Double) {
        withUnsafeBytes(of: x.bitPattern.littleEndian) { bytes += $0 }
        withUnsafeBytes(of: y.bitPattern.littleEndian) { bytes += $0 }
    }
}

@Suite("Damaged input fails with a message, never a crash")
struct DamagedInputTests {
    @Test func polygonRingCountBeyondTheBytesIsRefused() {
        var wkb = WKBBuilder()
        wkb.header(3)
        wkb.u32(0xFFFF_FFFF)  // four billion rings in a few bytes
        #expect(throws: WKB.Failure.self) { try WKB.decode(wkb.bytes) }
        do { _ = try WKB.decode(wkb.bytes) } catch { #expect("\(error)".contains("4294967295 rings")) }
    }

    @Test func deeplyNestedCollectionsAreRefused() {
        var wkb = WKBBuilder()
        for _ in 0..<20_000 { wkb.header(7); wkb.u32(1) }
        wkb.header(1)
        wkb.point(38, 36)
        do {
            _ = try WKB.decode(wkb.bytes)
            Issue.record("20,000 nested collections were accepted")
        } catch { #expect("\(error)".contains("nested more than 64 deep")) }
        // A few levels are fine.
        var shallow = WKBBuilder()
        for _ in 0..<3 { shallow.header(7); shallow.u32(1) }
        shallow.header(1)
        shallow.point(38, 36)
        #expect((try? WKB.decode(shallow.bytes)) != nil)
    }

    @Test func multiPointOfLineStringsIsRefused() {
        var wkb = WKBBuilder()
        wkb.header(4)
        wkb.u32(1)
        wkb.header(2)
        wkb.u32(2)
        wkb.point(38, 36)
        wkb.point(39, 37)
        do {
            _ = try WKB.decode(wkb.bytes)
            Issue.record("a MultiPoint of LineStrings became an empty MultiPoint")
        } catch { #expect("\(error)".contains("MultiPoint holds a LineString")) }
    }

    @Test func wkbRoundTrips() throws {
        let polygon = try Polygon(rings: [[Coordinate(longitude: 36, latitude: 35), Coordinate(longitude: 37, latitude: 35),
                                           Coordinate(longitude: 37, latitude: 36), Coordinate(longitude: 36, latitude: 35)]])
        for geometry: Geometry in [.point(Coordinate(longitude: 38, latitude: 36)), .polygon(polygon),
                                   .geometryCollection([.multiPoint([Coordinate(longitude: 1, latitude: 2)])])] {
            #expect(try WKB.decode(WKB.encode(geometry)) == geometry)
        }
    }
}
