/* ctx.c - opening and closing the library context. */
#include "store/ctx.h"

#include <stdbool.h>
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
    free(ctx->vintages);
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

/* The store's state now; true when it is that of *read (and *read was set). */
static bool store_unchanged(sqlite3 *db, bool have, const mg_ctx_stamp *read, mg_ctx_stamp *now)
{
    now->version = -1;
    now->changes = sqlite3_total_changes64(db);
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, "PRAGMA data_version", -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
        now->version = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return have && now->version >= 0 && now->version == read->version && now->changes == read->changes;
}

migdip_status mg_ctx_country_map(migdip_ctx *ctx, const mg_country_map **out)
{
    mg_ctx_stamp now;
    if (store_unchanged(ctx->db, ctx->countries != NULL, &ctx->countries_read, &now)) {
        *out = ctx->countries;
        return MIGDIP_OK;
    }
    mg_country_map_free(ctx->countries);
    ctx->countries = NULL;
    migdip_status rc = mg_country_map_load(ctx->db, &ctx->countries, &ctx->err);
    if (rc)
        return rc;
    ctx->countries_read = now;
    *out = ctx->countries;
    return MIGDIP_OK;
}

migdip_status mg_ctx_vintages(migdip_ctx *ctx, const char **out, int *count)
{
    mg_ctx_stamp now;
    if (!store_unchanged(ctx->db, ctx->vintages != NULL, &ctx->vintages_read, &now)) {
        free(ctx->vintages);
        ctx->vintages = NULL;
        sqlite3_stmt *st = NULL;
        migdip_status rc = mg_store_prepare(
            ctx->db,
            "SELECT count(*) || ':' || ifnull(group_concat(id || ' ' || sha256 || ' ' || imported_at || ' ' || rows, ';'), '')"
            " FROM (SELECT * FROM vintage ORDER BY id)",
            &st, &ctx->err);
        if (rc)
            return rc;
        const unsigned char *t = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_text(st, 0) : NULL;
        ctx->vintages = t ? strdup((const char *)t) : NULL;
        rc = ctx->vintages ? MIGDIP_OK
             : t ? mg_err_set(&ctx->err, MIGDIP_ERR_NOMEM, "out of memory")
                 : mg_store_db_error(ctx->db, &ctx->err, "read");
        sqlite3_finalize(st);
        if (rc)
            return rc;
        ctx->vintages_read = now;
    }
    *out = ctx->vintages;
    *count = atoi(ctx->vintages);
    return MIGDIP_OK;
}
