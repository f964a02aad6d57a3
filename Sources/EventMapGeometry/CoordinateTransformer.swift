internal import CPROJ
import EventMapCore
import Foundation

/// Transforms coordinates between two CRSs with PROJ (an owned `PJ_CONTEXT*` and `PJ*`).
///
/// Axis order is always GIS order: longitude, latitude for geographic CRSs and easting,
/// northing for projected ones (`proj_normalize_for_visualization`). Network access is off, so
/// only grids installed locally (Debian's `proj-data`) are used. Creating a transformer costs
/// milliseconds: reuse it, or borrow one from ``TransformerPool``. PROJ objects must not be used
/// from two threads at once, so this is not `Sendable`.
public final class CoordinateTransformer {
    /// The source CRS as given (`EPSG:4326`, a PROJ string, WKT).
    public let source: String
    /// The target CRS as given.
    public let target: String
    /// Owned; destroyed after `transformation` in `deinit`.
    private let context: OpaquePointer
    /// Owned; destroyed before its context.
    private let transformation: OpaquePointer
    private let log: ProjLog

    /// Builds the transformation (wraps `proj_create_crs_to_crs` and `proj_normalize_for_visualization`).
    /// - Throws: ``GeometryError/unknownCRS(source:target:message:)`` naming PROJ's reason.
    public init(from source: String, to target: String) throws(GeometryError) {
        guard let context = proj_context_create() else {
            throw .unknownCRS(source: source, target: target, message: "PROJ could not create a context")
        }
        let log = ProjLog()
        proj_log_func(context, Unmanaged.passUnretained(log).toOpaque()) { userData, _, message in
            guard let userData, let message else { return }
            Unmanaged<ProjLog>.fromOpaque(userData).takeUnretainedValue().last = String(cString: message)
        }
        proj_context_set_enable_network(context, 0)
        guard let raw = proj_create_crs_to_crs(context, source, target, nil) else {
            let message = CoordinateTransformer.reason(context, log)
            proj_context_destroy(context)
            throw .unknownCRS(source: source, target: target, message: message)
        }
        let normalized = proj_normalize_for_visualization(context, raw)
        proj_destroy(raw)
        guard let normalized else {
            let message = CoordinateTransformer.reason(context, log)
            proj_context_destroy(context)
            throw .unknownCRS(source: source, target: target, message: message)
        }
        self.source = source
        self.target = target
        self.context = context
        self.transformation = normalized
        self.log = log
    }

    deinit {
        proj_destroy(transformation)
        proj_context_destroy(context)
    }

    /// PROJ's version string, such as `9.1.1`.
    public static var version: String {
        let info = proj_info()
        return info.version.map { String(cString: $0) } ?? "unknown"
    }

    /// Transforms one coordinate.
    /// - Parameter inverse: transform from target to source instead.
    /// - Throws: ``GeometryError/transformFailed(index:coordinate:message:)``.
    public func transform(_ coordinate: Coordinate, inverse: Bool = false) throws(GeometryError) -> Coordinate {
        let result = transform([coordinate], inverse: inverse)
        if let failure = result.failures.first {
            throw .transformFailed(index: 0, coordinate: coordinate, message: failure.message)
        }
        return result.coordinates[0]
    }

    /// Transforms many coordinates in one batch (wraps `proj_trans_generic`).
    ///
    /// Points PROJ cannot transform (outside the projection's domain, say) come back as
    /// NaN and are listed in ``BatchResult/failures`` by index; the others are still transformed.
    /// - Parameter inverse: transform from target to source instead.
    public func transform(_ coordinates: [Coordinate], inverse: Bool = false) -> BatchResult {
        var output = coordinates
        let direction = inverse ? PJ_INV : PJ_FWD
        let stride = MemoryLayout<Coordinate>.stride
        let count = coordinates.count
        log.last = nil
        proj_errno_reset(transformation)
        output.withUnsafeMutableBytes { raw in
            guard let base = raw.baseAddress else { return }
            let x = base.assumingMemoryBound(to: Double.self)
            let y = (base + MemoryLayout<Double>.size).assumingMemoryBound(to: Double.self)
            _ = proj_trans_generic(transformation, direction, x, stride, count, y, stride, count, nil, 0, 0, nil, 0, 0)
        }
        var failures: [BatchResult.Failure] = []
        for index in output.indices
        where !output[index].longitude.isFinite || !output[index].latitude.isFinite
            || !coordinates[index].longitude.isFinite || !coordinates[index].latitude.isFinite
        {
            failures.append(.init(index: index, input: coordinates[index], message: log.last ?? "outside the domain of the transformation"))
            output[index] = Coordinate(longitude: .nan, latitude: .nan)
        }
        return BatchResult(coordinates: output, failures: failures)
    }

    /// The result of a batch transform: every coordinate, with the failed ones listed.
    public struct BatchResult: Sendable {
        /// One output per input, in order; NaN where the transform failed.
        public var coordinates: [Coordinate]
        /// The inputs that failed, by index.
        public var failures: [Failure]

        /// One coordinate that PROJ could not transform.
        public struct Failure: Sendable, Hashable {
            public var index: Int
            public var input: Coordinate
            public var message: String
        }
    }

    private static func reason(_ context: OpaquePointer, _ log: ProjLog) -> String {
        let code = proj_context_errno(context)
        var text = code != 0 ? proj_context_errno_string(context, code).map { String(cString: $0) } : nil
        if text?.hasPrefix("Unknown error") == true { text = nil }
        switch (log.last, text) {
        case let (logged?, text?) where !logged.contains(text): return "\(logged) (\(text))"
        case let (logged?, _): return logged
        case let (nil, text?): return text
        default: return "PROJ did not recognise the CRS"
        }
    }
}

@available(*, unavailable, message: "PROJ objects belong to one thread; borrow one from TransformerPool per task")
extension CoordinateTransformer: Sendable {}

/// Keeps PROJ's last log message for error texts.
private final class ProjLog {
    var last: String?
}

/// A thread-safe pool of transformers: each CRS pair is built once per concurrent user and reused.
///
/// ``withTransformer(from:to:_:)`` lends a transformer to one caller at a time, so no PROJ
/// object is ever used by two threads at once; returned transformers are kept for the next caller.
public final class TransformerPool: @unchecked Sendable {
    // @unchecked: every access to `idle` happens under `lock`, and a transformer is handed to
    // exactly one borrower between removal and return.
    private let lock = NSLock()
    private var idle: [String: [CoordinateTransformer]] = [:]

    /// The process-wide pool.
    public static let shared = TransformerPool()

    public init() {}

    /// Runs `body` with a transformer from `source` to `target`, creating it only if none is idle.
    /// - Throws: ``GeometryError/unknownCRS(source:target:message:)``, or what `body` throws.
    public func withTransformer<Result>(
        from source: String, to target: String, _ body: (CoordinateTransformer) throws -> Result
    ) throws -> Result {
        let key = source + "\u{1}" + target
        let borrowed = lock.withLock { idle[key]?.popLast() }
        let transformer = try borrowed ?? CoordinateTransformer(from: source, to: target)
        defer { lock.withLock { idle[key, default: []].append(transformer) } }
        return try body(transformer)
    }

    /// The number of transformers waiting to be reused, for tests and diagnostics.
    public var idleCount: Int { lock.withLock { idle.values.reduce(0) { $0 + $1.count } } }
}
