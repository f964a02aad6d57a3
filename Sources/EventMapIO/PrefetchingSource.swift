import Foundation

/// Reads a source on a second thread, a few thousand records ahead, so that parsing and writing
/// use both cores. Memory stays bounded: at most ``depth`` batches of ``batchSize`` records wait.
public final class PrefetchingSource: FeatureSource, @unchecked Sendable {
    // @unchecked: the wrapped source is used only by the reading thread; the queue is guarded by `condition`.
    public let layerName: String
    private let condition = NSCondition()
    private var queue: [[FeatureRecord]] = []
    private var failure: IOError?
    private var finished = false
    private var cancelled = false
    private var current: [FeatureRecord] = []
    private var position = 0
    static let batchSize = 2048
    static let depth = 8

    private let box: SourceBox

    public init(_ source: FeatureSource) {
        layerName = source.layerName
        let box = SourceBox(source)
        self.box = box
        let thread = Thread { [self] in self.produce(box.source) }
        thread.stackSize = 1 << 22
        thread.start()
    }

    deinit {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }

    private func produce(_ source: FeatureSource) {
        var batch: [FeatureRecord] = []
        batch.reserveCapacity(PrefetchingSource.batchSize)
        func push(_ items: [FeatureRecord], end: Bool, error: IOError? = nil) -> Bool {
            condition.lock()
            defer { condition.unlock() }
            while queue.count >= PrefetchingSource.depth && !cancelled { condition.wait() }
            if cancelled { return false }
            if !items.isEmpty { queue.append(items) }
            lastProgress = source.progress
            if end { finished = true; failure = error }
            condition.broadcast()
            return true
        }
        do {
            while let record = try source.next() {
                batch.append(record)
                if batch.count == PrefetchingSource.batchSize {
                    guard push(batch, end: false) else { return }
                    batch = []
                    batch.reserveCapacity(PrefetchingSource.batchSize)
                }
            }
            _ = push(batch, end: true)
        } catch {
            _ = push(batch, end: true, error: error)
        }
    }

    /// The wrapped source's notes, once it has been read to the end (empty before: the reading
    /// thread owns the source until then).
    /// The wrapped source's progress when the last batch was handed over.
    public var progress: (done: Int, total: Int)? {
        condition.lock()
        defer { condition.unlock() }
        return lastProgress
    }
    private var lastProgress: (done: Int, total: Int)?

    public var notes: [InputNote] {
        condition.lock()
        defer { condition.unlock() }
        return finished ? box.source.notes : []
    }

    public func next() throws(IOError) -> FeatureRecord? {
        if position < current.count {
            defer { position += 1 }
            return current[position]
        }
        condition.lock()
        while queue.isEmpty && !finished { condition.wait() }
        if !queue.isEmpty {
            current = queue.removeFirst()
            position = 0
            condition.broadcast()
            condition.unlock()
            return try next()
        }
        let error = failure
        condition.unlock()
        if let error { throw error }
        return nil
    }
}

/// Hands a non-Sendable source to the reading thread, which becomes its only user.
private final class SourceBox: @unchecked Sendable {
    let source: FeatureSource
    init(_ source: FeatureSource) { self.source = source }
}
