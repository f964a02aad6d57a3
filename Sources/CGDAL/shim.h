// GDAL's C API (Debian libgdal-dev): datasets and drivers, OGR features and geometries,
// spatial references and coordinate transformations (which GDAL runs through PROJ).
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>
#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_string.h>
#include <cpl_vsi.h>
