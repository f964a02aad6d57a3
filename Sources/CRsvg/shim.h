// librsvg draws SVG through cairo, which writes PNG and PDF (Debian's librsvg2-dev, libcairo2-dev).
// Maps become PNG and PDF from the very SVG `render` writes: one drawing, three formats.
#include <librsvg/rsvg.h>
#include <cairo.h>
#include <cairo-pdf.h>
