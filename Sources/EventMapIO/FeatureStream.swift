import EventMapCore

/// One record read from a file: a feature, or a record that cannot be one and why.
public enum FeatureRecord: Sendable {
    case feature(Feature)
    /// A record the reader could parse as text but not as a valid feature (coordinates out of
    /// range, NaN, no geometry where one is needed). Conversion either stops on the first or,
    /// with `--skip-invalid`, counts them and keeps them in the rejects file.
    case rejected(Rejection)
}

/// A record left out, with where it was and why.
public struct Rejection: Sendable, Hashable {
    /// Where in the input: `line 12`, `feature 7`.
    public var position: String
    public var reason: String
    /// The record's own text, as read, for the rejects file.
    public var raw: String

    public init(position: String, reason: String, raw: String) {
        self.position = position
        self.reason = reason
        self.raw = raw
    }
}

/// A stream of features from one layer of an input file, read on demand so that memory stays
/// bounded whatever the file's size.
public protocol FeatureSource: AnyObject {
    /// The layer's name (the file name without extension for single-layer formats).
    var layerName: String { get }
    /// The next record, or nil at the end.
    /// - Throws: ``IOError`` for input that cannot be read on: malformed syntax, truncation.
    func next() throws(IOError) -> FeatureRecord?
    /// What the reader read past without stopping (unreadable dates, rows without a location),
    /// counted with an example; complete once ``next()`` has returned nil.
    var notes: [InputNote] { get }
    /// How far the reader has come, for progress: bytes read and the file's size (nil when it
    /// cannot tell, as for stdin or formats read whole).
    var progress: (done: Int, total: Int)? { get }
}

extension FeatureSource {
    public var notes: [InputNote] { [] }
    public var progress: (done: Int, total: Int)? { nil }
}

/// A destination that takes features one by one and finishes the file at the end.
public protocol FeatureSink: AnyObject {
    /// Starts a new layer (a Folder in KML, a table in GeoPackage); formats with one layer ignore it.
    func beginLayer(name: String) throws(IOError)
    func write(_ feature: Feature) throws(IOError)
    /// Completes the file (the temporary file is renamed into place).
    func finish() throws(IOError)
    /// Gives up: no output file is left behind.
    func abort()
    /// What the format changed while writing (column names cut to a Shapefile's 10 characters,
    /// text cut to its 254 bytes), counted with an example; complete after ``finish()``.
    var notes: [InputNote] { get }
}

extension FeatureSink {
    public var notes: [InputNote] { [] }
}

/// A sink whose features become bytes independently of one another, so that a pipeline can
/// encode a batch on every core and then write the bytes in their order (GeoJSON, KML).
public protocol ConcurrentlyEncodingSink: FeatureSink {
    /// Whether ``encode(_:)`` may be used now (KML: once the first features fixed its schema);
    /// until then features go through ``FeatureSink/write(_:)``.
    var encodesConcurrently: Bool { get }
    /// The bytes of one feature. Called from several threads at once, while nothing is written.
    func encode(_ feature: Feature) -> [UInt8]
    /// Writes what ``encode(_:)`` made for the next feature.
    func write(encoded: [UInt8]) throws(IOError)
}

extension FeatureSource {
    /// Reads everything into memory (for small inputs and tests).
    public func readAll() throws(IOError) -> (features: [Feature], rejected: [Rejection]) {
        var features: [Feature] = [], rejected: [Rejection] = []
        while let record = try next() {
            switch record {
            case let .feature(f): features.append(f)
            case let .rejected(r): rejected.append(r)
            }
        }
        return (features, rejected)
    }
}
