// GDAL's C API reached through dlopen: EventMap does not link libgdal, whose 115 shared
// libraries would cost every run about 0.12 s and 36 MB before its first instruction (measured
// on Debian 12 with a two-line C program linked with and without -lgdal). The first use of a
// format only GDAL reads loads it; the fast paths never do. The types and constants come from
// GDAL's own headers (libgdal-dev), the functions from this table.
#ifndef EVENTMAP_GDAL_LOADER_H
#define EVENTMAP_GDAL_LOADER_H

// Debian's libgdal-dev puts the headers in /usr/include/gdal, which is not on the search path;
// GDAL's headers include one another with quotes, so the absolute path is enough.
#if __has_include(<gdal.h>)
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>
#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_vsi.h>
#else
#include "/usr/include/gdal/gdal.h"
#include "/usr/include/gdal/ogr_api.h"
#include "/usr/include/gdal/ogr_srs_api.h"
#include "/usr/include/gdal/cpl_conv.h"
#include "/usr/include/gdal/cpl_error.h"
#include "/usr/include/gdal/cpl_vsi.h"
#endif

/// Every GDAL function EventMap calls, once: the table's fields and the loader's dlsym calls.
#define EVENTMAP_GDAL_FUNCTIONS(X) \
    X(CPLErrorReset) \
    X(CPLGetLastErrorMsg) \
    X(CPLGetLastErrorType) \
    X(CPLSetErrorHandler) \
    X(GDALAllRegister) \
    X(GDALClose) \
    X(GDALCreate) \
    X(GDALDatasetCreateLayer) \
    X(GDALDatasetGetLayer) \
    X(GDALDatasetGetLayerCount) \
    X(GDALGetDriver) \
    X(GDALGetDriverByName) \
    X(GDALGetDriverCount) \
    X(GDALGetDriverLongName) \
    X(GDALGetDriverShortName) \
    X(GDALGetMetadataItem) \
    X(GDALIdentifyDriverEx) \
    X(GDALOpenEx) \
    X(GDALVersionInfo) \
    X(OCTDestroyCoordinateTransformation) \
    X(OCTNewCoordinateTransformation) \
    X(OCTTransformEx) \
    X(OGR_FD_GetFieldCount) \
    X(OGR_FD_GetFieldDefn) \
    X(OGR_FD_GetGeomFieldCount) \
    X(OGR_F_Create) \
    X(OGR_F_Destroy) \
    X(OGR_F_GetFieldAsDateTimeEx) \
    X(OGR_F_GetFieldAsDouble) \
    X(OGR_F_GetFieldAsDoubleList) \
    X(OGR_F_GetFieldAsInteger) \
    X(OGR_F_GetFieldAsInteger64) \
    X(OGR_F_GetFieldAsInteger64List) \
    X(OGR_F_GetFieldAsIntegerList) \
    X(OGR_F_GetFieldAsString) \
    X(OGR_F_GetFieldAsStringList) \
    X(OGR_F_GetGeometryRef) \
    X(OGR_F_IsFieldNull) \
    X(OGR_F_IsFieldSet) \
    X(OGR_F_SetFieldDateTime) \
    X(OGR_F_SetFieldDouble) \
    X(OGR_F_SetFieldInteger) \
    X(OGR_F_SetFieldInteger64) \
    X(OGR_F_SetFieldNull) \
    X(OGR_F_SetFieldString) \
    X(OGR_F_SetGeometryDirectly) \
    X(OGR_Fld_Create) \
    X(OGR_Fld_Destroy) \
    X(OGR_Fld_GetNameRef) \
    X(OGR_Fld_GetSubType) \
    X(OGR_Fld_GetType) \
    X(OGR_Fld_SetSubType) \
    X(OGR_Fld_SetWidth) \
    X(OGR_G_Clone) \
    X(OGR_G_CreateFromWkb) \
    X(OGR_G_DestroyGeometry) \
    X(OGR_G_ExportToIsoWkb) \
    X(OGR_G_ExportToWkt) \
    X(OGR_G_FlattenTo2D) \
    X(OGR_G_GetLinearGeometry) \
    X(OGR_G_HasCurveGeometry) \
    X(OGR_G_IsEmpty) \
    X(OGR_G_Transform) \
    X(OGR_G_WkbSize) \
    X(OGR_L_CommitTransaction) \
    X(OGR_L_CreateFeature) \
    X(OGR_L_CreateField) \
    X(OGR_L_GetExtent) \
    X(OGR_L_GetFeatureCount) \
    X(OGR_L_GetLayerDefn) \
    X(OGR_L_GetName) \
    X(OGR_L_GetNextFeature) \
    X(OGR_L_GetSpatialRef) \
    X(OGR_L_StartTransaction) \
    X(OSRClone) \
    X(OSRDestroySpatialReference) \
    X(OSRGetAuthorityCode) \
    X(OSRGetAuthorityName) \
    X(OSRGetName) \
    X(OSRIsGeographic) \
    X(OSRIsSameGeogCS) \
    X(OSRNewSpatialReference) \
    X(OSRSetAxisMappingStrategy) \
    X(OSRSetFromUserInput) \
    X(VSIFCloseL) \
    X(VSIFOpenL) \
    X(VSIFWriteL) \
    X(VSIFree) \
    X(CPLQuietErrorHandler) \

/// GDAL's functions, each field named and typed as the function it points to.
typedef struct eventmap_gdal {
#define EVENTMAP_GDAL_FIELD(name) __typeof__(&name) _Nonnull name;
    EVENTMAP_GDAL_FUNCTIONS(EVENTMAP_GDAL_FIELD)
#undef EVENTMAP_GDAL_FIELD
} eventmap_gdal;

/// Loads libgdal (the first of libgdal.so, libgdal.so.32, .33, .34, .31 found) and resolves every
/// function; NULL when GDAL is missing or lacks one, with the reason in `error` (static text).
/// Safe to call from several threads; the work is done once.
const eventmap_gdal *_Nullable eventmap_gdal_load(const char *_Nullable *_Nonnull error);

#endif
