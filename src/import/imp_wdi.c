/* imp_wdi.c - what the three World Bank WDI importers (imp_wdi_tidy.c, imp_wdi_bulk.c,
 * imp_wdi_databank.c) share: indicator codes and their checks, the writer that maps economy
 * codes to countries or aggregates and stores values with duplicate detection, and the
 * vintage's metadata. */
#include "import/imp_wdi.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "util/text.h"

#define WDI_KEYS_MAX 50000000u /* distinct keys tracked for duplicate detection */

/* Series that cannot be negative: levels of population, labour force, output, remittances,
 * migrant and refugee stocks, military spending. A negative value there is a broken file. */
static const char *const WDI_NONNEG[] = {
    "SP.POP.TOTL",       "SL.TLF.TOTL.IN",    "NY.GDP.MKTP.CD",   "NY.GDP.MKTP.PP.CD",
    "NY.GDP.PCAP.CD",    "NY.GDP.PCAP.PP.CD", "NY.GNP.MKTP.PP.CD", "BX.TRF.PWKR.CD.DT",
    "BX.TRF.PWKR.DT.GD.ZS", "BM.TRF.PWKR.CD.DT", "SM.POP.TOTL",    "SM.POP.TOTL.ZS",
    "SM.POP.REFG",       "SM.POP.REFG.OR",    "MS.MIL.XPND.CD",   "MS.MIL.XPND.GD.ZS",
    "MS.MIL.XPND.ZS",
};

bool mg_imp_wdi_nonneg(const char *code)
{
    for (size_t i = 0; i < sizeof WDI_NONNEG / sizeof *WDI_NONNEG; i++)
        if (strcasecmp(code, WDI_NONNEG[i]) == 0)
            return true;
    return false;
}

/* An indicator code: letters, digits, '.', '_' and at least one '.' (SP.POP.TOTL). */
bool mg_imp_wdi_code_ok(const char *s, size_t len)
{
    bool dot = false;
    if (len == 0 || len > MG_IMP_WDI_CODE_MAX)
        return false;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '.')
            dot = true;
        else if (!isalnum(c) && c != '_')
            return false;
    }
    return dot;
}

/* The unit is the trailing parenthesis of a World Bank title: "GDP (current US$)" ->
 * "current US$". Writes "" when there is none. */
static void wdi_unit_of(const char *title, char *unit, size_t cap)
{
    size_t n = strlen(title);
    unit[0] = '\0';
    while (n && isspace((unsigned char)title[n - 1]))
        n--;
    if (!n || title[n - 1] != ')')
        return;
    size_t depth = 0, i = n;
    while (i-- > 0) {
        if (title[i] == ')')
            depth++;
        else if (title[i] == '(' && --depth == 0)
            break;
    }
    if (depth != 0 || i == (size_t)-1)
        return;
    snprintf(unit, cap, "%.*s", (int)(n - 1 - (i + 1)), title + i + 1);
}

/* True if s[0..len) is an ISO date YYYY-MM-DD (followed by nothing or a time). */
bool mg_imp_wdi_iso_date(const char *s, size_t len)
{
    if (len < 10)
        return false;
    for (int i = 0; i < 10; i++) {
        bool want_dash = i == 4 || i == 7;
        if (want_dash ? s[i] != '-' : !isdigit((unsigned char)s[i]))
            return false;
    }
    int month = (s[5] - '0') * 10 + (s[6] - '0'), day = (s[8] - '0') * 10 + (s[9] - '0');
    return month >= 1 && month <= 12 && day >= 1 && day <= 31 && (len == 10 || s[10] == 'T' || s[10] == ' ');
}

/* Like mg_csv_bad_value, with a status of the caller's choosing (RANGE, SCHEMA). */
migdip_status mg_imp_wdi_csv_error(const mg_csv_reader *csv, size_t i, const char *col, const char *what,
                                   migdip_status st, mg_err *err)
{
    size_t len;
    const char *v = mg_csv_field(csv, i, &len);
    char q[64];
    return mg_err_set(err, st, "%s:%ld: column %s: expected %s, got %s", mg_csv_name(csv), mg_csv_line(csv), col,
                      what, mg_err_quote(q, sizeof q, v, len));
}

/* Edition strings outlive run(): the dispatcher writes r->meta after run returns. One buffer
 * per thread is enough because a file's run and its vintage update follow each other. */
static _Thread_local char edition_buf[16];

void mg_imp_wdi_meta(mg_importer_job *r, const char *source, const char *edition)
{
    snprintf(edition_buf, sizeof edition_buf, "%s", edition);
    r->meta.dataset = "wdi";
    r->meta.source = source;
    r->meta.edition = edition_buf;
    r->meta.released = edition_buf;
    r->meta.citation = MG_IMP_WDI_CITATION;
}

/* Add key seen at line to ks: *first = 0 if new, else the line where it was seen before. A
 * file may hold at most WDI_KEYS_MAX distinct keys. */
static migdip_status keyset_add(mg_keyset *ks, const char *key, long line, long *first, const char *name,
                                mg_err *err)
{
    *first = 0;
    if (mg_keyset_count(ks) >= WDI_KEYS_MAX)
        return mg_err_set(err, MIGDIP_ERR_LIMIT, "%s: more than %u values (the limit for one file)", name,
                          WDI_KEYS_MAX);
    if (mg_keyset_add(ks, key, line, first))
        return mg_err_set(err, MIGDIP_ERR_NOMEM, "%s: out of memory", name);
    return MIGDIP_OK;
}

migdip_status mg_imp_wdi_writer_init(mg_imp_wdi_writer *w, mg_importer_job *r)
{
    w->r = r;
    migdip_status rc = mg_store_prepare(r->db,
        "INSERT INTO series(vintage_id,code,iso3,year,value,flag) VALUES(?,?,?,?,?,?)",
        &w->ins_series, r->err);
    if (!rc)
        rc = mg_store_prepare(r->db,
            "INSERT INTO aggregate_series(vintage_id,code,agg,year,value,flag) VALUES(?,?,?,?,?,?)",
            &w->ins_agg, r->err);
    if (!rc)
        rc = mg_store_prepare(r->db,
            "INSERT INTO series_info(code,name,unit) VALUES(?1,?2,?3) ON CONFLICT(code) DO UPDATE"
            " SET name=excluded.name, unit=coalesce(excluded.unit, series_info.unit)",
            &w->ins_info, r->err);
    return rc;
}

void mg_imp_wdi_writer_cleanup(mg_imp_wdi_writer *w)
{
    sqlite3_finalize(w->ins_series);
    sqlite3_finalize(w->ins_agg);
    sqlite3_finalize(w->ins_info);
    mg_keyset_free(&w->seen);
    mg_keyset_free(&w->reported);
}

/* Map a World Bank economy code (and its name, as a fallback) to a country or an aggregate.
 * What maps to neither is reported through mg_importer_unmapped (once per file) and skipped. */
migdip_status mg_imp_wdi_resolve(mg_imp_wdi_writer *w, long line, const char *cell, const char *code,
                                 const char *name, int year, mg_imp_wdi_entity *out)
{
    const mg_country_map *cm = w->r->cm;
    const char *hit = NULL;
    out->kind = MG_IMP_WDI_UNMAPPED;
    out->key = NULL;
    if (*code && ((hit = mg_country_by_code(cm, "wb", code, year)) ||
                  (hit = mg_country_by_code(cm, "iso3", code, year)))) {
        *out = (mg_imp_wdi_entity){MG_IMP_WDI_COUNTRY, hit};
        return MIGDIP_OK;
    }
    if ((*code && (hit = mg_country_aggregate(cm, code))) || (*name && (hit = mg_country_aggregate(cm, name)))) {
        *out = (mg_imp_wdi_entity){MG_IMP_WDI_AGGREGATE, hit};
        return MIGDIP_OK;
    }
    if (*name && (hit = mg_country_by_name(cm, name))) {
        *out = (mg_imp_wdi_entity){MG_IMP_WDI_COUNTRY, hit};
        return MIGDIP_OK;
    }
    char label[256];
    long first = 0;
    snprintf(label, sizeof label, "%s [%s]", *name ? name : "?", code);
    migdip_status rc = keyset_add(&w->reported, label, line, &first, w->r->name, w->r->err);
    return rc || first ? rc : mg_importer_unmapped(w->r, line, cell, label);
}

/* Store one value (flag MISSING binds NULL) of series code for entity e in year. */
migdip_status mg_imp_wdi_put(mg_imp_wdi_writer *w, const char *code, const mg_imp_wdi_entity *e, int year,
                             double value, int flag)
{
    sqlite3_stmt *st = e->kind == MG_IMP_WDI_AGGREGATE ? w->ins_agg : w->ins_series;
    sqlite3_bind_int64(st, 1, w->r->vintage_id);
    sqlite3_bind_text(st, 2, code, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, e->key, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 4, year);
    mg_store_bind_value(st, 5, value, flag);
    sqlite3_bind_int(st, 6, flag);
    migdip_status rc = mg_store_step_done(w->r->db, st, w->r->err);
    if (!rc)
        w->r->rows++;
    return rc;
}

/* Name and unit of a series (the unit from the title's trailing parenthesis unless given). */
migdip_status mg_imp_wdi_info(mg_imp_wdi_writer *w, const char *code, const char *title, const char *unit)
{
    char paren[128];
    if (!title || !*title)
        return MIGDIP_OK;
    if (!unit || !*unit) {
        wdi_unit_of(title, paren, sizeof paren);
        unit = paren[0] ? paren : NULL;
    }
    sqlite3_bind_text(w->ins_info, 1, code, -1, SQLITE_STATIC);
    sqlite3_bind_text(w->ins_info, 2, title, -1, SQLITE_STATIC);
    if (unit)
        sqlite3_bind_text(w->ins_info, 3, unit, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(w->ins_info, 3);
    return mg_store_step_done(w->r->db, w->ins_info, w->r->err);
}

/* Duplicate check on (series, entity, year): *first = 0 if new, else the line or row where
 * the key was first seen. Unmapped codes are keyed by their raw code. */
migdip_status mg_imp_wdi_seen(mg_imp_wdi_writer *w, const char *series, const mg_imp_wdi_entity *e, const char *raw_code,
                              int year, long line, long *first)
{
    char key[MG_IMP_WDI_CODE_MAX + 96];
    snprintf(key, sizeof key, "%s|%s%s|%d", series, e->kind == MG_IMP_WDI_UNMAPPED ? "?" : "",
             e->kind == MG_IMP_WDI_UNMAPPED ? raw_code : e->key, year);
    return keyset_add(&w->seen, key, line, first, w->r->name, w->r->err);
}
