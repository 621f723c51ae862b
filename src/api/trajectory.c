/* trajectory.c - time (docs/model.md §6): a dyad year by year on the annual panel (one model
 * per year: stocks interpolated between UN years and, when asked, carried at most 5 years
 * after the last, each flagged), the years where a side's logic changes, and the documented episodes of the
 * registry beside them. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/ctx.h"
#include "store/store.h"
#include "api/model.h"
#include "core/series.h"
#include "util/grow.h"

static void event_release(migdip_event *x)
{
    char *fields[] = {x->id, x->a, x->b, x->kind, x->event, x->outcome, x->source, x->url, x->expect_a, x->expect_b};
    for (size_t k = 0; k < sizeof fields / sizeof *fields; k++)
        free(fields[k]);
}

void migdip_events_free(migdip_events *e)
{
    if (!e)
        return;
    for (size_t i = 0; i < e->n; i++)
        event_release(&e->v[i]);
    free(e->v);
    free(e);
}

static char *col(sqlite3_stmt *st, int i)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    return strdup(t ? (const char *)t : "");
}

/* An actor's key in the episode table: an ISO3 code, or a bloc's name as written. */
static migdip_status event_key(migdip_ctx *ctx, const char *who, char *out, size_t cap)
{
    char iso3[4];
    if (!migdip_country_resolve(ctx, who, iso3)) {
        snprintf(out, cap, "%s", iso3);
        return MIGDIP_OK;
    }
    mg_err_clear(&ctx->err);
    /* a bloc of the registry, matched without regard to case */
    sqlite3_stmt *st = NULL;
    migdip_status rc = mg_store_prepare(ctx->db, "SELECT name FROM bloc WHERE name=?1 COLLATE NOCASE", &st, &ctx->err);
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, who, -1, SQLITE_STATIC);
    bool bloc = sqlite3_step(st) == SQLITE_ROW;
    if (bloc)
        snprintf(out, cap, "%s", (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return bloc ? MIGDIP_OK
                : mg_err_set(&ctx->err, MIGDIP_ERR_NOTFOUND, "%s: not a country or a bloc the store knows", who);
}

migdip_status migdip_events_get(migdip_ctx *ctx, const char *a, const char *b, migdip_events **out)
{
    *out = NULL;
    char ka[64] = "", kb[64] = "";
    migdip_status krc = MIGDIP_OK;
    if (a)
        krc = event_key(ctx, a, ka, sizeof ka);
    if (!krc && b)
        krc = event_key(ctx, b, kb, sizeof kb);
    if (krc)
        return krc;
    sqlite3_stmt *st = NULL;
    migdip_status rc = mg_store_prepare(ctx->db,
        "SELECT id, year, a, b, kind, event, outcome, source, url, expect_a, expect_b FROM episode"
        " WHERE (?1 = '' OR a = ?1 COLLATE NOCASE OR b = ?1 COLLATE NOCASE)"
        "   AND (?2 = '' OR a = ?2 COLLATE NOCASE OR b = ?2 COLLATE NOCASE)"
        " ORDER BY year, id", &st, &ctx->err);
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, ka, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, kb, -1, SQLITE_STATIC);
    migdip_events *e = calloc(1, sizeof *e);
    size_t cap = 0;
    while (e && sqlite3_step(st) == SQLITE_ROW) {
        migdip_event *grown = e->n == cap ? mg_grow(e->v, &cap, e->n + 1, sizeof *e->v) : e->v;
        if (!grown) {
            migdip_events_free(e);
            e = NULL;
            break;
        }
        e->v = grown;
        migdip_event *x = &e->v[e->n++];
        *x = (migdip_event){.id = col(st, 0), .year = sqlite3_column_int(st, 1), .a = col(st, 2), .b = col(st, 3),
                            .kind = col(st, 4), .event = col(st, 5), .outcome = col(st, 6), .source = col(st, 7),
                            .url = col(st, 8), .expect_a = col(st, 9), .expect_b = col(st, 10)};
        if (!x->id || !x->a || !x->b || !x->kind || !x->event || !x->outcome || !x->source || !x->url ||
            !x->expect_a || !x->expect_b) {
            migdip_events_free(e);
            e = NULL;
        }
    }
    sqlite3_finalize(st);
    if (!e)
        return mg_err_set(&ctx->err, MIGDIP_ERR_NOMEM, "out of memory");
    *out = e;
    return MIGDIP_OK;
}

void migdip_trajectory_free(migdip_trajectory *t)
{
    if (!t)
        return;
    free(t->rows);
    migdip_events_free(t->events);
    free(t);
}

/* The first UN stock year of the edition read, and the last year a panel can have (the
 * latest UN year, plus the carry span when stocks are carried). */
static migdip_status panel_years(migdip_ctx *ctx, const migdip_model_opts *mo, int *first, int *last)
{
    const char *edition = mo->stock_edition;
    int years[256];
    size_t n = 0;
    migdip_status rc = mg_store_stock_edition_check(ctx->db, edition, &ctx->err);
    if (!rc)
        rc = mg_store_stock_years(ctx->db, edition, years, sizeof years / sizeof *years, &n, &ctx->err);
    if (rc)
        return rc;
    *first = n ? years[0] : 0;
    *last = n ? years[n - 1] : 0;
    if (!*first)
        return mg_err_set(&ctx->err, MIGDIP_ERR_NOTFOUND, "the store holds no migrant stocks yet: nothing to trace");
    if (mo->carry_stocks)
        *last += MG_SERIES_MAX_CARRY;
    return MIGDIP_OK;
}

migdip_status migdip_trajectory_run(migdip_ctx *ctx, const char *a, const char *b, const migdip_trajectory_opts *o,
                                    migdip_trajectory **out)
{
    *out = NULL;
    mg_err_clear(&ctx->err);
    migdip_trajectory_opts none = {0};
    if (!o)
        o = &none;
    int first, last;
    migdip_status rc = panel_years(ctx, &o->model, &first, &last);
    if (rc)
        return rc;
    int from = o->from ? o->from : first, to = o->to ? o->to : last;
    if (from < 1960 || to > 2100 || from > to)
        return mg_err_set(&ctx->err, MIGDIP_ERR_USAGE, "years %d:%d: expected FROM <= TO between 1960 and 2100", from,
                          to);
    migdip_trajectory *t = calloc(1, sizeof *t);
    if (!t || !(t->rows = calloc((size_t)(to - from + 1), sizeof *t->rows))) {
        free(t);
        return mg_err_set(&ctx->err, MIGDIP_ERR_NOMEM, "out of memory");
    }
    snprintf(t->a, sizeof t->a, "%s", a);
    snprintf(t->b, sizeof t->b, "%s", b);
    const migdip_trajectory_row *prev = NULL;
    size_t evaluated = 0;
    for (int y = from; y <= to; y++) {
        migdip_trajectory_row *r = &t->rows[t->n++];
        r->year = y;
        migdip_model_opts mo = o->model;
        mo.year = y;
        migdip_model *m = NULL;
        migdip_actor xa, xb;
        rc = migdip_model_load(ctx, &mo, &m);
        if (!rc)
            rc = migdip_actor_resolve(ctx, m, a, &xa);
        if (!rc)
            rc = migdip_actor_resolve(ctx, m, b, &xb);
        if (!rc)
            rc = migdip_dyad_eval(ctx, m, &xa, &xb, &r->d);
        if (!rc) {
            snprintf(t->a, sizeof t->a, "%s", xa.name);
            snprintf(t->b, sizeof t->b, "%s", xb.name);
        }
        migdip_model_free(m);
        if (rc == MIGDIP_ERR_NOMEM || rc == MIGDIP_ERR_USAGE || rc == MIGDIP_ERR_IO || rc == MIGDIP_ERR_DB) {
            migdip_trajectory_free(t);
            return rc;
        }
        if (rc) { /* a year without a panel (no stocks, an unknown name that year) */
            snprintf(r->note, sizeof r->note, "%s", migdip_ctx_errmsg(ctx));
            mg_err_clear(&ctx->err);
            rc = MIGDIP_OK;
            continue;
        }
        r->evaluated = true;
        evaluated++;
        r->changed = prev && (prev->d.quadrant[0] != r->d.quadrant[0] || prev->d.quadrant[1] != r->d.quadrant[1]);
        prev = r;
    }
    if (!evaluated) {
        rc = mg_err_set(&ctx->err, MIGDIP_ERR_NOTFOUND, "%s-%s: no year of %d:%d could be evaluated (%s)", a, b, from,
                        to, t->rows[0].note);
        migdip_trajectory_free(t);
        return rc;
    }
    migdip_events *all = NULL;
    if ((rc = migdip_events_get(ctx, t->a, t->b, &all))) {
        migdip_trajectory_free(t);
        return rc;
    }
    /* keep the episodes of the years traced */
    size_t kept = 0;
    for (size_t i = 0; i < all->n; i++) {
        if (all->v[i].year >= from && all->v[i].year <= to) {
            migdip_event tmp = all->v[kept];
            all->v[kept++] = all->v[i];
            all->v[i] = tmp;
        }
    }
    for (size_t i = kept; i < all->n; i++)
        event_release(&all->v[i]);
    all->n = kept;
    t->events = all;
    *out = t;
    return MIGDIP_OK;
}

/* ------------------------------------------------------------------ shifts */

typedef struct shift_obs {
    char a[4], b[4];
    int year;
    migdip_quadrant q[2];
    double ea, eb;
} shift_obs;

static int by_pair_year(const void *x, const void *y)
{
    const shift_obs *p = x, *q = y;
    int c = strcmp(p->a, q->a);
    if (!c)
        c = strcmp(p->b, q->b);
    return c ? c : (p->year > q->year) - (p->year < q->year);
}

void migdip_shifts_free(migdip_shifts *s)
{
    if (!s)
        return;
    free(s->v);
    free(s);
}

/* The logic held in at least persist of the persist + 1 years starting at obs[i] (consecutive
 * observations of one pair), or -1. */
static int established(const shift_obs *obs, size_t i, size_t end, int persist)
{
    for (size_t k = i; k < end && k <= i + (size_t)persist; k++) {
        int held = 0;
        for (size_t j = i; j < end && j <= i + (size_t)persist; j++)
            held += obs[j].q[0] == obs[k].q[0] && obs[j].q[1] == obs[k].q[1];
        if (held >= persist)
            return (int)k;
    }
    return -1;
}

migdip_status migdip_shifts_run(migdip_ctx *ctx, const migdip_shifts_opts *o, migdip_shifts **out)
{
    *out = NULL;
    mg_err_clear(&ctx->err);
    migdip_shifts_opts none = {0};
    if (!o)
        o = &none;
    int first, last;
    migdip_status rc = panel_years(ctx, &o->model, &first, &last);
    if (rc)
        return rc;
    int since = o->since ? o->since : first, to = o->to ? o->to : last, persist = o->persist ? o->persist : 2;
    if (since < 1960 || to > 2100 || since > to)
        return mg_err_set(&ctx->err, MIGDIP_ERR_USAGE, "years %d:%d: expected SINCE <= TO between 1960 and 2100",
                          since, to);
    if (persist < 1 || persist > 10)
        return mg_err_set(&ctx->err, MIGDIP_ERR_USAGE, "persistence %d: expected 1 to 10 years", persist);
    shift_obs *obs = NULL;
    size_t n = 0, cap = 0;
    for (int y = since; !rc && y <= to; y++) {
        migdip_model_opts mo = o->model;
        mo.year = y;
        migdip_model *m = NULL;
        migdip_screen *scr = NULL;
        migdip_screen_opts so = {.min_stock = o->min_stock, .state = o->state};
        rc = migdip_model_load(ctx, &mo, &m);
        if (rc == MIGDIP_ERR_NOTFOUND) { /* a year without stocks: nothing to observe */
            mg_err_clear(&ctx->err);
            rc = MIGDIP_OK;
            continue;
        }
        if (!rc)
            rc = migdip_screen_run(ctx, m, &so, &scr);
        for (size_t k = 0; !rc && k < scr->n; k++) {
            shift_obs *grown = n == cap ? mg_grow(obs, &cap, n + 1, sizeof *obs) : obs;
            if (!grown) {
                rc = mg_err_set(&ctx->err, MIGDIP_ERR_NOMEM, "out of memory");
                break;
            }
            obs = grown;
            const migdip_screen_row *r = &scr->rows[k];
            shift_obs *x = &obs[n++];
            memcpy(x->a, r->a, 4);
            memcpy(x->b, r->b, 4);
            x->year = y;
            /* a low-confidence verdict names no established logic: it is counted as none */
            x->q[0] = r->d.low_confidence ? MIGDIP_Q_NONE : r->d.quadrant[0];
            x->q[1] = r->d.low_confidence ? MIGDIP_Q_NONE : r->d.quadrant[1];
            x->ea = r->d.side[0].exposure;
            x->eb = r->d.side[1].exposure;
        }
        migdip_screen_free(scr);
        migdip_model_free(m);
    }
    migdip_shifts *s = rc ? NULL : calloc(1, sizeof *s);
    if (!rc && !s)
        rc = mg_err_set(&ctx->err, MIGDIP_ERR_NOMEM, "out of memory");
    if (rc) {
        free(obs);
        return rc;
    }
    s->since = since;
    s->to = to;
    if (n)
        qsort(obs, n, sizeof *obs, by_pair_year);
    size_t scap = 0;
    for (size_t i = 0; !rc && i < n;) {
        size_t end = i;
        while (end < n && !strcmp(obs[end].a, obs[i].a) && !strcmp(obs[end].b, obs[i].b))
            end++;
        int cur = -1; /* index of the observation of the current established logic */
        for (size_t k = i; k < end; k++) {
            int e = established(obs, k, end, persist);
            if (e < 0 || (size_t)e != k)
                continue;
            if (cur >= 0 && (obs[cur].q[0] != obs[k].q[0] || obs[cur].q[1] != obs[k].q[1]) &&
                obs[k].q[0] != MIGDIP_Q_NONE) {
                migdip_shift *grown = s->n == scap ? mg_grow(s->v, &scap, s->n + 1, sizeof *s->v) : s->v;
                if (!grown) {
                    rc = mg_err_set(&ctx->err, MIGDIP_ERR_NOMEM, "out of memory");
                    break;
                }
                s->v = grown;
                migdip_shift *x = &s->v[s->n++];
                memcpy(x->a, obs[k].a, 4);
                memcpy(x->b, obs[k].b, 4);
                x->year = obs[k].year;
                x->from[0] = obs[cur].q[0];
                x->from[1] = obs[cur].q[1];
                x->to[0] = obs[k].q[0];
                x->to[1] = obs[k].q[1];
                x->exposure_a = obs[k].ea;
                x->exposure_b = obs[k].eb;
            }
            if (obs[k].q[0] != MIGDIP_Q_NONE)
                cur = (int)k;
        }
        i = end;
    }
    free(obs);
    if (rc) {
        migdip_shifts_free(s);
        return rc;
    }
    *out = s;
    return MIGDIP_OK;
}
