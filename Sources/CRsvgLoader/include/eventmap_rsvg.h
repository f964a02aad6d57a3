// librsvg and cairo reached through dlopen: EventMap does not link librsvg, whose shared
// libraries (cairo, pango, harfbuzz, X11 and 30 more) cost every run, a border query included,
// about 9 ms before its first instruction (measured on Debian 12: an empty C program started in
// 9.7 ms linked with them and 0.9 ms without). `render -o map.png` and `map.pdf` load it the first
// time they draw. librsvg's headers need include paths that only pkg-config knows, so the few
// types used are declared here as the public headers define them (stable ABI: GLib 2, cairo
// 1.10, librsvg 2.52); a test compares every one with the real headers.
#ifndef EVENTMAP_RSVG_LOADER_H
#define EVENTMAP_RSVG_LOADER_H

#include <stddef.h>
#include <stdint.h>

/// RsvgHandle, cairo_surface_t and cairo_t: used only through pointers.
typedef struct eventmap_rsvg_handle eventmap_rsvg_handle;
typedef struct eventmap_cairo_surface eventmap_cairo_surface;
typedef struct eventmap_cairo eventmap_cairo;

/// GError: an error's domain (a GQuark), code and message.
typedef struct eventmap_gerror {
    uint32_t domain;
    int32_t code;
    char *_Nullable message;
} eventmap_gerror;

/// RsvgRectangle: where a document is drawn, in the surface's units.
typedef struct eventmap_rsvg_rectangle {
    double x, y, width, height;
} eventmap_rsvg_rectangle;

/// cairo_status_t, and cairo_write_func_t (what cairo calls with each piece of a PNG or PDF).
typedef int eventmap_cairo_status;
typedef eventmap_cairo_status (*eventmap_cairo_write_func)(void *_Nullable closure, const unsigned char *_Nullable data, unsigned int length);

/// The values of cairo's enums that EventMap passes or checks.
enum {
    EVENTMAP_CAIRO_FORMAT_ARGB32 = 0,            // CAIRO_FORMAT_ARGB32
    EVENTMAP_CAIRO_STATUS_SUCCESS = 0,           // CAIRO_STATUS_SUCCESS
    EVENTMAP_CAIRO_STATUS_WRITE_ERROR = 11,      // CAIRO_STATUS_WRITE_ERROR
    EVENTMAP_CAIRO_PDF_METADATA_CREATOR = 4,     // CAIRO_PDF_METADATA_CREATOR
};

/// Every function EventMap calls, typed as librsvg's, GLib's and cairo's headers declare them.
typedef struct eventmap_rsvg {
    eventmap_rsvg_handle *_Nullable (*_Nonnull rsvg_handle_new_from_data)(const uint8_t *_Nullable data, size_t length, eventmap_gerror *_Nullable *_Nullable error);
    int (*_Nonnull rsvg_handle_get_intrinsic_size_in_pixels)(eventmap_rsvg_handle *_Nonnull handle, double *_Nullable width, double *_Nullable height);
    int (*_Nonnull rsvg_handle_render_document)(
        eventmap_rsvg_handle *_Nonnull handle, eventmap_cairo *_Nonnull cairo, const eventmap_rsvg_rectangle *_Nonnull viewport, eventmap_gerror *_Nullable *_Nullable error);
    void (*_Nonnull g_object_unref)(void *_Nonnull object);
    void (*_Nonnull g_error_free)(eventmap_gerror *_Nonnull error);
    eventmap_cairo_surface *_Nullable (*_Nonnull cairo_image_surface_create)(int format, int width, int height);
    eventmap_cairo_surface *_Nullable (*_Nonnull cairo_pdf_surface_create_for_stream)(
        eventmap_cairo_write_func _Nullable write, void *_Nullable closure, double width, double height);
    void (*_Nonnull cairo_pdf_surface_set_metadata)(eventmap_cairo_surface *_Nonnull surface, int metadata, const char *_Nonnull utf8);
    eventmap_cairo_status (*_Nonnull cairo_surface_write_to_png_stream)(eventmap_cairo_surface *_Nonnull surface, eventmap_cairo_write_func _Nullable write, void *_Nullable closure);
    void (*_Nonnull cairo_surface_finish)(eventmap_cairo_surface *_Nonnull surface);
    eventmap_cairo_status (*_Nonnull cairo_surface_status)(eventmap_cairo_surface *_Nonnull surface);
    void (*_Nonnull cairo_surface_destroy)(eventmap_cairo_surface *_Nonnull surface);
    eventmap_cairo *_Nullable (*_Nonnull cairo_create)(eventmap_cairo_surface *_Nonnull surface);
    void (*_Nonnull cairo_destroy)(eventmap_cairo *_Nonnull cairo);
    const char *_Nonnull (*_Nonnull cairo_status_to_string)(eventmap_cairo_status status);
} eventmap_rsvg;

/// Loads librsvg (librsvg-2.so.2, which brings cairo, GObject and GLib) and resolves every
/// function; NULL when it is missing or lacks one, with the reason in `error` (static text).
/// Safe to call from several threads; the work is done once.
const eventmap_rsvg *_Nullable eventmap_rsvg_load(const char *_Nullable *_Nonnull error);

#endif
