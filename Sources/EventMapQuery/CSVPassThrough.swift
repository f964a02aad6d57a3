import EventMapCore
import EventMapGeometry
import EventMapIO
import Foundation

/// The second way to run a ``QueryPlan``: CSV in, CSV out (or a count), spatial filters only.
/// Matching rows are copied through byte for byte (every ACLED column exactly as it was, plus
/// `distance_km`; only formula-like text cells get the `'` prefix), without building features;
/// each block of rows is tested on both cores while the next is read. Answers are those of
/// ``EventQuery``: the same exact tests. ``applies(to:input:countOnly:outputFormat:)`` says when
/// it can run.
public struct CSVPassThrough: Sendable {
    let input: String
    /// The CSV file to write, or nil to count only (`--count`).
    let output: String?
    let overwrite: Bool
    let skipInvalid: Bool
    let within: Length?
    let beyond: Length?
    let reference: [Geometry]?
    let inside: [AreaLayer]
    let outside: [AreaLayer]
    let box: BoundingBox?

    /// Runs `plan` on the CSV file `input`, writing matching rows to `output` (nil: count only).
    public init(plan: QueryPlan, input: String, output: String?, overwrite: Bool, skipInvalid: Bool) {
        self.input = input
        self.output = output
        self.overwrite = overwrite
        self.skipInvalid = skipInvalid
        within = plan.within
        beyond = plan.beyond
        reference = plan.within != nil || plan.beyond != nil ? plan.reference : nil
        inside = plan.inside
        outside = plan.outside
        box = plan.filter.box
    }

    /// Whether the pass-through can answer `plan`: spatial filters only, on a plain
    /// comma-separated `.csv` file (not `.csv.gz`), counted or written as CSV to a file, and an
    /// input without a `distance_km` column (the feature path replaces it).
    public static func applies(to plan: QueryPlan, input: String, countOnly: Bool, outputIsCSVFile: Bool) -> Bool {
        guard plan.isSpatialOnly, input.lowercased().hasSuffix(".csv"), let head = header(of: input) else { return false }
        guard CSVDialect.sniff(head) == UInt8(ascii: ",") else { return false }
        if countOnly { return true }
        let firstLine = String(decoding: head.prefix { $0 != 0x0A }, as: UTF8.self).lowercased()
        return outputIsCSVFile && !firstLine.contains("distance_km")
    }

    /// The first 64 KB of a file, or nil when it cannot be read.
    private static func header(of path: String) -> [UInt8]? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        return (try? handle.read(upToCount: 65_536)).map { Array($0) }
    }

    /// One worker's GEOS and geodesy state; each is used by one thread at a time.
    final class Worker: @unchecked Sendable {
        let distance: ReferenceDistance?
        let inside: AreaTest?
        let outside: AreaTest?
        var output: [UInt8] = []
        var rejected: [(offset: Int, reason: String)] = []
        var matched = 0
        var seen = 0
        /// False when only counting.
        let writes: Bool

        init(_ path: CSVPassThrough, sharing other: Worker? = nil) throws {
            writes = path.output != nil
            let context = GEOSContext()
            if let shared = other?.distance {
                distance = try ReferenceDistance(sharing: shared, context: context)
            } else {
                distance = try path.reference.map { try ReferenceDistance(reference: $0, context: context) }
                if let within = path.within { distance?.prepare(within: within.metres) }
            }
            inside = path.inside.isEmpty ? nil : try AreaTest(layers: path.inside, context: context)
            outside = path.outside.isEmpty ? nil : try AreaTest(layers: path.outside, context: context)
        }
    }

    /// What a run found: rows kept, rows rejected (bad coordinates, ragged), rows read.
    public struct Counts: Sendable {
        public var matched: Int
        public var rejected: Int
        public var seen: Int
    }

    /// Runs the query; returns the number of rows written, rejected and read.
    /// - Throws: ``FileProblem`` naming the file.
    public func run() throws(FileProblem) -> Counts {
        do { return try runQuery() } catch let failure as FileProblem { throw failure } catch {
            throw FileProblem(file: input, "\(error)")
        }
    }

    private func runQuery() throws -> Counts {
        var scanner: CSVRecordScanner
        do { scanner = try CSVRecordScanner(path: input) } catch { throw FileProblem(file: input, error.description) }
        guard var block = try scanner.nextBlock(), !block.isEmpty else { throw FileProblem(file: input, IOError.empty.description) }
        // The header: the first record.
        var headerEnd = 0, quoted = false
        while headerEnd < block.count {
            if block[headerEnd] == UInt8(ascii: "\"") { quoted.toggle() } else if block[headerEnd] == 0x0A && !quoted { break }
            headerEnd += 1
        }
        var headerBytes = Array(block[..<headerEnd])
        if headerBytes.last == 0x0D { headerBytes.removeLast() }
        if headerBytes.starts(with: [0xEF, 0xBB, 0xBF]) { headerBytes.removeFirst(3) }
        // The header read as the CSV reader reads it (quotes, a guarded name, any case).
        let names = CSVCells.headerNames(headerBytes)
        guard let (latitude, longitude) = CSVCells.coordinateColumns(names)
        else { throw FileProblem(file: input, "no latitude/longitude columns (expected latitude and longitude, or lat and lon/lng, any case)") }
        block.removeFirst(min(block.count, headerEnd + 1))

        var file: OutputFile?
        if let output {
            do { file = try OutputFile(path: output, overwrite: overwrite, inputs: [input]) } catch { throw FileProblem(file: output, error.description) }
        }
        let addsDistance = within != nil || beyond != nil
        var matched = 0, seen = 0
        var rejectedCount = 0
        var firstRejection: (offset: Int, reason: String)?
        var consumed = headerEnd + 1
        do {
            // The header's cells are guarded against formulas as the rows' are.
            var header: [UInt8] = []
            headerBytes.withUnsafeBufferPointer { CSVPassThrough.appendRow($0, record: 0..<$0.count, to: &header) }
            try file?.write(header + Array((addsDistance ? ",distance_km\r\n" : "\r\n").utf8))
            let first = try Worker(self)
            var team = [first]
            for _ in 1..<Self.pieces { team.append(try Worker(self, sharing: first)) }
            let workers = team
            let reader = BlockReader(scanner)
            var current: ArraySlice<UInt8>? = block
            while let bytes = current {
                // Cut the block into pieces at record boundaries; test them on all cores while the
                // next block is read (task 0, which starts first).
                var cuts = [0]
                bytes.withUnsafeBufferPointer { buffer in
                    for k in 1..<Self.pieces {
                        cuts.append(max(cuts[k - 1], CSVRecordScanner.lastRecordEnd(buffer, before: buffer.count * k / Self.pieces)))
                    }
                }
                cuts.append(bytes.count)
                let ranges = (0..<Self.pieces).map { cuts[$0]..<cuts[$0 + 1] }
                let shared = SharedBytes(bytes)
                let base = consumed
                DispatchQueue.concurrentPerform(iterations: Self.pieces + 1) { task in
                    guard task > 0 else { return reader.readNext() }
                    self.process(
                        shared.bytes, range: ranges[task - 1], base: base, worker: workers[task - 1],
                        latitude: latitude, longitude: longitude, columns: names.count, addsDistance: addsDistance)
                }
                for worker in workers {
                    try file?.write(worker.output)
                    matched += worker.matched
                    seen += worker.seen
                    worker.seen = 0
                    rejectedCount += worker.rejected.count
                    if firstRejection == nil, let first = worker.rejected.first { firstRejection = first }
                    worker.output.removeAll(keepingCapacity: true)
                    worker.rejected.removeAll()
                    worker.matched = 0
                }
                consumed += bytes.count
                current = try reader.take()
            }
            if rejectedCount > 0 && !skipInvalid {
                file?.abort()
                throw FileProblem(
                    file: input, "byte \(firstRejection!.offset): \(firstRejection!.reason); \(rejectedCount) invalid row\(rejectedCount == 1 ? "" : "s") in all (add --skip-invalid to leave them out)"
                )
            }
            try file?.commit()
        } catch let error as FileProblem {
            file?.abort()
            throw error
        } catch {
            file?.abort()
            throw FileProblem(file: output ?? input, "\(error)")
        }
        return Counts(matched: matched, rejected: rejectedCount, seen: seen)
    }

    private func process(
        _ all: ArraySlice<UInt8>, range: Range<Int>, base: Int, worker: Worker, latitude: Int, longitude: Int,
        columns: Int, addsDistance: Bool
    ) {
        all.withUnsafeBufferPointer { whole in
            let bytes = UnsafeBufferPointer(rebasing: whole[range])
            // Every cell is delimited (one more than the header has is enough to know a row is
            // ragged), so a count rejects exactly the rows the feature path rejects.
            CSVRecordScanner.forEachRecord(in: bytes, fieldLimit: columns + 1) { record, fields in
                guard !record.isEmpty else { return }
                worker.seen += 1
                guard fields.count == columns else {
                    worker.rejected.append((base + range.lowerBound + record.lowerBound, "\(fields.count) cells, the header has \(columns)"))
                    return
                }
                guard fields.count > max(latitude, longitude),
                    let lat = CSVRecordScanner.number(bytes, fields[latitude]),
                    let lon = CSVRecordScanner.number(bytes, fields[longitude]),
                    let point = try? Coordinate(validatingLongitude: lon, latitude: lat)
                else {
                    worker.rejected.append((base + range.lowerBound + record.lowerBound, "latitude/longitude missing, not numbers, or out of range"))
                    return
                }
                if let box, !box.contains(point) { return }
                var distance: Double?
                do {
                    if let reference = worker.distance {
                        if let within {
                            guard let d = try reference.distanceIfWithin(within.metres, of: point) else { return }
                            distance = d
                        } else if let beyond {
                            let d = try reference.distance(from: point)
                            guard d > beyond.metres else { return }
                            distance = d
                        }
                    }
                    if let inside = worker.inside, try !inside.covers(point) { return }
                    if let outside = worker.outside, try outside.covers(point) { return }
                } catch {
                    worker.rejected.append((base + range.lowerBound + record.lowerBound, "\(error)"))
                    return
                }
                worker.matched += 1
                guard worker.writes else { return }
                CSVPassThrough.appendRow(bytes, record: record, to: &worker.output)
                if addsDistance, let distance {
                    worker.output.append(UInt8(ascii: ","))
                    worker.output.append(contentsOf: JSONText.number((distance / 1000 * 1e6).rounded() / 1e6).utf8)
                }
                worker.output.append(0x0D)
                worker.output.append(0x0A)
            }
        }
    }
}

extension CSVPassThrough {
    /// Copies a record, except that a text cell starting with `=`, `+`, `-` or `@` gets a `'` in
    /// front (after its opening quote), as EventMap's CSV writer does, so spreadsheets do not run it.
    static func appendRow(_ all: UnsafeBufferPointer<UInt8>, record: Range<Int>, to out: inout [UInt8]) {
        let bytes = UnsafeBufferPointer(rebasing: all[record])
        func risky(_ field: Range<Int>) -> Int? {
            guard !field.isEmpty else { return nil }
            let quoted = bytes[field.lowerBound] == UInt8(ascii: "\"") && field.count > 1
            let content = quoted ? field.lowerBound + 1..<max(field.lowerBound + 1, field.upperBound - 1) : field
            return CSVCells.needsFormulaGuard(UnsafeBufferPointer(rebasing: bytes[content])) ? content.lowerBound : nil
        }
        // The record is one record, so the body runs once.
        CSVRecordScanner.forEachRecord(in: bytes) { _, fields in
            var from = 0
            for field in fields {
                guard let at = risky(field) else { continue }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[from..<at]))
                out.append(UInt8(ascii: "'"))
                from = at
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[from...]))
        }
    }
}

extension CSVPassThrough {
    /// Pieces each block is cut into, one per core (four pieces measured no faster on two cores).
    static let pieces = 2
}

/// Reads the next block on a worker thread while the current one is tested.
private final class BlockReader: @unchecked Sendable {
    private var scanner: CSVRecordScanner
    private var next: Result<ArraySlice<UInt8>?, IOError>?

    init(_ scanner: CSVRecordScanner) { self.scanner = scanner }

    func readNext() {
        do { next = .success(try scanner.nextBlock()) } catch { next = .failure(error) }
    }

    /// The block read by ``readNext()``.
    func take() throws(IOError) -> ArraySlice<UInt8>? {
        defer { next = nil }
        return try next?.get() ?? nil
    }
}

/// Read-only bytes shared by the workers.
private struct SharedBytes: @unchecked Sendable {
    let bytes: ArraySlice<UInt8>
    init(_ bytes: ArraySlice<UInt8>) { self.bytes = bytes }
}
