/* profile.c - a state's profile from the store: economy (WDI, COW), emigrants by
 * destination and immigrants by origin (UN DESA, preferred edition), concentration of both
 * portfolios, and labour agreements. Values carry their flag and the year they refer to. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <ctype.h>
#include <stddef.h>

#include "core/portfolio.h"
#include "store/country.h"
#include "store/ctx.h"
#include "store/series.h"
#include "util/grow.h"
#include "store/store.h"
#include "util/text.h"

/* Country keys are three letters (ISO3 or a documented special code). */
static void copy_code(char dst[4], const char *src)
{
    size_t n = src ? strnlen(src, 3) : 0;
    memcpy(dst, src ? src : "", n);
    dst[n] = '\0';
}

migdip_status migdip_country_resolve(migdip_ctx *ctx, const char *code_or_name, char iso3[4])
{
    mg_err *err = &ctx->err;
    mg_err_clear(err);
    migdip_status rc;
    /* an ISO3 code, the common case, without the whole map (a fifth of a one-dyad command)
     * when no earlier call has loaded it: the answer the map would give (iso3 codes first) */
    if (!ctx->countries && strlen(code_or_name) == 3 && isalpha((unsigned char)code_or_name[0]) &&
        isalpha((unsigned char)code_or_name[1]) && isalpha((unsigned char)code_or_name[2])) {
        char code[4];
        for (int i = 0; i < 4; i++)
            code[i] = (char)toupper((unsigned char)code_or_name[i]);
        bool own;
        if ((rc = mg_country_iso3_own(ctx->db, code, &own, err)))
            return rc;
        if (own) {
            memcpy(iso3, code, 4);
            return MIGDIP_OK;
        }
    }
    const mg_country_map *cm = NULL;
    rc = mg_ctx_country_map(ctx, &cm);
    if (rc)
        return rc;
    char up[16] = {0};
    size_t n = strlen(code_or_name);
    const char *hit = NULL;
    char sugg[3][4];
    /* "scheme:code" names the scheme: iso3, iso2, cow (numbers), gw, m49, wb, imf, unhcr */
    const char *colon = strchr(code_or_name, ':');
    if (colon && colon - code_or_name < 8) {
        static const struct {
            const char *prefix, *scheme;
        } SCHEMES[] = {{"iso3", "iso3"}, {"iso2", "iso2"}, {"cow", "cown"},   {"cown", "cown"}, {"gw", "gwn"},
                       {"gwn", "gwn"},   {"m49", "m49"},   {"wb", "wb"},      {"imf", "imf"},   {"unhcr", "unhcr"}};
        for (size_t i = 0; i < sizeof SCHEMES / sizeof *SCHEMES && !hit; i++)
            if (strlen(SCHEMES[i].prefix) == (size_t)(colon - code_or_name) &&
                !strncasecmp(code_or_name, SCHEMES[i].prefix, (size_t)(colon - code_or_name))) {
                snprintf(up, sizeof up, "%s", colon + 1);
                for (char *c = up; *c; c++)
                    *c = (char)toupper((unsigned char)*c);
                hit = mg_country_by_code(cm, SCHEMES[i].scheme, up, 0);
            }
    } else if (n == 3 || n == 2) {
        for (size_t i = 0; i < n; i++)
            up[i] = (char)toupper((unsigned char)code_or_name[i]);
        hit = mg_country_by_code(cm, n == 3 ? "iso3" : "iso2", up, 0);
    }
    /* a number: a Correlates of War code, else Gleditsch-Ward, else UN M49 (docs/countries.md) */
    if (!hit && n > 0 && n < 5 && strspn(code_or_name, "0123456789") == n) {
        static const char *const NUMERIC[] = {"cown", "gwn", "m49"};
        for (size_t i = 0; i < 3 && !hit; i++)
            hit = mg_country_by_code(cm, NUMERIC[i], code_or_name, 0);
    }
    if (!hit)
        hit = mg_country_by_name(cm, code_or_name);
    if (!hit)
        hit = mg_country_by_common_name(cm, code_or_name);
    if (hit) {
        memcpy(iso3, hit, 3);
        iso3[3] = '\0';
    } else if (mg_country_count(cm) >= 20 && mg_country_suggest(cm, code_or_name, sugg, 3)) {
        char list[256] = "";
        size_t ns = mg_country_suggest(cm, code_or_name, sugg, 3);
        for (size_t i = 0; i < ns; i++) {
            const char *nm = mg_country_name(cm, sugg[i]);
            size_t len = strlen(list);
            snprintf(list + len, sizeof list - len, "%s%s (%s)", i ? (i + 1 == ns ? " or " : ", ") : "",
                     nm ? nm : sugg[i], sugg[i]);
        }
        rc = mg_err_set(err, MIGDIP_ERR_NOTFOUND, "unknown country \"%s\"; did you mean %s?", code_or_name, list);
    } else {
        rc = mg_err_set(err, MIGDIP_ERR_NOTFOUND,
                        "unknown country \"%s\"%s", code_or_name,
                        mg_country_count(cm) < 20 ? " (the store holds no country crosswalk yet: nothing has been imported)"
                                               : " (give an ISO3 or ISO2 code such as NPL or NP, a COW, GW or M49 number, "
                                                 "scheme:code such as m49:524, or a name)");
    }
    return rc;
}

/* A historical entity (the Soviet Union, Yugoslavia, ...) has no profile outside the years
 * it existed: those of its state-system membership (table state_year), else its codes. */
static migdip_status historical_check(sqlite3 *db, const char *iso3, const char *name, int year, mg_err *err)
{
    sqlite3_stmt *st = NULL;
    migdip_status rc = mg_store_prepare(
        db,
        "SELECT coalesce((SELECT min(year) FROM state_year WHERE iso3=?1),"
        "  (SELECT min(year_from) FROM country_code WHERE iso3=?1 AND year_from>0)),"
        " coalesce((SELECT max(year) FROM state_year WHERE iso3=?1),"
        "  (SELECT max(year_to) FROM country_code WHERE iso3=?1 AND year_to<9999))"
        " FROM country WHERE iso3=?1 AND kind='historical'", &st, err);
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, iso3, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 1) != SQLITE_NULL) {
        int y0 = sqlite3_column_type(st, 0) == SQLITE_NULL ? 0 : sqlite3_column_int(st, 0);
        int y1 = sqlite3_column_int(st, 1);
        if (year > y1 || (y0 && year < y0)) {
            char span[32];
            if (y0)
                snprintf(span, sizeof span, "from %d to %d", y0, y1);
            else
                snprintf(span, sizeof span, "until %d", y1);
            rc = mg_err_set(err, MIGDIP_ERR_NOTFOUND,
                            "%s (%s) is a historical entity: it existed %s, not in %d (give --year within those "
                            "years, or one of its successor states)", name, iso3, span, year);
        }
    }
    sqlite3_finalize(st);
    return rc;
}

static migdip_status load_partners(sqlite3 *db, const mg_country_map *cm, const char *sql, const char *edition,
                                   const char *iso3, int year, migdip_partner **out, size_t *n_out,
                                   portfolio_stats *stats, mg_err *err)
{
    sqlite3_stmt *st = NULL;
    migdip_status rc = mg_store_stock_prepare(db, sql, edition, &st, err);
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, iso3, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 2, year);
    portfolio_entry *e = NULL;
    size_t n = 0, cap = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        portfolio_entry *p = mg_grow(e, &cap, n + 1, sizeof *p);
        if (!p) {
            rc = mg_err_set(err, MIGDIP_ERR_NOMEM, "out of memory");
            goto cleanup;
        }
        e = p;
        memset(&e[n], 0, sizeof e[n]);
        snprintf(e[n].code, sizeof e[n].code, "%s", (const char *)sqlite3_column_text(st, 0));
        e[n].stock = sqlite3_column_double(st, 1);
        n++;
    }
    *stats = mg_portfolio_compute(e, n);
    migdip_partner *p = calloc(n ? n : 1, sizeof *p);
    if (!p) {
        rc = mg_err_set(err, MIGDIP_ERR_NOMEM, "out of memory");
        goto cleanup;
    }
    for (size_t i = 0; i < n; i++) {
        copy_code(p[i].iso3, e[i].code);
        const char *name = mg_country_name(cm, e[i].code);
        p[i].name = strdup(name ? name : e[i].code);
        p[i].stock = e[i].stock;
        p[i].share = e[i].share;
    }
    *out = p;
    *n_out = n;
cleanup:
    free(e);
    sqlite3_finalize(st);
    return rc;
}

static migdip_status load_agreements(sqlite3 *db, const mg_country_map *cm, const char *iso3,
                                     migdip_profile *p, mg_err *err)
{
    sqlite3_stmt *st = NULL;
    migdip_status rc = mg_store_prepare(db,
        "SELECT DISTINCT CASE WHEN a=?1 THEN b ELSE a END AS partner, coalesce(year,0), source,"
        "       'cw:'||treaty_id FROM agreement WHERE a=?1 OR b=?1"
        " UNION SELECT CASE WHEN a=?1 THEN b ELSE a END, coalesce(year_from,0), 'registry: '||name,"
        "       'reg:'||id FROM institution WHERE (a=?1 OR b=?1) AND a<>b"
        " ORDER BY 2, 1, 4",
        &st, err);
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, iso3, -1, SQLITE_STATIC);
    size_t cap = 0;
    char last_id[64] = "";
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *id = (const char *)sqlite3_column_text(st, 3);
        if (!strcmp(id, last_id))
            continue; /* the same treaty from the formation and the coding files */
        snprintf(last_id, sizeof last_id, "%s", id);
        migdip_agreement *a = mg_grow(p->agreements, &cap, p->n_agreements + 1, sizeof *a);
        if (!a) {
            rc = mg_err_set(err, MIGDIP_ERR_NOMEM, "out of memory");
            break;
        }
        p->agreements = a;
        a = &p->agreements[p->n_agreements++];
        copy_code(a->partner, (const char *)sqlite3_column_text(st, 0));
        const char *name = mg_country_name(cm, a->partner);
        a->partner_name = strdup(name ? name : a->partner);
        a->year = sqlite3_column_int(st, 1);
        a->source = strdup((const char *)sqlite3_column_text(st, 2));
    }
    sqlite3_finalize(st);
    return rc;
}

static migdip_status stock_year(sqlite3 *db, const char *edition, int year, int *out, mg_err *err)
{
    sqlite3_stmt *st = NULL;
    migdip_status rc = mg_store_stock_prepare(db,
        "SELECT max(year) FROM %s WHERE sex='T' AND (?1=0 OR year<=?1)", edition, &st, err);
    if (rc)
        return rc;
    sqlite3_bind_int(st, 1, year);
    *out = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
    sqlite3_finalize(st);
    return MIGDIP_OK;
}

void migdip_profile_free(migdip_profile *p)
{
    if (!p)
        return;
    free(p->name);
    for (size_t i = 0; i < p->n_destinations; i++)
        free(p->destinations[i].name);
    for (size_t i = 0; i < p->n_origins; i++)
        free(p->origins[i].name);
    for (size_t i = 0; i < p->n_agreements; i++) {
        free(p->agreements[i].partner_name);
        free(p->agreements[i].source);
    }
    free(p->destinations);
    free(p->origins);
    free(p->agreements);
    free(p);
}

migdip_status migdip_profile_get(migdip_ctx *ctx, const char *country, int year, migdip_profile **out)
{
    return migdip_profile_get_edition(ctx, country, year, NULL, out);
}

migdip_status migdip_profile_get_edition(migdip_ctx *ctx, const char *country, int year, const char *stock_edition,
                                         migdip_profile **out)
{
    mg_err *err = &ctx->err;
    *out = NULL;
    char iso3[4];
    migdip_status rc = migdip_country_resolve(ctx, country, iso3);
    if (rc)
        return rc;
    mg_country_map *cm = NULL;
    migdip_profile *p = calloc(1, sizeof *p);
    if (!p)
        return mg_err_set(err, MIGDIP_ERR_NOMEM, "out of memory");
    if ((rc = mg_country_map_load(ctx->db, &cm, err)))
        goto fail;
    memcpy(p->iso3, iso3, 4);
    p->name = strdup(mg_country_name(cm, iso3) ? mg_country_name(cm, iso3) : iso3);
    if ((rc = mg_store_stock_edition_check(ctx->db, stock_edition, err)) ||
        (rc = stock_year(ctx->db, stock_edition, year, &p->stock_year, err)))
        goto fail;
    p->year = year ? year : p->stock_year;
    if (!p->year)
        p->year = 2020;
    if ((rc = historical_check(ctx->db, iso3, p->name, p->year, err)))
        goto fail;
    static const struct {
        const char *code;
        size_t offset;
    } SERIES[] = {
        {"SP.POP.TOTL", offsetof(migdip_profile, population)},
        {"SL.TLF.TOTL.IN", offsetof(migdip_profile, labour_force)},
        {"NY.GDP.MKTP.CD", offsetof(migdip_profile, gdp_usd)},
        {"NY.GDP.PCAP.CD", offsetof(migdip_profile, gdp_pc_usd)},
        {"NY.GDP.PCAP.PP.CD", offsetof(migdip_profile, gdp_pc_ppp)},
        {"BX.TRF.PWKR.CD.DT", offsetof(migdip_profile, remittances_usd)},
        {"BX.TRF.PWKR.DT.GD.ZS", offsetof(migdip_profile, remittances_pct_gdp)},
        {"COW.CINC", offsetof(migdip_profile, cinc)},
    };
    /* §1: the rule the model's panel uses too (store/series.h), so `country` and `dyad` agree */
    for (size_t i = 0; i < sizeof SERIES / sizeof *SERIES; i++)
        if ((rc = mg_store_series_at(ctx->db, SERIES[i].code, iso3, p->year,
                                     (migdip_value *)((char *)p + SERIES[i].offset), err)))
            goto fail;
    portfolio_stats es = {NAN, NAN, NAN}, is = {NAN, NAN, NAN};
    if ((rc = load_partners(ctx->db, cm,
                            "SELECT dest, value FROM %s WHERE orig=?1 AND year=?2 AND sex='T'"
                            " AND value IS NOT NULL AND dest<>orig", stock_edition,
                            iso3, p->stock_year, &p->destinations, &p->n_destinations, &es, err)))
        goto fail;
    if ((rc = load_partners(ctx->db, cm,
                            "SELECT orig, value FROM %s WHERE dest=?1 AND year=?2 AND sex='T'"
                            " AND value IS NOT NULL AND dest<>orig", stock_edition,
                            iso3, p->stock_year, &p->origins, &p->n_origins, &is, err)))
        goto fail;
    p->emigrants_total = es.total;
    p->hhi_destinations = es.hhi;
    p->eff_destinations = es.eff_n;
    p->immigrants_total = is.total;
    p->hhi_origins = is.hhi;
    p->eff_origins = is.eff_n;
    if ((rc = load_agreements(ctx->db, cm, iso3, p, err)))
        goto fail;
    mg_country_map_free(cm);
    *out = p;
    return MIGDIP_OK;
fail:
    mg_country_map_free(cm);
    migdip_profile_free(p);
    return rc;
}
