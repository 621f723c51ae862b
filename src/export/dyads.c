/* dyads.c - the dyad export (migdip_export_dyads): every directed dyad-year of states above a corridor
 * volume, with every indicator the engine computes, written through the table writer of
 * table.h (CSV, JSON, Stata). One model per year, freed before the next. docs/exports.md. */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
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
#include "util/strbuf.h"

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
    N("ccode1", "State a, Correlates of War state code this year (NA: not a COW member)"),
    N("ccode2", "State b, Correlates of War state code this year (NA: not a COW member)"),
    N("gwcode1", "State a, Gleditsch-Ward code this year (NA: none or not a member)"),
    N("gwcode2", "State b, Gleditsch-Ward code this year (NA: none or not a member)"),
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
    N("margin", "Nearest boundary an exposure one: distance to it, exposure units"),
    S("margin_boundary", "The boundary nearest to changing the verdict"),
    N("margin_power", "Nearest boundary power parity: distance to it, log points"),
    N("margin_volume", "Nearest boundary the volume threshold: distance to it, persons"),
    N("margin_forced_share", "Nearest boundary the forced-migration share: distance to it, share"),
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

enum { NCOLS = sizeof COLUMNS / sizeof *COLUMNS };

/* The variables added on request (--with), one group per MIGDIP_WITH_* bit in bit order. */
static const export_column WITH_DISTANCE[] = {
    N("distw", "Population-weighted distance between a and b, km (CEPII distw)"),
    N("distcap", "Distance between the capitals of a and b, km (CEPII)"),
    N("contig", "1 = a and b share a land border (CEPII)"),
};
static const export_column WITH_LANGUAGE[] = {
    N("comlang_off", "1 = a and b share an official language (CEPII)"),
    N("comlang_ethno", "1 = a language spoken by at least 9% in a and in b (CEPII)"),
};
static const export_column WITH_COLONY[] = {
    N("colony", "1 = a and b were ever in a colonial relationship (CEPII)"),
    N("comcol", "1 = a and b had a common coloniser after 1945 (CEPII)"),
};
static const export_column WITH_INCOME[] = {
    S("income_group1", "World Bank income group of a on the year's GNI: L, LM, UM, H"),
    S("income_group2", "World Bank income group of b on the year's GNI: L, LM, UM, H"),
};
static const export_column WITH_AGREEMENTS[] = {
    N("bla_signed", "Labour agreements between a and b signed by the year (Chilton & Woda)"),
    N("bla_first_year", "Year the first labour agreement between a and b was signed"),
};
static const export_column WITH_IGO[] = {
    N("igo_shared", "IGOs of which a and b are both full members (COW IGO, to 2014)"),
};

typedef struct with_group {
    const char *name;
    unsigned bit;
    const export_column *cols;
    size_t n;
    bool states; /* applies to the state-year table too (with its own columns) */
} with_group;

static const with_group WITH[] = {
    {"distance", MIGDIP_WITH_DISTANCE, WITH_DISTANCE, 3, false},
    {"language", MIGDIP_WITH_LANGUAGE, WITH_LANGUAGE, 2, false},
    {"colony", MIGDIP_WITH_COLONY, WITH_COLONY, 2, false},
    {"income_group", MIGDIP_WITH_INCOME_GROUP, WITH_INCOME, 2, true},
    {"agreements", MIGDIP_WITH_AGREEMENTS, WITH_AGREEMENTS, 2, true},
    {"igo", MIGDIP_WITH_IGO, WITH_IGO, 1, true},
};
enum { N_WITH = sizeof WITH / sizeof *WITH };

/* The state-year table (export states). */
#define V3(name, what)                                                                             \
    N(name, what), F(name "_flag", "Provenance of " name), N(name "_year", "Year " name " refers to")
static const export_column STATE_COLUMNS[] = {
    N("year", "Year of the panel"),
    N("ccode", "Correlates of War state code this year (NA: not a COW member)"),
    N("gwcode", "Gleditsch-Ward code this year (NA: none or not a member)"),
    S("iso3", "ISO 3166 alpha-3"),
    S("name", "Name"),
    N("territory", "1 = a non-sovereign territory (docs/model.md 4.1)"),
    N("in_system", "1 = a member of the export's state system this year"),
    V3("pop", "Population, persons (WDI)"),
    V3("gdp_usd", "GDP, current US$"),
    V3("gdp_ppp", "GDP, PPP, constant international $"),
    V3("gdppc_ppp", "GDP per head, PPP, constant international $"),
    V3("lf", "Labour force, persons"),
    V3("remit_usd", "Personal remittances received, current US$"),
    V3("cinc", "Composite Index of National Capability (COW NMC)"),
    N("power", "Power score (log scale, docs/model.md 3.4)"),
    N("emigrants", "Labour migrants from this state abroad, persons (docs/model.md 1.1)"),
    N("immigrants", "Labour migrants from abroad in this state, persons"),
    N("eff_destinations", "Effective number of destinations of its emigrants (1/HHI)"),
    N("eff_origins", "Effective number of origins of its immigrants (1/HHI)"),
    N("partners", "Partners whose corridors hold at least the export's minimum volume"),
    N("partners_in_scope", "Of them, dyads in the framework's scope"),
    N("exposure_max", "Highest exposure of this state over its in-scope dyads, 0-1"),
    S("exposure_max_partner", "The partner of that dyad, ISO3"),
    N("n_quadrant_I", "In-scope dyads where this state's logic is I"),
    N("n_quadrant_II", "In-scope dyads where this state's logic is II"),
    N("n_quadrant_III", "In-scope dyads where this state's logic is III"),
    N("n_quadrant_IV", "In-scope dyads where this state's logic is IV"),
    N("n_mutual", "In-scope dyads of mutual exposure"),
};
#undef V3
enum { NSTATECOLS = sizeof STATE_COLUMNS / sizeof *STATE_COLUMNS };
static const export_column STATE_WITH_INCOME[] = {
    S("income_group", "World Bank income group on the year's GNI: L, LM, UM, H"),
};
static const export_column STATE_WITH_AGREEMENTS[] = {
    N("bla_signed", "Labour agreements this state signed by the year (Chilton & Woda)"),
};
static const export_column STATE_WITH_IGO[] = {
    N("igo_count", "IGOs of which this state is a full member (COW IGO, to 2014)"),
};
#undef N
#undef S
#undef F

void migdip_export_opts_init(migdip_export_opts *o)
{
    memset(o, 0, sizeof *o);
    o->format = MIGDIP_EXPORT_CSV;
    o->min_stock = MIGDIP_EXPORT_MIN_STOCK;
}

migdip_status migdip_export_system_parse(const char *name, migdip_export_system *out)
{
    static const char *const NAMES[] = {"iso", "cow", "gw"};
    for (int i = 0; i < 3; i++)
        if (name && strcasecmp(name, NAMES[i]) == 0) {
            *out = (migdip_export_system)i;
            return MIGDIP_OK;
        }
    return MIGDIP_ERR_USAGE;
}

static const char *system_name(migdip_export_system s)
{
    return s == MIGDIP_SYSTEM_COW ? "cow" : s == MIGDIP_SYSTEM_GW ? "gw" : "iso";
}

migdip_status migdip_export_with_parse(const char *list, unsigned *out, char *bad, size_t bad_cap)
{
    *out = 0;
    if (bad && bad_cap)
        bad[0] = '\0';
    const char *p = list ? list : "";
    for (;;) {
        size_t len = strcspn(p, ",");
        size_t g = 0;
        bool all = len == 3 && !strncasecmp(p, "all", 3);
        for (; !all && g < N_WITH; g++)
            if (strlen(WITH[g].name) == len && !strncasecmp(p, WITH[g].name, len))
                break;
        if (all) {
            for (size_t k = 0; k < N_WITH; k++)
                *out |= WITH[k].bit;
        } else if (g < N_WITH) {
            *out |= WITH[g].bit;
        } else {
            if (bad && bad_cap)
                snprintf(bad, bad_cap, "%.*s", (int)len, p);
            return MIGDIP_ERR_USAGE;
        }
        if (!p[len])
            return MIGDIP_OK;
        p += len + 1;
    }
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

/* ------------------------------------------------------------------ state systems and --with */

static int cmp_iso3(const void *a, const void *b) { return strcmp((const char *)a, (const char *)b); }

static long panel_index(const mg_panel *p, const char *iso3)
{
    const char(*hit)[4] = iso3 && p->n ? bsearch(iso3, p->iso3, p->n, sizeof *p->iso3, cmp_iso3) : NULL;
    return hit ? (long)(hit - p->iso3) : -1;
}

/* What one year adds to the panel for an export (docs/exports.md, "State systems" and "Added
 * variables"): each state's codes and membership, and the variables asked for with --with.
 * Arrays are per state [n] or per ordered pair [n * n]; NAN or -1 is missing. */
typedef struct year_extra {
    size_t n;
    double *ccode, *gwcode;  /* [n] the system codes of the year, NAN: not a member */
    uint8_t *member;         /* [n] 1: a member of the export's system this year */
    char (*income)[4];       /* [n] World Bank group, "" unknown */
    float *distw, *distcap;  /* [n*n] */
    int8_t *cepii;           /* [n*n*5] contig, comlang_off, comlang_ethno, colony, comcol; -1 NA */
    double *bla_n, *bla_first; /* [n*n] labour agreements signed by the year, year of the first */
    double *state_bla;       /* [n] agreements a state signed by the year */
    uint64_t *igo;           /* [n*igo_words] full memberships, NULL: no IGO data for the year */
    size_t igo_words;
} year_extra;

static void year_extra_free(year_extra *x)
{
    free(x->ccode);
    free(x->gwcode);
    free(x->member);
    free(x->income);
    free(x->distw);
    free(x->distcap);
    free(x->cepii);
    free(x->bla_n);
    free(x->bla_first);
    free(x->state_bla);
    free(x->igo);
    memset(x, 0, sizeof *x);
}

static migdip_status extra_nomem(mg_err *err) { return mg_err_set(err, MIGDIP_ERR_NOMEM, "out of memory"); }

/* Codes and membership: the COW state list of the year (its last year carried to later ones);
 * GW codes for the members that have one (docs/exports.md: the store holds no GW dates). */
static migdip_status extra_members(sqlite3 *db, const mg_panel *p, int list_year, migdip_export_system sys,
                                   year_extra *x, mg_err *err)
{
    size_t n = p->n;
    for (size_t i = 0; i < n; i++)
        x->ccode[i] = x->gwcode[i] = NAN;
    if (!list_year) { /* no state list in the store: every state counts (iso only, with a note) */
        for (size_t i = 0; i < n; i++)
            x->member[i] = !p->territory[i];
        return MIGDIP_OK;
    }
    sqlite3_stmt *st = NULL;
    migdip_status rc = mg_store_prepare(
        db,
        /* a state's GW code of the year: the range that begins last (SQLite takes the bare
         * column code from the row of max(year_from)); grouped once, not looked up a state */
        "SELECT s.iso3, s.code, coalesce(c.gwn, g.code)"
        " FROM state_year s LEFT JOIN country c ON c.iso3=s.iso3"
        " LEFT JOIN (SELECT iso3, CAST(code AS INTEGER) AS code, max(year_from) FROM country_code"
        "  WHERE scheme='gwn' AND ?2 BETWEEN year_from AND year_to GROUP BY iso3) g ON g.iso3=s.iso3"
        " WHERE s.system='cow' AND s.year=?1",
        &st, err);
    if (rc)
        return rc;
    sqlite3_bind_int(st, 1, list_year);
    sqlite3_bind_int(st, 2, p->year);
    while (sqlite3_step(st) == SQLITE_ROW) {
        long i = panel_index(p, (const char *)sqlite3_column_text(st, 0));
        if (i < 0)
            continue;
        x->ccode[i] = sqlite3_column_double(st, 1);
        if (sqlite3_column_type(st, 2) != SQLITE_NULL)
            x->gwcode[i] = sqlite3_column_double(st, 2);
        x->member[i] = sys != MIGDIP_SYSTEM_GW || !isnan(x->gwcode[i]);
    }
    sqlite3_finalize(st);
    if (sys == MIGDIP_SYSTEM_GW) /* a GW code only for GW members */
        for (size_t i = 0; i < n; i++)
            if (!x->member[i])
                x->gwcode[i] = NAN;
    return MIGDIP_OK;
}

static migdip_status extra_cepii(sqlite3 *db, const mg_panel *p, year_extra *x, mg_err *err)
{
    size_t n = p->n;
    for (size_t c = 0; c < n * n; c++)
        x->distw[c] = x->distcap[c] = NAN;
    memset(x->cepii, -1, n * n * 5);
    sqlite3_stmt *st = NULL;
    migdip_status rc = mg_store_prepare(db,
                                        "SELECT iso_o, iso_d, distw, distcap, contig, comlang_off, comlang_ethno, colony,"
                                        " comcol FROM dist ORDER BY vintage_id", &st, err);
    if (rc)
        return rc;
    while (sqlite3_step(st) == SQLITE_ROW) {
        long i = panel_index(p, (const char *)sqlite3_column_text(st, 0));
        long j = panel_index(p, (const char *)sqlite3_column_text(st, 1));
        if (i < 0 || j < 0)
            continue;
        size_t c = (size_t)i * n + (size_t)j;
        x->distw[c] = sqlite3_column_type(st, 2) == SQLITE_NULL ? NAN : (float)sqlite3_column_double(st, 2);
        x->distcap[c] = sqlite3_column_type(st, 3) == SQLITE_NULL ? NAN : (float)sqlite3_column_double(st, 3);
        for (int k = 0; k < 5; k++)
            x->cepii[c * 5 + (size_t)k] =
                sqlite3_column_type(st, 4 + k) == SQLITE_NULL ? -1 : (int8_t)(sqlite3_column_int(st, 4 + k) != 0);
    }
    sqlite3_finalize(st);
    return MIGDIP_OK;
}

/* The World Bank group on the GNI of the year: the classification of fiscal year year+2 (FY24,
 * from July 2023, rests on 2022 GNI); the newest vintage holding that fiscal year wins. */
static migdip_status extra_income(sqlite3 *db, const mg_panel *p, year_extra *x, mg_err *err)
{
    sqlite3_stmt *st = NULL;
    memset(x->income, 0, p->n * sizeof *x->income);
    migdip_status rc = mg_store_prepare(db, "SELECT iso3, grp FROM income_group WHERE fy=?1 ORDER BY vintage_id",
                                        &st, err);
    if (rc)
        return rc;
    sqlite3_bind_int(st, 1, p->year + 2);
    while (sqlite3_step(st) == SQLITE_ROW) {
        long i = panel_index(p, (const char *)sqlite3_column_text(st, 0));
        if (i >= 0)
            snprintf(x->income[i], sizeof x->income[i], "%.3s", (const char *)sqlite3_column_text(st, 1));
    }
    sqlite3_finalize(st);
    return MIGDIP_OK;
}

/* Labour agreements signed by the end of the year (Chilton & Woda; an unknown year, 9999, is
 * never counted), either side first. */
static migdip_status extra_agreements(sqlite3 *db, const mg_panel *p, year_extra *x, mg_err *err)
{
    size_t n = p->n;
    for (size_t c = 0; c < n * n; c++) {
        x->bla_n[c] = 0;
        x->bla_first[c] = NAN;
    }
    for (size_t i = 0; i < n; i++)
        x->state_bla[i] = 0;
    sqlite3_stmt *st = NULL;
    migdip_status rc = mg_store_prepare(db,
                                        "SELECT a, b, count(DISTINCT treaty_id), min(year) FROM agreement"
                                        " WHERE year<=?1 GROUP BY a, b", &st, err);
    if (rc)
        return rc;
    sqlite3_bind_int(st, 1, p->year);
    while (sqlite3_step(st) == SQLITE_ROW) {
        long i = panel_index(p, (const char *)sqlite3_column_text(st, 0));
        long j = panel_index(p, (const char *)sqlite3_column_text(st, 1));
        double k = sqlite3_column_double(st, 2), y = sqlite3_column_double(st, 3);
        if (i >= 0)
            x->state_bla[i] += k;
        if (j >= 0 && j != i)
            x->state_bla[j] += k;
        if (i < 0 || j < 0 || i == j)
            continue;
        size_t ij = (size_t)i * n + (size_t)j, ji = (size_t)j * n + (size_t)i;
        x->bla_n[ij] += k;
        x->bla_n[ji] += k;
        if (isnan(x->bla_first[ij]) || y < x->bla_first[ij])
            x->bla_first[ij] = x->bla_first[ji] = y;
    }
    sqlite3_finalize(st);
    return MIGDIP_OK;
}

/* Full memberships (status 1) of the year, one bit per organisation; none when the IGO data
 * does not reach the year. */
static migdip_status extra_igo(sqlite3 *db, const mg_panel *p, year_extra *x, mg_err *err)
{
    free(x->igo);
    x->igo = NULL;
    sqlite3_stmt *st = NULL;
    migdip_status rc = mg_store_prepare(db,
                                        "SELECT m.iso3, d.k FROM igo_member m JOIN (SELECT igo, row_number() OVER"
                                        " (ORDER BY igo) - 1 AS k FROM (SELECT DISTINCT igo FROM igo_member)) d"
                                        " ON d.igo=m.igo WHERE m.year=?1 AND m.status=1", &st, err);
    if (rc)
        return rc;
    sqlite3_stmt *cnt = NULL;
    if ((rc = mg_store_prepare(db, "SELECT count(DISTINCT igo), (SELECT count(*) FROM igo_member WHERE year=?1)"
                                   " FROM igo_member", &cnt, err))) {
        sqlite3_finalize(st);
        return rc;
    }
    sqlite3_bind_int(cnt, 1, p->year);
    size_t n_igo = 0, rows = 0;
    if (sqlite3_step(cnt) == SQLITE_ROW) {
        n_igo = (size_t)sqlite3_column_int64(cnt, 0);
        rows = (size_t)sqlite3_column_int64(cnt, 1);
    }
    sqlite3_finalize(cnt);
    if (!rows) {
        sqlite3_finalize(st);
        return MIGDIP_OK;
    }
    x->igo_words = (n_igo + 63) / 64;
    if (!(x->igo = calloc(p->n * x->igo_words + 1, sizeof *x->igo))) {
        sqlite3_finalize(st);
        return extra_nomem(err);
    }
    sqlite3_bind_int(st, 1, p->year);
    while (sqlite3_step(st) == SQLITE_ROW) {
        long i = panel_index(p, (const char *)sqlite3_column_text(st, 0));
        size_t k = (size_t)sqlite3_column_int64(st, 1);
        if (i >= 0 && k < n_igo)
            x->igo[(size_t)i * x->igo_words + k / 64] |= (uint64_t)1 << (k % 64);
    }
    sqlite3_finalize(st);
    return MIGDIP_OK;
}

static double igo_count(const year_extra *x, size_t i, long j)
{
    if (!x->igo)
        return NAN;
    double c = 0;
    for (size_t w = 0; w < x->igo_words; w++) {
        uint64_t b = x->igo[i * x->igo_words + w];
        if (j >= 0)
            b &= x->igo[(size_t)j * x->igo_words + w];
        c += __builtin_popcountll(b);
    }
    return c;
}

static migdip_status year_extra_load(sqlite3 *db, const mg_panel *p, int list_year, migdip_export_system sys,
                                     unsigned with, year_extra *x, mg_err *err)
{
    size_t n = p->n, nn = n ? n * n : 1, n1 = n ? n : 1;
    year_extra_free(x);
    x->n = n;
    if (!(x->ccode = malloc(n1 * sizeof *x->ccode)) || !(x->gwcode = malloc(n1 * sizeof *x->gwcode)) ||
        !(x->member = calloc(n1, 1)))
        return extra_nomem(err);
    migdip_status rc = extra_members(db, p, list_year, sys, x, err);
    if (!rc && (with & (MIGDIP_WITH_DISTANCE | MIGDIP_WITH_LANGUAGE | MIGDIP_WITH_COLONY))) {
        if (!(x->distw = malloc(nn * sizeof *x->distw)) || !(x->distcap = malloc(nn * sizeof *x->distcap)) ||
            !(x->cepii = malloc(nn * 5)))
            return extra_nomem(err);
        rc = extra_cepii(db, p, x, err);
    }
    if (!rc && (with & MIGDIP_WITH_INCOME_GROUP)) {
        if (!(x->income = malloc(n1 * sizeof *x->income)))
            return extra_nomem(err);
        rc = extra_income(db, p, x, err);
    }
    if (!rc && (with & MIGDIP_WITH_AGREEMENTS)) {
        if (!(x->bla_n = malloc(nn * sizeof *x->bla_n)) || !(x->bla_first = malloc(nn * sizeof *x->bla_first)) ||
            !(x->state_bla = malloc(n1 * sizeof *x->state_bla)))
            return extra_nomem(err);
        rc = extra_agreements(db, p, x, err);
    }
    if (!rc && (with & MIGDIP_WITH_IGO))
        rc = extra_igo(db, p, x, err);
    return rc;
}

static double cepii_num(const year_extra *x, size_t c, int k)
{
    int8_t v = x->cepii[c * 5 + (size_t)k];
    return v < 0 ? NAN : v;
}

/* The --with cells of the dyad (i, j), after the fixed columns. */
static size_t with_row(const year_extra *x, unsigned with, size_t i, size_t j, export_value *v)
{
    size_t k = 0, c = i * x->n + j;
    if (with & MIGDIP_WITH_DISTANCE) {
        v[k++].num = x->distw[c];
        v[k++].num = x->distcap[c];
        v[k++].num = cepii_num(x, c, 0);
    }
    if (with & MIGDIP_WITH_LANGUAGE) {
        v[k++].num = cepii_num(x, c, 1);
        v[k++].num = cepii_num(x, c, 2);
    }
    if (with & MIGDIP_WITH_COLONY) {
        v[k++].num = cepii_num(x, c, 3);
        v[k++].num = cepii_num(x, c, 4);
    }
    if (with & MIGDIP_WITH_INCOME_GROUP) {
        v[k++].str = x->income[i][0] ? x->income[i] : NULL;
        v[k++].str = x->income[j][0] ? x->income[j] : NULL;
    }
    if (with & MIGDIP_WITH_AGREEMENTS) {
        v[k++].num = x->bla_n[c];
        v[k++].num = x->bla_first[c];
    }
    if (with & MIGDIP_WITH_IGO)
        v[k++].num = igo_count(x, i, (long)j);
    return k;
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
static void dyad_row(const migdip_model *m, const year_extra *x, const year_prov *yp, migdip_power measure, size_t i,
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
    v[k++].num = x->ccode[i];
    v[k++].num = x->ccode[j];
    v[k++].num = x->gwcode[i];
    v[k++].num = x->gwcode[j];
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
    /* the margin in one unit a column (docs/exports.md, "Margin") */
    const char *bd = d->margin_boundary;
    int unit = !bd || isnan(d->margin) ? -1
               : !strcmp(bd, "power parity") ? 1
               : strstr(bd, "volume")        ? 2
               : strstr(bd, "forced")        ? 3
                                             : 0;
    v[k++].num = unit == 0 ? d->margin : NAN;
    v[k++].str = bd;
    for (int u = 1; u <= 3; u++)
        v[k++].num = unit == u ? d->margin : NAN;
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

/* The provenance of the stocks of m's year: how they were obtained, from which UN years, and
 * the figures of another edition that observed that year (the newest other one), so that its
 * revisions show beside the values used. */
/* The rows of the three series behind year_prov.vintage over the years an export spans, read
 * once (one query a series) instead of once a year: codes and vintages by index. */
typedef struct vintage_rows {
    bool loaded;
    int lo, hi;            /* the years read */
    char *code;            /* [ncode * 4] the states named by the rows */
    size_t ncode;
    char *name;            /* [nname * 48] "dataset edition" of each vintage */
    size_t nname;
    struct vrow {
        uint32_t code, name;
        int year;
    } *row[3];             /* oldest vintage first (released, then id), as the rule reads them */
    size_t nrow[3];
    size_t last_code, last_name; /* the index intern gave last: rows come in runs of one key */
    int stock_years[256];  /* the years of the edition's stocks, ascending (interpolation) */
    size_t n_stock_years;
    bool stock_years_read;
} vintage_rows;

static void vintage_rows_free(vintage_rows *vr)
{
    free(vr->code);
    free(vr->name);
    for (int s = 0; s < 3; s++)
        free(vr->row[s]);
    memset(vr, 0, sizeof *vr);
}

/* Index of key among the n keys of *table, each w bytes (a linear search: a few hundred
 * codes, a few dozen vintages, each added once; *last, the index found before, is tried
 * first); appended when new. SIZE_MAX when out of memory. */
static size_t intern(char **table, size_t *n, size_t w, size_t *last, const char *key)
{
    if (*last < *n && !strncmp(*table + *last * w, key, w - 1))
        return *last;
    for (size_t i = 0; i < *n; i++)
        if (!strncmp(*table + i * w, key, w - 1))
            return *last = i;
    if (!*n || !(*n & (*n - 1))) { /* grow at powers of two */
        char *g = realloc(*table, (*n ? *n * 2 : 16) * w);
        if (!g)
            return SIZE_MAX;
        *table = g;
    }
    snprintf(*table + *n * w, w, "%s", key);
    return *last = (*n)++;
}

static migdip_status vintage_rows_load(sqlite3 *db, int lo, int hi, vintage_rows *vr, mg_err *err)
{
    vintage_rows_free(vr);
    vr->loaded = true;
    vr->last_code = vr->last_name = SIZE_MAX;
    vr->lo = lo;
    vr->hi = hi;
    migdip_status rc = MIGDIP_OK;
    for (int s = 0; !rc && s < 3; s++) {
        sqlite3_stmt *st = NULL;
        if ((rc = mg_store_prepare(db,
                                   "SELECT s.iso3, s.year, v.dataset || ' ' || coalesce(v.edition, '') FROM series s"
                                   " JOIN vintage v ON v.id=s.vintage_id WHERE s.code=?1 AND s.value IS NOT NULL"
                                   " AND s.year BETWEEN ?2 AND ?3 ORDER BY v.released, s.vintage_id", &st, err)))
            break;
        sqlite3_bind_text(st, 1, VINTAGE_SERIES[s], -1, SQLITE_STATIC);
        sqlite3_bind_int(st, 2, lo);
        sqlite3_bind_int(st, 3, hi);
        size_t cap = 0;
        int step;
        while ((step = sqlite3_step(st)) == SQLITE_ROW) {
            const char *iso3 = (const char *)sqlite3_column_text(st, 0), *name = (const char *)sqlite3_column_text(st, 2);
            if (!iso3)
                continue;
            if (vr->nrow[s] == cap) {
                struct vrow *g = realloc(vr->row[s], (cap = cap ? cap * 2 : 4096) * sizeof *g);
                if (!g) {
                    rc = mg_err_set(err, MIGDIP_ERR_NOMEM, "out of memory");
                    break;
                }
                vr->row[s] = g;
            }
            size_t c = intern(&vr->code, &vr->ncode, 4, &vr->last_code, iso3);
            size_t v = intern(&vr->name, &vr->nname, 48, &vr->last_name, name ? name : "");
            if (c == SIZE_MAX || v == SIZE_MAX) {
                rc = mg_err_set(err, MIGDIP_ERR_NOMEM, "out of memory");
                break;
            }
            vr->row[s][vr->nrow[s]++] = (struct vrow){(uint32_t)c, (uint32_t)v, sqlite3_column_int(st, 1)};
        }
        if (!rc && step != SQLITE_DONE)
            rc = mg_store_db_error(db, err, "reading the series' vintages");
        sqlite3_finalize(st);
    }
    return rc;
}

/* The vintage behind each state's remittances, GDP and labour force of the model's year: the
 * newest vintage holding the figure's reference year (the series rule of docs/model.md §1);
 * for an interpolated figure, the vintage of the observation before it. The series' rows are
 * read for the years from lo (this year's window) to last, the export's last year. */
static migdip_status series_vintages(sqlite3 *db, const migdip_model *m, int last, vintage_rows *vr, year_prov *yp,
                                     mg_err *err)
{
    const mg_panel *p = mg_model_panel(m);
    size_t n = p->n;
    int lo = p->year - 2 * MG_SERIES_MAX_CARRY - 30;
    migdip_status rc = MIGDIP_OK;
    if (!vr->loaded || lo < vr->lo || p->year > vr->hi)
        if ((rc = vintage_rows_load(db, lo, last > p->year ? last : p->year, vr, err)))
            return rc;
    if (!(yp->vintage = calloc(n ? n : 1, sizeof *yp->vintage)))
        return mg_err_set(err, MIGDIP_ERR_NOMEM, "out of memory");
    const migdip_value *vals[3] = {p->remit_usd, p->gdp_usd, p->lf};
    int *best = malloc((n ? n : 1) * sizeof *best);
    uint32_t *best_name = malloc((n ? n : 1) * sizeof *best_name);
    long *at = malloc((vr->ncode ? vr->ncode : 1) * sizeof *at);
    if (!best || !best_name || !at) {
        free(best);
        free(best_name);
        free(at);
        return mg_err_set(err, MIGDIP_ERR_NOMEM, "out of memory");
    }
    for (size_t c = 0; c < vr->ncode; c++)
        at[c] = panel_index(p, vr->code + c * 4);
    for (int s = 0; s < 3; s++) {
        for (size_t i = 0; i < n; i++)
            best[i] = -1;
        for (size_t k = 0; k < vr->nrow[s]; k++) {
            const struct vrow *w = &vr->row[s][k];
            long i = at[w->code];
            if (w->year < lo || w->year > p->year || i < 0 || vals[s][i].flag == MIGDIP_FLAG_MISSING)
                continue;
            int y = w->year, ref = vals[s][i].year;
            /* the reference year itself, else the latest year before it (interpolated); rows
             * come oldest vintage first, so a newer vintage of the same year wins */
            if (y > ref || y < best[i])
                continue;
            best[i] = y;
            best_name[i] = w->name;
        }
        for (size_t i = 0; i < n; i++)
            if (best[i] >= 0)
                snprintf(yp->vintage[i][s], sizeof yp->vintage[i][s], "%s", vr->name + (size_t)best_name[i] * 48);
    }
    free(best);
    free(best_name);
    free(at);
    return rc;
}

static migdip_status year_prov_load(sqlite3 *db, const migdip_model *m, const char *edition, int last,
                                    vintage_rows *vr, year_prov *yp, mg_err *err)
{
    const mg_panel *p = mg_model_panel(m);
    const char *ed = *edition ? edition : NULL;
    migdip_status rc = MIGDIP_OK;
    free(yp->other);
    free(yp->vintage);
    memset(yp, 0, sizeof *yp);
    yp->edition = ed;
    if ((rc = series_vintages(db, m, last, vr, yp, err)))
        return rc;
    yp->stock_year = migdip_model_stock_year(m, &yp->how);
    if (yp->how == MIGDIP_FLAG_INTERPOLATED) {
        /* the edition's next UN year: its years are read once an export */
        if (!vr->stock_years_read &&
            (rc = mg_store_stock_years(db, ed, vr->stock_years, sizeof vr->stock_years / sizeof *vr->stock_years,
                                       &vr->n_stock_years, err)))
            return rc;
        vr->stock_years_read = true;
        for (size_t k = 0; k < vr->n_stock_years && !yp->stock_year_next; k++)
            if (vr->stock_years[k] > p->year)
                yp->stock_year_next = vr->stock_years[k];
    }
    if (!ed)
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

enum { META_MAX = 16 };

typedef struct export_run {
    migdip_ctx *ctx;
    const migdip_export_opts *o;
    bool states;           /* the state-year table */
    export_column *cols;   /* the fixed columns and those asked for with --with */
    size_t ncols, nfixed;
    char edition[64];      /* the UN DESA edition read */
    year_prov yp;
    vintage_rows vr;       /* the series' vintages, read once */
    year_extra x;
    int list_last;         /* last year of the COW state list in the store, 0: none */
    bool carried_noted;
    FILE *f;
    mg_fs_out out;         /* the file being written (mg_fs_out_open), when to a path */
    mg_table *t;
    /* CSV and JSON: a year's text, state by state, written while the next year is computed
     * (write_year); two of them, the one being filled and the one being written */
    struct year_text {
        mg_strbuf *text;
        long *rows;
        size_t *bad;
        size_t n;
        bool pending;      /* filled, not yet written */
    } yt[2];
    int yt_fill;           /* the one the next year fills */
    migdip_export_summary sum;
    /* the file's metadata */
    mg_table_item items[META_MAX];
    char *owned[META_MAX];
    mg_table_vintage *vintages;
    char **vstr;           /* [5 * n_vintages] the vintages' strings */
    mg_table_meta meta;
    char label[160];
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

/* ------------------------------------------------------------------ metadata and codebook */

static migdip_status meta_add(export_run *r, const char *key, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static migdip_status meta_add(export_run *r, const char *key, const char *fmt, ...)
{
    size_t k = r->meta.n_items;
    if (k >= META_MAX)
        return MIGDIP_OK;
    r->items[k].key = key;
    r->items[k].value = NULL;
    if (fmt) {
        va_list ap;
        va_start(ap, fmt);
        int len = vsnprintf(NULL, 0, fmt, ap);
        va_end(ap);
        char *v = len >= 0 ? malloc((size_t)len + 1) : NULL;
        if (!v)
            return extra_nomem(&r->ctx->err);
        va_start(ap, fmt);
        vsnprintf(v, (size_t)len + 1, fmt, ap);
        va_end(ap);
        r->items[k].value = r->owned[k] = v;
    }
    r->meta.n_items++;
    return MIGDIP_OK;
}

/* The vintages of the store, in import order. */
static migdip_status meta_vintages(export_run *r)
{
    sqlite3_stmt *st = NULL;
    migdip_status rc = mg_store_prepare(r->ctx->db, "SELECT dataset, edition, released, file, sha256 FROM vintage"
                                                    " ORDER BY id", &st, &r->ctx->err);
    size_t cap = 0, n = 0;
    while (!rc && sqlite3_step(st) == SQLITE_ROW) {
        if (n == cap) {
            cap = cap ? 2 * cap : 64;
            void *a = realloc(r->vintages, cap * sizeof *r->vintages);
            if (a)
                r->vintages = a;
            void *b = a ? realloc(r->vstr, 5 * cap * sizeof *r->vstr) : NULL;
            if (!b) {
                rc = extra_nomem(&r->ctx->err);
                break;
            }
            r->vstr = b;
        }
        const char **f = &r->vintages[n].dataset;
        for (int k = 0; k < 5; k++) {
            const char *t = (const char *)sqlite3_column_text(st, k);
            r->vstr[5 * n + (size_t)k] = t ? strdup(t) : NULL;
            f[k] = r->vstr[5 * n + (size_t)k];
            if (t && !f[k])
                rc = extra_nomem(&r->ctx->err);
        }
        n++;
        r->meta.n_vintages = n;
    }
    sqlite3_finalize(st);
    r->meta.vintages = r->vintages;
    return rc;
}

static migdip_status meta_build(export_run *r)
{
    const migdip_export_opts *o = r->o;
    const migdip_model_opts *mo = &o->model;
    migdip_status rc;
    mg_strbuf params, blocs, with;
    mg_strbuf_init(&params);
    mg_strbuf_init(&blocs);
    mg_strbuf_init(&with);
    for (size_t i = 0; i < mo->n_params; i++)
        mg_strbuf_printf(&params, "%s%s=%.17g", i ? ", " : "", mo->params[i].name, mo->params[i].value);
    for (size_t i = 0; i < mo->n_blocs; i++)
        mg_strbuf_printf(&blocs, "%s%s", i ? "; " : "", mo->blocs[i]);
    for (size_t g = 0; g < N_WITH; g++)
        if (o->with & WITH[g].bit)
            mg_strbuf_printf(&with, "%s%s", with.n ? "," : "", WITH[g].name);
    char years[32];
    snprintf(years, sizeof years, o->year_from == o->year_to ? "%d" : "%d-%d", o->year_from, o->year_to);
    if ((rc = meta_add(r, "migdip_version", "%s", MIGDIP_VERSION)) ||
        (rc = meta_add(r, "table", "%s", r->states ? "state-years" : o->undirected ? "undirected dyad-years"
                                                                                 : "directed dyad-years")) ||
        (rc = meta_add(r, "command", o->command_line ? "%s" : NULL, o->command_line)) ||
        (rc = meta_add(r, "years", "%s", years)) ||
        (rc = meta_add(r, "system", "%s", system_name(o->system))) ||
        (rc = meta_add(r, "state_list", r->list_last ? "Correlates of War state system membership to %d; later years "
                                                       "take its members of %d" : NULL, r->list_last, r->list_last)) ||
        (rc = meta_add(r, "non_members", "%s", o->non_members ? "kept" : "left out")) ||
        (rc = meta_add(r, "territories", "%s", mo->territories ? "actors" : "left out")) ||
        (rc = meta_add(r, "min_stock", "%.17g", o->min_stock)) ||
        (rc = meta_add(r, "stock_edition", r->edition[0] ? "%s" : NULL, r->edition)) ||
        (rc = meta_add(r, "power", "%s", migdip_power_name(mo->power))) ||
        (rc = meta_add(r, "params", params.n ? "%s" : NULL, params.n ? params.p : "")) ||
        (rc = meta_add(r, "blocs", blocs.n ? "%s" : NULL, blocs.n ? blocs.p : "")) ||
        (rc = meta_add(r, "with", with.n ? "%s" : NULL, with.n ? with.p : "")) ||
        (rc = meta_add(r, "codebook", "%s", "docs/exports.md; column names, types, labels and codes under \"columns\"")))
        goto done;
    rc = meta_vintages(r);
    r->meta.items = r->items;
    snprintf(r->label, sizeof r->label, "migdip %s: %s, %s (docs/exports.md)", MIGDIP_VERSION,
             r->states ? "state-years" : o->undirected ? "undirected dyad-years" : "directed dyad-years", years);
done:
    mg_strbuf_cleanup(&params);
    mg_strbuf_cleanup(&blocs);
    mg_strbuf_cleanup(&with);
    return rc;
}

static void meta_free(export_run *r)
{
    for (size_t i = 0; i < META_MAX; i++)
        free(r->owned[i]);
    for (size_t i = 0; i < 5 * r->meta.n_vintages; i++)
        free(r->vstr[i]);
    free(r->vstr);
    free(r->vintages);
}

/* The columns of the run: the table's fixed ones, then each --with group in bit order. */
static migdip_status columns_build(export_run *r)
{
    const export_column *fixed = r->states ? STATE_COLUMNS : COLUMNS;
    size_t nf = r->states ? NSTATECOLS : NCOLS, n = nf;
    for (size_t g = 0; g < N_WITH; g++)
        if (r->o->with & WITH[g].bit)
            n += r->states ? 1 : WITH[g].n;
    if (!(r->cols = malloc(n * sizeof *r->cols)))
        return extra_nomem(&r->ctx->err);
    memcpy(r->cols, fixed, nf * sizeof *fixed);
    size_t k = nf;
    for (size_t g = 0; g < N_WITH; g++) {
        if (!(r->o->with & WITH[g].bit))
            continue;
        if (!r->states) {
            memcpy(r->cols + k, WITH[g].cols, WITH[g].n * sizeof *WITH[g].cols);
            k += WITH[g].n;
        } else {
            r->cols[k++] = WITH[g].bit == MIGDIP_WITH_INCOME_GROUP ? STATE_WITH_INCOME[0]
                           : WITH[g].bit == MIGDIP_WITH_AGREEMENTS ? STATE_WITH_AGREEMENTS[0]
                                                                   : STATE_WITH_IGO[0];
        }
    }
    r->nfixed = nf;
    r->ncols = n;
    return MIGDIP_OK;
}

/* The codebook beside a file: the --codebook path, else for a CSV file NAME.codebook.json
 * (NAME without its .csv). Written whole or not at all, like the export. */
static migdip_status write_codebook(export_run *r)
{
    const migdip_export_opts *o = r->o;
    bool to_file = o->path && strcmp(o->path, "-") != 0;
    char *derived = NULL;
    const char *path = o->codebook_path;
    if (!path && to_file && o->format == MIGDIP_EXPORT_CSV) {
        size_t len = strlen(o->path);
        if (len > 4 && !strcasecmp(o->path + len - 4, ".csv"))
            len -= 4;
        if (!(derived = malloc(len + sizeof ".codebook.json")))
            return extra_nomem(&r->ctx->err);
        memcpy(derived, o->path, len);
        strcpy(derived + len, ".codebook.json");
        path = derived;
    }
    if (!path) {
        free(derived);
        return MIGDIP_OK;
    }
    mg_fs_out out;
    migdip_status rc = mg_fs_out_open(&out, path, &r->ctx->err);
    if (!rc)
        rc = mg_table_codebook(out.f, r->cols, r->ncols, &r->meta, &r->ctx->err);
    if (!rc)
        rc = mg_fs_out_commit(&out, &r->ctx->err);
    if (rc)
        mg_fs_out_abort(&out);
    else
        r->sum.codebook = 1;
    free(derived);
    return rc;
}

/* Open the output and start the table: called once the first year has loaded, so that an
 * export with no data creates no file. */
static migdip_status start_output(export_run *r)
{
    const migdip_export_opts *o = r->o;
    mg_err *err = &r->ctx->err;
    migdip_status rc = meta_build(r);
    if (rc)
        return rc;
    if (o->path && strcmp(o->path, "-") != 0) {
        if ((rc = mg_fs_out_open(&r->out, o->path, err)))
            return rc;
        r->f = r->out.f;
    } else {
        r->f = o->out ? o->out : stdout;
    }
    return mg_table_open_meta(r->f, o->format, r->cols, r->ncols, r->label, &r->meta, err, &r->t);
}

/* Whether state i has rows: an actor, and a member of the system this year, unless
 * non-members are asked for (or it is a territory and territories are actors). */
static bool keep_state(const export_run *r, const migdip_model *m, size_t i)
{
    if (!mg_model_state_is_actor(m, i))
        return false;
    return r->x.member[i] || r->o->non_members || (r->o->model.territories && mg_model_panel(m)->territory[i]);
}

/* Undirected: the row of a pair whose first state has the smaller code of the system (ISO3
 * order when either code is missing), as peacesciencer's undirected dyad-years. */
static bool first_of_pair(const export_run *r, size_t i, size_t j)
{
    const double *code = r->o->system == MIGDIP_SYSTEM_COW ? r->x.ccode
                         : r->o->system == MIGDIP_SYSTEM_GW ? r->x.gwcode
                                                            : NULL;
    if (code && !isnan(code[i]) && !isnan(code[j]))
        return code[i] < code[j];
    return i < j;
}

/* A write error of the table names the file (a full disk, /dev/full, a closed pipe). */
static void write_failed(export_run *r, migdip_status rc)
{
    if (rc == MIGDIP_ERR_IO)
        mg_err_prefix(&r->ctx->err, "%s", r->out.target ? r->out.target : "standard output");
}

/* The rows of state i (as a), appended to out (text) or written to the table (out NULL). */
static migdip_status write_state_rows(export_run *r, const migdip_model *m, size_t i, export_value *v,
                                      mg_strbuf *out, long *rows, size_t *replaced)
{
    size_t n = mg_model_n_states(m);
    char gap[400];
    migdip_dyad d;
    migdip_status rc = MIGDIP_OK;
    if (!keep_state(r, m, i))
        return MIGDIP_OK;
    if (out && mg_strbuf_reserve(out, 1 << 16)) /* a state's rows: tens of kilobytes */
        return MIGDIP_ERR_NOMEM;
    for (size_t j = 0; !rc && j < n; j++) {
        if (i == j || mg_model_volume(m, i, j) < r->o->min_stock || !keep_state(r, m, j))
            continue;
        if (r->o->undirected && !first_of_pair(r, i, j))
            continue;
        mg_model_dyad_at(m, i, j, &d);
        memset(v, 0, r->ncols * sizeof *v);
        dyad_row(m, &r->x, &r->yp, r->o->model.power, i, j, &d, v, gap, sizeof gap);
        with_row(&r->x, r->o->with, i, j, v + NCOLS);
        if (!(rc = out ? mg_table_row_text(r->t, v, out, replaced) : mg_table_row(r->t, v)))
            (*rows)++;
    }
    return rc;
}

static void year_text_free(struct year_text *y)
{
    for (size_t i = 0; y->text && i < y->n; i++)
        mg_strbuf_cleanup(&y->text[i]);
    free(y->text);
    free(y->rows);
    free(y->bad);
    memset(y, 0, sizeof *y);
}

/* The text of a year filled before, written in the order of the states (then emptied, its
 * buffers kept for a later year). */
static migdip_status year_text_write(export_run *r, struct year_text *y)
{
    migdip_status rc = MIGDIP_OK;
    if (!y->pending)
        return MIGDIP_OK;
    for (size_t i = 0; !rc && i < y->n; i++) {
        if ((rc = mg_table_rows_write(r->t, &y->text[i], y->rows[i], y->bad[i])))
            break;
        r->sum.rows += y->rows[i];
    }
    for (size_t i = 0; i < y->n; i++) {
        y->text[i].n = 0;
        y->rows[i] = 0;
        y->bad[i] = 0;
    }
    y->pending = false;
    return rc;
}

/* The text of the last year filled, written. */
static migdip_status year_text_flush(export_run *r)
{
    migdip_status rc = year_text_write(r, &r->yt[0]);
    migdip_status rc1 = year_text_write(r, &r->yt[1]);
    return rc ? rc : rc1;
}

/* A year's rows, in the order of a then b. CSV and JSON: the states' rows are computed and
 * formatted on every thread (OpenMP), each state's into its own buffer; the year before is
 * written meanwhile by the first thread free (then it computes too), in the order of the
 * states, so the file is the same whatever the threads; .dta: one row after the other. */
static migdip_status write_year(export_run *r, const migdip_model *m)
{
    size_t n = mg_model_n_states(m);
    migdip_status rc = MIGDIP_OK;
    if (!mg_table_has_text(r->t)) {
        export_value *v = calloc(r->ncols, sizeof *v);
        if (!v)
            return extra_nomem(&r->ctx->err);
        long rows = 0;
        for (size_t i = 0; !rc && i < n; i++)
            rc = write_state_rows(r, m, i, v, NULL, &rows, NULL);
        r->sum.rows += rows;
        free(v);
        return rc;
    }
    struct year_text *fill = &r->yt[r->yt_fill], *prev = &r->yt[1 - r->yt_fill];
    if (fill->n != n) { /* the first year, or a panel of another size */
        if ((rc = year_text_write(r, fill)))
            return rc;
        year_text_free(fill);
        fill->text = calloc(n ? n : 1, sizeof *fill->text);
        fill->rows = calloc(n ? n : 1, sizeof *fill->rows);
        fill->bad = calloc(n ? n : 1, sizeof *fill->bad);
        if (!fill->text || !fill->rows || !fill->bad) {
            year_text_free(fill);
            return extra_nomem(&r->ctx->err);
        }
        fill->n = n;
    }
    int failed = 0;
    migdip_status written = MIGDIP_OK;
#pragma omp parallel
    {
#pragma omp single nowait
        written = year_text_write(r, prev);
        export_value *v = calloc(r->ncols, sizeof *v);
        if (!v) {
#pragma omp atomic write
            failed = 1;
        }
#pragma omp for schedule(dynamic, 2)
        for (long i = 0; i < (long)n; i++)
            if (v && write_state_rows(r, m, (size_t)i, v, &fill->text[i], &fill->rows[i], &fill->bad[i])) {
#pragma omp atomic write
                failed = 1;
            }
        free(v);
    }
    fill->pending = true;
    r->yt_fill = 1 - r->yt_fill;
    if (written)
        return written;
    if (failed) /* the only error of a row's text: out of memory */
        return mg_err_set(&r->ctx->err, MIGDIP_ERR_NOMEM, "out of memory");
    return MIGDIP_OK;
}

static void value3(export_value *v, size_t *k, const migdip_value *x)
{
    bool miss = x->flag == MIGDIP_FLAG_MISSING;
    v[(*k)++].num = miss ? NAN : x->value;
    v[(*k)++].num = x->flag;
    v[(*k)++].num = miss ? NAN : x->year;
}

/* One row per state-year kept: its indicators, then its dyads (those of the dyad export with
 * the same options) summed up. */
static migdip_status write_states_year(export_run *r, migdip_model *m)
{
    const mg_panel *p = mg_model_panel(m);
    const mg_params *prm = mg_model_params(m);
    size_t n = p->n;
    export_value *v = calloc(r->ncols, sizeof *v);
    if (!v)
        return extra_nomem(&r->ctx->err);
    migdip_dyad d;
    migdip_status rc = MIGDIP_OK;
    for (size_t i = 0; !rc && i < n; i++) {
        if (!keep_state(r, m, i))
            continue;
        size_t k = 0;
        memset(v, 0, r->ncols * sizeof *v);
        v[k++].num = p->year;
        v[k++].num = r->x.ccode[i];
        v[k++].num = r->x.gwcode[i];
        v[k++].str = p->iso3[i];
        v[k++].str = mg_model_state_name(m, i);
        v[k++].num = flag01(p->territory[i]);
        v[k++].num = flag01(r->x.member[i]);
        const migdip_value *vals[] = {&p->pop[i], &p->gdp_usd[i], &p->gdp_ppp[i], &p->gdppc_ppp[i],
                                      &p->lf[i], &p->remit_usd[i], &p->cinc[i]};
        for (size_t s = 0; s < sizeof vals / sizeof *vals; s++)
            value3(v, &k, vals[s]);
        mg_actor self = {.n = 1, .idx = {i}};
        snprintf(self.name, sizeof self.name, "%s", p->iso3[i]);
        double power;
        v[k++].num = mg_engine_power_score(p, prm, &self, &power) ? power : NAN;
        v[k++].num = p->emigrants[i];
        v[k++].num = p->immigrants[i];
        v[k++].num = p->eff_dest[i];
        v[k++].num = p->eff_orig[i];
        double partners = 0, in_scope = 0, emax = NAN, q[5] = {0};
        const char *emax_partner = NULL;
        for (size_t j = 0; j < n; j++) {
            if (i == j || mg_model_volume(m, i, j) < r->o->min_stock || !keep_state(r, m, j))
                continue;
            partners++;
            mg_model_dyad_at(m, i, j, &d);
            if (!d.in_scope)
                continue;
            in_scope++;
            if (isnan(emax) || d.side[0].exposure > emax) {
                emax = d.side[0].exposure;
                emax_partner = p->iso3[j];
            }
            switch (d.quadrant[0]) {
            case MIGDIP_Q_I: q[0]++; break;
            case MIGDIP_Q_II: q[1]++; break;
            case MIGDIP_Q_III: q[2]++; break;
            case MIGDIP_Q_IV: q[3]++; break;
            case MIGDIP_Q_MUTUAL: q[4]++; break;
            default: break;
            }
        }
        v[k++].num = partners;
        v[k++].num = in_scope;
        v[k++].num = emax;
        v[k++].str = emax_partner;
        for (int u = 0; u < 5; u++)
            v[k++].num = q[u];
        if (r->o->with & MIGDIP_WITH_INCOME_GROUP)
            v[k++].str = r->x.income[i][0] ? r->x.income[i] : NULL;
        if (r->o->with & MIGDIP_WITH_AGREEMENTS)
            v[k++].num = r->x.state_bla[i];
        if (r->o->with & MIGDIP_WITH_IGO)
            v[k++].num = igo_count(&r->x, i, -1);
        if (!(rc = mg_table_row(r->t, v)))
            r->sum.rows++;
    }
    free(v);
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

/* The last year of the COW state list in the store (0: none). */
static int state_list_last(sqlite3 *db)
{
    sqlite3_stmt *st = NULL;
    mg_err scratch = {0};
    int y = 0;
    if (mg_store_prepare(db, "SELECT max(year) FROM state_year WHERE system='cow'", &st, &scratch) == MIGDIP_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        y = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return y;
}

migdip_status migdip_export_dyads(migdip_ctx *ctx, const migdip_export_opts *o, migdip_export_summary *summary)
{
    migdip_export_opts d = *o;
    d.table = MIGDIP_TABLE_DYADS;
    return migdip_export_run(ctx, &d, summary);
}

migdip_status migdip_export_run(migdip_ctx *ctx, const migdip_export_opts *o, migdip_export_summary *summary)
{
    mg_err *err = &ctx->err;
    mg_err_clear(err);
    export_run r = {.ctx = ctx, .o = o, .states = o->table == MIGDIP_TABLE_STATES};
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
    if (o->table != MIGDIP_TABLE_DYADS && o->table != MIGDIP_TABLE_STATES) {
        rc = mg_err_set(err, MIGDIP_ERR_USAGE, "export: unknown table %d: expected dyads or states", (int)o->table);
        goto cleanup;
    }
    if ((unsigned)o->system > MIGDIP_SYSTEM_GW) {
        rc = mg_err_set(err, MIGDIP_ERR_USAGE, "export: unknown state system %d: expected iso, cow or gw",
                        (int)o->system);
        goto cleanup;
    }
    if (r.states && o->undirected) {
        rc = mg_err_set(err, MIGDIP_ERR_USAGE, "export states: --undirected applies to dyads only");
        goto cleanup;
    }
    for (size_t g = 0; r.states && g < N_WITH; g++)
        if ((o->with & WITH[g].bit) && !WITH[g].states) {
            rc = mg_err_set(err, MIGDIP_ERR_USAGE, "export states: --with %s describes pairs: it applies to dyads only",
                            WITH[g].name);
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
    r.list_last = state_list_last(ctx->db);
    if (!r.list_last && o->system != MIGDIP_SYSTEM_ISO) {
        rc = mg_err_set(err, MIGDIP_ERR_NOTFOUND,
                        "--system %s: the store holds no state-system membership (table state_year, filled by "
                        "importing codes/countrycode_data_cow.csv since store version 7); import the data into a "
                        "new store: migdip --db NEW.db import --data DIR", system_name(o->system));
        goto cleanup;
    }
    if (!r.list_last)
        note(o, "the store holds no state-system membership: every state of the panel is kept, before "
                "independence too (import codes/countrycode_data_cow.csv into a new store to leave those out)");
    if ((rc = columns_build(&r)) ||
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
        if (!r.o->undirected && mg_model_share_pairs(m)) { /* both directions of each pair: one sum a host side */
            rc = extra_nomem(err);
            goto cleanup;
        }
        const mg_panel *p = mg_model_panel(m);
        int list_year = r.list_last && p->year > r.list_last ? r.list_last : p->year;
        if (r.list_last && p->year > r.list_last && !r.carried_noted) {
            note(o, "the COW state list in the store ends in %d: its members of %d are carried to %d and later",
                 r.list_last, r.list_last, p->year);
            r.carried_noted = true;
        }
        if ((rc = year_extra_load(ctx->db, p, r.list_last ? list_year : 0, o->system, o->with, &r.x, err)))
            goto cleanup;
        if ((o->with & MIGDIP_WITH_IGO) && !r.x.igo)
            note(o, "%d: no IGO memberships in the store for this year (COW IGO ends in 2014): igo columns missing",
                 p->year);
        if (!r.t && (rc = start_output(&r))) {
            write_failed(&r, rc);
            goto cleanup;
        }
        if (r.states)
            rc = write_states_year(&r, m);
        else if (!(rc = year_prov_load(ctx->db, m, r.edition, o->year_to, &r.vr, &r.yp, err)))
            rc = write_year(&r, m);
        if (rc) {
            write_failed(&r, rc);
            goto cleanup;
        }
        r.sum.years_written++;
        mg_fs_out_writeback(&r.out); /* the disk writes this year while the next is computed */
        if (o->progress)
            o->progress(o->note_ud, year - o->year_from + 1, o->year_to - o->year_from + 1);
        migdip_model_free(m);
        m = NULL;
    }
    if (!r.t) {
        int y0, y1;
        stock_span(ctx->db, o->model.stock_edition, &y0, &y1);
        if (y0)
            rc = mg_err_set(err, MIGDIP_ERR_NOTFOUND,
                            "no migrant-stock data for any year from %d to %d (the store's UN DESA stocks cover "
                            "%d-%d%s)", o->year_from, o->year_to, y0, y1,
                            o->model.carry_stocks ? ", carried at most 5 years after the last"
                                                  : "; later years only with carried stocks");
        else
            rc = mg_err_set(err, MIGDIP_ERR_NOTFOUND,
                            "no migrant-stock data for any year from %d to %d: the store holds none",
                            o->year_from, o->year_to);
        goto cleanup;
    }
    if ((rc = year_text_flush(&r))) {
        write_failed(&r, rc);
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
    if ((rc = write_codebook(&r)))
        goto cleanup;
    if (summary)
        *summary = r.sum;
cleanup:
    migdip_model_free(m);
    mg_table_free(r.t);
    if (to_file)
        mg_fs_out_abort(&r.out);
    free(r.yp.other);
    free(r.yp.vintage);
    vintage_rows_free(&r.vr);
    year_extra_free(&r.x);
    year_text_free(&r.yt[0]);
    year_text_free(&r.yt[1]);
    meta_free(&r);
    free(r.cols);
    return rc;
}
