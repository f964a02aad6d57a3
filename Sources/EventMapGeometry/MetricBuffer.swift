import EventMapCore

/// Buffers in metres around longitude/latitude geometry, through a local azimuthal equidistant
/// projection (PROJ) and GEOS.
///
/// The projection is centred on the geometry's bounding box. Distances from the centre are true;
/// across the azimuth the scale grows as 1 + ρ²/(6R²), so a 30 km buffer of a line 250 km from the
/// centre is off by under 10 m. Callers that need the exact geodesic answer settle the edge band
/// with ``GeodesicPolyline``.
public enum MetricBuffer {
    /// The area within `metres` of `geometry` (longitude/latitude in, longitude/latitude out).
    /// - Parameters:
    ///   - quadrantSegments: segments per quarter circle (16 keeps the chord error of a 30 km
    ///     buffer under 150 m; 64 under 10 m).
    public static func buffer(
        _ geometry: Geometry, metres: Double, quadrantSegments: Int = 64,
        context: GEOSContext
    ) throws(GeometryError) -> Geometry {
        guard let box = geometry.boundingBox else { return geometry }
        let crs = MetricCRS(kind: .azimuthalEquidistant(center: box.center))
        let transformer = try CoordinateTransformer(from: "EPSG:4326", to: crs.definition)
        let projected = try project(geometry, transformer, inverse: false)
        let buffered = try NativeGeometry(projected, context: context)
            .buffer(metres, style: BufferStyle(quadrantSegments: quadrantSegments))
            .geometry()
        return try project(buffered, transformer, inverse: true)
    }

    static func project(_ geometry: Geometry, _ transformer: CoordinateTransformer, inverse: Bool) throws(GeometryError) -> Geometry {
        do {
            return try geometry.mapCoordinates { c in try transformer.transform(c, inverse: inverse) }
        } catch let error as GeometryError {
            throw error
        } catch {
            throw .unsupportedGeometry("\(error)")
        }
    }
}
