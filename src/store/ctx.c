/* ctx.c - opening and closing the library context. */
#include "store/ctx.h"

#include <stdlib.h>
#include <string.h>

#include "store/store.h"

migdip_status migdip_ctx_open(const char *db_path, migdip_ctx **out)
{
    migdip_ctx *ctx = calloc(1, sizeof *ctx);
    *out = ctx;
    if (!ctx)
        return MIGDIP_ERR_NOMEM;
    if (!db_path || !*db_path)
        return mg_err_set(&ctx->err, MIGDIP_ERR_USAGE, "no store path given");
    if (!(ctx->db_path = strdup(db_path)))
        return mg_err_set(&ctx->err, MIGDIP_ERR_NOMEM, "out of memory");
    return mg_store_open(db_path, &ctx->db, &ctx->err);
}

void migdip_ctx_close(migdip_ctx *ctx)
{
    if (!ctx)
        return;
    mg_country_map_free(ctx->countries);
    mg_store_stmts_free(&ctx->stmts);
    mg_store_close(ctx->db);
    free(ctx->db_path);
    free(ctx);
}

const char *migdip_ctx_errmsg(const migdip_ctx *ctx)
{
    if (!ctx)
        return "out of memory";
    if (ctx->err.msg[0])
        return ctx->err.msg;
    return migdip_status_str(ctx->err.status);
}

void migdip_free(void *p) { free(p); }

migdip_status mg_ctx_country_map(migdip_ctx *ctx, const mg_country_map **out)
{
    int64_t version = -1, changes = sqlite3_total_changes64(ctx->db);
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(ctx->db, "PRAGMA data_version", -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
        version = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    if (ctx->countries && version >= 0 && version == ctx->countries_version && changes == ctx->countries_changes) {
        *out = ctx->countries;
        return MIGDIP_OK;
    }
    mg_country_map_free(ctx->countries);
    ctx->countries = NULL;
    migdip_status rc = mg_country_map_load(ctx->db, &ctx->countries, &ctx->err);
    if (rc)
        return rc;
    ctx->countries_version = version;
    ctx->countries_changes = changes;
    *out = ctx->countries;
    return MIGDIP_OK;
}
