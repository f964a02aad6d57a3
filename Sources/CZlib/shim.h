// zlib's inflate, for reading .gz and .zip inputs as streams (Debian's zlib1g-dev).
#include <zlib.h>

// inflateInit2 is a macro; Swift sees this function instead.
static inline int eventmap_inflate_init(z_stream *stream, int window_bits) {
    return inflateInit2(stream, window_bits);
}
