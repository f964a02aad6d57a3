#include "eventmap_gdal.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>

static eventmap_gdal table;
static const eventmap_gdal *loaded = NULL;
static char reason[512] = "GDAL was not loaded";
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void load(void) {
    static const char *const names[] = {"libgdal.so", "libgdal.so.32", "libgdal.so.33", "libgdal.so.34", "libgdal.so.31"};
    void *library = NULL;
    for (size_t i = 0; i < sizeof names / sizeof names[0] && library == NULL; i++) {
        library = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
    }
    if (library == NULL) {
        snprintf(reason, sizeof reason, "GDAL is not installed on this machine (Debian: apt install libgdal32); %s", dlerror());
        return;
    }
#define EVENTMAP_GDAL_RESOLVE(name)                                                                   \
    *(void **)&table.name = dlsym(library, #name);                                                    \
    if (*(void **)&table.name == NULL) {                                                              \
        snprintf(reason, sizeof reason, "the installed GDAL has no function %s (GDAL 3.1 or later is needed)", #name); \
        return;                                                                                       \
    }
    EVENTMAP_GDAL_FUNCTIONS(EVENTMAP_GDAL_RESOLVE)
#undef EVENTMAP_GDAL_RESOLVE
    loaded = &table;
}

const eventmap_gdal *eventmap_gdal_load(const char **error) {
    pthread_once(&once, load);
    *error = loaded ? NULL : reason;
    return loaded;
}
