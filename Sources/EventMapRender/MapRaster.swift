import CRsvgLoader
import Foundation

/// PNG and PDF from the SVG `render` draws, through librsvg (which draws SVG with cairo) and
/// cairo's PNG and PDF writers: one drawing in three formats, no second renderer to disagree.
/// librsvg is loaded the first time a map is drawn (see `eventmap_rsvg.h`), not at every start.
///
/// Sizes: the SVG's pixels are CSS pixels, 96 to the inch. A PNG at `dpi` has `dpi / 96` image
/// pixels per SVG pixel (96 dpi: the SVG's own size; 300 dpi: print quality, 3.125 times as many
/// per side). A PDF page is the SVG's size in points (72 to the inch: 1,200 px are 900 pt,
/// 12.5 inches) and stays vector; cairo embeds the fonts it used, as subsets.
public enum MapRaster {
    /// What the PNG and PDF writers can make.
    public enum Format: String, Sendable, CaseIterable {
        case png, pdf
    }

    /// The PNG of `svg` at `dpi` (dots per inch; 96 keeps the SVG's pixel size).
    /// - Throws: ``RenderError/invalidOption(_:)`` for a resolution out of range or an image too
    ///   large; ``RenderError/raster(_:)`` when librsvg or cairo fail.
    public static func png(_ svg: String, dpi: Double = 96) throws(RenderError) -> [UInt8] {
        guard dpi.isFinite, dpiRange.contains(dpi) else {
            throw .invalidOption("--dpi must be between \(Int(dpiRange.lowerBound)) and \(Int(dpiRange.upperBound)) (96 keeps the SVG's size; 300 for print)")
        }
        let rsvg = try library()
        let document = try Document(svg, rsvg)
        defer { document.release() }
        let scale = dpi / 96
        let width = Int((document.width * scale).rounded(.up)), height = Int((document.height * scale).rounded(.up))
        guard width > 0, height > 0, width * height <= maximumPixels else {
            throw .invalidOption(
                "a \(width)×\(height) PNG is too large (at most \(maximumPixels / 1_000_000) million pixels): lower --dpi or --width, or write PDF or SVG")
        }
        guard let surface = rsvg.cairo_image_surface_create(Int32(EVENTMAP_CAIRO_FORMAT_ARGB32), Int32(width), Int32(height)) else {
            throw .raster("cairo could not make an image")
        }
        defer { rsvg.cairo_surface_destroy(surface) }
        try document.draw(on: surface, width: Double(width), height: Double(height))
        let sink = ByteSink()
        let status = rsvg.cairo_surface_write_to_png_stream(surface, ByteSink.write, Unmanaged.passUnretained(sink).toOpaque())
        guard status == EVENTMAP_CAIRO_STATUS_SUCCESS else { throw .raster("cairo could not write PNG: " + String(cString: rsvg.cairo_status_to_string(status))) }
        return sink.bytes
    }

    /// The PDF of `svg`: one page the size of the SVG (in points), vector, fonts embedded.
    public static func pdf(_ svg: String) throws(RenderError) -> [UInt8] {
        let rsvg = try library()
        let document = try Document(svg, rsvg)
        defer { document.release() }
        let points = 72.0 / 96.0
        let sink = ByteSink()
        guard
            let surface = rsvg.cairo_pdf_surface_create_for_stream(
                ByteSink.write, Unmanaged.passUnretained(sink).toOpaque(), document.width * points, document.height * points)
        else { throw .raster("cairo could not start a PDF") }
        // The creation date would make two runs differ; the producer says who drew it.
        rsvg.cairo_pdf_surface_set_metadata(surface, Int32(EVENTMAP_CAIRO_PDF_METADATA_CREATOR), "EventMap")
        do {
            try document.draw(on: surface, width: document.width * points, height: document.height * points)
        } catch {
            rsvg.cairo_surface_destroy(surface)
            throw error
        }
        rsvg.cairo_surface_finish(surface)
        let status = rsvg.cairo_surface_status(surface)
        rsvg.cairo_surface_destroy(surface)
        guard status == EVENTMAP_CAIRO_STATUS_SUCCESS else { throw .raster("cairo could not write PDF: " + String(cString: rsvg.cairo_status_to_string(status))) }
        return sink.bytes
    }

    /// The resolutions `--dpi` accepts.
    public static let dpiRange: ClosedRange<Double> = 24...1200
    /// The largest PNG made, in pixels (a 20,000 px wide map at 300 dpi would be 3.9 billion):
    /// 400 million, 1.6 GB of image memory.
    public static let maximumPixels = 400_000_000

    /// librsvg's and cairo's functions, loaded on first use, or why they could not be.
    private static let loaded: Result<eventmap_rsvg, RenderError> = {
        var error: UnsafePointer<CChar>?
        guard let table = eventmap_rsvg_load(&error)?.pointee else {
            return .failure(.raster(error.map { String(cString: $0) } ?? "librsvg could not be loaded"))
        }
        return .success(table)
    }()

    private static func library() throws(RenderError) -> eventmap_rsvg { try loaded.get() }

    /// An SVG parsed by librsvg, with its size in SVG pixels.
    private final class Document {
        let rsvg: eventmap_rsvg
        let handle: OpaquePointer
        let width: Double
        let height: Double

        init(_ svg: String, _ rsvg: eventmap_rsvg) throws(RenderError) {
            self.rsvg = rsvg
            var error: UnsafeMutablePointer<eventmap_gerror>?
            let bytes = Array(svg.utf8)
            let made = bytes.withUnsafeBufferPointer { rsvg.rsvg_handle_new_from_data($0.baseAddress, $0.count, &error) }
            guard let handle = made else { throw .raster("librsvg could not read the map's SVG: " + Self.message(error, rsvg)) }
            var width = 0.0, height = 0.0
            guard rsvg.rsvg_handle_get_intrinsic_size_in_pixels(handle, &width, &height) != 0, width > 0, height > 0 else {
                rsvg.g_object_unref(UnsafeMutableRawPointer(handle))
                throw .raster("the map's SVG has no size in pixels")
            }
            self.handle = handle
            self.width = width
            self.height = height
        }

        func release() { rsvg.g_object_unref(UnsafeMutableRawPointer(handle)) }

        /// Draws the whole document to fill `width` × `height` of `surface` (its own units).
        func draw(on surface: OpaquePointer, width: Double, height: Double) throws(RenderError) {
            guard let context = rsvg.cairo_create(surface) else { throw .raster("cairo could not draw") }
            defer { rsvg.cairo_destroy(context) }
            var viewport = eventmap_rsvg_rectangle(x: 0, y: 0, width: width, height: height)
            var error: UnsafeMutablePointer<eventmap_gerror>?
            guard rsvg.rsvg_handle_render_document(handle, context, &viewport, &error) != 0 else {
                throw .raster("librsvg could not draw the map: " + Self.message(error, rsvg))
            }
        }

        static func message(_ error: UnsafeMutablePointer<eventmap_gerror>?, _ rsvg: eventmap_rsvg) -> String {
            guard let error else { return "unknown error" }
            defer { rsvg.g_error_free(error) }
            return error.pointee.message.map { String(cString: $0) } ?? "unknown error"
        }
    }

    /// Collects what cairo writes.
    private final class ByteSink {
        var bytes: [UInt8] = []

        static let write: eventmap_cairo_write_func = { closure, data, length in
            guard let closure, let data else { return eventmap_cairo_status(EVENTMAP_CAIRO_STATUS_WRITE_ERROR) }
            let sink = Unmanaged<ByteSink>.fromOpaque(closure).takeUnretainedValue()
            sink.bytes.append(contentsOf: UnsafeBufferPointer(start: data, count: Int(length)))
            return eventmap_cairo_status(EVENTMAP_CAIRO_STATUS_SUCCESS)
        }
    }
}
