import EventMapCore
import EventMapGeometry

/// A polygon layer events may lie in (`--inside`, `--outside`), with the days it was in force.
public struct AreaLayer: Sendable {
    /// How the user named it: `zone:peace-spring`, a file.
    public var reference: String
    /// Longitude/latitude geometries; only polygons and multipolygons hold area.
    public var geometries: [Geometry]
    /// The first and last day the layer was in force (`valid_from`, `valid_to`); nil when open.
    public var validFrom: EventDate?
    public var validTo: EventDate?

    public init(reference: String, geometries: [Geometry], validFrom: EventDate? = nil, validTo: EventDate? = nil) {
        self.reference = reference
        self.geometries = geometries
        self.validFrom = validFrom
        self.validTo = validTo
    }

    /// A catalogue layer as an area, its `valid_from`/`valid_to` read as dates; nil when it has
    /// no polygon (a line or point layer holds no area).
    public init?(reference: String, geometries: [Geometry], validFrom: String?, validTo: String?) {
        guard geometries.contains(where: { if case .polygon = $0 { true } else if case .multiPolygon = $0 { true } else { false } }) else { return nil }
        self.init(
            reference: reference, geometries: geometries, validFrom: validFrom.flatMap { EventDate(parsing: $0) },
            validTo: validTo.flatMap { EventDate(parsing: $0) })
    }

    /// The days the layer was in force; nil when it has no dates at all.
    public var validity: DayPeriod? {
        guard validFrom != nil || validTo != nil else { return nil }
        return DayPeriod(
            first: validFrom?.period.first ?? DayNumber(year: 1, month: 1, day: 1),
            last: validTo?.period.last ?? DayNumber(year: 9999, month: 12, day: 31))
    }

    /// `zone:peace-spring (2019-10-09 to 2019-10-22)`, for summaries.
    public var summary: String {
        guard validity != nil else { return "\(reference) (no dates)" }
        return "\(reference) (\(validFrom?.description ?? "…") to \(validTo?.description ?? "open"))"
    }
}

/// Tests points against the union of several polygon layers, each polygon prepared on its own
/// (overlapping zones are never fed to GEOS as one invalid collection). A boundary counts as
/// inside. Not `Sendable` (it holds prepared GEOS geometry): build one per task.
public final class AreaTest {
    private struct Piece {
        let box: BoundingBox
        let prepared: PreparedGeometry
        let layer: Int
    }
    private let pieces: [Piece]
    private let layers: [AreaLayer]
    private let context: GEOSContext

    /// Prepares every polygon of `layers`.
    /// - Throws: ``GeometryError`` when GEOS cannot build one.
    public init(layers: [AreaLayer], context: GEOSContext) throws(GeometryError) {
        self.context = context
        self.layers = layers
        var pieces: [Piece] = []
        for (index, layer) in layers.enumerated() {
            for geometry in layer.geometries {
                let polygons: [Polygon]
                switch geometry {
                case let .polygon(p): polygons = [p]
                case let .multiPolygon(ps): polygons = ps
                default: polygons = []
                }
                for polygon in polygons {
                    guard let box = Geometry.polygon(polygon).boundingBox else { continue }
                    pieces.append(Piece(box: box, prepared: try PreparedGeometry(NativeGeometry(.polygon(polygon), context: context)), layer: index))
                }
            }
        }
        self.pieces = pieces
    }

    /// True when some layer's polygon covers `point` and, when `during` is given, that layer was
    /// in force on at least one of those days (a layer without dates always is).
    public func covers(_ point: Coordinate, during: DayPeriod? = nil) throws(GeometryError) -> Bool {
        var native: NativeGeometry?
        for piece in pieces where piece.box.contains(point) {
            if let during, let validity = layers[piece.layer].validity, !validity.overlaps(during) { continue }
            if native == nil { native = try NativeGeometry(.point(point), context: context) }
            if try piece.prepared.covers(native!) { return true }
        }
        return false
    }

    /// True when no layer has any polygon (a line or point layer given to --inside).
    public var isEmpty: Bool { pieces.isEmpty }
}
