import EventMapCore
import Foundation

/// A projected CRS in metres suited to an area: the UTM zone when the area fits one,
/// otherwise an azimuthal equidistant projection centred on it.
public struct MetricCRS: Sendable, Hashable, CustomStringConvertible {
    /// What kind of projection was chosen.
    public enum Kind: Sendable, Hashable {
        /// UTM zone 1...60 on WGS84, north or south.
        case utm(zone: Int, north: Bool)
        /// Azimuthal equidistant on WGS84, centred at the coordinate: distances from the
        /// centre are true, and scale error grows slowly away from it.
        case azimuthalEquidistant(center: Coordinate)
    }

    public let kind: Kind

    /// A metric CRS of the given kind.
    public init(kind: Kind) { self.kind = kind }

    /// The CRS as PROJ accepts it: `EPSG:32637` or a `+proj=aeqd` string.
    public var definition: String {
        switch kind {
        case let .utm(zone, north): "EPSG:\(north ? 32600 + zone : 32700 + zone)"
        case let .azimuthalEquidistant(c):
            "+proj=aeqd +lat_0=\(c.latitude) +lon_0=\(c.longitude) +datum=WGS84 +units=m +no_defs +type=crs"
        }
    }

    public var description: String { definition }

    /// Chooses a metric CRS for a longitude/latitude box.
    ///
    /// UTM when the box lies within its centre's zone widened by 1.5 degrees on each side
    /// (scale error under 0.1% there) and between 80°S and 84°N without crossing the equator;
    /// otherwise an azimuthal equidistant projection centred on the box.
    public static func local(to box: BoundingBox) -> MetricCRS {
        let center = box.center
        let zone = min(60, max(1, Int(((center.longitude + 180) / 6).rounded(.down)) + 1))
        let zoneWest = Double(zone - 1) * 6 - 180
        let fitsZone = box.minLongitude >= zoneWest - 1.5 && box.maxLongitude <= zoneWest + 6 + 1.5
        let oneHemisphere = box.minLatitude >= 0 || box.maxLatitude <= 0
        let inUTMRange = box.minLatitude >= -80 && box.maxLatitude <= 84
        if fitsZone && oneHemisphere && inUTMRange {
            return MetricCRS(kind: .utm(zone: zone, north: center.latitude >= 0))
        }
        return MetricCRS(kind: .azimuthalEquidistant(center: center))
    }
}
