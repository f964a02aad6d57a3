import Foundation

/// Work shared among the cores by the readers that parse a window of their input on every core.
enum Concurrently {
    /// `body(0)`, …, `body(count - 1)` run on every core (`DispatchQueue.concurrentPerform`), the
    /// results in order. Each task writes only its own slot; `body` must only read what it shares.
    static func map<T>(_ count: Int, _ body: (Int) -> T) -> [T] {
        guard count > 1 else { return (0..<count).map(body) }
        return withoutActuallyEscaping(body) { body in
            let slots = UnsafeMutableBufferPointer<T?>.allocate(capacity: count)
            slots.initialize(repeating: nil)
            defer {
                slots.deinitialize()
                slots.deallocate()
            }
            let shared = Shared(slots: slots, body: body)
            DispatchQueue.concurrentPerform(iterations: count) { shared.slots[$0] = shared.body($0) }
            return slots.map { $0! }
        }
    }

    /// The slots and the work, handed to the tasks (each writes its own slot).
    private struct Shared<T>: @unchecked Sendable {
        let slots: UnsafeMutableBufferPointer<T?>
        let body: (Int) -> T
    }

    /// How many pieces `items` things are cut into: one per core, one when there are fewer than
    /// `minimum` (not worth the hand-over).
    static func pieces(for items: Int, minimum: Int) -> Int {
        items < minimum ? 1 : min(ProcessInfo.processInfo.activeProcessorCount, items)
    }
}
