/* series.c - reading a series at a year for one state or a panel of states. */
#include "store/series.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/series.h"
#include "store/store.h"
#include "util/grow.h"

/* Rows of one code, each state's years in order; within a year the row that wins comes last:
 * the newest vintage (released, then imported), and within one vintage observed (flag 1)
 * after derived (2). Missing cells (flag 0) are not observations. */
#define SERIES_SQL                                                                                   \
    "SELECT s.iso3, s.year, s.value, s.flag FROM series s JOIN vintage v ON v.id=s.vintage_id"       \
    " WHERE s.code=?1 AND s.flag<>0%s ORDER BY s.iso3, s.year, v.released, s.flag DESC, v.id"

static int cmp_code(const void *a, const void *b) { return strcmp((const char *)a, (const char *)b); }

/* Step through st's rows and give each of the n states its value at year. */
static migdip_status read_values(sqlite3 *db, sqlite3_stmt *st, int year, const char (*iso3)[4], size_t n,
                                 migdip_value *out, mg_err *err)
{
    for (size_t i = 0; i < n; i++)
        out[i] = mg_series_value(NULL, 0, year);
    series_obs *obs = NULL;
    size_t k = 0, cap = 0;
    char cur[8] = "";
    migdip_status rc = MIGDIP_OK;
    int step;
    for (;;) {
        step = sqlite3_step(st);
        const char *iso = step == SQLITE_ROW ? (const char *)sqlite3_column_text(st, 0) : NULL;
        if (!iso || strcmp(iso, cur) != 0) {
            const char(*hit)[4] = k && cur[0] ? bsearch(cur, iso3, n, sizeof *iso3, cmp_code) : NULL;
            if (hit)
                out[hit - iso3] = mg_series_value(obs, k, year);
            k = 0;
            if (!iso)
                break;
            snprintf(cur, sizeof cur, "%s", iso);
        }
        int y = sqlite3_column_int(st, 1);
        if (k && obs[k - 1].year == y)
            k--; /* a later row of the same year wins */
        series_obs *q = mg_grow(obs, &cap, k + 1, sizeof *q);
        if (!q) {
            rc = mg_err_set(err, MIGDIP_ERR_NOMEM, "out of memory");
            break;
        }
        obs = q;
        obs[k++] = (series_obs){y, sqlite3_column_double(st, 2), (migdip_flag)sqlite3_column_int(st, 3)};
    }
    if (!rc && step != SQLITE_DONE)
        rc = mg_store_db_error(db, err, "reading series");
    free(obs);
    return rc;
}

migdip_status mg_store_series_panel(sqlite3 *db, const char *code, int year, const char (*iso3)[4], size_t n,
                                    migdip_value *out, mg_err *err)
{
    char sql[512];
    snprintf(sql, sizeof sql, SERIES_SQL, "");
    sqlite3_stmt *st = NULL;
    migdip_status rc = mg_store_prepare(db, sql, &st, err);
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
    rc = read_values(db, st, year, iso3, n, out, err);
    sqlite3_finalize(st);
    return rc;
}

migdip_status mg_store_series_at(sqlite3 *db, const char *code, const char *iso3, int year, migdip_value *out,
                                 mg_err *err)
{
    char sql[512], key[1][4];
    snprintf(key[0], sizeof key[0], "%.3s", iso3);
    snprintf(sql, sizeof sql, SERIES_SQL, " AND s.iso3=?2");
    sqlite3_stmt *st = NULL;
    migdip_status rc = mg_store_prepare(db, sql, &st, err);
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, key[0], -1, SQLITE_STATIC);
    rc = read_values(db, st, year, (const char(*)[4])key, 1, out, err);
    sqlite3_finalize(st);
    return rc;
}
