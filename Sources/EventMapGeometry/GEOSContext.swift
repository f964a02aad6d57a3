internal import CGEOS
import EventMapCore

/// One GEOS context (`GEOSContextHandle_t`): the factory for ``NativeGeometry`` values.
///
/// GEOS contexts must only be used from a single thread at a time, so this class is not
/// `Sendable`: Swift 6 keeps a context, and every geometry made from it, in one isolation
/// domain. Make one context per task or per operation; creating one is cheap (microseconds).
public final class GEOSContext {
    /// The owned handle; freed by `GEOS_finish_r` in `deinit`.
    let handle: GEOSContextHandle_t
    /// Receives GEOS's error messages through the C callback's user-data pointer.
    private let messages = MessageBox()

    /// Creates a context with its own error handler (wraps `GEOS_init_r`).
    public init() {
        guard let handle = GEOS_init_r() else { fatalError("GEOS_init_r returned NULL: out of memory") }
        self.handle = handle
        // The box outlives the handler: it is released after GEOS_finish_r in deinit.
        let userData = Unmanaged.passUnretained(messages).toOpaque()
        _ = GEOSContext_setErrorMessageHandler_r(
            handle,
            { message, userData in
                guard let message, let userData else { return }
                Unmanaged<MessageBox>.fromOpaque(userData).takeUnretainedValue().last = String(cString: message)
            }, userData)
        _ = GEOSContext_setNoticeMessageHandler_r(handle, { _, _ in }, nil)
    }

    deinit { GEOS_finish_r(handle) }

    /// The GEOS library's version string, such as `3.11.1-CAPI-1.17.1`.
    public static var version: String { String(cString: GEOSversion()) }

    /// Clears the last error before a call whose failure we want to explain.
    func resetError() { messages.last = nil }

    /// The message of the last GEOS error on this context, or a generic text.
    func lastError(orElse fallback: String = "GEOS reported an error without a message") -> String {
        messages.last ?? fallback
    }

    /// Wraps a GEOS constructor result: NULL means an exception whose message was captured.
    func owned(_ pointer: OpaquePointer?, operation: String) throws(GeometryError) -> NativeGeometry {
        guard let pointer else { throw .geos(operation: operation, message: lastError()) }
        return NativeGeometry(owning: pointer, context: self)
    }

    /// Reads a GEOS predicate's return code: 1 true, 0 false, 2 exception.
    func predicate(_ code: CChar, operation: String) throws(GeometryError) -> Bool {
        switch code {
        case 1: return true
        case 0: return false
        default: throw .geos(operation: operation, message: lastError())
        }
    }
}

@available(*, unavailable, message: "a GEOS context must stay on one thread; make one per task")
extension GEOSContext: Sendable {}

/// Holds the last message GEOS reported; written only by the context's own thread.
private final class MessageBox {
    var last: String?
}
