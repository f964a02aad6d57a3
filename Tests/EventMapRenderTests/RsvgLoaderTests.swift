import CRsvg
import CRsvgLoader
import Testing

/// `render` loads librsvg only when it draws a PNG or PDF, through declarations of its own
/// (librsvg's headers need pkg-config's include paths, and linking them would load 35 libraries
/// at every start). Those declarations must be librsvg's, GLib's and cairo's, value for value.
@Suite("librsvg loaded when a map is drawn")
struct RsvgLoaderTests {
    @Test func theLoadersDeclarationsAreTheHeaders() {
        #expect(Int(EVENTMAP_CAIRO_FORMAT_ARGB32) == Int(CAIRO_FORMAT_ARGB32.rawValue))
        #expect(Int(EVENTMAP_CAIRO_STATUS_SUCCESS) == Int(CAIRO_STATUS_SUCCESS.rawValue))
        #expect(Int(EVENTMAP_CAIRO_STATUS_WRITE_ERROR) == Int(CAIRO_STATUS_WRITE_ERROR.rawValue))
        #expect(Int(EVENTMAP_CAIRO_PDF_METADATA_CREATOR) == Int(CAIRO_PDF_METADATA_CREATOR.rawValue))
        #expect(MemoryLayout<eventmap_cairo_status>.size == MemoryLayout<cairo_status_t>.size)
        #expect(MemoryLayout<eventmap_gerror>.size == MemoryLayout<GError>.size)
        #expect(MemoryLayout<eventmap_gerror>.offset(of: \.code) == MemoryLayout<GError>.offset(of: \.code))
        #expect(MemoryLayout<eventmap_gerror>.offset(of: \.message) == MemoryLayout<GError>.offset(of: \.message))
        #expect(MemoryLayout<eventmap_rsvg_rectangle>.size == MemoryLayout<RsvgRectangle>.size)
        #expect(MemoryLayout<eventmap_rsvg_rectangle>.offset(of: \.height) == MemoryLayout<RsvgRectangle>.offset(of: \.height))
        // gsize (the SVG's length) is size_t, gboolean (the functions' answers) an int.
        #expect(MemoryLayout<gsize>.size == MemoryLayout<Int>.size)
        #expect(MemoryLayout<gboolean>.size == MemoryLayout<Int32>.size)
    }

    @Test func everyFunctionIsFound() {
        var error: UnsafePointer<CChar>?
        let table = eventmap_rsvg_load(&error)
        #expect(table != nil, "\(error.map { String(cString: $0) } ?? "")")
        #expect(error == nil)
    }
}
