/* model.c - builds the engine's one-year panel from the store (docs/model.md §1) and offers
 * the public engine API: actors (states and blocs), dyads, explanations and screens. The
 * computation itself is in src/core (engine.c; the loading rules in institution.c, remit.c and,
 * through store/series.c, series.c); this file reads and assembles. */
#include <ctype.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/engine.h"
#include "core/explain.h"
#include "core/institution.h"
#include "core/labour.h"
#include "core/power.h"
#include "core/remit.h"
#include "core/robust.h"
#include "core/series.h"
#include "store/country.h"
#include "store/ctx.h"
#include "store/series.h"
#include "util/grow.h"
#include "api/model.h"
#include "api/uncertainty.h"
#include "store/store.h"
#include "util/strbuf.h"
#include "util/text.h"

typedef struct model_bloc {
    char name[32];
    char title[96];
    size_t n;
    size_t idx[MG_ACTOR_MAX];
} model_bloc;

struct migdip_model {
    mg_panel *p;
    mg_params prm;
    char **names;           /* owned display names, [p->n] */
    bool *territory;        /* [p->n]: not a sovereign state (left out of screens) */
    model_bloc *blocs;
    size_t n_blocs;
    migdip_flag stock_how;  /* observed / interpolated / carried */
    double *unknown_origin; /* [p->n] host's migrants of unknown or historical origin */
    char *edition;          /* the UN DESA edition asked for, NULL: the preferred one */
    bool carry;             /* stocks carried past the last UN year (migdip_model_opts) */
};

/* ------------------------------------------------------------------ small helpers */

static int cmp_code(const void *a, const void *b) { return strcmp((const char *)a, (const char *)b); }

static long find_idx(const mg_panel *p, const char *iso3)
{
    if (!iso3)
        return -1;
    const char(*hit)[4] = bsearch(iso3, p->iso3, p->n, sizeof *p->iso3, cmp_code);
    return hit ? (long)(hit - p->iso3) : -1;
}

static migdip_status nomem(mg_err *err) { return mg_err_set(err, MIGDIP_ERR_NOMEM, "out of memory"); }

/* ------------------------------------------------------------------ loading */

static migdip_status load_states(sqlite3 *db, migdip_model *m, int year, mg_err *err)
{
    sqlite3_stmt *st = NULL;
    /* states and territories with an ISO3 key; historical entities and the unknown origin
     * are not actors (their stocks still count in host totals, see load_stocks) */
    migdip_status rc = mg_store_prepare(db,
        "SELECT iso3, name, coalesce(un_subregion, region, ''), kind='territory' FROM country"
        " WHERE kind IN ('country','territory') AND length(iso3)=3 ORDER BY iso3", &st, err);
    if (rc)
        return rc;
    size_t cap = 256, n = 0;
    char(*codes)[4] = malloc(cap * sizeof *codes);
    char **names = malloc(cap * sizeof *names), **subs = malloc(cap * sizeof *subs);
    bool *terr = malloc(cap * sizeof *terr);
    if (!codes || !names || !subs || !terr) {
        rc = nomem(err);
        goto cleanup;
    }
    while (sqlite3_step(st) == SQLITE_ROW) {
        if (n == cap) {
            cap *= 2;
            void *a = realloc(codes, cap * sizeof *codes), *b = realloc(names, cap * sizeof *names),
                 *c = realloc(subs, cap * sizeof *subs), *d = realloc(terr, cap * sizeof *terr);
            if (a)
                codes = a;
            if (b)
                names = b;
            if (c)
                subs = c;
            if (d)
                terr = d;
            if (!a || !b || !c || !d) {
                rc = nomem(err);
                goto cleanup;
            }
        }
        snprintf(codes[n], 4, "%.3s", (const char *)sqlite3_column_text(st, 0));
        names[n] = strdup((const char *)sqlite3_column_text(st, 1));
        subs[n] = strdup((const char *)sqlite3_column_text(st, 2));
        terr[n] = sqlite3_column_int(st, 3) != 0;
        if (!names[n++] || !subs[n - 1]) {
            rc = nomem(err);
            goto cleanup;
        }
    }
    m->p = mg_panel_new(n, year);
    if (!m->p) {
        rc = nomem(err);
        goto cleanup;
    }
    m->names = names;
    names = NULL;
    m->territory = terr;
    terr = NULL;
    /* subregion ids in order of first appearance of each name */
    char *seen[64];
    size_t n_seen = 0;
    for (size_t i = 0; i < n; i++) {
        memcpy(m->p->iso3[i], codes[i], 4);
        m->p->name[i] = m->names[i];
        m->p->territory[i] = m->territory[i];
        if (!subs[i][0])
            continue;
        size_t k = 0;
        while (k < n_seen && strcmp(seen[k], subs[i]) != 0)
            k++;
        if (k == n_seen && n_seen < 64)
            seen[n_seen++] = subs[i];
        if (k < n_seen)
            m->p->subregion[i] = (int)k;
    }
cleanup:
    sqlite3_finalize(st);
    if (subs)
        for (size_t i = 0; i < n; i++)
            free(subs[i]);
    free(subs);
    free(terr);
    if (names)
        for (size_t i = 0; i < n; i++)
            free(names[i]);
    free(names);
    free(codes);
    return rc;
}

/* The UN years bracketing `year` in the edition read (the preferred one when edition is NULL):
 * y0 <= year <= y1 (0 if none). */
static migdip_status stock_years(sqlite3 *db, const char *edition, int year, int *y0, int *y1, mg_err *err)
{
    sqlite3_stmt *st = NULL;
    migdip_status rc = mg_store_stock_prepare(db,
        "WITH s AS (SELECT year FROM %s WHERE sex='T')"
        " SELECT (SELECT max(year) FROM s WHERE year<=?1),"
        "       (SELECT min(year) FROM s WHERE year>=?1),"
        "       (SELECT max(year) FROM s)", edition, &st, err);
    if (rc)
        return rc;
    sqlite3_bind_int(st, 1, year);
    *y0 = *y1 = 0;
    if (sqlite3_step(st) == SQLITE_ROW) {
        *y0 = sqlite3_column_int(st, 0);
        *y1 = sqlite3_column_int(st, 1);
        if (year == 0)
            *y0 = *y1 = sqlite3_column_int(st, 2);
    }
    sqlite3_finalize(st);
    return MIGDIP_OK;
}

/* Add the stocks of one sex of the UN years ylo and yhi, weighted for the panel year (1 - t
 * and t), into cells[o * n + d]; persons of unknown or historical origin into
 * unknown_origin[d] when it is not NULL; `how` into flags[o * n + d] for each cell published
 * when flags is not NULL. */
static migdip_status read_stock_cells(sqlite3 *db, const mg_panel *p, const char *edition, const char *sex, int ylo,
                                      int yhi, double t, double *cells, double *unknown_origin, uint8_t *flags,
                                      uint8_t how, mg_err *err)
{
    sqlite3_stmt *st = NULL;
    migdip_status rc = mg_store_stock_prepare(db,
        "SELECT orig, dest, year, value FROM %s WHERE sex=?3 AND year IN (?1,?2) AND value IS NOT NULL", edition,
        &st, err);
    if (rc)
        return rc;
    sqlite3_bind_int(st, 1, ylo);
    sqlite3_bind_int(st, 2, yhi);
    sqlite3_bind_text(st, 3, sex, -1, SQLITE_STATIC);
    size_t n = p->n;
    while (sqlite3_step(st) == SQLITE_ROW) {
        long o = find_idx(p, (const char *)sqlite3_column_text(st, 0));
        long d = find_idx(p, (const char *)sqlite3_column_text(st, 1));
        int y = sqlite3_column_int(st, 2);
        double w = ylo == yhi ? 1.0 : (y == ylo ? 1 - t : t);
        if (d < 0)
            continue;
        if (o < 0) { /* unknown or historical origin: part of the host's migrant pool */
            if (unknown_origin)
                unknown_origin[d] += w * sqlite3_column_double(st, 3);
            continue;
        }
        cells[(size_t)o * n + (size_t)d] += w * sqlite3_column_double(st, 3);
        if (flags) /* a published figure, even 0, is observed (or interpolated, carried) */
            flags[(size_t)o * n + (size_t)d] = how;
    }
    sqlite3_finalize(st);
    return MIGDIP_OK;
}

/* §1: stocks are observed in UN years, linear between two of them, carried after the last.
 * They fill p->stock_born; the engine's labour stock is built from it (load_labour). */
static migdip_status load_stocks(sqlite3 *db, migdip_model *m, const char *edition, mg_err *err)
{
    mg_panel *p = m->p;
    int y0, y1;
    migdip_status rc = mg_store_stock_edition_check(db, edition, err);
    if (!rc)
        rc = stock_years(db, edition, p->year, &y0, &y1, err);
    if (rc)
        return rc;
    if (p->year == 0)
        p->year = y0;
    if (y0 == 0 && y1 == 0) {
        m->stock_how = MIGDIP_FLAG_MISSING;
        p->stock_year = 0;
        return MIGDIP_OK;
    }
    double t = 0;
    int ylo = y0, yhi = y1;
    /* stocks are carried as far as economic series, when asked for (docs/model.md §1) */
    if (y0 == p->year || (y0 && !y1 && m->carry && p->year - y0 <= MG_SERIES_MAX_CARRY)) {
        m->stock_how = y0 == p->year ? MIGDIP_FLAG_OBSERVED : MIGDIP_FLAG_CARRIED;
        yhi = ylo = y0;
    } else if (y0 && y1) {
        m->stock_how = MIGDIP_FLAG_INTERPOLATED;
        t = (double)(p->year - y0) / (double)(y1 - y0);
    } else {
        m->stock_how = MIGDIP_FLAG_MISSING; /* before the first or long after the last UN year */
        p->stock_year = 0;
        return MIGDIP_OK;
    }
    p->stock_year = ylo;
    size_t n = p->n;
    free(m->unknown_origin);
    m->unknown_origin = calloc(n ? n : 1, sizeof *m->unknown_origin);
    double *women = calloc(n ? n * n : 1, sizeof *women);
    if (!m->unknown_origin || !women) {
        free(women);
        return nomem(err);
    }
    rc = read_stock_cells(db, p, edition, "T", ylo, yhi, t, p->stock_born, m->unknown_origin, p->stock_flag,
                          (uint8_t)m->stock_how, err);
    /* §2.3: women's share of each corridor, the labour segment of substitutability */
    if (!rc)
        rc = read_stock_cells(db, p, edition, "F", ylo, yhi, t, women, NULL, NULL, 0, err);
    for (size_t k = 0; !rc && k < n * n; k++) {
        if (p->stock_born[k] > 0 && women[k] > 0)
            p->female[k] = (float)fmin(1, women[k] / p->stock_born[k]);
    }
    free(women);
    if (rc)
        return rc;
    sqlite3_stmt *st = NULL;
    /* §1.1: the legacy rule's reference, the largest stock legacy_span years or more before */
    if ((rc = mg_store_stock_prepare(db,
                            "SELECT orig, dest, max(value) FROM %s WHERE sex='T' AND year<=?1"
                            " AND value IS NOT NULL GROUP BY orig, dest", edition, &st, err)))
        return rc;
    sqlite3_bind_int(st, 1, p->year - (int)m->prm.legacy_span);
    while (sqlite3_step(st) == SQLITE_ROW) {
        long o = find_idx(p, (const char *)sqlite3_column_text(st, 0));
        long d = find_idx(p, (const char *)sqlite3_column_text(st, 1));
        if (o >= 0 && d >= 0)
            p->stock_ref[(size_t)o * n + (size_t)d] = sqlite3_column_double(st, 2);
    }
    sqlite3_finalize(st);
    /* §1.1: the refugee legacy's reference, the largest stock of a UN year legacy_span years or
     * more before in which those in need of protection were forced_max of it or more */
    if ((rc = mg_store_stock_prepare(db,
                            "SELECT s.orig, s.dest, max(s.value) FROM %s s"
                            " JOIN (SELECT orig, dest, year, sum(value) AS v FROM protection"
                            "   WHERE year<=?1 AND value IS NOT NULL GROUP BY orig, dest, year) r"
                            " ON r.orig=s.orig AND r.dest=s.dest AND r.year=s.year"
                            " WHERE s.sex='T' AND s.year<=?1 AND s.value>0 AND r.v>=?2*s.value"
                            " GROUP BY s.orig, s.dest", edition, &st, err)))
        return rc;
    sqlite3_bind_int(st, 1, p->year - (int)m->prm.legacy_span);
    sqlite3_bind_double(st, 2, m->prm.forced_max);
    while (sqlite3_step(st) == SQLITE_ROW) {
        long o = find_idx(p, (const char *)sqlite3_column_text(st, 0));
        long d = find_idx(p, (const char *)sqlite3_column_text(st, 1));
        if (o >= 0 && d >= 0)
            p->refugee_ref[(size_t)o * n + (size_t)d] = sqlite3_column_double(st, 2);
    }
    sqlite3_finalize(st);
    return MIGDIP_OK;
}

/* §1.1: persons in need of international protection (UNHCR refugees, asylum seekers, others;
 * UNRWA's Palestine refugees) at the end of the panel year, or of the latest year before it
 * within the carry span. */
static migdip_status load_protection(sqlite3 *db, mg_panel *p, mg_err *err)
{
    sqlite3_stmt *st = NULL;
    migdip_status rc = mg_store_prepare(db,
        /* through the vintages, so that the primary key (vintage_id, year, ...) is used */
        "WITH v AS (SELECT id FROM vintage),"
        " y AS (SELECT max(p.year) AS y FROM v, protection p WHERE p.vintage_id=v.id AND p.year<=?1"
        "   AND p.year>=?1-?2)"
        " SELECT orig, dest, sum(value) FROM v, protection p, y WHERE p.vintage_id=v.id AND p.year=y.y"
        " AND value IS NOT NULL GROUP BY orig, dest", &st, err);
    if (rc)
        return rc;
    sqlite3_bind_int(st, 1, p->year);
    sqlite3_bind_int(st, 2, MG_SERIES_MAX_CARRY);
    size_t n = p->n;
    while (sqlite3_step(st) == SQLITE_ROW) {
        long o = find_idx(p, (const char *)sqlite3_column_text(st, 0));
        long d = find_idx(p, (const char *)sqlite3_column_text(st, 1));
        if (o >= 0 && d >= 0 && o != d)
            p->protection[(size_t)o * n + (size_t)d] = sqlite3_column_double(st, 2);
    }
    sqlite3_finalize(st);
    return MIGDIP_OK;
}

/* §1.1, §2.5: workers a sending state records itself (labour approvals, departures; the total
 * channel, never suspect values): a yearly rate from the records of the years up to the panel
 * year within a worker's stay, else of the nearest year within the carry span; and the
 * channel that the records show the sender controls. */
static migdip_status load_recorded(sqlite3 *db, mg_panel *p, const mg_params *prm, mg_err *err)
{
    sqlite3_stmt *st = NULL;
    migdip_status rc = mg_store_prepare(db,
        "WITH r AS (SELECT orig, dest, CAST(substr(period_from,1,4) AS INTEGER) AS y, value,"
        "   julianday(period_to)-julianday(period_from)+1 AS days"
        "   FROM flow WHERE measure IN ('labour_approvals','departures') AND sex='T' AND flag<>6"
        "   AND value IS NOT NULL AND (channel='' OR (channel='Total with ReEntry'"
        "     AND NOT EXISTS (SELECT 1 FROM flow f2 WHERE f2.vintage_id=flow.vintage_id AND f2.orig=flow.orig"
        "       AND f2.dest=flow.dest AND f2.period_from=flow.period_from AND f2.measure=flow.measure"
        "       AND f2.sex='T' AND f2.channel=''))))"
        " , yr AS (SELECT orig, dest, y, sum(value)*365.0/sum(days) AS rate FROM r GROUP BY orig, dest, y)"
        " , pick AS (SELECT orig, dest, CASE WHEN max(y>?1-?2 AND y<=?1) THEN 1 ELSE 0 END AS inside FROM yr"
        "   WHERE abs(y-?1)<=?3 GROUP BY orig, dest)"
        " SELECT yr.orig, yr.dest, avg(yr.rate) FROM yr JOIN pick USING(orig, dest)"
        " WHERE (pick.inside AND yr.y>?1-?2 AND yr.y<=?1)"
        "    OR (NOT pick.inside AND abs(yr.y-?1) = (SELECT min(abs(y2.y-?1)) FROM yr y2"
        "        WHERE y2.orig=yr.orig AND y2.dest=yr.dest))"
        " AND abs(yr.y-?1)<=?3 GROUP BY yr.orig, yr.dest", &st, err);
    if (rc)
        return rc;
    sqlite3_bind_int(st, 1, p->year);
    sqlite3_bind_int(st, 2, (int)ceil(prm->flow_stay));
    sqlite3_bind_int(st, 3, MG_SERIES_MAX_CARRY);
    size_t n = p->n;
    while (sqlite3_step(st) == SQLITE_ROW) {
        long o = find_idx(p, (const char *)sqlite3_column_text(st, 0));
        long d = find_idx(p, (const char *)sqlite3_column_text(st, 1));
        if (o < 0 || d < 0 || o == d)
            continue;
        size_t k = (size_t)o * n + (size_t)d;
        p->recorded[k] = mg_labour_recorded(sqlite3_column_double(st, 2), prm);
        p->channel[k] = 1;
    }
    sqlite3_finalize(st);
    return MIGDIP_OK;
}

/* §1.1: the engine's labour stock, its totals, and the hosts' migrants of unknown origin. */
static migdip_status load_labour(migdip_model *m, mg_err *err)
{
    mg_panel *p = m->p;
    mg_labour_stock(p, &m->prm);
    mg_panel_totals(p);
    for (size_t d = 0; d < p->n; d++)
        p->immigrants[d] += m->unknown_origin ? m->unknown_origin[d] : 0;
    return p->cap_sub ? MIGDIP_OK : nomem(err);
}

/* §3.4: the power figures' fallback chain after the WDI (IMF WEO, Penn World Table, Maddison
 * Project, UN Statistics Division), each at the panel year by the series rule. */
static migdip_status load_power_fallbacks(sqlite3 *db, mg_panel *p, mg_err *err)
{
    static const struct {
        const char *code;
        double unit;
    } CODES[] = {
        {"WEO.PPPGDP", 1e9}, {"WEO.LP", 1e6}, {"WEO.NGDPD", 1e9}, /* WEO: billions, millions */
        {"PWT.RGDPE", 1e6},  {"PWT.POP", 1e6},                    /* PWT: millions */
        {"MPD.GDPPC", 1},    {"MPD.POP", 1e3},                    /* Maddison: per head, thousands */
        {"UNSD.GDP.CD", 1},
        {"PWT.EMP", 1e6}, /* §2.2: persons engaged, for a labour force the WDI lacks */
    };
    enum { N = sizeof CODES / sizeof *CODES };
    size_t n = p->n;
    migdip_value *v = malloc((n ? n : 1) * sizeof *v);
    double *a[N] = {0};
    migdip_status rc = v ? MIGDIP_OK : nomem(err);
    for (size_t k = 0; !rc && k < N; k++) {
        if (!(a[k] = malloc((n ? n : 1) * sizeof *a[k]))) {
            rc = nomem(err);
            break;
        }
        rc = mg_store_series_panel(db, CODES[k].code, p->year, (const char(*)[4])p->iso3, n, v, err);
        for (size_t i = 0; !rc && i < n; i++)
            a[k][i] = v[i].flag != MIGDIP_FLAG_MISSING ? v[i].value * CODES[k].unit : NAN;
    }
    if (!rc) {
        for (size_t i = 0; i < n; i++) /* Maddison: GDP = GDP per head x population */
            a[5][i] = a[5][i] * a[6][i];
        mg_power_source srcs[] = {
            {MG_SRC_WEO, a[0], a[1], a[2]},
            {MG_SRC_PWT, a[3], a[4], NULL},
            {MG_SRC_MPD, a[5], a[6], NULL},
            {MG_SRC_UNSD, NULL, NULL, a[7]},
        };
        if (!mg_power_fill(p, srcs, sizeof srcs / sizeof *srcs))
            rc = nomem(err);
        mg_labour_force_fill(p, a[8]);
    }
    for (size_t k = 0; k < N; k++)
        free(a[k]);
    free(v);
    return rc;
}

/* §1, §2.1: share of o's remittances that come from d. Reads the World Bank/KNOMAD matrix of
 * the year nearest the panel year (earlier preferred); an assumed-zero cell (flag 5) is passed
 * on as unknown, not 0. The shares, the World Bank's allocation rule where a receiver has no
 * row or a corridor is assumed zero, and the distance flag are core/remit.c. */
static migdip_status load_remit_shares(sqlite3 *db, mg_panel *p, mg_err *err)
{
    size_t n = p->n;
    sqlite3_stmt *st = NULL;
    migdip_status rc = mg_store_prepare(db,
        "SELECT r.year FROM remit r JOIN vintage v ON v.id=r.vintage_id WHERE v.dataset='knomad-remit'"
        " GROUP BY r.year ORDER BY (r.year>?1), abs(r.year-?1) LIMIT 1", &st, err);
    if (rc)
        return rc;
    sqlite3_bind_int(st, 1, p->year);
    int ry = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
    sqlite3_finalize(st);
    double *total = calloc(n ? n : 1, sizeof *total);
    if (!total)
        return nomem(err);
    if (ry) {
        if ((rc = mg_store_prepare(db,
                                "SELECT r.sender, r.receiver, r.value, r.flag FROM remit r JOIN vintage v ON v.id=r.vintage_id"
                                " WHERE v.dataset='knomad-remit' AND r.year=? AND r.value IS NOT NULL", &st, err))) {
            free(total);
            return rc;
        }
        sqlite3_bind_int(st, 1, ry);
        while (sqlite3_step(st) == SQLITE_ROW) {
            long d = find_idx(p, (const char *)sqlite3_column_text(st, 0));
            long o = find_idx(p, (const char *)sqlite3_column_text(st, 1));
            if (o < 0 || d < 0 || o == d)
                continue;
            if (sqlite3_column_int(st, 3) == MIGDIP_FLAG_ASSUMED_ZERO) {
                p->rshare_flag[(size_t)o * n + (size_t)d] = MIGDIP_FLAG_ASSUMED_ZERO; /* unknown */
                continue;
            }
            double v = sqlite3_column_double(st, 2);
            p->rshare[(size_t)o * n + (size_t)d] = v;
            total[o] += v;
        }
        sqlite3_finalize(st);
    }
    p->remit_year = ry;
    mg_remit_shares(p, total);
    mg_labour_remit_adjust(p);
    free(total);
    return MIGDIP_OK;
}

static migdip_status load_cepii(sqlite3 *db, mg_panel *p, mg_err *err)
{
    sqlite3_stmt *st = NULL;
    migdip_status rc = mg_store_prepare(db,
        "SELECT iso_o, iso_d, comlang_off, comlang_ethno, coalesce(distw, dist), contig FROM dist", &st, err);
    if (rc)
        return rc;
    size_t n = p->n;
    while (sqlite3_step(st) == SQLITE_ROW) {
        long o = find_idx(p, (const char *)sqlite3_column_text(st, 0));
        long d = find_idx(p, (const char *)sqlite3_column_text(st, 1));
        if (o < 0 || d < 0)
            continue;
        size_t k = (size_t)o * n + (size_t)d;
        p->lang[k] = (uint8_t)((sqlite3_column_int(st, 2) ? MG_LANG_OFFICIAL : 0) |
                               (sqlite3_column_int(st, 3) ? MG_LANG_ETHNO : 0));
        if (sqlite3_column_type(st, 4) != SQLITE_NULL)
            p->dist[k] = (float)sqlite3_column_double(st, 4);
        p->contig[k] = sqlite3_column_int(st, 5) != 0;
    }
    sqlite3_finalize(st);
    return MIGDIP_OK;
}

/* Members of bloc `name` at the panel year, as panel indices. */
static migdip_status bloc_members(sqlite3 *db, const mg_panel *p, const char *name, size_t *idx, size_t *n,
                                  mg_err *err)
{
    sqlite3_stmt *st = NULL;
    migdip_status rc = mg_store_prepare(db,
        "SELECT iso3 FROM bloc_member WHERE bloc=?1 COLLATE NOCASE AND year_from<=?2 AND year_to>=?2"
        " ORDER BY iso3", &st, err);
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 2, p->year);
    *n = 0;
    while (sqlite3_step(st) == SQLITE_ROW && *n < MG_ACTOR_MAX) {
        long i = find_idx(p, (const char *)sqlite3_column_text(st, 0));
        if (i >= 0 && (*n == 0 || idx[*n - 1] != (size_t)i))
            idx[(*n)++] = (size_t)i;
    }
    sqlite3_finalize(st);
    return MIGDIP_OK;
}

/* §2.4: the institutionalisation index of each pair and its scheme tie. The rules (weights,
 * recency, the noisy-or, which kinds are privileged) are core/institution.c; this reads the
 * agreements and the registry rows in force in the panel year and resolves their sides. */
static migdip_status load_institutions(sqlite3 *db, mg_panel *p, const mg_params *prm, mg_err *err)
{
    sqlite3_stmt *st = NULL;
    /* Chilton & Woda agreements, one row per treaty, with the number of rule-bound provisions
     * present (?2...) and of provisions coded */
    char in[MG_INSTITUTION_N_RULE_BOUND * 4 + 1] = "", sql[1024];
    for (int k = 0; k < MG_INSTITUTION_N_RULE_BOUND; k++)
        snprintf(in + strlen(in), sizeof in - strlen(in), "%s?%d", k ? "," : "", k + 2);
    snprintf(sql, sizeof sql,
             "WITH prov AS (SELECT treaty_id, count(DISTINCT CASE WHEN value>0 AND provision IN (%s)"
             "   THEN provision END) AS rule_bound, count(*) AS coded"
             "   FROM agreement_provision GROUP BY treaty_id)"
             " SELECT a.a, a.b, a.year, coalesce(p.rule_bound, 0), coalesce(p.coded, 0)"
             " FROM agreement a LEFT JOIN prov p ON p.treaty_id=a.treaty_id"
             " WHERE a.year IS NOT NULL AND a.year<=?1 GROUP BY a.treaty_id, a.a, a.b", in);
    migdip_status rc = mg_store_prepare(db, sql, &st, err);
    if (rc)
        return rc;
    sqlite3_bind_int(st, 1, p->year);
    for (int k = 0; k < MG_INSTITUTION_N_RULE_BOUND; k++)
        sqlite3_bind_text(st, k + 2, mg_institution_rule_bound[k], -1, SQLITE_STATIC);
    while (sqlite3_step(st) == SQLITE_ROW) {
        long x = find_idx(p, (const char *)sqlite3_column_text(st, 0));
        long y = find_idx(p, (const char *)sqlite3_column_text(st, 1));
        if (x < 0 || y < 0)
            continue;
        double age = p->year - sqlite3_column_int(st, 2);
        double w = mg_institution_agreement_weight(sqlite3_column_int(st, 3), sqlite3_column_int(st, 4));
        mg_institution_add(p, (size_t)x, (size_t)y, mg_institution_strength(w, age, prm->inst_half_life), false);
        /* §2.5: an agreement without an end date is a channel for two half-lives */
        if (age <= 2 * prm->inst_half_life)
            mg_institution_mark(p, (size_t)x, (size_t)y, MG_INSTITUTION_CHANNEL);
    }
    sqlite3_finalize(st);
    /* the curated registry: sides are states or blocs; a = b = bloc covers all its pairs; the
     * importer stores every row's weight (its defaults by kind are in docs/registry.md) */
    if ((rc = mg_store_prepare(db,
                            "SELECT a, b, kind, coalesce(year_from, ?1), weight FROM institution"
                            " WHERE coalesce(year_from, 0)<=?1 AND coalesce(year_to, 9999)>=?1", &st, err)))
        return rc;
    sqlite3_bind_int(st, 1, p->year);
    size_t *ia = malloc(MG_ACTOR_MAX * sizeof *ia), *ib = malloc(MG_ACTOR_MAX * sizeof *ib);
    if (!ia || !ib) {
        free(ia);
        free(ib);
        sqlite3_finalize(st);
        return nomem(err);
    }
    while (!rc && sqlite3_step(st) == SQLITE_ROW) {
        const char *a = (const char *)sqlite3_column_text(st, 0), *b = (const char *)sqlite3_column_text(st, 1);
        const char *kind = (const char *)sqlite3_column_text(st, 2);
        bool privileged = mg_institution_privileged(kind);
        int marks = mg_institution_marks(kind);
        double age = p->year - sqlite3_column_int(st, 3);
        double w = mg_institution_strength(sqlite3_column_double(st, 4), age, prm->inst_half_life);
        size_t na = 0, nb = 0;
        long x = find_idx(p, a), y = find_idx(p, b);
        if (x >= 0)
            ia[na++] = (size_t)x;
        else if ((rc = bloc_members(db, p, a, ia, &na, err)))
            break;
        if (y >= 0)
            ib[nb++] = (size_t)y;
        else if ((rc = bloc_members(db, p, b, ib, &nb, err)))
            break;
        /* a row whose sides are one bloc covers each member pair once */
        bool same = strcmp(a, b) == 0;
        for (size_t i = 0; i < na; i++)
            for (size_t j = same ? i + 1 : 0; j < nb; j++) {
                mg_institution_add(p, ia[i], ib[j], w, privileged);
                mg_institution_mark(p, ia[i], ib[j], marks);
            }
    }
    free(ia);
    free(ib);
    sqlite3_finalize(st);
    return rc;
}

static migdip_status load_blocs(sqlite3 *db, migdip_model *m, const migdip_model_opts *o, mg_err *err)
{
    sqlite3_stmt *st = NULL;
    migdip_status rc = mg_store_prepare(db, "SELECT name, title FROM bloc ORDER BY name", &st, err);
    if (rc)
        return rc;
    size_t cap = 16 + o->n_blocs;
    m->blocs = calloc(cap, sizeof *m->blocs);
    if (!m->blocs) {
        sqlite3_finalize(st);
        return nomem(err);
    }
    while (!rc && sqlite3_step(st) == SQLITE_ROW) {
        model_bloc *b = mg_grow(m->blocs, &cap, m->n_blocs + 1, sizeof *b);
        if (!b) {
            rc = nomem(err);
            break;
        }
        m->blocs = b;
        b = &m->blocs[m->n_blocs++];
        memset(b, 0, sizeof *b);
        snprintf(b->name, sizeof b->name, "%s", (const char *)sqlite3_column_text(st, 0));
        snprintf(b->title, sizeof b->title, "%s", (const char *)sqlite3_column_text(st, 1));
        rc = bloc_members(db, m->p, b->name, b->idx, &b->n, err);
    }
    sqlite3_finalize(st);
    if (rc)
        return rc;
    /* user-defined blocs: NAME=ISO,ISO,... (they replace a stored bloc of the same name) */
    for (size_t k = 0; k < o->n_blocs; k++) {
        const char *spec = o->blocs[k], *eq = strchr(spec, '=');
        if (!eq || eq == spec || (size_t)(eq - spec) >= sizeof m->blocs[0].name)
            return mg_err_set(err, MIGDIP_ERR_USAGE, "user-defined bloc \"%s\": expected NAME=ISO3,ISO3,...", spec);
        model_bloc nb = {0};
        snprintf(nb.name, sizeof nb.name, "%.*s", (int)(eq - spec), spec);
        snprintf(nb.title, sizeof nb.title, "%s (user-defined)", nb.name);
        char *list = strdup(eq + 1), *save = NULL;
        if (!list)
            return nomem(err);
        for (char *tok = strtok_r(list, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
            char code[4] = {0};
            for (size_t i = 0; i < 3 && tok[i]; i++)
                code[i] = (char)toupper((unsigned char)tok[i]);
            long i = strlen(tok) == 3 ? find_idx(m->p, code) : -1;
            if (i < 0) {
                rc = mg_err_set(err, MIGDIP_ERR_NOTFOUND, "user-defined bloc %s: unknown ISO3 code \"%s\"", nb.name,
                                tok);
                break;
            }
            if (nb.n < MG_ACTOR_MAX)
                nb.idx[nb.n++] = (size_t)i;
        }
        free(list);
        if (!rc && nb.n == 0) /* "NAME=" would shadow NAME (a country code, say) with nobody */
            rc = mg_err_set(err, MIGDIP_ERR_USAGE, "user-defined bloc %s: no member (expected NAME=ISO3,ISO3,...)",
                            nb.name);
        if (rc)
            return rc;
        size_t j = 0;
        while (j < m->n_blocs && mg_text_casecmp(m->blocs[j].name, nb.name) != 0)
            j++;
        if (j == m->n_blocs) {
            /* room for it: the stored blocs may have filled what was reserved for these */
            model_bloc *grown = mg_grow(m->blocs, &cap, m->n_blocs + 1, sizeof *grown);
            if (!grown)
                return nomem(err);
            m->blocs = grown;
            m->n_blocs++;
        }
        m->blocs[j] = nb;
    }
    return MIGDIP_OK;
}

/* The caller's overrides and power measure (the table of names is core/params.c). */
static migdip_status apply_params(mg_params *prm, const migdip_param *params, size_t n, migdip_power power,
                                  mg_err *err)
{
    char msg[160];
    for (size_t k = 0; k < n; k++)
        if (mg_params_set(prm, params[k].name, params[k].value, msg, sizeof msg))
            return mg_err_set(err, MIGDIP_ERR_USAGE, "parameter \"%s\": %s", params[k].name, msg);
    if (power < MIGDIP_POWER_COMPOSITE || power > MIGDIP_POWER_CINC)
        return mg_err_set(err, MIGDIP_ERR_USAGE, "power measure %d: unknown", (int)power);
    prm->power = power;
    return MIGDIP_OK;
}

/* Free the panel and what is indexed like it (names, territories, unknown origins). */
static void panel_release(migdip_model *m)
{
    if (m->names && m->p)
        for (size_t i = 0; i < m->p->n; i++)
            free(m->names[i]);
    free(m->names);
    free(m->territory);
    free(m->unknown_origin);
    mg_panel_free(m->p);
    m->names = NULL;
    m->territory = NULL;
    m->unknown_origin = NULL;
    m->p = NULL;
}

/* Build (or rebuild) the panel of `year` (0: the latest) from the store with m->prm. */
static migdip_status build_panel(sqlite3 *db, migdip_model *m, int year, mg_err *err)
{
    panel_release(m);
    migdip_status rc = load_states(db, m, year, err);
    if (!rc && m->p->n == 0)
        rc = mg_err_set(err, MIGDIP_ERR_NOTFOUND, "the store holds no countries yet: nothing has been imported");
    if (!rc)
        rc = load_stocks(db, m, m->edition, err);
    if (!rc && m->p->stock_year == 0)
        rc = mg_err_set(err, MIGDIP_ERR_NOTFOUND,
                        "no migrant-stock data for %d in the store (UN DESA stocks cover 1990-2024; "
                        "see the sources of the store%s)", m->p->year,
                        m->carry ? "" : "; later years only with carried stocks");
    static const struct {
        const char *code;
        size_t off;
    } SERIES[] = {
        {"BX.TRF.PWKR.CD.DT", offsetof(mg_panel, remit_usd)}, {"NY.GDP.MKTP.CD", offsetof(mg_panel, gdp_usd)},
        {"NY.GDP.MKTP.PP.CD", offsetof(mg_panel, gdp_ppp)},   {"NY.GDP.PCAP.PP.CD", offsetof(mg_panel, gdppc_ppp)},
        {"SL.TLF.TOTL.IN", offsetof(mg_panel, lf)},           {"SP.POP.TOTL", offsetof(mg_panel, pop)},
        {"COW.CINC", offsetof(mg_panel, cinc)},
    };
    /* §1: each series at the panel year, by the rule the profiles use too (store/series.h) */
    for (size_t k = 0; !rc && k < sizeof SERIES / sizeof *SERIES; k++)
        rc = mg_store_series_panel(db, SERIES[k].code, m->p->year, (const char(*)[4])m->p->iso3, m->p->n,
                                   *(migdip_value **)((char *)m->p + SERIES[k].off), err);
    if (!rc)
        rc = load_power_fallbacks(db, m->p, err);
    if (!rc) /* before the labour stock: first asylum is a neighbour's (§1.1) */
        rc = load_cepii(db, m->p, err);
    if (!rc)
        rc = load_protection(db, m->p, err);
    if (!rc)
        rc = load_recorded(db, m->p, &m->prm, err);
    if (!rc)
        rc = load_labour(m, err);
    if (!rc)
        rc = load_remit_shares(db, m->p, err);
    if (!rc)
        rc = load_institutions(db, m->p, &m->prm, err);
    return rc;
}

migdip_status migdip_model_load(migdip_ctx *ctx, const migdip_model_opts *o, migdip_model **out)
{
    mg_err *err = &ctx->err;
    mg_err_clear(err);
    *out = NULL;
    migdip_model_opts none = {0};
    if (!o)
        o = &none;
    migdip_model *m = calloc(1, sizeof *m);
    if (!m)
        return nomem(err);
    mg_params_default(&m->prm);
    m->prm.territories = o->territories;
    m->carry = o->carry_stocks;
    migdip_status rc = apply_params(&m->prm, o->params, o->n_params, o->power, err);
    if (!rc && o->stock_edition && !(m->edition = strdup(o->stock_edition)))
        rc = nomem(err);
    if (!rc && o->year && (o->year < 1960 || o->year > 2100))
        rc = mg_err_set(err, MIGDIP_ERR_USAGE, "year %d: expected a year between 1960 and 2100", o->year);
    if (!rc)
        rc = build_panel(ctx->db, m, o->year, err);
    if (!rc)
        rc = load_blocs(ctx->db, m, o, err);
    if (rc) {
        migdip_model_free(m);
        return rc;
    }
    *out = m;
    return MIGDIP_OK;
}

mg_params *mg_model_params(migdip_model *m) { return &m->prm; }

migdip_status mg_model_apply(migdip_ctx *ctx, migdip_model *m, const migdip_param *params, size_t n, migdip_power power)
{
    mg_params before = m->prm;
    migdip_status rc = apply_params(&m->prm, params, n, power, &ctx->err);
    /* parameters read while the panel is built (§1.1, §2.4) need a new panel */
    if (rc || (m->prm.inst_half_life == before.inst_half_life && m->prm.legacy_span == before.legacy_span &&
               m->prm.legacy_decline == before.legacy_decline && m->prm.legacy_weight == before.legacy_weight &&
               m->prm.flow_stay == before.flow_stay && m->prm.forced_max == before.forced_max &&
               m->prm.scope_min_stock == before.scope_min_stock))
        return rc;
    return build_panel(ctx->db, m, m->p->year, &ctx->err);
}

void migdip_model_free(migdip_model *m)
{
    if (!m)
        return;
    panel_release(m);
    free(m->blocs);
    free(m->edition);
    free(m);
}

int migdip_model_year(const migdip_model *m) { return m->p->year; }

int migdip_model_stock_year(const migdip_model *m, migdip_flag *how)
{
    if (how)
        *how = m->stock_how;
    return m->p->stock_year;
}

/* ------------------------------------------------------------------ actors and dyads */

migdip_status migdip_actor_resolve(migdip_ctx *ctx, const migdip_model *m, const char *name, migdip_actor *out)
{
    memset(out, 0, sizeof *out);
    for (size_t k = 0; k < m->n_blocs; k++) {
        const model_bloc *b = &m->blocs[k];
        if (mg_text_casecmp(b->name, name) != 0)
            continue;
        if (b->n == 0)
            return mg_err_set(&ctx->err, MIGDIP_ERR_NOTFOUND, "bloc %s has no members in %d", b->name, m->p->year);
        snprintf(out->name, sizeof out->name, "%s", b->name);
        snprintf(out->title, sizeof out->title, "%s", b->title);
        out->is_bloc = true;
        for (size_t i = 0; i < b->n && i < 64; i++)
            memcpy(out->members[out->n_members++], m->p->iso3[b->idx[i]], 4);
        return MIGDIP_OK;
    }
    char iso3[4];
    migdip_status rc = migdip_country_resolve(ctx, name, iso3);
    if (rc)
        return rc;
    long i = find_idx(m->p, iso3);
    if (i < 0)
        return mg_err_set(&ctx->err, MIGDIP_ERR_NOTFOUND, "%s is not a state the model covers", iso3);
    snprintf(out->name, sizeof out->name, "%s", iso3);
    snprintf(out->title, sizeof out->title, "%s", m->p->name[i]);
    out->n_members = 1;
    memcpy(out->members[0], iso3, 4);
    return MIGDIP_OK;
}

const mg_panel *mg_model_panel(const migdip_model *m) { return m->p; }

void mg_model_core_actor(const migdip_model *m, const migdip_actor *a, mg_actor *out)
{
    memset(out, 0, sizeof *out);
    snprintf(out->name, sizeof out->name, "%s", a->name);
    out->is_bloc = a->is_bloc;
    for (size_t k = 0; k < a->n_members && out->n < MG_ACTOR_MAX; k++) {
        long i = find_idx(m->p, a->members[k]);
        if (i >= 0)
            out->idx[out->n++] = (size_t)i;
    }
}

bool mg_model_overlap(const mg_actor *a, const mg_actor *b, size_t *which)
{
    for (size_t i = 0; i < a->n; i++)
        for (size_t j = 0; j < b->n; j++)
            if (a->idx[i] == b->idx[j]) {
                *which = a->idx[i];
                return true;
            }
    return false;
}

migdip_status migdip_dyad_eval(migdip_ctx *ctx, const migdip_model *m, const migdip_actor *a,
                               const migdip_actor *b, migdip_dyad *out)
{
    mg_actor ca, cb;
    size_t both;
    mg_model_core_actor(m, a, &ca);
    mg_model_core_actor(m, b, &cb);
    if (mg_model_overlap(&ca, &cb, &both))
        return mg_err_set(&ctx->err, MIGDIP_ERR_USAGE, "%s and %s overlap (%s is in both)", a->name, b->name,
                          m->p->iso3[both]);
    mg_engine_dyad_eval(m->p, &m->prm, &ca, &cb, out);
    return MIGDIP_OK;
}

typedef struct screen_acc {
    migdip_screen_row *v;
    size_t n, cap;
} screen_acc;

migdip_status migdip_rank_parse(const char *name, migdip_rank *out)
{
    static const char *const NAMES[] = {"persons", "gdp", "lf", "gap"};
    for (size_t i = 0; i < sizeof NAMES / sizeof *NAMES; i++)
        if (name && !strcmp(name, NAMES[i])) {
            *out = (migdip_rank)i;
            return MIGDIP_OK;
        }
    return MIGDIP_ERR_USAGE;
}

/* §4.5: the screen's groups, the article's question first. */
static int screen_group(const migdip_dyad *d)
{
    switch (d->quadrant[0]) {
    case MIGDIP_Q_I:
    case MIGDIP_Q_IV: return 0;
    case MIGDIP_Q_II:
    case MIGDIP_Q_III: return 1;
    case MIGDIP_Q_MUTUAL: return 2;
    case MIGDIP_Q_NONE: return 3;
    default: return 4;
    }
}

static double nz(double x) { return isnan(x) ? 0 : x; }

/* §4.5: what is at stake in a dyad, by the ranking asked for. */
static double screen_stake(const migdip_dyad *d, migdip_rank rank)
{
    const migdip_side *a = &d->side[0], *b = &d->side[1];
    switch (rank) {
    case MIGDIP_RANK_GDP: return fmax(nz(a->rd), nz(b->rd));
    case MIGDIP_RANK_LF: return fmax(fmax(nz(a->valve), nz(a->lf_share)), fmax(nz(b->valve), nz(b->lf_share)));
    case MIGDIP_RANK_GAP: return fabs(a->exposure - b->exposure);
    default: return d->volume;
    }
}

static int by_stake_desc(const void *x, const void *y)
{
    const migdip_screen_row *a = x, *b = y;
    int ga = screen_group(&a->d), gb = screen_group(&b->d);
    if (ga != gb)
        return ga < gb ? -1 : 1;
    if (a->stake != b->stake)
        return a->stake < b->stake ? 1 : -1;
    int c = strcmp(a->a, b->a);
    return c ? c : strcmp(a->b, b->b);
}

/* States of a UN region, subregion or World Bank region named `name`, as a mask over the panel. */
static migdip_status region_mask(migdip_ctx *ctx, const mg_panel *p, const char *name, bool *mask)
{
    sqlite3_stmt *st = NULL;
    migdip_status rc = mg_store_prepare(ctx->db,
        "SELECT iso3 FROM country WHERE un_subregion=?1 COLLATE NOCASE OR un_region=?1 COLLATE NOCASE"
        " OR region=?1 COLLATE NOCASE", &st, &ctx->err);
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    size_t hits = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        long i = find_idx(p, (const char *)sqlite3_column_text(st, 0));
        if (i >= 0) {
            mask[i] = true;
            hits++;
        }
    }
    sqlite3_finalize(st);
    return hits ? MIGDIP_OK
                : mg_err_set(&ctx->err, MIGDIP_ERR_NOTFOUND,
                             "region \"%s\": no state of the store is in a UN region or subregion or a World "
                             "Bank region of that name", name);
}

migdip_status migdip_screen_run(migdip_ctx *ctx, const migdip_model *m, const migdip_screen_opts *o,
                                migdip_screen **out)
{
    const mg_panel *p = m->p;
    *out = NULL;
    size_t n = p->n;
    double min_stock = o->min_stock > 0 ? o->min_stock : m->prm.scope_min_stock;
    long only = -1;
    if (o->state) {
        char iso3[4];
        migdip_status rc = migdip_country_resolve(ctx, o->state, iso3);
        if (rc)
            return rc;
        if ((only = find_idx(p, iso3)) < 0)
            return mg_err_set(&ctx->err, MIGDIP_ERR_NOTFOUND, "%s is not a state the model covers", iso3);
    }
    if (o->quadrant < MIGDIP_Q_NONE || o->quadrant > MIGDIP_Q_OUT)
        return mg_err_set(&ctx->err, MIGDIP_ERR_USAGE, "screen: unknown quadrant %d", (int)o->quadrant);
    if (o->rank < MIGDIP_RANK_PERSONS || o->rank > MIGDIP_RANK_GAP)
        return mg_err_set(&ctx->err, MIGDIP_ERR_USAGE, "screen: unknown ranking %d", (int)o->rank);
    /* the region and bloc filters: a dyad is kept when either side is in the set */
    bool *keep = NULL;
    if (o->region || o->bloc) {
        if (!(keep = calloc(n ? n : 1, sizeof *keep)))
            return nomem(&ctx->err);
        migdip_status rc = MIGDIP_OK;
        if (o->region)
            rc = region_mask(ctx, p, o->region, keep);
        if (!rc && o->bloc) {
            migdip_actor ba;
            rc = migdip_actor_resolve(ctx, m, o->bloc, &ba);
            if (!rc && !ba.is_bloc)
                rc = mg_err_set(&ctx->err, MIGDIP_ERR_USAGE, "--bloc filter %s: not a bloc", o->bloc);
            bool *in_bloc = rc ? NULL : calloc(n ? n : 1, sizeof *in_bloc);
            if (!rc && !in_bloc)
                rc = nomem(&ctx->err);
            for (size_t k = 0; !rc && k < ba.n_members; k++) {
                long i = find_idx(p, ba.members[k]);
                if (i >= 0)
                    in_bloc[i] = true;
            }
            /* with both filters a side must be in the region and the bloc */
            for (size_t i = 0; !rc && i < n; i++)
                keep[i] = o->region ? keep[i] && in_bloc[i] : in_bloc[i];
            free(in_bloc);
        }
        if (rc) {
            free(keep);
            return rc;
        }
    }
    /* the pairs above the threshold, then their evaluation in parallel (mg_engine_dyad_eval only
     * reads the panel), then the quadrant filter: the same rows in the same order whatever
     * the number of threads */
    screen_acc acc = {0};
    size_t (*pairs)[2] = NULL; /* panel indices of each row's two states */
    for (size_t i = 0; i < n; i++) {
        for (size_t j = i + 1; j < n; j++) {
            if (only >= 0 && (long)i != only && (long)j != only)
                continue;
            /* the framework is about states: territories only when asked for by name */
            if (!m->prm.territories &&
                ((m->territory[i] && (long)i != only) || (m->territory[j] && (long)j != only)))
                continue;
            if (p->stock[i * n + j] + p->stock[j * n + i] < min_stock)
                continue;
            if (keep && !keep[i] && !keep[j])
                continue;
            if (acc.n == acc.cap) {
                acc.cap = acc.cap ? acc.cap * 2 : 1024;
                migdip_screen_row *v = realloc(acc.v, acc.cap * sizeof *v);
                size_t(*pr)[2] = realloc(pairs, acc.cap * sizeof *pr);
                if (v)
                    acc.v = v;
                if (pr)
                    pairs = pr;
                if (!v || !pr) {
                    free(acc.v);
                    free(pairs);
                    free(keep);
                    return nomem(&ctx->err);
                }
            }
            migdip_screen_row *r = &acc.v[acc.n];
            memcpy(r->a, p->iso3[i], 4);
            memcpy(r->b, p->iso3[j], 4);
            pairs[acc.n][0] = i;
            pairs[acc.n][1] = j;
            acc.n++;
        }
    }
    free(keep);
    const mg_params *prm = &m->prm;
    long n_pairs = (long)acc.n;
#pragma omp parallel for schedule(dynamic, 64)
    for (long k = 0; k < n_pairs; k++) {
        mg_actor a = {.n = 1, .idx = {pairs[k][0]}}, b = {.n = 1, .idx = {pairs[k][1]}};
        mg_engine_dyad_eval(p, prm, &a, &b, &acc.v[k].d);
    }
    free(pairs);
    if (o->quadrant) {
        size_t kept = 0;
        for (size_t k = 0; k < acc.n; k++)
            if (acc.v[k].d.quadrant[0] == o->quadrant || acc.v[k].d.quadrant[1] == o->quadrant)
                acc.v[kept++] = acc.v[k];
        acc.n = kept;
    }
    for (size_t k = 0; k < acc.n; k++) {
        acc.v[k].stake = screen_stake(&acc.v[k].d, o->rank);
        acc.v[k].p_verdict = NAN;
    }
    if (acc.n)
        qsort(acc.v, acc.n, sizeof *acc.v, by_stake_desc);
    if (o->top && acc.n > o->top)
        acc.n = o->top;
    /* §7: the verdict's probability over draws of the parameters and the data, for the rows
     * shown (api/uncertainty.c) */
    if (o->robust_draws > 0) {
        migdip_status rc = mg_uncertainty_screen(ctx, p, &m->prm, o, acc.v, acc.n);
        if (rc) {
            free(acc.v);
            return rc;
        }
    }
    if (!(*out = malloc(sizeof **out))) {
        free(acc.v);
        return nomem(&ctx->err);
    }
    (*out)->rows = acc.v;
    (*out)->n = acc.n;
    return MIGDIP_OK;
}

void migdip_screen_free(migdip_screen *s)
{
    if (!s)
        return;
    free(s->rows);
    free(s);
}

migdip_status migdip_dyad_explain(const migdip_model *m, const migdip_actor *a, const migdip_actor *b,
                                  const migdip_dyad *d, char **out)
{
    mg_strbuf sb;
    mg_strbuf_init(&sb);
    char na[160], nb[160];
    snprintf(na, sizeof na, "%s (%s)", a->title, a->name);
    snprintf(nb, sizeof nb, "%s (%s)", b->title, b->name);
    /* §7: the verdict's probability over parameter draws, for the robustness sentence */
    double p_verdict = NAN;
    if (d->in_scope) {
        mg_actor ca, cb;
        mg_model_core_actor(m, a, &ca);
        mg_model_core_actor(m, b, &cb);
        mg_robust_opts ro = {.draws = MG_EXPLAIN_DRAWS, .seed = 1, .params = true};
        mg_robust_result rr;
        if (mg_robust_run(m->p, &m->prm, &ca, &cb, &ro, &rr))
            return MIGDIP_ERR_NOMEM; /* its one failure: never an explanation without it */
        p_verdict = rr.p_same;
    }
    mg_explain_dyad(d, &m->prm, na, nb, p_verdict, &sb);
    *out = mg_strbuf_detach(&sb);
    return *out ? MIGDIP_OK : MIGDIP_ERR_NOMEM;
}

/* ------------------------------------------------------------------ walking the panel (model.h) */

size_t mg_model_n_states(const migdip_model *m) { return m->p->n; }

const char *mg_model_state_iso3(const migdip_model *m, size_t i) { return m->p->iso3[i]; }

const char *mg_model_state_name(const migdip_model *m, size_t i) { return m->p->name[i]; }

bool mg_model_state_is_actor(const migdip_model *m, size_t i) { return m->prm.territories || !m->territory[i]; }

double mg_model_volume(const migdip_model *m, size_t i, size_t j)
{
    size_t n = m->p->n;
    return m->p->stock[i * n + j] + m->p->stock[j * n + i];
}

void mg_model_dyad_at(const migdip_model *m, size_t i, size_t j, migdip_dyad *out)
{
    mg_actor a = {.n = 1, .idx = {i}}, b = {.n = 1, .idx = {j}};
    memcpy(a.name, m->p->iso3[i], 4);
    memcpy(b.name, m->p->iso3[j], 4);
    mg_engine_dyad_eval(m->p, &m->prm, &a, &b, out);
}

/* ------------------------------------------------------------------ robustness (api/uncertainty.c) */

migdip_status migdip_robust_run(migdip_ctx *ctx, const migdip_model *m, const migdip_actor *a, const migdip_actor *b,
                                const migdip_robust_opts *o, migdip_robust *out)
{
    memset(out, 0, sizeof *out);
    migdip_robust_opts none = {0};
    migdip_status rc = migdip_dyad_eval(ctx, m, a, b, &out->base);
    if (rc)
        return rc;
    mg_actor ca, cb;
    mg_model_core_actor(m, a, &ca);
    mg_model_core_actor(m, b, &cb);
    return mg_uncertainty_robust(ctx, m->p, &m->prm, &ca, &cb, o ? o : &none, out);
}
