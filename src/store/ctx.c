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
