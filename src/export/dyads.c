/* dyads.c - the dyad export (migdip_export_dyads): every directed dyad-year of states above a corridor
 * volume, with every indicator the engine computes, written through the table writer of
 * table.h (CSV, JSON, Stata). One model per year, freed before the next. docs/exports.md. */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "store/ctx.h"
#include "export/table.h"
#include "api/model.h"
#include "store/store.h"
#include "util/fs.h"

#define N(name, label) {name, EXPORT_NUMBER, label}
#define S(name, label) {name, EXPORT_STRING, label}

/* The columns, in order. Names are valid Stata names; labels are Stata variable labels
 * (at most 80 bytes) in the words of docs/model.md. */
static const export_column COLUMNS[] = {
    N("year", "Year of the panel"),
    S("a_iso3", "State a (this row's perspective), ISO 3166 alpha-3"),
    S("b_iso3", "State b (the partner), ISO 3166 alpha-3"),
    N("a_cown", "State a, Correlates of War numeric code"),
    N("b_cown", "State b, Correlates of War numeric code"),
    S("a_name", "State a, name"),
    S("b_name", "State b, name"),
    N("volume", "Persons in both corridors a->b and b->a (UN DESA stocks)"),
    N("exposure", "Exposure of a to a disruption, after institutional moderation, 0-1"),
    N("exposure_raw", "Exposure of a before institutional moderation, 0-1"),
    N("exposure_as_sender", "Exposure of a as a sending state (its emigrants in b), 0-1"),
    N("exposure_as_host", "Exposure of a as a host (b's emigrants in a), 0-1"),
    N("dec_remittance_dependency", "Contribution to exposure: remittance dependency"),
    N("dec_safety_valve", "Contribution to exposure: safety valve"),
    N("dec_destination_concentration", "Contribution to exposure: concentration of emigrants in b"),
    N("dec_labour_market_reliance", "Contribution to exposure: labour-force share of b's migrants"),
    N("dec_migrant_pool_share", "Contribution to exposure: b's share of a's migrant pool"),
    N("dec_substitutability", "Contribution to exposure: substitutability (negative)"),
    N("dec_institutionalisation", "Contribution to exposure: institutional moderation (either sign)"),
    N("remit_pct_gdp", "Remittances received by a, % of GDP"),
    N("remit_share", "Share of a's remittances that come from b"),
    N("remittance_share_estimated", "1 = remit_share from the stock x income fallback, not KNOMAD"),
    N("rd", "Remittance dependency of a on b, share of GDP"),
    N("emig_in_partner", "Emigrants of a living in b, persons"),
    N("emig_share", "Share of a's emigrants living in b"),
    N("eff_destinations", "Effective number of destinations of a's emigrants (1/HHI)"),
    N("valve", "Safety valve: a's emigrants in b / a's labour force"),
    N("partner_migrants", "Migrants from b living in a, persons"),
    N("lf_share", "Migrants from b / a's labour force"),
    N("pool_share", "b's share of all immigrants in a"),
    N("eff_origins", "Effective number of origins of a's immigrants (1/HHI)"),
    N("substitutability", "Substitutability of b's workers for a as host, 0-1"),
    N("alt_supply", "Fitted alternative supply of workers for a as host, persons"),
    N("power", "Power score of a (log scale, docs/model.md 3.4)"),
    N("b_exposure", "Exposure of b, after institutional moderation, 0-1"),
    N("b_power", "Power score of b (log scale)"),
    N("power_difference", "Power of a minus power of b (log points)"),
    S("stronger", "Stronger side: a, b or parity (empty: power unknown)"),
    N("institutionalisation", "Institutionalisation index of the pair, 0-1"),
    S("quadrant_a", "Strategic logic of a: I, II, III, IV, mutual, out-of-scope"),
    S("quadrant_b", "Strategic logic of b: I, II, III, IV, mutual, out-of-scope"),
    N("margin", "Distance to the nearest boundary that would change the verdict"),
    S("margin_boundary", "The boundary the margin is measured to"),
    N("in_scope", "1 = in the framework's scope (volume and exposure)"),
    N("data_gap", "1 = an indicator either side needs is missing"),
    S("data_gap_note", "Which indicator is missing, by side"),
};
#undef N
#undef S

enum { NCOLS = sizeof COLUMNS / sizeof *COLUMNS };

void migdip_export_opts_init(migdip_export_opts *o)
{
    memset(o, 0, sizeof *o);
    o->format = MIGDIP_EXPORT_CSV;
    o->min_stock = MIGDIP_EXPORT_MIN_STOCK;
}

migdip_status migdip_export_format_parse(const char *name, migdip_export_format *out)
{
    static const char *const NAMES[] = {"csv", "json", "dta"};
    for (int i = 0; i < 3; i++)
        if (name && strcasecmp(name, NAMES[i]) == 0) {
            *out = (migdip_export_format)i;
            return MIGDIP_OK;
        }
    return MIGDIP_ERR_USAGE;
}

/* ------------------------------------------------------------------ COW codes */

typedef struct cown_map {
    char (*iso3)[4];
    double *cown; /* NAN: none */
    size_t n;
} cown_map;

static void cown_map_free(cown_map *c)
{
    free(c->iso3);
    free(c->cown);
}

/* COW numeric code of every country: the country table's, else the latest holder's in
 * country_code (the crosswalk keeps year-aware codes there). */
static migdip_status cown_map_load(sqlite3 *db, cown_map *c, mg_err *err)
{
    sqlite3_stmt *st = NULL;
    size_t cap = 0;
    memset(c, 0, sizeof *c);
    migdip_status rc = mg_store_prepare(db,
        "SELECT c.iso3, coalesce(c.cown, (SELECT CAST(k.code AS INTEGER) FROM country_code k"
        "  WHERE k.scheme='cown' AND k.iso3=c.iso3 ORDER BY k.year_to DESC, k.year_from DESC LIMIT 1))"
        " FROM country c WHERE length(c.iso3)=3 ORDER BY c.iso3", &st, err);
    if (rc)
        return rc;
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        if (c->n == cap) {
            cap = cap ? cap * 2 : 256;
            void *a = realloc(c->iso3, cap * sizeof *c->iso3), *b = a ? realloc(c->cown, cap * sizeof *c->cown) : NULL;
            if (a)
                c->iso3 = a;
            if (!a || !b) {
                rc = mg_err_set(err, MIGDIP_ERR_NOMEM, "out of memory");
                goto cleanup;
            }
            c->cown = b;
        }
        snprintf(c->iso3[c->n], 4, "%.3s", (const char *)sqlite3_column_text(st, 0));
        c->cown[c->n] = sqlite3_column_type(st, 1) == SQLITE_NULL ? NAN : sqlite3_column_double(st, 1);
        c->n++;
    }
    if (step != SQLITE_DONE)
        rc = mg_store_db_error(db, err, "reading COW codes");
cleanup:
    sqlite3_finalize(st);
    return rc;
}

static int cmp_iso3(const void *a, const void *b) { return strcmp((const char *)a, (const char *)b); }

static double cown_of(const cown_map *c, const char *iso3)
{
    const char(*hit)[4] = c->n ? bsearch(iso3, c->iso3, c->n, sizeof *c->iso3, cmp_iso3) : NULL;
    return hit ? c->cown[hit - c->iso3] : NAN;
}

/* ------------------------------------------------------------------ rows */

static double flag01(bool b) { return b ? 1 : 0; }

/* Fill the values of the directed dyad (i, j); gap is scratch for the data-gap note. */
static void dyad_row(const migdip_model *m, const cown_map *cm, size_t i, size_t j, const migdip_dyad *d,
                     export_value *v, char *gap, size_t gap_cap)
{
    const migdip_side *a = &d->side[0], *b = &d->side[1];
    size_t k = 0;
    const char *ia = mg_model_state_iso3(m, i), *ib = mg_model_state_iso3(m, j);
    memset(v, 0, NCOLS * sizeof *v);
    v[k++].num = d->year;
    v[k++].str = ia;
    v[k++].str = ib;
    v[k++].num = cown_of(cm, ia);
    v[k++].num = cown_of(cm, ib);
    v[k++].str = mg_model_state_name(m, i);
    v[k++].str = mg_model_state_name(m, j);
    v[k++].num = d->volume;
    v[k++].num = a->exposure;
    v[k++].num = a->exposure_raw;
    v[k++].num = a->exposure_send;
    v[k++].num = a->exposure_host;
    for (int f = 0; f < MIGDIP_F_COUNT; f++)
        v[k++].num = a->contrib[f];
    v[k++].num = a->remit_pct_gdp;
    v[k++].num = a->remit_share;
    v[k++].num = isnan(a->remit_share) ? NAN : flag01(a->remit_fallback);
    v[k++].num = a->rd;
    v[k++].num = a->emig_in_partner;
    v[k++].num = a->emig_share;
    v[k++].num = a->eff_destinations;
    v[k++].num = a->valve;
    v[k++].num = a->partner_migrants;
    v[k++].num = a->lf_share;
    v[k++].num = a->pool_share;
    v[k++].num = a->eff_origins;
    v[k++].num = a->substitutability;
    /* the fitted supply exists only where a hosts b's migrants (substitutability known) */
    v[k++].num = isnan(a->substitutability) ? NAN : a->alt_supply;
    v[k++].num = a->power_known ? a->power : NAN;
    v[k++].num = b->exposure;
    v[k++].num = b->power_known ? b->power : NAN;
    v[k++].num = d->power_diff;
    v[k++].str = d->stronger == 0 ? "a" : d->stronger == 1 ? "b" : d->power_ok ? "parity" : NULL;
    v[k++].num = d->inst;
    v[k++].str = migdip_quadrant_code(d->quadrant[0]);
    v[k++].str = migdip_quadrant_code(d->quadrant[1]);
    v[k++].num = d->margin;
    v[k++].str = d->margin_boundary;
    v[k++].num = flag01(d->in_scope);
    v[k++].num = flag01(a->data_gap || b->data_gap);
    gap[0] = '\0';
    if (a->data_gap && b->data_gap)
        snprintf(gap, gap_cap, "a: %s; b: %s", a->gap_note, b->gap_note);
    else if (a->data_gap || b->data_gap)
        snprintf(gap, gap_cap, "%s: %s", a->data_gap ? "a" : "b", a->data_gap ? a->gap_note : b->gap_note);
    v[k++].str = gap[0] ? gap : NULL;
}

/* ------------------------------------------------------------------ the export */

typedef struct export_run {
    migdip_ctx *ctx;
    const migdip_export_opts *o;
    cown_map cm;
    FILE *f;
    mg_fs_out out;         /* the file being written (mg_fs_out_open), when to a path */
    mg_table *t;
    migdip_export_summary sum;
} export_run;

static void note(const migdip_export_opts *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void note(const migdip_export_opts *o, const char *fmt, ...)
{
    if (!o->note)
        return;
    char buf[MG_ERRMSG_MAX + 64];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    o->note(o->note_ud, buf);
}

/* Open the output and start the table: called once the first year has loaded, so that an
 * export with no data creates no file. */
static migdip_status start_output(export_run *r)
{
    const migdip_export_opts *o = r->o;
    mg_err *err = &r->ctx->err;
    if (o->path && strcmp(o->path, "-") != 0) {
        migdip_status rc = mg_fs_out_open(&r->out, o->path, err);
        if (rc)
            return rc;
        r->f = r->out.f;
    } else {
        r->f = o->out ? o->out : stdout;
    }
    return mg_table_open(r->f, o->format, COLUMNS, NCOLS, "migdip: directed dyad-years (docs/exports.md)", err,
                             &r->t);
}

static migdip_status write_year(export_run *r, const migdip_model *m)
{
    size_t n = mg_model_n_states(m);
    export_value v[NCOLS];
    char gap[400];
    migdip_dyad d;
    migdip_status rc = MIGDIP_OK;
    for (size_t i = 0; !rc && i < n; i++) {
        for (size_t j = 0; !rc && j < n; j++) {
            if (i == j || mg_model_volume(m, i, j) < r->o->min_stock)
                continue;
            mg_model_dyad_at(m, i, j, &d);
            dyad_row(m, &r->cm, i, j, &d, v, gap, sizeof gap);
            if (!(rc = mg_table_row(r->t, v)))
                r->sum.rows++;
        }
    }
    return rc;
}

/* The UN years the store holds (in the edition read), for the message when no year of a range
 * has data. */
static void stock_span(sqlite3 *db, const char *edition, int *y0, int *y1)
{
    sqlite3_stmt *st = NULL;
    mg_err scratch = {0};
    *y0 = *y1 = 0;
    if (mg_store_stock_prepare(db, "SELECT min(year), max(year) FROM %s WHERE sex='T'", edition, &st, &scratch) ==
            MIGDIP_OK &&
        sqlite3_step(st) == SQLITE_ROW) {
        *y0 = sqlite3_column_int(st, 0);
        *y1 = sqlite3_column_int(st, 1);
    }
    sqlite3_finalize(st);
}

migdip_status migdip_export_dyads(migdip_ctx *ctx, const migdip_export_opts *o, migdip_export_summary *summary)
{
    mg_err *err = &ctx->err;
    mg_err_clear(err);
    export_run r = {.ctx = ctx, .o = o};
    migdip_model *m = NULL;
    migdip_status rc = MIGDIP_OK;
    bool to_file = o->path && strcmp(o->path, "-") != 0;
    bool range = o->year_from != o->year_to;
    if (summary)
        memset(summary, 0, sizeof *summary);
    if (o->format != MIGDIP_EXPORT_CSV && o->format != MIGDIP_EXPORT_JSON && o->format != MIGDIP_EXPORT_DTA) {
        rc = mg_err_set(err, MIGDIP_ERR_USAGE, "export: unknown format %d: expected csv, json or dta", (int)o->format);
        goto cleanup;
    }
    if (o->format == MIGDIP_EXPORT_DTA && !to_file) {
        rc = mg_err_set(err, MIGDIP_ERR_USAGE, "a Stata .dta export needs an output file (a path, not a stream)");
        goto cleanup;
    }
    if ((o->year_from == 0) != (o->year_to == 0) || o->year_from > o->year_to ||
        (o->year_from && (o->year_from < 1960 || o->year_to > 2100))) {
        rc = mg_err_set(err, MIGDIP_ERR_USAGE, "years %d to %d: expected FROM <= TO, both between 1960 and 2100",
                        o->year_from, o->year_to);
        goto cleanup;
    }
    if (!(o->min_stock >= 0)) {
        rc = mg_err_set(err, MIGDIP_ERR_USAGE, "minimum corridor volume %g: expected a number of persons >= 0",
                        o->min_stock);
        goto cleanup;
    }
    if ((rc = cown_map_load(ctx->db, &r.cm, err)))
        goto cleanup;
    for (int year = o->year_from; year <= o->year_to; year++) {
        migdip_model_opts mo = o->model;
        mo.year = year;
        rc = migdip_model_load(ctx, &mo, &m);
        if (rc == MIGDIP_ERR_NOTFOUND && range) {
            note(o, "%d skipped: %s", year, migdip_ctx_errmsg(ctx));
            r.sum.years_skipped++;
            mg_err_clear(err);
            rc = MIGDIP_OK;
            continue;
        }
        if (rc)
            goto cleanup;
        if (!r.t && (rc = start_output(&r)))
            goto cleanup;
        if ((rc = write_year(&r, m)))
            goto cleanup;
        r.sum.years_written++;
        migdip_model_free(m);
        m = NULL;
    }
    if (!r.t) {
        int y0, y1;
        stock_span(ctx->db, o->model.stock_edition, &y0, &y1);
        if (y0)
            rc = mg_err_set(err, MIGDIP_ERR_NOTFOUND,
                            "no migrant-stock data for any year from %d to %d (the store's UN DESA stocks cover "
                            "%d-%d, carried at most 5 years after the last)", o->year_from, o->year_to, y0, y1);
        else
            rc = mg_err_set(err, MIGDIP_ERR_NOTFOUND,
                            "no migrant-stock data for any year from %d to %d: the store holds none",
                            o->year_from, o->year_to);
        goto cleanup;
    }
    if (mg_table_replaced(r.t))
        note(o, "%zu byte(s) of names that were not UTF-8 written as U+FFFD", mg_table_replaced(r.t));
    rc = mg_table_close(r.t);
    r.t = NULL;
    if (rc)
        goto cleanup;
    if (to_file) {
        r.f = NULL;
        if ((rc = mg_fs_out_commit(&r.out, err)))
            goto cleanup;
    }
    if (summary)
        *summary = r.sum;
cleanup:
    migdip_model_free(m);
    mg_table_free(r.t);
    if (to_file)
        mg_fs_out_abort(&r.out);
    cown_map_free(&r.cm);
    return rc;
}
