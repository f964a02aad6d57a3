import EventMapCore
import Foundation
import Testing

@Suite("JSON text")
struct JSONTextTests {
    /// A quote from an article may hold "</script>": inside the HTML map's data it must not end the element.
    @Test func scriptSafeJSONCannotCloseAScriptElementAndReadsBackTheSame() throws {
        let quote = "He wrote </script><script>alert(1)</script> and left\u{2028}next line"
        let json = JSONText.object([("quote", .string(quote)), ("n", .number(3))])
        let safe = JSONText.scriptSafe(json)
        #expect(!safe.contains("</") && !safe.unicodeScalars.contains("\u{2028}"))
        let back = try #require(try JSONSerialization.jsonObject(with: Data(safe.utf8)) as? [String: Any])
        #expect(back["quote"] as? String == quote)
        // Text with nothing to escape is returned as it is.
        #expect(JSONText.scriptSafe("{\"a\":\"b\"}") == "{\"a\":\"b\"}")
    }
}
