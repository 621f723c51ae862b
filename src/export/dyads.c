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
#include "core/series.h"
#include "core/panel.h"
#include "store/store.h"
#include "util/fs.h"

#define N(name, label) {name, EXPORT_NUMBER, label, NULL, NULL}
#define S(name, label) {name, EXPORT_STRING, label, NULL, NULL}
#define F(name, label) {name, EXPORT_NUMBER, label, FLAG_NAMES, "migdip_flag"}

/* The provenance flags (migdip_flag, include/migdip/migdip.h): the code is written in every
 * format, a .dta names it with these value labels. */
static const char *const FLAG_NAMES[] = {"missing", "observed", "derived", "interpolated", "carried",
                                         "assumed-zero", "suspect", NULL};

/* The columns, in order. Names are valid Stata names; labels are Stata variable labels
 * (at most 80 bytes) in the words of docs/model.md. Each value read from the store has its
 * flag (and, for series, the year it refers to) beside it (docs/exports.md, "Provenance"). */
static const export_column COLUMNS[] = {
    N("year", "Year of the panel"),
    S("a_iso3", "State a (this row's perspective), ISO 3166 alpha-3"),
    S("b_iso3", "State b (the partner), ISO 3166 alpha-3"),
    N("a_cown", "State a, Correlates of War numeric code"),
    N("b_cown", "State b, Correlates of War numeric code"),
    S("a_name", "State a, name"),
    S("b_name", "State b, name"),
    N("volume", "Labour migrants in both corridors a->b and b->a (docs/model.md 1.1)"),
    S("stock_edition", "UN DESA International Migrant Stock edition the stocks come from"),
    F("stock_flag", "How the year's stocks were obtained: observed, interpolated, carried"),
    N("stock_year", "UN year behind the stocks (interpolated: the UN year before)"),
    N("stock_year_next", "Interpolated stocks: the UN year after (else empty)"),
    S("stock_other_edition", "Another UN DESA edition observing this year (revisions), if any"),
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
    N("dec_sender_control", "Contribution to exposure: b's workers b cannot withhold (negative)"),
    N("dec_institutionalisation", "Contribution to exposure: institutional moderation (either sign)"),
    N("remit_pct_gdp", "Remittances received by a, % of GDP"),
    F("remit_flag", "Provenance of a's remittances received (US$)"),
    N("remit_year", "Year a's remittances figure refers to"),
    S("remit_vintage", "Vintage of a's remittances figure (dataset and edition)"),
    F("gdp_flag", "Provenance of a's GDP, current US$"),
    N("gdp_year", "Year a's GDP figure refers to"),
    S("gdp_vintage", "Vintage of a's GDP figure (dataset and edition)"),
    N("remit_share", "Share of a's remittances that come from b"),
    F("remit_share_flag", "Provenance of remit_share: observed/carried matrix, derived fallback"),
    N("remit_matrix_year", "Year of the KNOMAD matrix behind remit_share (empty: none)"),
    N("remit_carried", "1 = that matrix is more than 5 years from the panel year"),
    N("remittance_share_estimated", "1 = remit_share from the stock x income fallback, not KNOMAD"),
    N("rd", "Remittance dependency of a on b, share of GDP"),
    N("emig_in_partner", "Emigrants of a living in b, persons"),
    F("emig_in_partner_flag", "Provenance of emig_in_partner (missing: no UN figure, read as 0)"),
    N("emig_in_partner_born", "Persons born in a living in b, UN DESA figure of stock_edition"),
    N("emig_in_partner_other", "Persons born in a living in b in stock_other_edition (UN DESA)"),
    N("emig_share", "Share of a's emigrants living in b"),
    N("eff_destinations", "Effective number of destinations of a's emigrants (1/HHI)"),
    N("valve", "Safety valve: a's emigrants in b / a's labour force"),
    F("lf_flag", "Provenance of a's labour force"),
    N("lf_year", "Year a's labour-force figure refers to"),
    S("lf_vintage", "Vintage of a's labour-force figure (dataset and edition)"),
    N("partner_migrants", "Migrants from b living in a, persons"),
    F("partner_migrants_flag", "Provenance of partner_migrants (missing: no UN figure, read as 0)"),
    N("partner_migrants_born", "Persons born in b living in a, UN DESA figure of stock_edition"),
    N("partner_migrants_other", "Persons born in b living in a in stock_other_edition (UN DESA)"),
    N("lf_share", "Migrants from b / a's labour force"),
    N("pool_share", "b's share of all immigrants in a"),
    N("eff_origins", "Effective number of origins of a's immigrants (1/HHI)"),
    N("substitutability", "Substitutability of b's workers for a as host, 0-1"),
    N("alt_supply", "Fitted alternative supply of workers for a as host, persons"),
    N("power", "Power score of a (log scale, docs/model.md 3.4)"),
    F("power_flag", "Provenance of a's power inputs (the weakest of them)"),
    N("power_year", "Oldest year among a's power inputs"),
    N("b_exposure", "Exposure of b, after institutional moderation, 0-1"),
    N("b_power", "Power score of b (log scale)"),
    F("b_power_flag", "Provenance of b's power inputs (the weakest of them)"),
    N("b_power_year", "Oldest year among b's power inputs"),
    N("power_difference", "Power of a minus power of b (log points)"),
    S("stronger", "Stronger side: a, b or parity (empty: power unknown)"),
    N("institutionalisation", "Institutionalisation index of the pair, 0-1"),
    S("quadrant_a", "Strategic logic of a: I, II, III, IV, mutual, out-of-scope"),
    S("quadrant_b", "Strategic logic of b: I, II, III, IV, mutual, out-of-scope"),
    N("margin", "Distance to the nearest boundary that would change the verdict"),
    S("margin_boundary", "The boundary the margin is measured to"),
    N("in_scope", "1 = in the framework's scope (docs/model.md 4.1; see scope)"),
    N("data_gap", "1 = an indicator either side needs is missing"),
    S("data_gap_note", "Which indicator is missing, by side"),
    S("scope", "in-scope, or why not: territory, free-movement, forced-migration, volume, exposure"),
    N("close_call", "1 = in scope, not mutual, exposure gap under mutual_gap: low confidence"),
    N("seasonal_unseen", "1 = the less exposed side hosts the other's seasonal workers, missing from stocks: low confidence"),
    N("power_contested", "1 = economic size (or income, for gdp) names the other stronger"),
    S("power_source", "Sources of a's power figures (WDI, or a bridged fallback)"),
    N("sender_control", "Share of b's workers in a that b can withhold (docs/model.md 2.5)"),
    N("volume_born", "Persons born in the other state, both corridors (UN DESA)"),
    N("forced_share", "Share of volume_born in need of international protection (UNHCR)"),
    N("partner_protection", "Persons from b in a in need of international protection"),
    N("partner_legacy", "Persons from b in a discounted as a legacy population"),
    N("partner_recorded", "Workers from b in a added by b's own deployment records"),
};
#undef N
#undef S
#undef F

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

/* ------------------------------------------------------------------ provenance */

/* What the rows of one year share about their stocks (docs/exports.md, "Provenance"). */
typedef struct year_prov {
    const char *edition;     /* the UN DESA edition read */
    migdip_flag how;         /* observed, interpolated or carried */
    int stock_year, stock_year_next;
    char other_edition[64];  /* another edition observing the panel year, "" none */
    double *other;           /* [n * n] its stocks, origin-major; NAN where it has no figure */
    char (*vintage)[3][48];  /* [n] the vintage ("wdi 2026") of each state's remittances, GDP and
                                labour-force figures, "" when the figure is missing */
} year_prov;

/* The economic series whose vintage an export names, in the order of year_prov.vintage. */
static const char *const VINTAGE_SERIES[3] = {"BX.TRF.PWKR.CD.DT", "NY.GDP.MKTP.CD", "SL.TLF.TOTL.IN"};

/* Weakest first: a value is as good as the weakest input it was made from. */
static int flag_rank(migdip_flag f)
{
    static const int RANK[] = {[MIGDIP_FLAG_MISSING] = 6, [MIGDIP_FLAG_OBSERVED] = 0, [MIGDIP_FLAG_DERIVED] = 1,
                               [MIGDIP_FLAG_INTERPOLATED] = 2, [MIGDIP_FLAG_CARRIED] = 3,
                               [MIGDIP_FLAG_ASSUMED_ZERO] = 4, [MIGDIP_FLAG_SUSPECT] = 5};
    return (unsigned)f < sizeof RANK / sizeof *RANK ? RANK[f] : 6;
}

static double value_year(const migdip_value *v) { return v->flag == MIGDIP_FLAG_MISSING ? NAN : v->year; }

/* Fold input v into the provenance (flag, oldest year) of a value made from several. */
static void prov_take(migdip_flag *flag, double *year, migdip_flag f, double y)
{
    if (flag_rank(f) > flag_rank(*flag))
        *flag = f;
    if (!isnan(y) && (isnan(*year) || y < *year))
        *year = y;
}

/* The provenance of state i's power score: its inputs under the measure (the engine's rule,
 * docs/model.md §3.4: GDP PPP from GDP per head x population when only those are known is
 * derived). Missing when the score is unknown. */
static void power_prov(const mg_panel *p, migdip_power measure, size_t i, bool known, double *flag_out,
                       double *year_out)
{
    migdip_flag flag = MIGDIP_FLAG_OBSERVED;
    double year = NAN;
    const migdip_value *in[2] = {NULL, NULL};
    switch (measure) {
    case MIGDIP_POWER_GDP: in[0] = &p->gdp_usd[i]; break;
    case MIGDIP_POWER_CINC: in[0] = &p->cinc[i]; break;
    default:
        in[1] = &p->pop[i];
        if (p->gdp_ppp[i].flag != MIGDIP_FLAG_MISSING) {
            in[0] = &p->gdp_ppp[i];
        } else {
            in[0] = &p->gdppc_ppp[i];
            prov_take(&flag, &year, MIGDIP_FLAG_DERIVED, NAN);
        }
    }
    for (int k = 0; k < 2; k++)
        if (in[k])
            prov_take(&flag, &year, in[k]->flag, value_year(in[k]));
    *flag_out = known ? flag : MIGDIP_FLAG_MISSING;
    *year_out = known ? year : NAN;
}

/* ------------------------------------------------------------------ rows */

static double flag01(bool b) { return b ? 1 : 0; }

/* Fill the values of the directed dyad (i, j); gap is scratch for the data-gap note. */
static void dyad_row(const migdip_model *m, const cown_map *cm, const year_prov *yp, migdip_power measure, size_t i,
                     size_t j, const migdip_dyad *d, export_value *v, char *gap, size_t gap_cap)
{
    const migdip_side *a = &d->side[0], *b = &d->side[1];
    const mg_panel *p = mg_model_panel(m);
    size_t n = p->n, ij = i * n + j, ji = j * n + i;
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
    v[k++].str = yp->edition;
    v[k++].num = yp->how;
    v[k++].num = yp->stock_year ? yp->stock_year : NAN;
    v[k++].num = yp->stock_year_next ? yp->stock_year_next : NAN;
    v[k++].str = yp->other ? yp->other_edition : NULL;
    v[k++].num = a->exposure;
    v[k++].num = a->exposure_raw;
    v[k++].num = a->exposure_send;
    v[k++].num = a->exposure_host;
    for (int f = 0; f < MIGDIP_F_COUNT; f++)
        v[k++].num = a->contrib[f];
    v[k++].num = a->remit_pct_gdp;
    v[k++].num = p->remit_usd[i].flag;
    v[k++].num = value_year(&p->remit_usd[i]);
    v[k++].str = yp->vintage && yp->vintage[i][0][0] ? yp->vintage[i][0] : NULL;
    v[k++].num = p->gdp_usd[i].flag;
    v[k++].num = value_year(&p->gdp_usd[i]);
    v[k++].str = yp->vintage && yp->vintage[i][1][0] ? yp->vintage[i][1] : NULL;
    v[k++].num = a->remit_share;
    v[k++].num = isnan(a->remit_share) ? MIGDIP_FLAG_MISSING : p->rshare_flag[ij];
    v[k++].num = a->remit_matrix_year ? a->remit_matrix_year : NAN;
    v[k++].num = a->remit_matrix_year ? flag01(a->remit_carried) : NAN;
    v[k++].num = isnan(a->remit_share) ? NAN : flag01(a->remit_fallback);
    v[k++].num = a->rd;
    v[k++].num = a->emig_in_partner;
    v[k++].num = p->stock_flag[ij];
    v[k++].num = p->stock_born[ij];
    v[k++].num = yp->other ? yp->other[ij] : NAN;
    v[k++].num = a->emig_share;
    v[k++].num = a->eff_destinations;
    v[k++].num = a->valve;
    v[k++].num = p->lf[i].flag;
    v[k++].num = value_year(&p->lf[i]);
    v[k++].str = yp->vintage && yp->vintage[i][2][0] ? yp->vintage[i][2] : NULL;
    v[k++].num = a->partner_migrants;
    v[k++].num = p->stock_flag[ji];
    v[k++].num = p->stock_born[ji];
    v[k++].num = yp->other ? yp->other[ji] : NAN;
    v[k++].num = a->lf_share;
    v[k++].num = a->pool_share;
    v[k++].num = a->eff_origins;
    v[k++].num = a->substitutability;
    /* the fitted supply exists only where a hosts b's migrants (substitutability known) */
    v[k++].num = isnan(a->substitutability) ? NAN : a->alt_supply;
    v[k++].num = a->power_known ? a->power : NAN;
    power_prov(p, measure, i, a->power_known, &v[k].num, &v[k + 1].num);
    k += 2;
    v[k++].num = b->exposure;
    v[k++].num = b->power_known ? b->power : NAN;
    power_prov(p, measure, j, b->power_known, &v[k].num, &v[k + 1].num);
    k += 2;
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
    v[k++].str = migdip_scope_code(d->scope);
    v[k++].num = flag01(d->close_call);
    v[k++].num = flag01(d->seasonal_unseen);
    v[k++].num = d->power_ok ? flag01(d->power_contested) : NAN;
    v[k++].str = a->power_source[0] ? a->power_source : NULL;
    v[k++].num = a->control;
    v[k++].num = d->volume_born;
    v[k++].num = d->forced_share;
    v[k++].num = a->partner_protection;
    v[k++].num = a->partner_legacy;
    v[k++].num = a->partner_recorded;
}

/* ------------------------------------------------------------------ the export */

/* The name of the UN DESA edition the model reads: the one asked for, else the preferred one
 * (view stock_pref, docs/store.md). "" when the store has no stocks. */
static migdip_status edition_resolve(sqlite3 *db, const char *asked, char *out, size_t cap, mg_err *err)
{
    snprintf(out, cap, "%s", asked ? asked : "");
    if (asked)
        return MIGDIP_OK;
    sqlite3_stmt *st = NULL;
    migdip_status rc = mg_store_prepare(
        db, "SELECT edition FROM vintage WHERE id=(SELECT vintage_id FROM stock_pref LIMIT 1)", &st, err);
    if (rc)
        return rc;
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
        snprintf(out, cap, "%s", (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return MIGDIP_OK;
}

static int year_query(sqlite3 *db, const char *sql, const char *edition, int year, mg_err *err, migdip_status *rc)
{
    sqlite3_stmt *st = NULL;
    int y = 0;
    if ((*rc = mg_store_stock_prepare(db, sql, edition, &st, err)))
        return 0;
    sqlite3_bind_int(st, 1, year);
    if (sqlite3_step(st) == SQLITE_ROW)
        y = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return y;
}

/* The provenance of the stocks of m's year: how they were obtained, from which UN years, and
 * the figures of another edition that observed that year (the newest other one), so that its
 * revisions show beside the values used. */
/* The vintage behind each state's remittances, GDP and labour force of the model's year: the
 * newest vintage holding the figure's reference year (the series rule of docs/model.md §1);
 * for an interpolated figure, the vintage of the observation before it. */
static migdip_status series_vintages(sqlite3 *db, const migdip_model *m, year_prov *yp, mg_err *err)
{
    const mg_panel *p = mg_model_panel(m);
    size_t n = p->n;
    if (!(yp->vintage = calloc(n ? n : 1, sizeof *yp->vintage)))
        return mg_err_set(err, MIGDIP_ERR_NOMEM, "out of memory");
    const migdip_value *vals[3] = {p->remit_usd, p->gdp_usd, p->lf};
    int *best = malloc((n ? n : 1) * sizeof *best);
    if (!best)
        return mg_err_set(err, MIGDIP_ERR_NOMEM, "out of memory");
    migdip_status rc = MIGDIP_OK;
    for (int s = 0; !rc && s < 3; s++) {
        sqlite3_stmt *st = NULL;
        if ((rc = mg_store_prepare(db,
                                   "SELECT s.iso3, s.year, v.dataset || ' ' || coalesce(v.edition, '') FROM series s"
                                   " JOIN vintage v ON v.id=s.vintage_id WHERE s.code=?1 AND s.value IS NOT NULL"
                                   " AND s.year BETWEEN ?2 AND ?3 ORDER BY v.released, s.vintage_id", &st, err)))
            break;
        sqlite3_bind_text(st, 1, VINTAGE_SERIES[s], -1, SQLITE_STATIC);
        sqlite3_bind_int(st, 2, p->year - 2 * MG_SERIES_MAX_CARRY - 30);
        sqlite3_bind_int(st, 3, p->year);
        for (size_t i = 0; i < n; i++)
            best[i] = -1;
        while (sqlite3_step(st) == SQLITE_ROW) {
            long i = mg_panel_find(p, (const char *)sqlite3_column_text(st, 0));
            if (i < 0 || vals[s][i].flag == MIGDIP_FLAG_MISSING)
                continue;
            int y = sqlite3_column_int(st, 1), ref = vals[s][i].year;
            /* the reference year itself, else the latest year before it (interpolated); rows
             * come oldest vintage first, so a newer vintage of the same year wins */
            if (y > ref || y < best[i])
                continue;
            best[i] = y;
            snprintf(yp->vintage[i][s], sizeof yp->vintage[i][s], "%s", (const char *)sqlite3_column_text(st, 2));
        }
        sqlite3_finalize(st);
    }
    free(best);
    return rc;
}

static migdip_status year_prov_load(sqlite3 *db, const migdip_model *m, const char *edition, year_prov *yp,
                                    mg_err *err)
{
    const mg_panel *p = mg_model_panel(m);
    const char *ed = *edition ? edition : NULL;
    migdip_status rc = MIGDIP_OK;
    free(yp->other);
    free(yp->vintage);
    memset(yp, 0, sizeof *yp);
    yp->edition = ed;
    if ((rc = series_vintages(db, m, yp, err)))
        return rc;
    yp->stock_year = migdip_model_stock_year(m, &yp->how);
    if (yp->how == MIGDIP_FLAG_INTERPOLATED)
        yp->stock_year_next = year_query(db, "SELECT min(year) FROM %s WHERE sex='T' AND year>?1", ed, p->year, err, &rc);
    if (rc || !ed)
        return rc;
    sqlite3_stmt *st = NULL;
    if ((rc = mg_store_prepare(db,
                               "SELECT v.edition FROM vintage v WHERE v.dataset='undesa-ims' AND v.edition<>?1"
                               " AND EXISTS(SELECT 1 FROM stock s WHERE s.vintage_id=v.id AND s.year=?2 AND s.sex='T')"
                               " ORDER BY v.released DESC, v.id DESC LIMIT 1", &st, err)))
        return rc;
    sqlite3_bind_text(st, 1, ed, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 2, p->year);
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
        snprintf(yp->other_edition, sizeof yp->other_edition, "%s", (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    if (!yp->other_edition[0])
        return MIGDIP_OK;
    size_t n = p->n;
    if (!(yp->other = malloc((n ? n * n : 1) * sizeof *yp->other)))
        return mg_err_set(err, MIGDIP_ERR_NOMEM, "out of memory");
    for (size_t c = 0; c < n * n; c++)
        yp->other[c] = NAN;
    if ((rc = mg_store_stock_prepare(db, "SELECT orig, dest, value FROM %s WHERE sex='T' AND year=?1"
                                         " AND value IS NOT NULL", yp->other_edition, &st, err)))
        return rc;
    sqlite3_bind_int(st, 1, p->year);
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *o = (const char *)sqlite3_column_text(st, 0), *d = (const char *)sqlite3_column_text(st, 1);
        const char(*ho)[4] = o && n ? bsearch(o, p->iso3, n, sizeof *p->iso3, cmp_iso3) : NULL;
        const char(*hd)[4] = d && n ? bsearch(d, p->iso3, n, sizeof *p->iso3, cmp_iso3) : NULL;
        if (ho && hd)
            yp->other[(size_t)(ho - p->iso3) * n + (size_t)(hd - p->iso3)] = sqlite3_column_double(st, 2);
    }
    sqlite3_finalize(st);
    return MIGDIP_OK;
}

typedef struct export_run {
    migdip_ctx *ctx;
    const migdip_export_opts *o;
    cown_map cm;
    char edition[64];      /* the UN DESA edition read */
    year_prov yp;
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

/* A write error of the table names the file (a full disk, /dev/full, a closed pipe). */
static void write_failed(export_run *r, migdip_status rc)
{
    if (rc == MIGDIP_ERR_IO)
        mg_err_prefix(&r->ctx->err, "%s", r->out.target ? r->out.target : "standard output");
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
            /* docs/model.md 4.1: territories are actors only when asked for */
            if (!mg_model_state_is_actor(m, i) || !mg_model_state_is_actor(m, j))
                continue;
            mg_model_dyad_at(m, i, j, &d);
            dyad_row(m, &r->cm, &r->yp, r->o->model.power, i, j, &d, v, gap, sizeof gap);
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
    if ((rc = cown_map_load(ctx->db, &r.cm, err)) ||
        (rc = edition_resolve(ctx->db, o->model.stock_edition, r.edition, sizeof r.edition, err)))
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
        if ((rc = year_prov_load(ctx->db, m, r.edition, &r.yp, err)))
            goto cleanup;
        if ((rc = write_year(&r, m))) {
            write_failed(&r, rc);
            goto cleanup;
        }
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
    if (rc) {
        write_failed(&r, rc);
        goto cleanup;
    }
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
    free(r.yp.other);
    free(r.yp.vintage);
    return rc;
}
