/* ctx.h - the library context behind the opaque migdip_ctx: the store handle and the last
 * error. Internal to the library (io and the public API functions). */
#ifndef MG_CTX_H
#define MG_CTX_H

#include <sqlite3.h>
#include <stdint.h>
#include "store/country.h"
#include "store/store.h"
#include "util/err.h"

struct migdip_ctx {
    sqlite3 *db;
    char *db_path;
    mg_err err;
    mg_country_map *countries;     /* the country map, kept between calls (mg_ctx_country_map) */
    int64_t countries_version, countries_changes;
    mg_store_stmts stmts;          /* statements kept prepared (store.h), finalized at close */
};

/* The store's country map, loaded once and kept while the store is unchanged: reloaded when
 * another connection has committed (PRAGMA data_version) or this one has written
 * (sqlite3_total_changes64). Borrowed: valid until the next call or migdip_ctx_close. Resolving
 * a name otherwise reads the whole map each time (milliseconds; a server resolves per request). */
migdip_status mg_ctx_country_map(migdip_ctx *ctx, const mg_country_map **out);

#endif
