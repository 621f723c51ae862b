/* sources.c - what the store holds: vintages and the coverage of each series. */
#include <stdlib.h>
#include <string.h>

#include "store/ctx.h"
#include "util/grow.h"
#include "store/store.h"
#include "util/text.h"

void migdip_sources_free(migdip_sources *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->n_vintages; i++) {
        migdip_vintage *v = &s->vintages[i];
        free(v->source);
        free(v->dataset);
        free(v->edition);
        free(v->file);
        free(v->sha256);
        free(v->imported_at);
        free(v->importer);
    }
    free(s->vintages);
    for (size_t i = 0; i < s->n_coverage; i++) {
        free(s->coverage[i].series);
        free(s->coverage[i].dataset);
    }
    free(s->coverage);
    free(s);
}

static char *col_dup(sqlite3_stmt *st, int i)
{
    const char *s = (const char *)sqlite3_column_text(st, i);
    return strdup(s ? s : "");
}

/* Coverage: one row per series and dataset edition, read from the table `coverage` that the
 * import keeps per vintage (mg_store_coverage_fill). Countries are the distinct keys (origins
 * for stocks, receivers for remittances). A series split over several vintages of one edition
 * sums its values; its countries and years are those of its widest vintage. */
static const char COVERAGE_SQL[] =
    "SELECT c.series, v.dataset||' '||v.edition, max(c.countries), min(c.year_min), max(c.year_max),"
    "       max(c.years), sum(c.n_values), sum(c.n_missing)"
    "  FROM coverage c JOIN vintage v ON v.id=c.vintage_id GROUP BY 1, 2 ORDER BY 1, 2";

/* A store imported before coverage was kept: fill it once, for every vintage. */
static migdip_status coverage_ensure(sqlite3 *db, mg_err *err)
{
    bool complete = false;
    migdip_status rc = mg_store_coverage_complete(db, &complete, err);
    if (rc || complete)
        return rc;
    if ((rc = mg_store_exec(db, "BEGIN IMMEDIATE", err)))
        return rc;
    if ((rc = mg_store_coverage_fill(db, NULL, err))) {
        sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
        return rc;
    }
    return mg_store_exec(db, "COMMIT", err);
}

migdip_status migdip_sources_get(migdip_ctx *ctx, migdip_sources **out)
{
    mg_err *err = &ctx->err;
    mg_err_clear(err);
    *out = NULL;
    sqlite3_stmt *st = NULL;
    size_t cap;
    migdip_sources *s = calloc(1, sizeof *s);
    if (!s)
        return mg_err_set(err, MIGDIP_ERR_NOMEM, "out of memory");
    migdip_status rc = mg_store_prepare(ctx->db,
        "SELECT id, source, dataset, edition, file, sha256, rows, imported_at, importer"
        "  FROM vintage ORDER BY dataset, released, file", &st, err);
    if (rc)
        goto fail;
    cap = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        migdip_vintage *v = mg_grow(s->vintages, &cap, s->n_vintages + 1, sizeof *v);
        if (!v) {
            rc = mg_err_set(err, MIGDIP_ERR_NOMEM, "out of memory");
            goto fail;
        }
        s->vintages = v;
        v = &s->vintages[s->n_vintages++];
        v->id = sqlite3_column_int64(st, 0);
        v->source = col_dup(st, 1);
        v->dataset = col_dup(st, 2);
        v->edition = col_dup(st, 3);
        v->file = col_dup(st, 4);
        v->sha256 = col_dup(st, 5);
        v->rows = sqlite3_column_int(st, 6);
        v->imported_at = col_dup(st, 7);
        v->importer = col_dup(st, 8);
    }
    sqlite3_finalize(st);
    st = NULL;
    if ((rc = coverage_ensure(ctx->db, err)) || (rc = mg_store_prepare(ctx->db, COVERAGE_SQL, &st, err)))
        goto fail;
    cap = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        migdip_coverage *c = mg_grow(s->coverage, &cap, s->n_coverage + 1, sizeof *c);
        if (!c) {
            rc = mg_err_set(err, MIGDIP_ERR_NOMEM, "out of memory");
            goto fail;
        }
        s->coverage = c;
        c = &s->coverage[s->n_coverage++];
        c->series = col_dup(st, 0);
        c->dataset = col_dup(st, 1);
        c->countries = sqlite3_column_int(st, 2);
        c->year_min = sqlite3_column_int(st, 3);
        c->year_max = sqlite3_column_int(st, 4);
        c->years = sqlite3_column_int(st, 5);
        c->values = sqlite3_column_int(st, 6);
        c->missing = sqlite3_column_int(st, 7);
    }
    sqlite3_finalize(st);
    *out = s;
    return MIGDIP_OK;
fail:
    sqlite3_finalize(st);
    migdip_sources_free(s);
    return rc;
}
