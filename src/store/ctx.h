/* ctx.h - the library context behind the opaque migdip_ctx: the store handle and the last
 * error. Internal to the library (io and the public API functions). */
#ifndef MG_CTX_H
#define MG_CTX_H

#include <sqlite3.h>
#include <stdint.h>
#include "store/country.h"
#include "store/store.h"
#include "util/err.h"

/* When something read from the store was read: it is still valid while the store is unchanged
 * (PRAGMA data_version: no other connection has committed; sqlite3_total_changes64: this one
 * has not written). */
typedef struct mg_ctx_stamp {
    int64_t version, changes;
} mg_ctx_stamp;

struct migdip_ctx {
    sqlite3 *db;
    char *db_path;
    mg_err err;
    mg_country_map *countries;     /* the country map, kept between calls (mg_ctx_country_map) */
    mg_ctx_stamp countries_read;
    char *vintages;                /* the vintages' summary, kept between calls (mg_ctx_vintages) */
    mg_ctx_stamp vintages_read;
    mg_store_stmts stmts;          /* statements kept prepared (store.h), finalized at close */
};

/* The store's country map, loaded once and kept while the store is unchanged: reloaded when
 * another connection has committed (PRAGMA data_version) or this one has written
 * (sqlite3_total_changes64). Borrowed: valid until the next call or migdip_ctx_close. Resolving
 * a name otherwise reads the whole map each time (milliseconds; a server resolves per request). */
migdip_status mg_ctx_country_map(migdip_ctx *ctx, const mg_country_map **out);
/* Every vintage of the store in one line (id, sha256, import time and rows of each, by id), and
 * their number: what the model cache's key names of the data. Kept as the country map is
 * (a trajectory asks once a year). Borrowed, like the map. */
migdip_status mg_ctx_vintages(migdip_ctx *ctx, const char **out, int *count);

#endif
