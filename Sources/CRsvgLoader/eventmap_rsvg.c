#include "eventmap_rsvg.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>

static eventmap_rsvg table;
static const eventmap_rsvg *loaded = NULL;
static char reason[512] = "librsvg was not loaded";
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void load(void) {
    void *library = dlopen("librsvg-2.so.2", RTLD_NOW | RTLD_LOCAL);
    if (library == NULL) {
        snprintf(reason, sizeof reason, "librsvg is not installed on this machine (Debian: apt install librsvg2-2); %s", dlerror());
        return;
    }
    // dlsym on librsvg's handle also finds the functions of what it depends on (cairo, GObject, GLib).
#define EVENTMAP_RSVG_RESOLVE(name)                                                                         \
    *(void **)&table.name = dlsym(library, #name);                                                          \
    if (*(void **)&table.name == NULL) {                                                                    \
        snprintf(reason, sizeof reason, "the installed librsvg or cairo has no function %s (librsvg 2.52 or later is needed)", #name); \
        return;                                                                                             \
    }
    EVENTMAP_RSVG_RESOLVE(rsvg_handle_new_from_data)
    EVENTMAP_RSVG_RESOLVE(rsvg_handle_get_intrinsic_size_in_pixels)
    EVENTMAP_RSVG_RESOLVE(rsvg_handle_render_document)
    EVENTMAP_RSVG_RESOLVE(g_object_unref)
    EVENTMAP_RSVG_RESOLVE(g_error_free)
    EVENTMAP_RSVG_RESOLVE(cairo_image_surface_create)
    EVENTMAP_RSVG_RESOLVE(cairo_pdf_surface_create_for_stream)
    EVENTMAP_RSVG_RESOLVE(cairo_pdf_surface_set_metadata)
    EVENTMAP_RSVG_RESOLVE(cairo_surface_write_to_png_stream)
    EVENTMAP_RSVG_RESOLVE(cairo_surface_finish)
    EVENTMAP_RSVG_RESOLVE(cairo_surface_status)
    EVENTMAP_RSVG_RESOLVE(cairo_surface_destroy)
    EVENTMAP_RSVG_RESOLVE(cairo_create)
    EVENTMAP_RSVG_RESOLVE(cairo_destroy)
    EVENTMAP_RSVG_RESOLVE(cairo_status_to_string)
#undef EVENTMAP_RSVG_RESOLVE
    loaded = &table;
}

const eventmap_rsvg *eventmap_rsvg_load(const char **error) {
    pthread_once(&once, load);
    *error = loaded ? NULL : reason;
    return loaded;
}
