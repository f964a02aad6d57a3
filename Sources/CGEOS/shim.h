// Only the reentrant (_r) GEOS C API compiles: one context per thread.
#define GEOS_USE_ONLY_R_API
#include <geos_c.h>
