import EventMapCore
import Foundation

/// Lines prepared for one question asked of many points: "is this point within `limit` metres,
/// and if so how far exactly?" (`--within 30km --of border:TR-SY` over a million events).
///
/// A grid of cells 0.03° on a side covers the lines' box widened by the limit. Each cell has a
/// radius r, the farthest any of its points can be from its centre, so a point of the cell is at
/// least b − r from an edge whose lower bound from the centre is b (the triangle inequality).
/// Cells whose smallest bound is more than the limit plus r answer "no" without a geodesic; the
/// others keep, nearest first, the edges that can hold the nearest point of any of their points
/// (bound from the centre below u + 2r, u being the centre's exact distance to the edge of least
/// bound), and a point there is settled exactly among those by ``GeodesicPolyline``. The answers
/// are those of ``GeodesicPolyline/nearest(to:upTo:)``.
/// Immutable and `Sendable`: build once, share across threads. Its tables live in memory of its own
/// (freed with it), so that asking it, from every core at once, counts no references.
public final class GeodesicBand: @unchecked Sendable {
    /// The lines measured to.
    public let lines: GeodesicPolyline
    /// The distance asked about, metres.
    public let limit: Double

    /// Cell side, degrees. Smaller cells leave fewer points near the limit to settle exactly but
    /// cost more to build: for the Turkey–Syria border and 30 km, 0.03° halved the build of
    /// 0.02° (0.23 s to 0.12 s for a query of 100 events on the slower 2-core machine) with the
    /// query of a million events no slower; 0.04° made that query slower.
    private static let cellDegrees = 0.03
    /// Cells are computed in blocks of 5 × 5: a block far from the lines is settled by its centre.
    private static let blockCells = 5
    private let minX: Int, minY: Int, width: Int, height: Int
    /// Per cell: a lower bound on the distance of its points, metres (rounded down to Float).
    private let lowerBounds: UnsafeMutableBufferPointer<Float>
    /// Per cell: `starts[c]..<starts[c + 1]` in `candidates` are the edges that may be nearest,
    /// nearest first by `centreBounds`, a lower bound on each edge's distance from the cell's
    /// centre (metres, rounded down to Float): a point of the cell is at least that minus the
    /// cell's radius from the edge, so a search stops at the first edge whose bound minus the
    /// radius reaches the best distance found.
    private let starts: UnsafeMutableBufferPointer<Int32>
    private let candidates: UnsafeMutableBufferPointer<Int32>
    private let centreBounds: UnsafeMutableBufferPointer<Float>
    /// Per row of cells: the radius of its cells, metres (``radius(of:cells:)``).
    private let rowRadii: UnsafeMutableBufferPointer<Double>
    /// Per cell: too many edges may be nearest to list them; its points search the lines' grid.
    private let searchAll: UnsafeMutableBufferPointer<Bool>
    private static let maximumCells = 1_000_000

    /// Prepares `lines` for points within `limit` metres of them. Lines that reach within 5° of a
    /// pole or cross the antimeridian, and limits that would need more than a million cells, get no
    /// grid; their points are answered by the lines alone. A cell whose list of candidate edges would
    /// be longer than `maximumCandidates` keeps none, and its points search the lines' own grid.
    /// The grid is computed on all cores; for the Turkey–Syria border and 30 km it takes a few
    /// hundredths of a second.
    public init(lines: GeodesicPolyline, limit: Double, box: BoundingBox?, maximumCandidates: Int = 96) {
        self.lines = lines
        self.limit = limit
        let marginLatitude = limit / 110_000 + Self.cellDegrees
        guard let box, limit.isFinite, limit >= 0,
            box.maxLongitude - box.minLongitude < 180,
            abs(box.minLatitude) + marginLatitude < 85, abs(box.maxLatitude) + marginLatitude < 85
        else {
            (minX, minY, width, height) = (0, 0, 0, 0)
            (lowerBounds, starts, candidates, centreBounds, searchAll, rowRadii) = (.owned([]), .owned([0]), .owned([]), .owned([]), .owned([]), .owned([]))
            return
        }
        let highest = max(abs(box.minLatitude), abs(box.maxLatitude)) + marginLatitude
        let marginLongitude = limit / (111_000 * cos(highest * .pi / 180)) + Self.cellDegrees
        let block = Self.blockCells
        let x0 = Self.index(box.minLongitude - marginLongitude), y0 = Self.index(box.minLatitude - marginLatitude)
        let blocksWide = (Self.index(box.maxLongitude + marginLongitude) - x0) / block + 1
        let blocksHigh = (Self.index(box.maxLatitude + marginLatitude) - y0) / block + 1
        let (width, height) = (blocksWide * block, blocksHigh * block)
        // A grid for a continent (a limit of hundreds of kilometres) would cost more to build than it saves.
        guard width * height <= Self.maximumCells else {
            (minX, minY, self.width, self.height) = (0, 0, 0, 0)
            (lowerBounds, starts, candidates, centreBounds, searchAll, rowRadii) = (.owned([]), .owned([0]), .owned([]), .owned([]), .owned([]), .owned([]))
            return
        }

        // One row of blocks per task; each task writes only its own rows' cells.
        var rows = [[(cell: Int, lower: Float, candidates: [(index: Int32, bound: Float)])]](repeating: [], count: blocksHigh)
        rows.withUnsafeMutableBufferPointer { buffer in
            let shared = RowBuffer(buffer)
            DispatchQueue.concurrentPerform(iterations: blocksHigh) { by in
                var out: [(cell: Int, lower: Float, candidates: [(index: Int32, bound: Float)])] = []
                for bx in 0..<blocksWide {
                    let blockCentre = Self.centre(x0 + bx * block, y0 + by * block, cells: block)
                    let blockRadius = Self.radius(of: blockCentre, cells: block)
                    let smallest = lines.smallestEdgeBound(near: blockCentre, within: limit + blockRadius + Self.margin)
                    if let lower = Self.farBound(lines, from: blockCentre, radius: blockRadius, limit: limit, smallest: smallest) {
                        for cy in 0..<block {
                            for cx in 0..<block {
                                out.append(((by * block + cy) * width + bx * block + cx, lower, []))
                            }
                        }
                        continue
                    }
                    // The edges any cell of the block can need, listed once (see
                    // `GeodesicPolyline.smallestBoundShare`): each cell then bounds only those
                    // instead of walking the lines' grid twice.
                    let widestCell = (0..<block).map { Self.radius(of: Self.centre(x0 + bx * block, y0 + by * block + $0, cells: 1), cells: 1) }.max()!
                    let reach = (limit + widestCell + Self.margin + 1 + blockRadius) / GeodesicPolyline.smallestBoundShare + 1
                    let nearBlock = lines.edges(near: blockCentre, within: reach)
                    for cy in 0..<block {
                        for cx in 0..<block {
                            let centre = Self.centre(x0 + bx * block + cx, y0 + by * block + cy, cells: 1)
                            let r = Self.radius(of: centre, cells: 1)
                            let cell = (by * block + cy) * width + bx * block + cx
                            let near = lines.edgeBounds(near: centre, below: limit + r + Self.margin, among: nearBlock)
                            let smallest = near.min { $0.bound < $1.bound }
                            if let lower = Self.farBound(lines, from: centre, radius: r, limit: limit, smallest: smallest) {
                                out.append((cell, lower, []))
                                continue
                            }
                            // An upper bound on the centre's distance to the lines: its exact
                            // distance to the edge of least bound. For a point of the cell, the
                            // nearest edge is at most that plus r away, so its bound from the centre
                            // is below that plus 2r: only those edges are candidates, nearest first.
                            let upper = smallest.map { lines.distance(toEdge: $0.index, from: centre) } ?? .infinity
                            let kept = Self.nearestFirst(near, below: min(upper + 2 * r, limit + r))
                            let lower = lines.hasLonePoints ? 0 : Float(roundingDown: (smallest?.bound ?? .infinity) - r)
                            // An empty list with a bound at or below the limit means "search them all".
                            out.append((cell, min(lower, Float(roundingDown: limit)), kept.count <= maximumCandidates ? kept : []))
                        }
                    }
                }
                shared.buffer[by] = out
            }
        }
        var lowerBounds = [Float](repeating: 0, count: width * height)
        var searchAll = [Bool](repeating: false, count: width * height)
        var counts = [Int32](repeating: 0, count: width * height + 1)
        for row in rows {
            for entry in row {
                lowerBounds[entry.cell] = entry.lower
                counts[entry.cell + 1] = Int32(entry.candidates.count)
                searchAll[entry.cell] = entry.candidates.isEmpty && Double(entry.lower) <= limit
            }
        }
        for c in 0..<(width * height) { counts[c + 1] += counts[c] }
        var candidates = [Int32](repeating: 0, count: Int(counts[width * height]))
        var centreBounds = [Float](repeating: 0, count: candidates.count)
        for row in rows {
            for entry in row where !entry.candidates.isEmpty {
                let start = Int(counts[entry.cell])
                for (k, candidate) in entry.candidates.enumerated() {
                    candidates[start + k] = candidate.index
                    centreBounds[start + k] = candidate.bound
                }
            }
        }
        (self.minX, self.minY, self.width, self.height) = (x0, y0, width, height)
        (self.lowerBounds, self.starts, self.candidates) = (.owned(lowerBounds), .owned(counts), .owned(candidates))
        (self.centreBounds, self.searchAll) = (.owned(centreBounds), .owned(searchAll))
        rowRadii = .owned((0..<height).map { Self.radius(of: Self.centre(x0, y0 + $0, cells: 1), cells: 1) })
    }

    deinit {
        lowerBounds.deallocate()
        starts.deallocate()
        candidates.deallocate()
        centreBounds.deallocate()
        rowRadii.deallocate()
        searchAll.deallocate()
    }

    /// The exact nearest point of the lines to `point` when it is at most `limit` metres away, else nil.
    /// - Throws: ``GeometryError/invalidInput(_:)`` for an invalid point.
    public func nearest(to point: Coordinate) throws(GeometryError) -> NearestPoint? {
        switch try cell(of: point) {
        case .beyond: return nil
        case .unsettled: return try lines.nearest(to: point, upTo: limit)
        case let .candidates(range, row):
            return lines.nearest(
                to: point, upTo: limit, among: UnsafeBufferPointer(rebasing: candidates[range]),
                centreBounds: UnsafeBufferPointer(rebasing: centreBounds[range]), radius: rowRadii[row])
        }
    }

    /// The exact distance in metres from the lines to `point` when at most `limit` metres, else nil
    /// (``nearest(to:)`` without locating the nearest point).
    /// - Throws: ``GeometryError/invalidInput(_:)`` for an invalid point.
    public func distance(to point: Coordinate) throws(GeometryError) -> Double? {
        switch try cell(of: point) {
        case .beyond: return nil
        case .unsettled: return try lines.distance(to: point, upTo: limit)
        case let .candidates(range, row):
            return lines.distance(
                to: point, upTo: limit, among: UnsafeBufferPointer(rebasing: candidates[range]),
                centreBounds: UnsafeBufferPointer(rebasing: centreBounds[range]), radius: rowRadii[row])
        }
    }

    /// What the band knows of a point's cell.
    private enum CellAnswer {
        /// Every point of the cell is beyond the limit.
        case beyond
        /// Outside the band, or a cell whose candidates were not listed: search every edge.
        case unsettled
        /// The cell's candidate edges (a range of ``candidates``) and its row.
        case candidates(Range<Int>, row: Int)
    }

    private func cell(of point: Coordinate) throws(GeometryError) -> CellAnswer {
        try Geodesic.check(point)
        let x = Self.index(point.longitude) - minX, y = Self.index(point.latitude) - minY
        guard x >= 0, x < width, y >= 0, y < height else { return .unsettled }
        let cell = y * width + x
        if Double(lowerBounds[cell]) > limit { return .beyond }
        if searchAll[cell] { return .unsettled }
        return .candidates(Int(starts[cell])..<Int(starts[cell + 1]), row: y)
    }

    /// Metres added to the limit when asking which edges are near, so that a bound of exactly
    /// the limit plus the radius still counts as beyond it.
    private static let margin = 1.0

    /// A lower bound (metres, as Float) on the distance from every point within `radius` metres
    /// of `centre` to the lines, when that is more than `limit`; nil when some point may be within
    /// it. From `smallest`, the least of the edges' spherical bounds within the limit plus the
    /// radius and ``margin`` (``GeodesicPolyline/smallestEdgeBound(near:within:)``), without a
    /// geodesic; lines with lone points are measured exactly.
    private static func farBound(
        _ lines: GeodesicPolyline, from centre: Coordinate, radius: Double, limit: Double, smallest: (index: Int32, bound: Double)?
    ) -> Float? {
        let reach = limit + radius + margin
        let nearest = lines.hasLonePoints ? lines.nearestDistance(to: centre, upTo: reach) : smallest?.bound ?? reach
        return nearest - radius > limit ? Float(roundingDown: nearest - radius) : nil
    }

    /// The edges whose bound is below `metres`, nearest first, with the bound rounded down to a
    /// Float (and to no less than 0, which bounds any distance). Each is one integer for the sort:
    /// the bound's bits above the index (a non-negative Float's bits order as the Float does).
    private static func nearestFirst(_ edges: [(index: Int32, bound: Double)], below metres: Double) -> [(index: Int32, bound: Float)] {
        var keys: [UInt64] = []
        keys.reserveCapacity(edges.count)
        for edge in edges where edge.bound < metres {
            keys.append(UInt64(Float(roundingDown: max(0, edge.bound)).bitPattern) << 32 | UInt64(UInt32(bitPattern: edge.index)))
        }
        keys.sort()
        return keys.map { (Int32(bitPattern: UInt32(truncatingIfNeeded: $0)), Float(bitPattern: UInt32($0 >> 32))) }
    }

    // MARK: Cells

    private static func index(_ degrees: Double) -> Int { Int((degrees / cellDegrees).rounded(.down)) }

    /// The centre of the square of `cells` × `cells` cells whose lower-left cell is (x, y).
    private static func centre(_ x: Int, _ y: Int, cells: Int) -> Coordinate {
        let half = Double(cells) * cellDegrees / 2
        return Coordinate(longitude: Double(x) * cellDegrees + half, latitude: Double(y) * cellDegrees + half)
    }

    /// Metres that no point of the square of `cells` × `cells` cells centred on `centre` is
    /// farther from it. From the centre to a point, go along the meridian to the point's latitude
    /// (a degree of latitude is at most 111,694 m), then along its parallel (a degree of longitude
    /// is a·cos φ / √(1 − e² sin² φ) · π/180, longest at the square's latitude nearest the equator):
    /// that path is no shorter than the geodesic.
    private static func radius(of centre: Coordinate, cells: Int) -> Double {
        let half = Double(cells) * cellDegrees / 2
        let lowest = max(0, abs(centre.latitude) - half) * .pi / 180
        let s = sin(lowest)
        let degreeOfLongitude = Geodesic.equatorialRadius * cos(lowest) / (1 - 0.006_694_379_990_14 * s * s).squareRoot() * .pi / 180
        return 1.001 * half * (111_694 + degreeOfLongitude) + 0.01
    }

    /// Lets the tasks write disjoint rows of one buffer.
    private struct RowBuffer: @unchecked Sendable {
        let buffer: UnsafeMutableBufferPointer<[(cell: Int, lower: Float, candidates: [(index: Int32, bound: Float)])]>
        init(_ buffer: UnsafeMutableBufferPointer<[(cell: Int, lower: Float, candidates: [(index: Int32, bound: Float)])]>) { self.buffer = buffer }
    }
}

extension GeodesicPolyline {
    /// The exact distance from `point` when at most `limit` metres, else infinity.
    fileprivate func nearestDistance(to point: Coordinate, upTo limit: Double) -> Double {
        ((try? nearest(to: point, upTo: limit)) ?? nil)?.distance ?? .infinity
    }
}

extension Float {
    /// The largest Float not above `value`: a bound in metres kept as a Float stays a bound.
    init(roundingDown value: Double) {
        let f = Float(value)
        self = Double(f) > value ? f.nextDown : f
    }
}
