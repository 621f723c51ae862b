/* imp_wdi_derive.c - the post-import step that computes WDI series the publisher's files
 * lack from series they hold (docs/importers.md, "Derived series"). The rules are a model
 * matter (core/derive.c); this step chooses their inputs in the store (observed values of one
 * vintage group), applies them and keeps the results under one vintage per group. */
#include <stdio.h>

#include "core/derive.h"
#include "import/imp_wdi.h"

/* SQL function mg_derive(rule, a, b): mg_derive_value of rule number `rule` of the WDI rules,
 * NULL when the rule gives no value (or an input is NULL). Registered on the connection for
 * the length of the step, so that the rows are computed where they are selected. */
static void sql_derive(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    size_t n;
    const mg_derive_rule *rules = mg_derive_wdi_rules(&n);
    sqlite3_int64 i = sqlite3_value_int64(argv[0]);
    double v;
    if (i < 0 || (size_t)i >= n || sqlite3_value_type(argv[1]) == SQLITE_NULL ||
        sqlite3_value_type(argv[2]) == SQLITE_NULL ||
        !mg_derive_value(&rules[i], sqlite3_value_double(argv[1]), sqlite3_value_double(argv[2]), &v))
        sqlite3_result_null(ctx);
    else
        sqlite3_result_double(ctx, v);
}

#define WDI_GROUP "(SELECT id FROM vintage WHERE dataset=?5 AND edition=?6 AND importer LIKE 'wdi-%'" \
                  " AND importer<>'wdi-derive')"
/* The unary + keeps "vintage_id IN group" a filter: as a key term it would make SQLite probe
 * the (code, country, year, vintage) key once per vintage of the group for every row. */
#define WDI_DERIVE_SQL(TABLE, KEY)                                                                     \
    "INSERT OR IGNORE INTO " TABLE "(vintage_id,code," KEY ",year,value,flag)"                          \
    " SELECT ?1, ?2, a." KEY ", a.year, mg_derive(?7, a.value, b.value), 2"                           \
    " FROM " TABLE " a JOIN " TABLE " b ON b.code=?4 AND b." KEY "=a." KEY " AND b.year=a.year"          \
    " WHERE a.code=?3 AND a.flag=1 AND b.flag=1 AND mg_derive(?7, a.value, b.value) IS NOT NULL"       \
    " AND +a.vintage_id IN " WDI_GROUP " AND +b.vintage_id IN " WDI_GROUP                               \
    " AND NOT EXISTS (SELECT 1 FROM " TABLE " t WHERE t.code=?2 AND t." KEY "=a." KEY                   \
    " AND t.year=a.year AND t.flag=1 AND +t.vintage_id IN " WDI_GROUP ")"                              \
    " ORDER BY a." KEY ", a.year, a.vintage_id DESC, b.vintage_id DESC"

/* Compute the derived series of one vintage group (dataset, edition) into vintage dv. */
static migdip_status wdi_derive_group(sqlite3 *db, int64_t dv, const char *dataset, const char *edition,
                                      long *rows, mg_err *err)
{
    static const char *const SQL[] = {WDI_DERIVE_SQL("series", "iso3"),
                                      WDI_DERIVE_SQL("aggregate_series", "agg")};
    migdip_status rc = MIGDIP_OK;
    sqlite3_stmt *st[2] = {NULL, NULL};
    *rows = 0;
    for (size_t t = 0; t < 2 && !rc; t++)
        rc = mg_store_prepare(db, SQL[t], &st[t], err);
    size_t n_rules;
    const mg_derive_rule *rules = mg_derive_wdi_rules(&n_rules);
    for (size_t t = 0; t < 2 && !rc; t++) {
        for (size_t f = 0; f < n_rules && !rc; f++) {
            const mg_derive_rule *fm = &rules[f];
            sqlite3_bind_int64(st[t], 1, dv);
            sqlite3_bind_text(st[t], 2, fm->target, -1, SQLITE_STATIC);
            sqlite3_bind_text(st[t], 3, fm->a, -1, SQLITE_STATIC);
            sqlite3_bind_text(st[t], 4, fm->b, -1, SQLITE_STATIC);
            sqlite3_bind_text(st[t], 5, dataset, -1, SQLITE_STATIC);
            sqlite3_bind_text(st[t], 6, edition, -1, SQLITE_STATIC);
            sqlite3_bind_int64(st[t], 7, (sqlite3_int64)f);
            if (!(rc = mg_store_step_done(db, st[t], err)))
                *rows += sqlite3_changes(db);
        }
    }
    sqlite3_finalize(st[0]);
    sqlite3_finalize(st[1]);
    return rc;
}

/* Post-import step (importers.def): recompute every derived WDI series from scratch, so that
 * running it again, or after more files arrived, gives the same rows. One "wdi-derive"
 * vintage per (dataset, edition) group keeps its id across runs; a group that yields
 * nothing has none. */
migdip_status mg_imp_wdi_derive(sqlite3 *db, mg_err *err)
{
    migdip_status rc = MIGDIP_OK;
    sqlite3_stmt *groups = NULL, *find = NULL, *drop = NULL, *clear[2] = {NULL, NULL};
    size_t n_rules;
    const mg_derive_rule *rules = mg_derive_wdi_rules(&n_rules);
    if (sqlite3_create_function(db, "mg_derive", 3, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL, sql_derive, NULL,
                                NULL) != SQLITE_OK)
        return mg_store_db_error(db, err, "derive WDI series");
    /* derived rows carry only the target codes, which lead the tables' keys */
    if ((rc = mg_store_prepare(db, "DELETE FROM series WHERE code=?1 AND +vintage_id IN"
                                " (SELECT id FROM vintage WHERE importer='wdi-derive')", &clear[0], err)) ||
        (rc = mg_store_prepare(db, "DELETE FROM aggregate_series WHERE code=?1 AND +vintage_id IN"
                                " (SELECT id FROM vintage WHERE importer='wdi-derive')", &clear[1], err)))
        goto cleanup;
    for (size_t t = 0; t < 2; t++)
        for (size_t f = 0; f < n_rules && !rc; f++) {
            sqlite3_bind_text(clear[t], 1, rules[f].target, -1, SQLITE_STATIC);
            rc = mg_store_step_done(db, clear[t], err);
        }
    if (rc)
        goto cleanup;
    if ((rc = mg_store_prepare(db,
            "SELECT dataset, edition, max(released) FROM vintage WHERE importer LIKE 'wdi-%'"
            " AND importer<>'wdi-derive' GROUP BY dataset, edition ORDER BY dataset, edition", &groups, err)) ||
        (rc = mg_store_prepare(db, "SELECT id FROM vintage WHERE sha256=?", &find, err)) ||
        (rc = mg_store_prepare(db, "DELETE FROM vintage WHERE id=?", &drop, err)))
        goto cleanup;
    int step;
    while ((step = sqlite3_step(groups)) == SQLITE_ROW) {
        const char *dataset = (const char *)sqlite3_column_text(groups, 0);
        const char *edition = (const char *)sqlite3_column_text(groups, 1);
        const char *released = (const char *)sqlite3_column_text(groups, 2);
        char sha[256], source[256];
        snprintf(sha, sizeof sha, "derived:%s:%s", dataset, edition);
        snprintf(source, sizeof source, "World Bank, World Development Indicators: series derived by migdip"
                 " from the %s edition", edition);
        sqlite3_bind_text(find, 1, sha, -1, SQLITE_TRANSIENT);
        int64_t dv = sqlite3_step(find) == SQLITE_ROW ? sqlite3_column_int64(find, 0) : 0;
        sqlite3_reset(find);
        mg_store_vintage v = {.dataset = dataset, .source = source, .edition = edition, .released = released,
                           .file = "(derived)", .sha256 = sha, .importer = "wdi-derive",
                           .citation = MG_IMP_WDI_CITATION " Derived series: docs/importers.md.", .bytes = 0};
        if (!dv && (rc = mg_store_vintage_add(NULL, db, &v, &dv, err)))
            goto cleanup;
        long rows = 0;
        if ((rc = wdi_derive_group(db, dv, dataset, edition, &rows, err)))
            goto cleanup;
        if (rows == 0) {
            sqlite3_bind_int64(drop, 1, dv);
            rc = mg_store_step_done(db, drop, err);
        } else {
            rc = mg_store_vintage_update(NULL, db, dv, &v, rows, err);
        }
        if (rc)
            goto cleanup;
    }
    if (step != SQLITE_DONE) {
        rc = mg_store_db_error(db, err, "derive WDI series");
        goto cleanup;
    }
    /* groups whose source files are gone */
    rc = mg_store_exec(db,
        "DELETE FROM vintage WHERE importer='wdi-derive' AND NOT EXISTS (SELECT 1 FROM vintage s"
        " WHERE s.dataset=vintage.dataset AND s.edition=vintage.edition AND s.importer LIKE 'wdi-%'"
        " AND s.importer<>'wdi-derive')", err);

cleanup:
    sqlite3_finalize(clear[0]);
    sqlite3_finalize(clear[1]);
    sqlite3_finalize(groups);
    sqlite3_finalize(find);
    sqlite3_finalize(drop);
    sqlite3_create_function(db, "mg_derive", 3, SQLITE_UTF8, NULL, NULL, NULL, NULL);
    return rc;
}
