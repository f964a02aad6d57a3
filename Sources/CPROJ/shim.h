// PROJ's transformation API and Karney's geodesic routines (geodesic.h).
#include <proj.h>
#include <geodesic.h>
