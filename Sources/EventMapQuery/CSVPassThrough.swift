import EventMapCore
import EventMapGeometry
import EventMapIO
import Foundation

/// The second way to run a ``QueryPlan``: CSV in, CSV out (or a count), spatial filters only.
/// Matching rows are copied through byte for byte (every ACLED column exactly as it was, plus
/// `distance_km`; only formula-like text cells get the `'` prefix), without building features;
/// the file is mapped and its chunks of rows are tested on every core, and written in order.
/// Answers are those of ``EventQuery``: the same exact tests. ``applies(to:input:countOnly:outputIsCSVFile:)`` says when
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

    /// Whether ``run(streamingTo:)`` can choose the rows of `plan` for the feature path: what
    /// ``applies(to:input:countOnly:outputIsCSVFile:)`` asks of a CSV output, for any output.
    public static func choosesRows(of plan: QueryPlan, input: String) -> Bool {
        applies(to: plan, input: input, countOnly: false, outputIsCSVFile: true)
    }

    /// The first 64 KB of a file, or nil when it cannot be read.
    private static func header(of path: String) -> [UInt8]? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        return (try? handle.read(upToCount: 65_536)).map { Array($0) }
    }

    /// One worker's GEOS and geodesy state and what it found; each is used by one thread at a time.
    final class Worker: @unchecked Sendable {
        let distance: ReferenceDistance?
        let inside: AreaTest?
        let outside: AreaTest?
        /// Rows of the chunk being tested, as they will be written.
        var output: [UInt8] = []
        var rejectedCount = 0
        /// The rejected row nearest the start of the file this worker saw (byte offset, reason).
        var firstRejection: (offset: Int, reason: String)?
        var matched = 0
        var seen = 0
        /// False when only counting.
        let writes: Bool

        init(_ path: CSVPassThrough, writes: Bool, sharing other: Worker? = nil) throws {
            self.writes = writes
            let context = GEOSContext()
            if let shared = other?.distance {
                distance = try ReferenceDistance(sharing: shared, context: context)
            } else {
                distance = try path.reference.map { try ReferenceDistance(reference: $0, context: context, within: path.within?.metres) }
            }
            inside = path.inside.isEmpty ? nil : try AreaTest(layers: path.inside, context: context)
            outside = path.outside.isEmpty ? nil : try AreaTest(layers: path.outside, context: context)
        }

        func reject(at offset: Int, _ reason: @autoclosure () -> String) {
            rejectedCount += 1
            if firstRejection == nil || offset < firstRejection!.offset { firstRejection = (offset, reason()) }
        }

        /// The rows gathered for the last chunk; the worker starts the next chunk empty.
        func takeOutput() -> [UInt8] {
            defer { output = [] }
            return output
        }
    }

    /// What a run found: rows kept, rows rejected (bad coordinates, ragged), rows read.
    public struct Counts: Sendable {
        public var matched: Int
        public var rejected: Int
        public var seen: Int
        /// Rows read in each chunk, in order (for ``ChosenRowsSource``, which numbers the rows
        /// as in the file).
        public var rowsPerChunk: [Int] = []
    }

    /// Runs the query; returns the number of rows written, rejected and read.
    /// - Throws: ``FileProblem`` naming the file.
    public func run() throws(FileProblem) -> Counts {
        do { return try runQuery(streamingTo: nil) } catch let failure as FileProblem { throw failure } catch {
            throw FileProblem(file: input, "\(error)")
        }
    }

    /// Runs the query and hands the kept rows to `write`, in the input's order: the header, then
    /// each row as it was in the file (no `'` before formula-like cells: the text is for
    /// EventMap's own CSV reader, not a spreadsheet) after two columns that say where it was
    /// (``ChosenRowsSource/chunkColumn``, ``ChosenRowsSource/rowColumn``), with `distance_km`
    /// added after the last column for `--within`/`--beyond`. `output` is not used. For the
    /// feature path: rows are chosen here, on every core, and only they become features
    /// (``ChosenRowsSource`` reads them back).
    public func run(streamingTo write: @escaping ([UInt8]) throws -> Void) throws(FileProblem) -> Counts {
        do { return try runQuery(streamingTo: write) } catch let failure as FileProblem { throw failure } catch {
            throw FileProblem(file: input, "\(error)")
        }
    }

    private func runQuery(streamingTo stream: (([UInt8]) throws -> Void)?) throws -> Counts {
        // The file is scanned in place (mapped), chunk by chunk, on every core; matching rows are
        // written in the input's order as the chunks before them are done.
        let mapped: MappedFile
        do { mapped = try MappedFile(path: input) } catch { throw FileProblem(file: input, error.description) }
        let all = mapped.bytes
        guard !all.isEmpty else { throw FileProblem(file: input, IOError.empty.description) }
        // The header: the first record.
        var headerEnd = 0, quoted = false
        while headerEnd < all.count {
            if all[headerEnd] == UInt8(ascii: "\"") { quoted.toggle() } else if all[headerEnd] == 0x0A && !quoted { break }
            headerEnd += 1
        }
        var headerBytes = Array(all[..<headerEnd])
        if headerBytes.last == 0x0D { headerBytes.removeLast() }
        if headerBytes.starts(with: [0xEF, 0xBB, 0xBF]) { headerBytes.removeFirst(3) }
        // The header read as the CSV reader reads it (quotes, a guarded name, any case).
        let names = CSVCells.headerNames(headerBytes)
        guard let (latitude, longitude) = CSVCells.coordinateColumns(names)
        else { throw FileProblem(file: input, "no latitude/longitude columns (expected latitude and longitude, or lat and lon/lng, any case)") }

        var file: OutputFile?
        if let output, stream == nil {
            do { file = try OutputFile(path: output, overwrite: overwrite, inputs: [input]) } catch { throw FileProblem(file: output, error.description) }
        }
        let addsDistance = within != nil || beyond != nil
        do {
            // The header's cells are guarded against formulas as the rows' are.
            let guardsFormulas = stream == nil
            var header: [UInt8] = []
            if guardsFormulas {
                headerBytes.withUnsafeBufferPointer { CSVPassThrough.appendRow($0, record: 0..<$0.count, to: &header) }
            } else {
                header = Array("\(ChosenRowsSource.chunkColumn),\(ChosenRowsSource.rowColumn),".utf8) + headerBytes
            }
            header += Array((addsDistance ? ",distance_km\r\n" : "\r\n").utf8)
            let write: (([UInt8]) throws -> Void)? = stream ?? file.map { file in { bytes in try file.write(bytes) } }
            try write?(header)
            let first = try Worker(self, writes: write != nil)
            var team = [first]
            for _ in 1..<max(1, ProcessInfo.processInfo.activeProcessorCount) { team.append(try Worker(self, writes: write != nil, sharing: first)) }
            let workers = team
            let chunks = RecordChunks(all, from: min(all.count, headerEnd + 1), size: Self.chunkBytes)
            let writer = OrderedWriter(write)
            let rows = SharedRows(all)
            DispatchQueue.concurrentPerform(iterations: workers.count) { w in
                let worker = workers[w]
                while let (index, range) = chunks.next() {
                    let seen = self.process(
                        rows.bytes, range: range, chunk: index, worker: worker, latitude: latitude, longitude: longitude, columns: names.count,
                        addsDistance: addsDistance, guardsFormulas: guardsFormulas)
                    chunks.counted(seen, in: index)
                    mapped.release(range)
                    if worker.writes { writer.deliver(index, worker.takeOutput()) }
                }
            }
            if let failure = writer.failure { throw failure }
            let rejectedCount = workers.reduce(0) { $0 + $1.rejectedCount }
            if rejectedCount > 0 && !skipInvalid {
                let first = workers.compactMap(\.firstRejection).min { $0.offset < $1.offset }!
                file?.abort()
                throw FileProblem(
                    file: input, "byte \(first.offset): \(first.reason); \(rejectedCount) invalid row\(rejectedCount == 1 ? "" : "s") in all (add --skip-invalid to leave them out)"
                )
            }
            try file?.commit()
            return Counts(
                matched: workers.reduce(0) { $0 + $1.matched }, rejected: rejectedCount, seen: workers.reduce(0) { $0 + $1.seen },
                rowsPerChunk: chunks.rowsPerChunk)
        } catch let error as FileProblem {
            file?.abort()
            throw error
        } catch {
            file?.abort()
            throw FileProblem(file: output ?? input, "\(error)")
        }
    }

    /// Tests the records of `all[range]` (whole records), leaving what they give in `worker`.
    /// - Returns: the rows read.
    private func process(
        _ all: UnsafeBufferPointer<UInt8>, range: Range<Int>, chunk: Int, worker: Worker, latitude: Int, longitude: Int,
        columns: Int, addsDistance: Bool, guardsFormulas: Bool
    ) -> Int {
        let bytes = UnsafeBufferPointer(rebasing: all[range])
        let base = range.lowerBound
        // The worker's state is read into locals for the loop and written back after it: a
        // class's properties, touched per row, cost reference counts and access checks.
        let (reference, inside, outside, writes) = (worker.distance, worker.inside, worker.outside, worker.writes)
        var output = worker.takeOutput()
        var seen = 0, matched = 0
        func reject(_ record: Range<Int>, _ reason: @autoclosure () -> String) { worker.reject(at: base + record.lowerBound, reason()) }
        // Every cell is delimited (one more than the header has is enough to know a row is
        // ragged), so a count rejects exactly the rows the feature path rejects.
        CSVRecordScanner.forEachRecord(in: bytes, fieldLimit: columns + 1) { record, fields in
            guard !record.isEmpty else { return }
            seen += 1
            guard fields.count == columns else { return reject(record, "\(fields.count) cells, the header has \(columns)") }
            guard fields.count > max(latitude, longitude),
                let lat = CSVRecordScanner.number(bytes, fields[latitude]),
                let lon = CSVRecordScanner.number(bytes, fields[longitude]),
                let point = try? Coordinate(validatingLongitude: lon, latitude: lat)
            else { return reject(record, "latitude/longitude missing, not numbers, or out of range") }
            if let box, !box.contains(point) { return }
            var distance: Double?
            do {
                if let reference {
                    if let within {
                        guard let d = try reference.distanceIfWithin(within.metres, of: point) else { return }
                        distance = d
                    } else if let beyond {
                        let d = try reference.distance(from: point)
                        guard d > beyond.metres else { return }
                        distance = d
                    }
                }
                if let inside, try !inside.covers(point) { return }
                if let outside, try outside.covers(point) { return }
            } catch {
                return reject(record, "\(error)")
            }
            matched += 1
            guard writes else { return }
            if guardsFormulas {
                CSVPassThrough.appendRow(bytes, record: record, fields: fields, to: &output)
            } else {
                output.append(contentsOf: "\(chunk),\(seen),".utf8)
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[record]))
            }
            if addsDistance, let distance {
                output.append(UInt8(ascii: ","))
                output.append(contentsOf: JSONText.number((distance / 1000 * 1e6).rounded() / 1e6).utf8)
            }
            output.append(0x0D)
            output.append(0x0A)
        }
        worker.seen += seen
        worker.matched += matched
        worker.output = output
        return seen
    }
}

extension CSVPassThrough {
    /// Copies a record, except that a text cell starting with `=`, `+`, `-` or `@` gets a `'` in
    /// front (after its opening quote), as EventMap's CSV writer does, so spreadsheets do not run it.
    static func appendRow(_ all: UnsafeBufferPointer<UInt8>, record: Range<Int>, to out: inout [UInt8]) {
        CSVRecordScanner.forEachRecord(in: UnsafeBufferPointer(rebasing: all[record])) { _, fields in
            // The record is one record, so the body runs once.
            appendRow(all, record: record, fields: fields, to: &out)
        }
    }

    /// ``appendRow(_:record:to:)`` for a record whose fields are known (ranges in `all`).
    static func appendRow(_ all: UnsafeBufferPointer<UInt8>, record: Range<Int>, fields: UnsafeBufferPointer<Range<Int>>, to out: inout [UInt8]) {
        var from = record.lowerBound
        for field in fields where !field.isEmpty {
            // Most cells are settled by their first byte.
            let first = all[field.lowerBound]
            guard first == UInt8(ascii: "\"") || Self.formulaStarts[Int(first)] else { continue }
            let quoted = first == UInt8(ascii: "\"") && field.count > 1
            let content = quoted ? field.lowerBound + 1..<max(field.lowerBound + 1, field.upperBound - 1) : field
            guard CSVCells.needsFormulaGuard(UnsafeBufferPointer(rebasing: all[content])) else { continue }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: all[from..<content.lowerBound]))
            out.append(UInt8(ascii: "'"))
            from = content.lowerBound
        }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: all[from..<record.upperBound]))
    }

    /// The bytes a formula can start with (``CSVCells/needsFormulaGuard(_:)-(UnsafeBufferPointer<UInt8>)``), by value.
    private static let formulaStarts: [Bool] = (0...255).map { [0x3D, 0x2B, 0x2D, 0x40, 0x09, 0x0D].contains($0) }
}

extension CSVPassThrough {
    /// Bytes of input per chunk a worker takes at a time: small enough that both cores stay busy
    /// to the end of the file and that little waits to be written in order, large enough that
    /// taking one costs nothing.
    public static let chunkBytes = 4 << 20
}

/// Cuts the mapped file into chunks of whole records, in order, for whichever worker asks next.
private final class RecordChunks: @unchecked Sendable {
    private let bytes: UnsafeBufferPointer<UInt8>
    private let size: Int
    private var position: Int
    private var index = 0
    private let lock = NSLock()
    /// Rows read in each chunk so far, by chunk number.
    private var counts: [Int: Int] = [:]

    func counted(_ rows: Int, in chunk: Int) {
        lock.lock()
        counts[chunk] = rows
        lock.unlock()
    }

    /// Rows read in each chunk, in order (once every chunk is done).
    var rowsPerChunk: [Int] {
        lock.lock()
        defer { lock.unlock() }
        return (0..<index).map { counts[$0] ?? 0 }
    }

    init(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, size: Int) {
        self.bytes = bytes
        self.size = size
        position = start
    }

    /// The next chunk's number (from 0) and byte range, or nil when the file is done. A chunk ends
    /// after the last newline outside quotes within `size` bytes of its start (further on when one
    /// record is longer).
    func next() -> (Int, Range<Int>)? {
        lock.lock()
        defer { lock.unlock() }
        guard position < bytes.count else { return nil }
        var end = bytes.count
        var limit = min(bytes.count, position + size)
        while limit < bytes.count {
            let cut = CSVRecordScanner.lastRecordEnd(UnsafeBufferPointer(rebasing: bytes[position..<limit]), before: limit - position)
            if cut > 0 {
                end = position + cut
                break
            }
            limit = min(bytes.count, limit + size)
        }
        defer {
            position = end
            index += 1
        }
        return (index, position..<end)
    }
}

/// Writes the chunks' rows in chunk order, whichever worker finishes first: the worker that
/// delivers the next chunk due writes it and any that were waiting for it.
private final class OrderedWriter: @unchecked Sendable {
    private let write: (([UInt8]) throws -> Void)?
    private var waiting: [Int: [UInt8]] = [:]
    private var due = 0
    private var writing = false
    private let lock = NSLock()
    /// The first write that failed; nothing is written after it.
    private(set) var failure: Error?

    init(_ write: (([UInt8]) throws -> Void)?) { self.write = write }

    func deliver(_ index: Int, _ rows: [UInt8]) {
        lock.lock()
        waiting[index] = rows
        guard !writing else { return lock.unlock() }
        writing = true
        while let next = waiting.removeValue(forKey: due) {
            due += 1
            let failed = failure != nil
            lock.unlock()
            if !failed {
                do { try write?(next) } catch { lock.lock(); failure = error; lock.unlock() }
            }
            lock.lock()
        }
        writing = false
        lock.unlock()
    }
}

/// The mapped bytes, read by every worker.
private struct SharedRows: @unchecked Sendable {
    let bytes: UnsafeBufferPointer<UInt8>
    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }
}
