import EventMapCore
import Foundation

/// Lines prepared for exact geodesic distance queries: "how far is this point from the border?"
///
/// Edges are geodesics between consecutive vertices on WGS84. A query computes a cheap,
/// provably low bound for every edge on a sphere, then settles only the edges whose bound
/// does not exceed the best exact distance found, with ``Geodesic`` (Karney). The answer
/// is therefore the exact minimum over all edges, not a planar or spherical approximation.
/// Immutable and `Sendable`: share one across tasks. A class, so that a query holding it costs
/// one reference count rather than one per array.
public final class GeodesicPolyline: @unchecked Sendable {
    /// One edge with what the spherical bound needs.
    private struct Edge: Sendable {
        /// Unit vectors of the ends on the sphere.
        var a: SIMD3<Double>
        var b: SIMD3<Double>
        /// Unit normal of the great circle through a and b (zero for a degenerate edge).
        var normal: SIMD3<Double>
        /// Central angle of the edge, radians.
        var arc: Double
        /// +1 when both ends are north of the equator, -1 when both are south, 0 otherwise.
        var hemisphere: Int8
        /// The meridional radius of curvature at the end nearer the equator, metres.
        var lowestCurvature: Double
        /// Unit tangent of the great circle at a, pointing toward b (zero for a degenerate edge).
        var tangent: SIMD3<Double>
        /// Azimuth of the ellipsoidal geodesic where it arrives at the end, degrees.
        var endAzimuth: Double
        /// Which vertices the ends are, counted over all paths: adjacent edges share one.
        var startVertex: Int32
        var endVertex: Int32
    }

    /// The edges, in memory of this object's own (freed with it) so that a query reads one without
    /// reference counting the array. Never written after `init`.
    private let edges: UnsafeMutableBufferPointer<Edge>
    /// Each edge's ellipsoidal geodesic, solved once; it holds the end coordinates.
    /// Retained once here and released in `deinit`, in memory of this object's own, so that a
    /// query reads one without counting references.
    private let lineReferences: UnsafeMutableBufferPointer<Unmanaged<Geodesic.SegmentLine>>
    /// Lone points (a Point or MultiPoint in the source geometry).
    private let points: [Coordinate]
    /// The lone points' positions in ``points``, by latitude, and those latitudes (degrees): a
    /// query measures only the points a latitude window can hold (see `measureLonePoints`).
    private let pointOrder: [Int32]
    private let pointLatitudes: [Double]
    /// Edges by grid cell, for lines of more than a few dozen edges.
    private let grid: EdgeGrid?

    /// Prepares paths given as vertex lists (each needs two or more vertices to make edges;
    /// a single vertex counts as a point).
    /// - Throws: ``GeometryError/invalidInput(_:)`` for NaN or out-of-range vertices.
    public init(paths: [[Coordinate]]) throws(GeometryError) {
        var edges: [Edge] = []
        var lines: [Geodesic.SegmentLine] = []
        var points: [Coordinate] = []
        var firstVertex = 0
        for path in paths {
            for c in path { try Geodesic.check(c) }
            if path.count == 1 { points.append(path[0]) }
            for index in path.indices.dropFirst() {
                let a = Self.unit(path[index - 1]), b = Self.unit(path[index])
                let cross = Self.cross(a, b)
                let length = (cross * cross).sum().squareRoot()
                let (start, end) = (path[index - 1], path[index])
                let normal = length > 1e-15 ? cross / length : .zero
                let line = Geodesic.SegmentLine(start, end)
                edges.append(
                    Edge(
                        a: a, b: b,
                        normal: normal,
                        arc: atan2(length, (a * b).sum()),
                        hemisphere: Self.hemisphere(start.latitude, end.latitude),
                        lowestCurvature: Self.meridionalCurvature(min(abs(start.latitude), abs(end.latitude))),
                        tangent: Self.cross(normal, a),
                        endAzimuth: line.position(line.length).azimuth,
                        startVertex: Int32(firstVertex + index - 1), endVertex: Int32(firstVertex + index)))
                lines.append(line)
            }
            firstVertex += path.count
        }
        self.edges = .owned(edges)
        lineReferences = .owned(lines.map { Unmanaged.passRetained($0) })
        self.points = points
        pointOrder = points.indices.sorted { points[$0].latitude < points[$1].latitude }.map(Int32.init)
        pointLatitudes = pointOrder.map { points[Int($0)].latitude }
        grid = edges.count > 32 ? EdgeGrid(edges: lines.map { ($0.start, $0.end) }) : nil
    }

    deinit {
        edges.deallocate()
        for line in lineReferences { line.release() }
        lineReferences.deallocate()
    }

    /// Prepares the linework of a geometry: lines as they are, polygons by their rings
    /// (the distance to a polygon's boundary; use GEOS to tell inside from outside), points as points.
    public convenience init(_ geometry: Geometry) throws(GeometryError) {
        var paths: [[Coordinate]] = []
        func collect(_ g: Geometry) {
            switch g {
            case let .point(c): paths.append([c])
            case let .multiPoint(cs): paths.append(contentsOf: cs.map { [$0] })
            case let .lineString(line): paths.append(line.coordinates)
            case let .multiLineString(lines): paths.append(contentsOf: lines.map(\.coordinates))
            case let .polygon(polygon): paths.append(contentsOf: polygon.rings)
            case let .multiPolygon(polygons): paths.append(contentsOf: polygons.flatMap(\.rings))
            case let .geometryCollection(members): members.forEach(collect)
            }
        }
        collect(geometry)
        try self.init(paths: paths)
    }

    /// The number of edges.
    public var edgeCount: Int { edges.count }

    /// The geodesic length of all edges, metres.
    public var length: Double {
        lineReferences.reduce(0) { $0 + $1.takeUnretainedValue().length }
    }

    /// The exact nearest point of the lines to `point`, or nil when there are no lines or points.
    /// - Returns: distance in metres, the nearest coordinate and which edge holds it.
    /// - Throws: ``GeometryError/invalidInput(_:)`` for an invalid query point.
    public func nearest(to point: Coordinate) throws(GeometryError) -> NearestPoint? {
        try nearest(to: point, upTo: .infinity)
    }

    /// The exact nearest point when it is at most `limit` metres away, else nil: far points are
    /// settled by the grid alone, without computing a geodesic.
    public func nearest(to point: Coordinate, upTo limit: Double) throws(GeometryError) -> NearestPoint? {
        try Geodesic.check(point)
        return searchAll(point, upTo: limit).finish()
    }

    /// The exact distance in metres when at most `limit` metres, else nil (the nearest point
    /// itself is not located).
    func distance(to point: Coordinate, upTo limit: Double) throws(GeometryError) -> Double? {
        try Geodesic.check(point)
        return searchAll(point, upTo: limit).finishDistance()
    }

    /// A search of every edge the grid cannot rule out.
    private func searchAll(_ point: Coordinate, upTo limit: Double) -> Search {
        var search = Search(self, point, limit: limit)
        search.measureLonePoints()
        guard let grid else {
            for index in edges.indices { search.consider(Int32(index)) }
            search.settle()
            return search
        }
        // Rings of grid cells around the point: after ring k, every edge not yet seen is at
        // least `reach(k)` metres away, so the search stops once that passes the best or the limit.
        // An edge filed in several cells may come up more than once: examining it again is harmless.
        let (cx, cy) = grid.cell(point)
        for k in 0...grid.maxRing(from: cx, cy) {
            grid.forEachEdge(ring: k, around: cx, cy) { search.consider($0) }
            search.settle()
            if grid.reach(ring: k, latitude: point.latitude) >= search.reach { break }
        }
        return search
    }

    /// The exact nearest point when it is at most `limit` metres away, among the lone points and
    /// the edges listed in `candidates`, which the caller knows to hold the nearest, with
    /// `centreBounds`, lower bounds in ascending order on their distances from a point within
    /// `radius` metres of `point`: an edge whose bound minus the radius is no less than the best
    /// distance found is not looked at, nor is any after it.
    func nearest(
        to point: Coordinate, upTo limit: Double, among candidates: UnsafeBufferPointer<Int32>, centreBounds: UnsafeBufferPointer<Float>, radius: Double
    ) -> NearestPoint? {
        search(point, upTo: limit, among: candidates, centreBounds: centreBounds, radius: radius).finish()
    }

    /// The exact distance in metres of ``nearest(to:upTo:among:centreBounds:radius:)``, without
    /// locating the nearest point.
    func distance(
        to point: Coordinate, upTo limit: Double, among candidates: UnsafeBufferPointer<Int32>, centreBounds: UnsafeBufferPointer<Float>, radius: Double
    ) -> Double? {
        search(point, upTo: limit, among: candidates, centreBounds: centreBounds, radius: radius).finishDistance()
    }

    private func search(
        _ point: Coordinate, upTo limit: Double, among candidates: UnsafeBufferPointer<Int32>, centreBounds: UnsafeBufferPointer<Float>, radius: Double
    ) -> Search {
        var search = Search(self, point, limit: limit)
        search.measureLonePoints()
        var bounds = centreBounds.makeIterator()
        for index in candidates {
            if Double(bounds.next()!) - radius >= search.reach { break }
            search.settleNow(index)
        }
        return search
    }

    /// Whether the lines include lone points (which ``edgeBounds(near:within:)`` leaves out).
    var hasLonePoints: Bool { !points.isEmpty }

    /// The coordinate of a foot not yet located: NaN, never returned (see `Search.finish`).
    private static let unlocated = Coordinate(longitude: .nan, latitude: .nan)

    /// The exact distance in metres from `point` to edge `index` alone.
    func distance(toEdge index: Int32, from point: Coordinate) -> Double {
        var memo = VertexMemo()
        return nearest(on: Int(index), to: point, Self.unit(point), &memo).distance
    }

    /// The edge of smallest lower bound on its distance from `point`, with that bound, when below
    /// `metres` (else nil): no edge is nearer than the bound. (Its ring walk is written out here
    /// and in ``edgeBounds(near:within:)``: one helper taking closures made the 200,000-row border
    /// query 4.5% more instructions, measured with callgrind.)
    func smallestEdgeBound(near point: Coordinate, within metres: Double) -> (index: Int32, bound: Double)? {
        let p = Self.unit(point), query = QueryPoint(point)
        var smallest = metres, which: Int32 = -1
        func take(_ index: Int32) {
            let edge = edges.baseAddress! + Int(index)
            guard Self.quickLowerBound(p, edge) < smallest else { return }
            let bound = Self.lowerBound(p, query, edge)
            if bound < smallest { (smallest, which) = (bound, index) }
        }
        if let grid {
            let (cx, cy) = grid.cell(point)
            for k in 0...grid.maxRing(from: cx, cy) {
                grid.forEachEdge(ring: k, around: cx, cy, take)
                if grid.reach(ring: k, latitude: point.latitude) >= smallest { break }
            }
        } else {
            for index in edges.indices { take(Int32(index)) }
        }
        return which >= 0 ? (which, smallest) : nil
    }

    /// The edges whose lower bound from `point` is below `metres`, each listed once, in index order:
    /// every edge that comes within `metres` of the point is among them.
    func edges(near point: Coordinate, within metres: Double) -> [Int32] {
        let p = Self.unit(point), query = QueryPoint(point)
        var found: [Int32] = []
        found.reserveCapacity(256)
        func take(_ index: Int32) {
            let edge = edges.baseAddress! + Int(index)
            guard Self.quickLowerBound(p, edge) < metres, Self.lowerBound(p, query, edge) < metres else { return }
            found.append(index)
        }
        if let grid {
            let (cx, cy) = grid.cell(point)
            for k in 0...grid.maxRing(from: cx, cy) {
                grid.forEachEdge(ring: k, around: cx, cy, take)
                if grid.reach(ring: k, latitude: point.latitude) >= metres { break }
            }
        } else {
            for index in edges.indices { take(Int32(index)) }
        }
        // An edge filed in several grid cells comes up once per cell: sorted, the copies are neighbours.
        found.sort()
        var unique: [Int32] = []
        unique.reserveCapacity(found.count)
        for index in found where unique.last != index { unique.append(index) }
        return unique
    }

    /// The edges of `subset` whose lower bound from `point` is below `metres`, with that bound
    /// (metres), in the subset's order.
    func edgeBounds(near point: Coordinate, below metres: Double, among subset: [Int32]) -> [(index: Int32, bound: Double)] {
        let p = Self.unit(point), query = QueryPoint(point)
        var found: [(index: Int32, bound: Double)] = []
        found.reserveCapacity(subset.count)
        for index in subset {
            let edge = edges.baseAddress! + Int(index)
            guard Self.quickLowerBound(p, edge) < metres else { continue }
            let bound = Self.lowerBound(p, query, edge)
            if bound < metres { found.append((index, bound)) }
        }
        return found
    }

    /// The share by which ``lowerBound(_:_:_:)`` can be below the spherical length it scales: its
    /// smallest, a(1 − e²)/R × 0.9999 ≈ 0.99432, rounded down. An edge whose bound from a point q
    /// is below W has a bound below (W + 1)/share + d from any point d metres from q (the spherical
    /// angle obeys the triangle inequality, and d metres on the ellipsoid are at most d/share on
    /// the sphere): what lets a block of cells list its edges once for all its cells.
    static let smallestBoundShare = 0.994

    /// One nearest-point query: edges are offered with `consider`, which keeps those whose lower
    /// bound is below the best distance so far (and the limit), and `settle` measures them exactly,
    /// nearest bound first, until the next bound is no better than the best.
    private struct Search {
        /// Not retained: a search lives only inside a call on these lines.
        unowned(unsafe) let lines: GeodesicPolyline
        let point: Coordinate
        let p: SIMD3<Double>
        let query: QueryPoint
        let limit: Double
        var best: NearestPoint?
        var memo = VertexMemo()
        var pending: [(index: Int32, bound: Double)] = []
        /// The vertices of the edges settled last: each is no nearer than the best distance.
        var settled = SettledEnds()

        init(_ lines: GeodesicPolyline, _ point: Coordinate, limit: Double) {
            self.lines = lines
            self.point = point
            self.limit = limit
            p = GeodesicPolyline.unit(point)
            query = QueryPoint(point)
        }

        /// What no edge left to settle can beat: the best distance so far, or the limit.
        var reach: Double { min(best?.distance ?? .infinity, limit) }

        /// Measures the lone points that can be nearer than the reach, walking out from the query's
        /// latitude in both directions: a geodesic between latitudes Δφ degrees apart is at least
        /// Δφ × 110,574 m (a meridian degree's shortest length, at the equator), so a walk stops once
        /// the next point's latitude difference alone exceeds the reach; longitude is bounded the
        /// same way as ``ReferenceDistance`` bounds boxes. Thousands of reference points then cost
        /// a handful of geodesics per query instead of one each.
        mutating func measureLonePoints() {
            let latitudes = lines.pointLatitudes
            guard !latitudes.isEmpty else { return }
            var low = 0, high = latitudes.count
            while low < high {
                let mid = (low + high) / 2
                if latitudes[mid] < point.latitude { low = mid + 1 } else { high = mid }
            }
            var up = low, down = low - 1
            while up < latitudes.count || down >= 0 {
                let upGap = up < latitudes.count ? latitudes[up] - point.latitude : .infinity
                let downGap = down >= 0 ? point.latitude - latitudes[down] : .infinity
                let gap = min(upGap, downGap)
                let window = reach.isFinite ? reach / 110_000 + 1e-9 : .infinity
                if gap > window { break }
                let position: Int
                if upGap <= downGap { position = up; up += 1 } else { position = down; down -= 1 }
                let index = Int(lines.pointOrder[position])
                let lone = lines.points[index]
                if reach.isFinite {
                    let farthest = min(89.9, max(abs(point.latitude), abs(lone.latitude)) + window)
                    let lonWindow = reach / (111_000 * cos(farthest * .pi / 180)) + 1e-9
                    var dLon = abs(lone.longitude - point.longitude)
                    if dLon > 180 { dLon = 360 - dLon }
                    if dLon > lonWindow { continue }
                }
                let d = Geodesic.uncheckedInverse(point, lone).distance
                if d < best?.distance ?? .infinity {
                    best = NearestPoint(distance: d, coordinate: lone, segmentIndex: -1 - index, fraction: 0)
                }
            }
        }

        mutating func consider(_ index: Int32) {
            // Edges already beyond reach are dropped before sorting: for most points that is all of them.
            let edge = lines.edges.baseAddress! + Int(index), reach = self.reach
            guard GeodesicPolyline.quickLowerBound(p, edge) < reach else { return }
            let bound = GeodesicPolyline.lowerBound(p, query, edge)
            if bound < reach { pending.append((index, bound)) }
        }

        mutating func settle() {
            if pending.count > 1 { pending.sort { $0.bound < $1.bound } }
            for (index, bound) in pending {
                if bound >= reach { break }
                measure(index)
            }
            pending.removeAll(keepingCapacity: true)
        }

        /// Measures edge `index` at once when its bound is below the reach: for edges offered
        /// nearly in order already (a band cell's list), without keeping them to sort.
        mutating func settleNow(_ index: Int32) {
            let edge = lines.edges.baseAddress! + Int(index), reach = self.reach
            guard GeodesicPolyline.quickLowerBound(p, edge) < reach, GeodesicPolyline.lowerBound(p, query, edge) < reach else { return }
            measure(index)
        }

        private mutating func measure(_ index: Int32) {
            // An edge whose nearest point is a vertex of an edge already settled cannot beat
            // that edge's answer (the vertex is one of its points): the edge next to the
            // nearest one, which the bound's slack lets through, costs no geodesic.
            if let vertex = lines.nearestVertex(of: index, to: p), settled.holds(vertex) { return }
            let candidate = lines.nearest(on: Int(index), to: point, p, &memo)
            if candidate.distance < best?.distance ?? .infinity { best = candidate }
            settled.add(lines.edges.baseAddress! + Int(index))
        }

        /// The best point when within the limit, located on its edge if the search left it at
        /// a foot it measured without going there.
        func finish() -> NearestPoint? {
            guard var best, best.distance <= limit else { return nil }
            if best.coordinate.latitude.isNaN {
                let line = lines.lineReferences[best.segmentIndex].takeUnretainedValue()
                best.coordinate = line.position(best.fraction * line.length).coordinate
            }
            return best
        }

        /// The best distance when within the limit.
        func finishDistance() -> Double? {
            best.flatMap { $0.distance <= limit ? $0.distance : nil }
        }
    }

    /// The ends of the last two edges a search settled (kept in place, not in an array: a search
    /// is one per query point). Forgetting older ones costs only a geodesic that could have been
    /// skipped.
    private struct SettledEnds {
        var last = (Int32(-1), Int32(-1)), before = (Int32(-1), Int32(-1))

        func holds(_ vertex: Int32) -> Bool {
            vertex == last.0 || vertex == last.1 || vertex == before.0 || vertex == before.1
        }

        mutating func add(_ edge: UnsafePointer<Edge>) {
            before = last
            last = (edge.pointee.startVertex, edge.pointee.endVertex)
        }
    }

    /// The exact geodesic distance from `point` to the nearest edge or point, metres
    /// (infinity when there is nothing to measure to).
    public func distance(from point: Coordinate) throws(GeometryError) -> Double {
        try nearest(to: point)?.distance ?? .infinity
    }

    // MARK: Settling one edge

    /// The last two vertices measured in one query, with their distance (metres) and the azimuth
    /// from the vertex to the query point (degrees): edges that meet at a vertex both need it.
    private struct VertexMemo {
        var recent: (id: Int32, distance: Double, azimuth: Double) = (-1, 0, 0)
        var earlier: (id: Int32, distance: Double, azimuth: Double) = (-1, 0, 0)

        mutating func measure(_ id: Int32, _ vertex: Coordinate, to point: Coordinate) -> (distance: Double, azimuth: Double) {
            if recent.id == id { return (recent.distance, recent.azimuth) }
            if earlier.id == id { return (earlier.distance, earlier.azimuth) }
            let answer = Geodesic.uncheckedInverse(vertex, point)
            earlier = recent
            recent = (id, answer.distance, answer.initialAzimuth)
            return (answer.distance, answer.initialAzimuth)
        }
    }

    /// The exact nearest point of edge `index` to `point` (`p` is its unit vector).
    ///
    /// Within a quarter meridian the distance from the point along an edge has one minimum. The
    /// search starts at the foot of the perpendicular on the sphere, clamped to the edge, and
    /// measures there with Karney's inverse solution; when the foot on the ellipsoid is near (the
    /// usual case) the distance across follows from that one measurement
    /// (``footDistance(hypotenuse:along:angle:latitude:)``), and the foot's position is left for
    /// `Search.finish` to work out if the caller wants it. Otherwise the search moves by the
    /// along-track distance seen from where it stands and measures again, until a step is so short
    /// that the distance it could still gain is below 0.1 µm (a step δ from the foot adds δ²/2d).
    /// Standing on an end and told to move off the edge is the exact sign of the distance's
    /// derivative there (the first variation of a geodesic's length), so the end is the nearest
    /// point: one inverse solution, shared by the two edges that meet there.
    private func nearest(on index: Int, to point: Coordinate, _ p: SIMD3<Double>, _ memo: inout VertexMemo) -> NearestPoint {
        // The edge's geodesic is borrowed, not retained (this object holds it): a reference
        // count on an object that every core reads costs more than a short search.
        lineReferences[index]._withUnsafeGuaranteedRef { nearest(on: index, edges.baseAddress! + index, $0, to: point, p, &memo) }
    }

    private func nearest(
        on index: Int, _ edge: UnsafePointer<Edge>, _ line: Geodesic.SegmentLine, to point: Coordinate, _ p: SIMD3<Double>,
        _ memo: inout VertexMemo
    ) -> NearestPoint {
        let atStart = { NearestPoint(distance: $0, coordinate: line.start, segmentIndex: index, fraction: 0) }
        guard edge.pointee.normal != .zero, line.length > 1e-9 else {
            return atStart(memo.measure(edge.pointee.startVertex, line.start, to: point).distance)
        }
        // Far away (a quarter meridian is 10,000 km) the end can be a second minimum: search the
        // way the single-segment function does, which measures both ends.
        let toA = p - edge.pointee.a
        if Self.sphereRadius * (toA * toA).sum().squareRoot() * 1.01 + line.length > 8_000_000 {
            return Geodesic.uncheckedNearest(point, on: line, segmentIndex: index)
        }
        let fraction = atan2((p * edge.pointee.tangent).sum(), (p * edge.pointee.a).sum()) / edge.pointee.arc
        var s = min(max(fraction, 0), 1) * line.length
        var best = NearestPoint(distance: .infinity, coordinate: line.start, segmentIndex: index, fraction: 0)
        for _ in 0..<30 {
            let here: Coordinate, azimuth: Double, toPoint: (distance: Double, azimuth: Double)
            if s == 0 {
                (here, azimuth) = (line.start, line.startAzimuth)
                toPoint = memo.measure(edge.pointee.startVertex, here, to: point)
            } else if s == line.length {
                (here, azimuth) = (line.end, edge.pointee.endAzimuth)
                toPoint = memo.measure(edge.pointee.endVertex, here, to: point)
            } else {
                (here, azimuth) = line.position(s)
                let inverse = Geodesic.uncheckedInverse(here, point)
                toPoint = (inverse.distance, inverse.initialAzimuth)
            }
            if toPoint.distance < best.distance {
                best = NearestPoint(distance: toPoint.distance, coordinate: here, segmentIndex: index, fraction: s / line.length)
            }
            let angle = toPoint.azimuth - azimuth
            let step = Geodesic.alongTrack(distance: toPoint.distance, angle: angle, radius: Self.sphereRadius)
            let next = min(max(s + step, 0), line.length)
            if next > 0, next < line.length, let across = Self.footDistance(hypotenuse: toPoint.distance, along: step, angle: angle, latitude: here.latitude) {
                // Where the foot lies is worked out only if it turns out the nearest (`Search.finish`).
                return NearestPoint(distance: min(across, best.distance), coordinate: Self.unlocated, segmentIndex: index, fraction: next / line.length)
            }
            let moved = abs(next - s)
            if moved < 1e-5 || moved * moved < 2e-7 * best.distance { break }
            s = next
        }
        return best
    }

    /// The distance in metres from the query point to the foot of its perpendicular on an edge,
    /// from one exact measurement taken near the foot: `hypotenuse` metres from a point of the edge,
    /// at `angle` degrees from the edge's direction there, the foot being `along` metres farther on;
    /// nil when the measurement is too far from the foot, or too long, for the formula to hold to
    /// well under a micrometre (the caller then steps to the foot and measures again).
    ///
    /// The measured point, the foot and the query point make a geodesic triangle with a right angle
    /// at the foot (the first variation of a geodesic's length), so the leg across is given by
    /// sin(a/R) = sin(c/R)·sin θ with R the radius of a sphere of the ellipsoid's Gaussian
    /// curvature there, √(MN) = a√(1 − e²)/(1 − e² sin²φ). On a surface of curvature K the legs
    /// and hypotenuse satisfy c² = a² + b² − K a²b²/3 + …, so a curvature off by δK moves the leg
    /// by about δK·a·b²/6: WGS84's curvature changes by less than 3·10⁻⁴ of itself over 100 km, and
    /// the first step from the spherical foot is under 1% of the distance (the sphere's angles
    /// differ from the ellipsoid's by at most e²/(1 − e²) ≈ 0.0067 rad), which keeps the error
    /// below 0.1 µm at 100 km and 3 nm at 30 km.
    static func footDistance(hypotenuse c: Double, along b: Double, angle: Double, latitude: Double) -> Double? {
        guard c <= footFormulaReach, abs(b) <= footFormulaStepShare * c + 1 else { return nil }
        let s = sin(latitude * .pi / 180)
        let radius = semiMajorAxis * (1 - eccentricitySquared).squareRoot() / (1 - eccentricitySquared * s * s)
        return radius * asin(min(1, sin(c / radius) * abs(sin(angle * .pi / 180))))
    }

    /// The longest measurement, metres, from which ``footDistance(hypotenuse:along:angle:latitude:)``
    /// infers the distance across: well beyond any buffer a query asks for, and where the
    /// curvature's change still keeps the formula within 0.1 µm.
    static let footFormulaReach = 100_000.0
    /// The largest step to the foot, as a share of the measured distance (plus one metre), that the
    /// formula accepts: the spherical foot's step is at most 0.0067 of it.
    static let footFormulaStepShare = 0.01

    /// The vertex of edge `index` that is its nearest point to the point whose unit vector is `p`,
    /// when the foot of the perpendicular on the sphere lies so far beyond that end that the
    /// ellipsoid's foot cannot lie between the ends; nil otherwise (or when the point or the edge
    /// is too long for the argument). Beyond the start by an angle x along the great circle, seen
    /// from d away, the edge leaves the direction to the point at 90° + asin(tan x / tan d) or
    /// more; mapping the ellipsoid onto the sphere by latitude and longitude turns angles by at
    /// most e²/(1 − e²) ≈ 0.0067 rad (its two scales differ by that share), and a geodesic of up
    /// to 100 km leaves the great circle's direction by far less, so past a margin of
    /// ``vertexMargin`` the distance grows from the end into the edge on the ellipsoid too; with
    /// one minimum along the edge (within a quarter meridian), the end is the nearest point.
    func nearestVertex(of index: Int32, to p: SIMD3<Double>) -> Int32? {
        let edge = (edges.baseAddress! + Int(index)).pointee
        guard edge.normal != .zero, edge.arc < Self.footFormulaReach / Self.sphereRadius else { return nil }
        let along = atan2((p * edge.tangent).sum(), (p * edge.a).sum())
        if along < 0 {
            let toA = p - edge.a
            let chord = (toA * toA).sum().squareRoot()
            return chord < Self.footFormulaReach / Self.sphereRadius && -along > Self.vertexMargin * chord ? edge.startVertex : nil
        }
        guard along > edge.arc else { return nil }
        let toB = p - edge.b
        let chord = (toB * toB).sum().squareRoot()
        return chord < Self.footFormulaReach / Self.sphereRadius && along - edge.arc > Self.vertexMargin * chord ? edge.endVertex : nil
    }

    /// How far beyond an end, as a share of the distance to it, the spherical foot must lie for
    /// ``nearestVertex(of:to:)`` to name that end: 0.012, against the 0.0067 the ellipsoid's
    /// angles can differ by (0.0044 at the border's 36°N: with 0.003 the 100,000-event exactness
    /// test finds 30 wrong distances, with 0.012 none).
    static let vertexMargin = 0.012

    // MARK: The spherical lower bound

    /// Radius of the sphere used for the bound, metres (the mean Earth radius).
    static let sphereRadius = 6_371_008.8
    /// WGS84 semi-major axis (metres) and first eccentricity squared.
    private static let semiMajorAxis = 6_378_137.0
    private static let eccentricitySquared = 0.006_694_379_990_14
    /// An ellipsoidal geodesic edge strays from the great circle between its ends by much less
    /// than this share of its length (the order of the flattening, 0.34%).
    private static let edgeDeviation = 0.01

    /// What the bound needs to know about the query point's latitude.
    private struct QueryPoint {
        var hemisphere: Int8
        /// Meridional radius of curvature at the point's latitude, metres.
        var curvature: Double

        init(_ point: Coordinate) {
            hemisphere = point.latitude > 0 ? 1 : point.latitude < 0 ? -1 : 0
            curvature = GeodesicPolyline.meridionalCurvature(abs(point.latitude))
        }
    }

    private static func hemisphere(_ lat1: Double, _ lat2: Double) -> Int8 {
        lat1 > 0 && lat2 > 0 ? 1 : lat1 < 0 && lat2 < 0 ? -1 : 0
    }

    /// The meridional radius of curvature M = a(1 - e²) / (1 - e² sin²φ)^(3/2) at `latitude`
    /// degrees, metres. It is the smaller of WGS84's two principal radii and grows toward the poles.
    private static func meridionalCurvature(_ latitude: Double) -> Double {
        let s = sin(latitude * .pi / 180)
        let w = 1 - eccentricitySquared * s * s
        return semiMajorAxis * (1 - eccentricitySquared) / (w * w.squareRoot())
    }

    /// A distance in metres that the exact distance from p to the edge cannot be below.
    ///
    /// With latitude and longitude as coordinates, the ellipsoid's length element at latitude φ
    /// is at least M(φ)/R times the sphere's (its radii are M and N ≥ M, the sphere's both R), and
    /// M grows with |φ|: a path that keeps |φ| ≥ φ₀ is at least M(φ₀)/R times as long on the
    /// ellipsoid as on the sphere. Along a geodesic
    /// that stays in one hemisphere the latitude has no interior minimum (it only peaks, at the
    /// vertex), and the shortest geodesic between two points of one hemisphere stays in it: so
    /// when p and the edge share a hemisphere, no path from p to the edge needs to come nearer the
    /// equator than p or the edge's lower end, and M there gives the share. Otherwise the share
    /// is M at the equator, a(1 - e²)/R = 0.99442.
    private static func lowerBound(_ p: SIMD3<Double>, _ query: QueryPoint, _ edge: UnsafePointer<Edge>) -> Double {
        // Read through the pointer: an edge is over 150 bytes, which a by-value argument copies.
        // The nearer end by chord, which orders like the angle: one arcsine instead of two.
        let toA = p - edge.pointee.a, toB = p - edge.pointee.b
        let chord = min((toA * toA).sum(), (toB * toB).sum()).squareRoot()
        var angle = 2 * asin(min(1, chord / 2))
        if edge.pointee.normal != .zero {
            // The foot of the perpendicular lies between the ends when p is on the inner
            // side of both end meridians of the arc.
            let inside = (cross(edge.pointee.a, p) * edge.pointee.normal).sum() >= 0 && (cross(p, edge.pointee.b) * edge.pointee.normal).sum() >= 0
            if inside { angle = min(angle, asin(min(1, abs((p * edge.pointee.normal).sum())))) }
        }
        let curvature =
            query.hemisphere != 0 && query.hemisphere == edge.pointee.hemisphere
            ? min(query.curvature, edge.pointee.lowestCurvature)
            : semiMajorAxis * (1 - eccentricitySquared)
        // 0.9999 leaves room for rounding in the spherical angle.
        let share = min(1, 0.9999 * curvature / sphereRadius)
        return share * sphereRadius * (angle - edgeDeviation * edge.pointee.arc) - 1
    }

    /// A cruder bound than ``lowerBound(_:_:_:)`` and never above it, from one square root: every
    /// point of the edge is within its arc of its start, and an angle is at least its chord, so the
    /// angle from p to the edge is at least the chord to the start minus the arc; scaled by the
    /// smallest share any bound uses. It lets far edges be passed over without the arcsines.
    @inline(__always) private static func quickLowerBound(_ p: SIMD3<Double>, _ edge: UnsafePointer<Edge>) -> Double {
        let toA = p - edge.pointee.a
        return quickShare * ((toA * toA).sum().squareRoot() - (1 + edgeDeviation) * edge.pointee.arc) - 1
    }

    /// The smallest share of the sphere's length an ellipsoidal one can have, metres per radian:
    /// a(1 − e²) × 0.9999, as ``lowerBound(_:_:_:)`` uses at the equator.
    private static let quickShare = 0.9999 * semiMajorAxis * (1 - eccentricitySquared)

    private static func unit(_ c: Coordinate) -> SIMD3<Double> {
        let lat = c.latitude * .pi / 180, lon = c.longitude * .pi / 180
        return SIMD3(cos(lat) * cos(lon), cos(lat) * sin(lon), sin(lat))
    }

    private static func cross(_ u: SIMD3<Double>, _ v: SIMD3<Double>) -> SIMD3<Double> {
        SIMD3(u.y * v.z - u.z * v.y, u.z * v.x - u.x * v.z, u.x * v.y - u.y * v.x)
    }
}

/// A longitude/latitude grid of edges (cells of 0.1°), with the distances that rings of cells
/// guarantee. An edge is filed under every cell its box touches, widened for the geodesic's bow
/// away from the straight line in degrees.
struct EdgeGrid: Sendable {
    static let cellDegrees = 0.1
    /// Edges per cell, row by row over [minX, maxX] × [minY, maxY]: `starts[c]..<starts[c + 1]` in `items`.
    private let starts: [Int32]
    private let items: [Int32]
    private let minX: Int, maxX: Int, minY: Int, maxY: Int
    private var width: Int { maxX - minX + 1 }

    init(edges: [(Coordinate, Coordinate)]) {
        var minX = Int.max, maxX = Int.min, minY = Int.max, maxY = Int.min
        var filed: [(cell: (Int, Int), edge: Int32)] = []
        for (index, (a, b)) in edges.enumerated() {
            // A geodesic bows away from the straight line in degrees by about L²/458 · tan(latitude)
            // degrees for an edge L degrees long; the widening covers that many times over.
            let span = max(abs(a.longitude - b.longitude), abs(a.latitude - b.latitude))
            let widen = 0.01 + 0.05 * span * span
            let x0 = Self.index(min(a.longitude, b.longitude) - widen), x1 = Self.index(max(a.longitude, b.longitude) + widen)
            let y0 = Self.index(min(a.latitude, b.latitude) - widen), y1 = Self.index(max(a.latitude, b.latitude) + widen)
            minX = Swift.min(minX, x0); maxX = Swift.max(maxX, x1); minY = Swift.min(minY, y0); maxY = Swift.max(maxY, y1)
            for x in x0...x1 {
                for y in y0...y1 { filed.append(((x, y), Int32(index))) }
            }
        }
        self.minX = minX; self.maxX = maxX; self.minY = minY; self.maxY = maxY
        let width = maxX - minX + 1, cellCount = width * (maxY - minY + 1)
        var counts = [Int32](repeating: 0, count: cellCount + 1)
        for entry in filed { counts[(entry.cell.1 - minY) * width + (entry.cell.0 - minX) + 1] += 1 }
        for c in 0..<cellCount { counts[c + 1] += counts[c] }
        var fill = counts
        var items = [Int32](repeating: 0, count: filed.count)
        for entry in filed {
            let c = (entry.cell.1 - minY) * width + (entry.cell.0 - minX)
            items[Int(fill[c])] = entry.edge
            fill[c] += 1
        }
        starts = counts
        self.items = items
    }

    static func index(_ degrees: Double) -> Int { Int((degrees / cellDegrees).rounded(.down)) }

    func cell(_ c: Coordinate) -> (Int, Int) { (Self.index(c.longitude), Self.index(c.latitude)) }

    /// The ring beyond which no cell holds an edge.
    func maxRing(from x: Int, _ y: Int) -> Int {
        max(abs(x - minX), abs(x - maxX), abs(y - minY), abs(y - maxY))
    }

    /// Calls `body` with the edges filed in the cells exactly `ring` cells from (x, y).
    func forEachEdge(ring: Int, around x: Int, _ y: Int, _ body: (Int32) -> Void) {
        func visit(_ cx: Int, _ cy: Int) {
            guard cx >= minX, cx <= maxX, cy >= minY, cy <= maxY else { return }
            let c = (cy - minY) * width + (cx - minX)
            for i in Int(starts[c])..<Int(starts[c + 1]) { body(items[i]) }
        }
        if ring == 0 { visit(x, y); return }
        for cx in (x - ring)...(x + ring) { visit(cx, y - ring); visit(cx, y + ring) }
        for cy in (y - ring + 1)...(y + ring - 1) { visit(x - ring, cy); visit(x + ring, cy) }
    }

    /// Metres that every point of a cell outside ring `ring` is at least from a point in the
    /// centre cell at `latitude`: `ring` whole cells of latitude (a degree of latitude is at least
    /// 110,574 m on WGS84) or of longitude (at least 111,319 m × cos of the highest latitude within
    /// 5°; going farther poleward to save longitude costs at least 5° of latitude).
    func reach(ring: Int, latitude: Double) -> Double {
        let degrees = Double(ring) * Self.cellDegrees
        let highest = min(89.0, abs(latitude) + 5)
        let alongLongitude = min(111_319 * cos(highest * .pi / 180) * degrees, 5 * 110_574)
        return 0.999 * min(110_574 * degrees, alongLongitude)
    }
}

extension UnsafeMutableBufferPointer {
    /// A copy of `values` in memory of its own, for a class to keep and free in its `deinit`.
    static func owned(_ values: [Element]) -> UnsafeMutableBufferPointer<Element> {
        let table = UnsafeMutableBufferPointer<Element>.allocate(capacity: values.count)
        _ = table.initialize(from: values)
        return table
    }
}
