#include "eventmap_pq.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>

static eventmap_pq table;
static const eventmap_pq *loaded = NULL;
static char reason[512] = "libpq was not loaded";
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void load(void) {
    void *library = dlopen("libpq.so.5", RTLD_NOW | RTLD_LOCAL);
    if (library == NULL) library = dlopen("libpq.so", RTLD_NOW | RTLD_LOCAL);
    if (library == NULL) {
        snprintf(reason, sizeof reason, "PostgreSQL's client library is not installed (Debian: apt install libpq5); %s", dlerror());
        return;
    }
#define EVENTMAP_PQ_RESOLVE(name)                                                               \
    *(void **)&table.name = dlsym(library, #name);                                              \
    if (*(void **)&table.name == NULL) {                                                        \
        snprintf(reason, sizeof reason, "the installed libpq has no function %s", #name);       \
        return;                                                                                 \
    }
    EVENTMAP_PQ_FUNCTIONS(EVENTMAP_PQ_RESOLVE)
#undef EVENTMAP_PQ_RESOLVE
    loaded = &table;
}

const eventmap_pq *eventmap_pq_load(const char **error) {
    pthread_once(&once, load);
    *error = loaded ? NULL : reason;
    return loaded;
}
