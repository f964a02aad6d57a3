// libpq, PostgreSQL's client library, reached through dlopen like GDAL (see eventmap_gdal.h):
// only `postgresql://` inputs and outputs need it, so a Spark worker or a laptop without
// libpq5 still runs every other command. The types come from libpq-fe.h (libpq-dev).
#ifndef EVENTMAP_PQ_LOADER_H
#define EVENTMAP_PQ_LOADER_H

#if __has_include(<libpq-fe.h>)
#include <libpq-fe.h>
#else
#include "/usr/include/postgresql/libpq-fe.h"
#endif

/// Every libpq function EventMap calls, once.
#define EVENTMAP_PQ_FUNCTIONS(X) \
    X(PQconnectdb) \
    X(PQstatus) \
    X(PQerrorMessage) \
    X(PQfinish) \
    X(PQexec) \
    X(PQexecParams) \
    X(PQresultStatus) \
    X(PQresultErrorMessage) \
    X(PQclear) \
    X(PQntuples) \
    X(PQnfields) \
    X(PQfname) \
    X(PQftype) \
    X(PQgetvalue) \
    X(PQgetisnull) \
    X(PQputCopyData) \
    X(PQputCopyEnd) \
    X(PQgetResult) \
    X(PQsendQueryParams) \
    X(PQsetSingleRowMode) \
    X(PQescapeIdentifier) \
    X(PQfreemem) \
    X(PQserverVersion) \
    X(PQcmdTuples) \

/// libpq's functions, each field named and typed as the function it points to.
typedef struct eventmap_pq {
#define EVENTMAP_PQ_FIELD(name) __typeof__(&name) _Nonnull name;
    EVENTMAP_PQ_FUNCTIONS(EVENTMAP_PQ_FIELD)
#undef EVENTMAP_PQ_FIELD
} eventmap_pq;

/// Loads libpq (libpq.so.5) and resolves every function; NULL when it is missing, with the
/// reason in `error` (static text). Done once, safe from several threads.
const eventmap_pq *_Nullable eventmap_pq_load(const char *_Nullable *_Nonnull error);

#endif
