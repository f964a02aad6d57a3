#ifndef EVENTMAP_CSV_SCAN_H
#define EVENTMAP_CSV_SCAN_H

#include <stddef.h>
#include <stdint.h>

/// Marks where CSV fields and records end, 64 bytes at a time with the machine's vector
/// comparisons (SSE2 on x86-64, NEON on ARM; written with clang's portable vector types).
///
/// For each 64-byte block b of `bytes` (`blocks` of them, 64 × `blocks` bytes readable), bit k of
/// `newlines[b]` is set when byte 64b + k is a line feed outside quotes, and bit k of
/// `separators[b]` when it is `separator` outside quotes (a separator equal to the line feed counts
/// as a line feed). A byte is inside quotes when an odd number of quotes come before it: an opening
/// quote, a doubled quote inside a cell and a closing quote each toggle the state, so doubled
/// quotes cancel out. `*inside` carries the state between calls: 0 outside quotes, all ones
/// inside; it is updated to the state after the last block.
void eventmap_csv_split_marks(const uint8_t *bytes, size_t blocks, uint8_t separator, uint64_t *separators, uint64_t *newlines, uint64_t *inside);

#endif
