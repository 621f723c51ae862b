/* blocs.c - the blocs a model knows, listed (migdip_blocs_get): the store's blocs (the
 * registry, docs/registry.md), each resolved on the model as migdip_actor_resolve resolves it,
 * so with its members at the model's year; a bloc without members that year is left out. */
#include <stdlib.h>
#include <string.h>

#include "store/ctx.h"
#include "store/store.h"
#include "util/grow.h"

void migdip_blocs_free(migdip_blocs *b)
{
    if (!b)
        return;
    free(b->v);
    free(b);
}

migdip_status migdip_blocs_get(migdip_ctx *ctx, const migdip_model *m, migdip_blocs **out)
{
    *out = NULL;
    migdip_blocs *b = calloc(1, sizeof *b);
    if (!b)
        return mg_err_set(&ctx->err, MIGDIP_ERR_NOMEM, "out of memory");
    sqlite3_stmt *st = NULL;
    migdip_status rc = mg_store_prepare(ctx->db, "SELECT name FROM bloc ORDER BY name", &st, &ctx->err);
    size_t cap = 0;
    char name[64];
    int step = SQLITE_DONE;
    while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
        const char *s = (const char *)sqlite3_column_text(st, 0);
        snprintf(name, sizeof name, "%s", s ? s : "");
        migdip_actor a;
        if (migdip_actor_resolve(ctx, m, name, &a) || !a.is_bloc || !a.n_members)
            continue; /* no members in the model's year */
        migdip_actor *v = mg_grow(b->v, &cap, b->n + 1, sizeof *v);
        if (!v) {
            rc = mg_err_set(&ctx->err, MIGDIP_ERR_NOMEM, "out of memory");
            break;
        }
        b->v = v;
        b->v[b->n++] = a;
    }
    if (!rc && step != SQLITE_DONE)
        rc = mg_err_set(&ctx->err, MIGDIP_ERR_DB, "reading the blocs: %s", sqlite3_errmsg(ctx->db));
    sqlite3_finalize(st);
    if (rc) {
        migdip_blocs_free(b);
        return rc;
    }
    *out = b;
    return MIGDIP_OK;
}
