#include "eventmap_csv_scan.h"

#include <string.h>

typedef uint8_t bytes64 __attribute__((ext_vector_type(64)));
typedef _Bool bits64 __attribute__((ext_vector_type(64)));

/// Bit k set where lane k of `block` equals `value`.
static inline uint64_t equal_bits(bytes64 block, uint8_t value) {
    bits64 lanes = __builtin_convertvector(block == value, bits64);
    uint64_t bits;
    memcpy(&bits, &lanes, sizeof bits);
    return bits;
}

/// Bit k set when an odd number of bits at or below k are set in `x`.
static inline uint64_t prefix_xor(uint64_t x) {
    x ^= x << 1;
    x ^= x << 2;
    x ^= x << 4;
    x ^= x << 8;
    x ^= x << 16;
    x ^= x << 32;
    return x;
}

void eventmap_csv_split_marks(const uint8_t *bytes, size_t blocks, uint8_t separator, uint64_t *separators, uint64_t *newlines, uint64_t *inside) {
    uint64_t state = *inside;
    for (size_t b = 0; b < blocks; b++) {
        bytes64 block;
        memcpy(&block, bytes + 64 * b, 64);
        // A quote's own bit counts as inside for an opening quote and outside for a closing one;
        // quotes are not marked, so either is right.
        uint64_t quoted = prefix_xor(equal_bits(block, '"')) ^ state;
        uint64_t lineEnds = equal_bits(block, '\n') & ~quoted;
        newlines[b] = lineEnds;
        separators[b] = equal_bits(block, separator) & ~quoted & ~lineEnds;
        state = (uint64_t)((int64_t)quoted >> 63);
    }
    *inside = state;
}
