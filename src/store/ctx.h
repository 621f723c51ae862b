/* ctx.h - the library context behind the opaque migdip_ctx: the store handle and the last
 * error. Internal to the library (io and the public API functions). */
#ifndef MG_CTX_H
#define MG_CTX_H

#include <sqlite3.h>
#include "util/err.h"

struct migdip_ctx {
    sqlite3 *db;
    char *db_path;
    mg_err err;
};

#endif
