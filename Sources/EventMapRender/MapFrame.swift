import EventMapCore
import EventMapGeometry

/// The map's projection and its placement on the page: longitude/latitude → projected metres
/// (PROJ) → pixels (a scale and an offset, y flipped so north is up).
///
/// The projection is an oblique stereographic one centred on the map (`+proj=stere`): conformal,
/// so shapes and angles are kept and the scale at a point is the same in every direction, and
/// true to scale at its centre, where the scale bar is measured.
public struct MapFrame: Sendable {
    /// The projected CRS as PROJ reads it.
    public let projection: String
    /// The centre of the projection, longitude/latitude degrees (rounded to 0.01°).
    public let center: Coordinate
    /// Where the map is drawn on the page, in pixels.
    public let mapRect: Rect
    /// Projected easting and northing (metres) of the map's top-left corner.
    public let originX: Double
    public let originY: Double
    /// Projected metres per pixel (the same across and down).
    public let metresPerPixel: Double

    /// The stereographic CRS centred on `center`.
    static func stereographic(center: Coordinate) -> String {
        "+proj=stere +lat_0=\(center.latitude) +lon_0=\(center.longitude) +k=1 +x_0=0 +y_0=0 +datum=WGS84 +units=m +no_defs +type=crs"
    }

    /// Pixel position of projected metres.
    public func pixel(x: Double, y: Double) -> Point {
        Point(x: mapRect.x + (x - originX) / metresPerPixel, y: mapRect.y + (originY - y) / metresPerPixel)
    }

    /// Projected metres of a pixel position (the inverse of ``pixel(x:y:)``).
    public func metres(_ p: Point) -> (x: Double, y: Double) {
        (originX + (p.x - mapRect.x) * metresPerPixel, originY - (p.y - mapRect.y) * metresPerPixel)
    }
}

/// Projects longitude/latitude to the frame's metres in batches (one PROJ transformer, reused).
final class MapProjector {
    let transformer: CoordinateTransformer

    init(projection: String) throws(RenderError) {
        do { transformer = try CoordinateTransformer(from: "EPSG:4326", to: projection) } catch {
            throw .geometry("cannot set up the map projection: \(error)")
        }
    }

    /// Metres for each coordinate; NaN where PROJ cannot project it (the far side of the globe).
    func project(_ coordinates: [Coordinate]) -> [Coordinate] {
        transformer.transform(coordinates).coordinates
    }

    func inverse(_ metres: [Coordinate]) -> [Coordinate] {
        transformer.transform(metres, inverse: true).coordinates
    }
}
