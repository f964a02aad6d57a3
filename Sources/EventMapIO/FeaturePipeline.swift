import EventMapCore
import Foundation

/// A batch, the bytes of the one before and their sink, shared by the threads of one flush:
/// the encoding threads only read the features (``ConcurrentlyEncodingSink/encode(_:)`` reads
/// nothing the writing changes), one thread writes the previous bytes.
private struct SharedBatch: @unchecked Sendable {
    let sink: ConcurrentlyEncodingSink
    let features: [Feature]
    let previous: [[[UInt8]]]
}

/// One slot per piece of a batch, each set by one thread through its own pointer (no shared
/// array is mutated from two threads), and the writing thread's failure.
private final class ConcurrentResults: @unchecked Sendable {
    private let slots: UnsafeMutableBufferPointer<[[UInt8]]>
    private(set) var failure: IOError?

    init(count: Int) {
        slots = .allocate(capacity: count)
        _ = slots.initialize(from: repeatElement([], count: count))
    }

    deinit {
        slots.baseAddress!.deinitialize(count: slots.count)
        slots.deallocate()
    }

    func set(_ index: Int, _ value: [[UInt8]]) { slots[index] = value }

    /// The pieces, once every thread is done.
    var values: [[[UInt8]]] { Array(slots) }

    func write(_ pieces: [[[UInt8]]], to sink: ConcurrentlyEncodingSink) {
        do {
            for piece in pieces {
                for bytes in piece { try sink.write(encoded: bytes) }
            }
        } catch { failure = error }
    }
}

/// A problem worded for the user about one file: printed as `file: message`.
public struct FileProblem: Error, CustomStringConvertible {
    /// The file the problem is in (an input, the output or the rejects file).
    public let file: String
    public let message: String
    public init(file: String, _ message: String) { self.file = file; self.message = message }
    public var description: String { "\(file == "-" ? "<stdin>" : PostgresTable.redacted(file)): \(message)" }
}

/// Read → reject → write, shared by `convert`, `query` and anything else that streams features
/// from inputs to one output: every input record ends up written, left out by `keep`, or
/// rejected (no geometry, coordinates out of range, unreadable); rejected records stop the run
/// with an error naming the first and the count, unless `skipInvalid`, when they are counted and
/// written to the rejects file if one is given. The output (and the rejects file) is written to
/// a temporary file and renamed: an error never leaves half a file.
public struct FeaturePipeline {
    /// Leave rejected records out (counted) instead of stopping.
    public var skipInvalid = false
    /// Where rejected records go, one JSON object per line (`input`, `position`, `reason`, `record`).
    public var rejectsPath: String?
    /// Replace existing output files.
    public var overwrite = false
    /// Called for every record read (for progress).
    public var onRecord: (FeatureSource) -> Void = { _ in }
    /// Called with what a reader read past (``InputNote``s) once its layer is done.
    public var onNotes: ([InputNote], _ file: String) -> Void = { _, _ in }
    /// What becomes of one feature that was read with a geometry.
    public enum Decision: Sendable {
        /// Written (as `keep` may have changed it).
        case keep
        /// Not wanted here (a filter left it out); neither written nor rejected.
        case leaveOut
        /// Unusable here (a line where points are needed): rejected like an unreadable record.
        case reject(reason: String)
    }

    /// Decides each feature read with a geometry; it may change the feature first.
    public var keep: (inout Feature) throws -> Decision = { _ in .keep }
    /// Runs once every input is read, before the output is finished: an error it throws (a
    /// filter that matched no value the data holds) leaves no output file and is thrown as is.
    public var check: () throws -> Void = {}

    public init() {}

    /// What a run did: features read, written, rejected, and layers written.
    public struct Report: Sendable {
        public var read = 0
        public var written = 0
        public var rejected = 0
        public var layers = 0
    }

    /// Where the features go: a file in a format, or nowhere (a count).
    public struct Destination {
        public var path: String
        public var format: VectorFormat
        /// The document's name (KML `<name>`, a GeoPackage's first layer).
        public var documentName: String
        /// Decimal places of GeoJSON coordinates.
        public var precision: Int
        /// The CRS to write coordinates in (`--t-srs`); nil is WGS84.
        public var targetCRS: String?
        /// A CSV output's columns and header row.
        public var csv = CSVLayout()
        public init(path: String, format: VectorFormat, documentName: String, precision: Int = 7, targetCRS: String? = nil) {
            self.path = path; self.format = format; self.documentName = documentName; self.precision = precision; self.targetCRS = targetCRS
        }
    }

    /// Streams `sources` (each named by its input file) into `destination` (nil: nothing is
    /// written, only counted). `inputs` are files the output must not overwrite.
    /// - Throws: ``FileProblem`` naming the file at fault, or what `check` threw.
    public func run(_ sources: [(file: String, source: FeatureSource)], to destination: Destination?, inputs: [String]) throws -> Report {
        var sink: FeatureSink?
        if let destination {
            do {
                sink = try Formats.create(
                    destination.path, format: destination.format, overwrite: overwrite, inputs: inputs, name: destination.documentName,
                    precision: destination.precision, targetCRS: destination.targetCRS, csv: destination.csv)
            } catch { throw FileProblem(file: destination.path, error.description) }
        }
        var rejectsFile: OutputFile?
        if let rejectsPath {
            do { rejectsFile = try OutputFile(path: rejectsPath, overwrite: overwrite, inputs: inputs) } catch {
                sink?.abort()
                throw FileProblem(file: rejectsPath, error.description)
            }
        }
        let output = destination?.path ?? "-"
        var report = Report()
        var firstInvalid: (file: String, rejection: Rejection)?
        // Features kept for a sink that encodes on every core, written a batch at a time.
        var batch = EncodingBatch(sink: sink as? ConcurrentlyEncodingSink)
        do {
            for (name, source) in sources {
                try batch.drain()
                // After a stopping rejection the output is gone; the inputs are still read to count.
                if firstInvalid == nil { try sink?.beginLayer(name: source.layerName) }
                report.layers += 1
                while let record = try next(source, file: name) {
                    report.read += 1
                    onRecord(source)
                    var rejection: Rejection?
                    switch record {
                    case var .feature(feature):
                        if feature.geometry == nil {
                            rejection = Rejection(position: "feature \(report.read)", reason: "no geometry", raw: GeoJSONWriter.Encoder().feature(feature))
                        } else if firstInvalid == nil {
                            let decision: Decision
                            // A failure deciding (a geometry GEOS cannot test) names the input and the feature.
                            do { decision = try keep(&feature) } catch { throw FileProblem(file: name, "feature \(report.read): \(error)") }
                            switch decision {
                            case .keep:
                                if batch.sink != nil { try batch.add(feature) } else { try sink?.write(feature) }
                                report.written += 1
                            case .leaveOut: break
                            case let .reject(reason):
                                rejection = Rejection(position: "feature \(report.read)", reason: reason, raw: GeoJSONWriter.Encoder().feature(feature))
                            }
                        }
                    case let .rejected(r):
                        rejection = r
                    }
                    guard let rejection else { continue }
                    report.rejected += 1
                    if !skipInvalid && firstInvalid == nil {
                        firstInvalid = (name, rejection)
                        batch.discard()
                        sink?.abort()
                    }
                    try rejectsFile?.write(
                        JSONText.object([
                            ("input", .string(name)), ("position", .string(rejection.position)),
                            ("reason", .string(rejection.reason)), ("record", .string(rejection.raw)),
                        ]) + "\n")
                }
                onNotes(source.notes, name)
            }
            try batch.drain()
            if firstInvalid == nil { try check() }
        } catch {
            sink?.abort()
            rejectsFile?.abort()
            if error is IOError { throw FileProblem(file: output, "\(error)") }
            throw error
        }
        if let firstInvalid {
            rejectsFile?.abort()
            let count = "\(report.rejected) invalid feature\(report.rejected == 1 ? "" : "s") in all"
            throw FileProblem(file: firstInvalid.file, "\(firstInvalid.rejection.position): \(firstInvalid.rejection.reason); \(count) (add --skip-invalid to leave them out)")
        }
        do {
            try sink?.finish()
            if let sink, let destination { onNotes(sink.notes, destination.path) }
            try rejectsFile?.commit()
        } catch {
            rejectsFile?.abort()
            throw FileProblem(file: output, error.description)
        }
        return report
    }

    /// Features waiting to be encoded on every core and written in order: while one batch is
    /// encoded, the bytes of the one before are written.
    private struct EncodingBatch {
        let sink: ConcurrentlyEncodingSink?
        var features: [Feature] = []
        /// The previous batch's bytes, encoded and not yet written.
        var encoded: [[[UInt8]]] = []
        /// Features per batch: enough to share among cores, few enough to keep memory flat.
        static let size = 4096
        /// Pieces a batch is cut into, one per core.
        static let pieces = 8 * max(1, ProcessInfo.processInfo.activeProcessorCount)

        init(sink: ConcurrentlyEncodingSink?) {
            self.sink = sink
            features.reserveCapacity(Self.size)
        }

        mutating func add(_ feature: Feature) throws(IOError) {
            features.append(feature)
            if features.count >= Self.size { try flush() }
        }

        mutating func discard() {
            features.removeAll(keepingCapacity: true)
            encoded = []
        }

        /// Encodes the waiting features on every core (once the sink allows it) while the
        /// previous batch is written; features the sink cannot encode yet are written in order.
        mutating func flush() throws(IOError) {
            guard let sink, !features.isEmpty else { return }
            defer { features.removeAll(keepingCapacity: true) }
            guard sink.encodesConcurrently else {
                try writeEncoded()
                for feature in features { try sink.write(feature) }
                return
            }
            let pieces = min(Self.pieces, features.count)
            let results = ConcurrentResults(count: pieces)
            let shared = SharedBatch(sink: sink, features: features, previous: encoded)
            DispatchQueue.concurrentPerform(iterations: pieces + 1) { task in
                guard task > 0 else { return results.write(shared.previous, to: shared.sink) }
                let piece = task - 1
                let range = (shared.features.count * piece / pieces)..<(shared.features.count * (piece + 1) / pieces)
                results.set(piece, range.map { shared.sink.encode(shared.features[$0]) })
            }
            if let failure = results.failure { throw failure }
            encoded = results.values
        }

        /// Writes the batch encoded last.
        mutating func writeEncoded() throws(IOError) {
            guard let sink else { return }
            for piece in encoded {
                for bytes in piece { try sink.write(encoded: bytes) }
            }
            encoded = []
        }

        /// Everything waiting, encoded and written (before a new layer and at the end).
        mutating func drain() throws(IOError) {
            try flush()
            try writeEncoded()
        }
    }

    /// The next record of `source`; its error names `file`.
    private func next(_ source: FeatureSource, file: String) throws(FileProblem) -> FeatureRecord? {
        do { return try source.next() } catch { throw FileProblem(file: file, error.description) }
    }
}
