import EventMapCore
import EventMapGeometry
import EventMapIO
import EventMapQuery
import Foundation
import Testing

/// The 100,000-event comparison with brute force. It computes 79 million exact point-to-edge
/// geodesics, so `make test` runs it from a release build (`swift test -c release`).
@Suite("Exactness against brute force, 100,000 events")
struct ExhaustiveTests {
    @Test func hundredThousandEventsAroundTheBorder() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let features = try GeoJSONReader.features(atPath: root.appendingPathComponent("Gazetteer/features/border-TR-SY.geojson").path)
        guard case let .lineString(line)? = features.first?.geometry else { Issue.record("no border"); return }
        let edges = Array(zip(line.coordinates.dropLast(), line.coordinates.dropFirst()))
        // Seeded events within 80 km of random border vertices, where the 30 km answer changes.
        var rng = SeededGenerator(seed: 100_000)
        var events: [Coordinate] = []
        for _ in 0..<100_000 {
            let anchor = line.coordinates[Int.random(in: 0..<line.coordinates.count, using: &rng)]
            events.append(
                try Geodesic.destination(
                    from: anchor, azimuth: .random(in: 0..<360, using: &rng),
                    distance: .random(in: 0...80_000, using: &rng)
                ).coordinate)
        }
        // Brute force on both cores: the exact distance to every edge, the smallest.
        let truth = UnsafeMutableBufferPointer<Double>.allocate(capacity: events.count)
        defer { truth.deallocate() }
        let shared = SendableBuffer(truth)
        let points = events
        DispatchQueue.concurrentPerform(iterations: 2) { half in
            for i in stride(from: half, to: points.count, by: 2) {
                var best = Double.infinity
                for (a, b) in edges {
                    best = min(best, (try? Geodesic.nearest(to: points[i], onSegmentFrom: a, to: b).distance) ?? .nan)
                }
                shared.buffer[i] = best
            }
        }
        let reference = try ReferenceDistance(reference: [.lineString(line)], context: GEOSContext(), within: 30_000)
        var disagreements = 0, within = 0
        for (i, event) in events.enumerated() {
            let answer = try reference.distanceIfWithin(30_000, of: event)
            let expected = truth[i] <= 30_000
            if (answer != nil) != expected || (answer.map { abs($0 - truth[i]) > 1e-6 } ?? false) { disagreements += 1 }
            if expected { within += 1 }
        }
        #expect(disagreements == 0)
        #expect(within > 20_000)
    }
}

/// Lets the two brute-force workers write disjoint elements of one buffer.
struct SendableBuffer: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<Double>
    init(_ buffer: UnsafeMutableBufferPointer<Double>) { self.buffer = buffer }
}
