/* imp_wdi.c - World Bank World Development Indicators, in the three shapes the World Bank
 * (or its mirrors) distributes them: per-indicator tidy CSVs (datasets/world-development-
 * indicators: Country Name,Country Code,Year,Value), the bulk API download
 * (API_<indicator>_DS2_<lang>_csv_v2_<n>.csv, one column per year) and DataBank xlsx exports
 * (sheet "Data", one column per series). Economies go to `series`, World Bank aggregates to
 * `aggregate_series`; the post-import step mg_imp_wdi_derive computes four series that the
 * publisher's files lack (docs/importers.md, "World Bank WDI"). */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include <cjson/cJSON.h>
#include <zip.h>

#include "formats/csv.h"
#include "util/grow.h"
#include "import/importer.h"
#include "util/text.h"
#include "formats/xlsx.h"

/* The datasets.io mirror's files carry no date of their own: they are the WB API vintage the
 * bot pulled on its last automated update (PROVENANCE.md). A date in the datapackage wins. */
#define WDI_TIDY_EDITION "2026-07-01"
#define WDI_YEAR_MIN 1800
#define WDI_YEAR_MAX 2100
#define WDI_CODE_MAX 64                /* longest indicator code accepted */
#define WDI_JSON_MAX ((long)1 << 20)   /* datapackage.json larger than this is refused */
#define WDI_WORKBOOK_XML_MAX 1048576u  /* xl/workbook.xml read by the DataBank sniffer */
#define WDI_KEYS_MAX 50000000u         /* distinct keys tracked for duplicate detection */
#define WDI_DBK_MAX_VALUES 20000000u   /* values one DataBank sheet may hold (buffered, 24 B each) */

#define WDI_CITATION "World Bank, World Development Indicators. Washington, DC: The World Bank. " \
                     "Licence: CC BY 4.0."

/* ---------------------------------------------------------------- small helpers */

/* Edition strings outlive run(): the dispatcher writes r->meta after run returns. One buffer
 * per thread is enough because a file's run and its vintage update follow each other. */
static _Thread_local char wdi_edition_buf[16];

/* Series that cannot be negative: levels of population, labour force, output, remittances,
 * migrant and refugee stocks, military spending. A negative value there is a broken file. */
static const char *const WDI_NONNEG[] = {
    "SP.POP.TOTL",       "SL.TLF.TOTL.IN",    "NY.GDP.MKTP.CD",   "NY.GDP.MKTP.PP.CD",
    "NY.GDP.PCAP.CD",    "NY.GDP.PCAP.PP.CD", "NY.GNP.MKTP.PP.CD", "BX.TRF.PWKR.CD.DT",
    "BX.TRF.PWKR.DT.GD.ZS", "BM.TRF.PWKR.CD.DT", "SM.POP.TOTL",    "SM.POP.TOTL.ZS",
    "SM.POP.REFG",       "SM.POP.REFG.OR",    "MS.MIL.XPND.CD",   "MS.MIL.XPND.GD.ZS",
    "MS.MIL.XPND.ZS",
};

static bool wdi_nonneg(const char *code)
{
    for (size_t i = 0; i < sizeof WDI_NONNEG / sizeof *WDI_NONNEG; i++)
        if (strcasecmp(code, WDI_NONNEG[i]) == 0)
            return true;
    return false;
}

/* An indicator code: letters, digits, '.', '_' and at least one '.' (SP.POP.TOTL). */
static bool wdi_code_ok(const char *s, size_t len)
{
    bool dot = false;
    if (len == 0 || len > WDI_CODE_MAX)
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
static bool wdi_iso_date(const char *s, size_t len)
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
static migdip_status wdi_csv_error(const mg_csv_reader *csv, size_t i, const char *col, const char *what,
                                   migdip_status st, mg_err *err)
{
    size_t len;
    const char *v = mg_csv_field(csv, i, &len);
    char q[64];
    return mg_err_set(err, st, "%s:%ld: column %s: expected %s, got %s", mg_csv_name(csv), mg_csv_line(csv), col,
                      what, mg_err_quote(q, sizeof q, v, len));
}

/* ---------------------------------------------------------------- duplicate keys */

/* Open-addressing set of string keys with the line where each was first seen. */
typedef struct wdi_keyset {
    struct wdi_key {
        char *key;
        long line;
    } *v;
    size_t n, cap;
} wdi_keyset;

static uint64_t wdi_hash(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

static void wdi_keyset_cleanup(wdi_keyset *ks)
{
    for (size_t i = 0; i < ks->cap; i++)
        free(ks->v[i].key);
    free(ks->v);
    memset(ks, 0, sizeof *ks);
}

static migdip_status wdi_keyset_grow(wdi_keyset *ks)
{
    size_t cap = ks->cap ? ks->cap * 2 : 1024;
    struct wdi_key *v = calloc(cap, sizeof *v);
    if (!v)
        return MIGDIP_ERR_NOMEM;
    for (size_t i = 0; i < ks->cap; i++) {
        if (!ks->v[i].key)
            continue;
        size_t j = wdi_hash(ks->v[i].key) & (cap - 1);
        while (v[j].key)
            j = (j + 1) & (cap - 1);
        v[j] = ks->v[i];
    }
    free(ks->v);
    ks->v = v;
    ks->cap = cap;
    return MIGDIP_OK;
}

/* Add key seen at line. *first = 0 if new, else the line where it was seen before. */
static migdip_status wdi_keyset_add(wdi_keyset *ks, const char *key, long line, long *first,
                                    const char *name, mg_err *err)
{
    *first = 0;
    if (ks->n >= WDI_KEYS_MAX)
        return mg_err_set(err, MIGDIP_ERR_NOMEM, "%s: more than %u values (the limit for one file)",
                          name, WDI_KEYS_MAX);
    if ((ks->n + 1) * 2 > ks->cap && wdi_keyset_grow(ks))
        return mg_err_set(err, MIGDIP_ERR_NOMEM, "%s: out of memory", name);
    size_t j = wdi_hash(key) & (ks->cap - 1);
    while (ks->v[j].key) {
        if (strcmp(ks->v[j].key, key) == 0) {
            *first = ks->v[j].line;
            return MIGDIP_OK;
        }
        j = (j + 1) & (ks->cap - 1);
    }
    if (!(ks->v[j].key = strdup(key)))
        return mg_err_set(err, MIGDIP_ERR_NOMEM, "%s: out of memory", name);
    ks->v[j].line = line;
    ks->n++;
    return MIGDIP_OK;
}

/* ---------------------------------------------------------------- the shared writer */

typedef enum wdi_kind { WDI_UNMAPPED = 0, WDI_COUNTRY, WDI_AGGREGATE } wdi_kind;

/* Where a row's values go: an economy (ISO3) or an aggregate code. key is borrowed from
 * the country map. */
typedef struct wdi_entity {
    wdi_kind kind;
    const char *key;
} wdi_entity;

typedef struct wdi_writer {
    mg_importer_job *r;
    sqlite3_stmt *ins_series, *ins_agg, *ins_info;
    wdi_keyset seen;
    wdi_keyset reported; /* unmapped codes already reported for this file */
} wdi_writer;

static migdip_status wdi_writer_init(wdi_writer *w, mg_importer_job *r)
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

static void wdi_writer_cleanup(wdi_writer *w)
{
    sqlite3_finalize(w->ins_series);
    sqlite3_finalize(w->ins_agg);
    sqlite3_finalize(w->ins_info);
    wdi_keyset_cleanup(&w->seen);
    wdi_keyset_cleanup(&w->reported);
}

/* Map a World Bank economy code (and its name, as a fallback) to a country or an aggregate.
 * What maps to neither is reported through mg_importer_unmapped (once per file) and skipped. */
static migdip_status wdi_resolve(wdi_writer *w, long line, const char *cell, const char *code,
                                 const char *name, int year, wdi_entity *out)
{
    const mg_country_map *cm = w->r->cm;
    const char *hit = NULL;
    out->kind = WDI_UNMAPPED;
    out->key = NULL;
    if (*code && ((hit = mg_country_by_code(cm, "wb", code, year)) ||
                  (hit = mg_country_by_code(cm, "iso3", code, year)))) {
        *out = (wdi_entity){WDI_COUNTRY, hit};
        return MIGDIP_OK;
    }
    if ((*code && (hit = mg_country_aggregate(cm, code))) || (*name && (hit = mg_country_aggregate(cm, name)))) {
        *out = (wdi_entity){WDI_AGGREGATE, hit};
        return MIGDIP_OK;
    }
    if (*name && (hit = mg_country_by_name(cm, name))) {
        *out = (wdi_entity){WDI_COUNTRY, hit};
        return MIGDIP_OK;
    }
    char label[256];
    long first = 0;
    snprintf(label, sizeof label, "%s [%s]", *name ? name : "?", code);
    migdip_status rc = wdi_keyset_add(&w->reported, label, line, &first, w->r->name, w->r->err);
    return rc || first ? rc : mg_importer_unmapped(w->r, line, cell, label);
}

/* Store one value (flag MISSING binds NULL) of series code for entity e in year. */
static migdip_status wdi_put(wdi_writer *w, const char *code, const wdi_entity *e, int year,
                             double value, int flag)
{
    sqlite3_stmt *st = e->kind == WDI_AGGREGATE ? w->ins_agg : w->ins_series;
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
static migdip_status wdi_info(wdi_writer *w, const char *code, const char *title, const char *unit)
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
static migdip_status wdi_seen(wdi_writer *w, const char *series, const wdi_entity *e, const char *raw_code,
                              int year, long line, long *first)
{
    char key[WDI_CODE_MAX + 96];
    snprintf(key, sizeof key, "%s|%s%s|%d", series, e->kind == WDI_UNMAPPED ? "?" : "",
             e->kind == WDI_UNMAPPED ? raw_code : e->key, year);
    return wdi_keyset_add(&w->seen, key, line, first, w->r->name, w->r->err);
}

/* ---------------------------------------------------------------- 1. tidy CSV */

/* Where a tidy file's indicator code can come from: the file name's stem (`<code>.csv`, or the
 * directory of `<code>/data.csv`), set in *stem, and the datapackage beside it, whose path is
 * returned (owned; NULL when out of memory). path ends in ".csv". */
static char *tidy_locate(const char *path, const char **stem, size_t *stem_len)
{
    size_t plen = strlen(path);
    char *json = malloc(plen + 32);
    if (!json)
        return NULL;
    const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    size_t blen = strlen(base);
    *stem = base;
    *stem_len = blen >= 4 ? blen - 4 : 0;
    if (*stem_len == 4 && strncasecmp(base, "data", 4) == 0) {
        /* <code>/data.csv beside <code>/datapackage.json */
        snprintf(json, plen + 32, "%.*sdatapackage.json", (int)(base - path), path);
        const char *end = base > path ? base - 1 : base;
        const char *dir = end;
        while (dir > path && dir[-1] != '/')
            dir--;
        *stem = dir;
        *stem_len = (size_t)(end - dir);
    } else {
        snprintf(json, plen + 32, "%.*s.datapackage.json", (int)(plen - 4), path);
    }
    return json;
}

/* The tidy layout, and a way to tell the indicator: a code-like name or a datapackage beside
 * it (a `Country Name,Country Code,Year,Value` file called wdi.csv is left to others). */
static bool tidy_sniff(const char *path, const char *name, const unsigned char *head, size_t n)
{
    char f[4][64];
    if (!mg_importer_name_ends(name, ".csv") || !mg_importer_name_ends(path, ".csv") || mg_importer_head_is_zip(head, n))
        return false;
    size_t k = mg_importer_head_fields(head, n, f, 4);
    if (!(k >= 3 && strcasecmp(f[0], "Country Name") == 0 && strcasecmp(f[1], "Country Code") == 0 &&
          strcasecmp(f[2], "Year") == 0))
        return false;
    const char *stem;
    size_t stem_len;
    char *json = tidy_locate(path, &stem, &stem_len);
    struct stat st;
    bool ok = json && (wdi_code_ok(stem, stem_len) || (stat(json, &st) == 0 && S_ISREG(st.st_mode)));
    free(json);
    return ok;
}

/* Read the sibling datapackage.json (if any): indicator code, title, and a date. */
typedef struct tidy_meta {
    char code[WDI_CODE_MAX + 1];
    char *title;   /* owned, may be NULL */
    char date[11]; /* "" when the package has none */
} tidy_meta;

static migdip_status tidy_read_package(mg_importer_job *r, const char *json_path, tidy_meta *m)
{
    migdip_status rc = MIGDIP_OK;
    FILE *f = fopen(json_path, "rb");
    char *buf = NULL;
    cJSON *root = NULL;
    const char *jname = strrchr(json_path, '/') ? strrchr(json_path, '/') + 1 : json_path;
    if (!f)
        return MIGDIP_OK; /* no metadata beside the CSV: the file name gives the code */
    long size = -1;
    if (fseek(f, 0, SEEK_END) == 0)
        size = ftell(f);
    if (size < 0 || fseek(f, 0, SEEK_SET) != 0) {
        rc = mg_err_set(r->err, MIGDIP_ERR_IO, "%s: cannot read %s", r->name, jname);
        goto cleanup;
    }
    if (size > WDI_JSON_MAX) {
        rc = mg_err_set(r->err, MIGDIP_ERR_NOMEM, "%s: %s is over the %ld-byte limit for metadata",
                        r->name, jname, WDI_JSON_MAX);
        goto cleanup;
    }
    if (!(buf = malloc((size_t)size + 1))) {
        rc = mg_err_set(r->err, MIGDIP_ERR_NOMEM, "%s: out of memory", r->name);
        goto cleanup;
    }
    if (fread(buf, 1, (size_t)size, f) != (size_t)size) {
        rc = mg_err_set(r->err, MIGDIP_ERR_IO, "%s: cannot read %s", r->name, jname);
        goto cleanup;
    }
    buf[size] = '\0';
    if (!(root = cJSON_ParseWithLength(buf, (size_t)size)) || !cJSON_IsObject(root)) {
        rc = mg_err_set(r->err, MIGDIP_ERR_PARSE, "%s: %s: expected a JSON object (datapackage)",
                        r->name, jname);
        goto cleanup;
    }
    const cJSON *title = cJSON_GetObjectItemCaseSensitive(root, "title");
    if (cJSON_IsString(title) && title->valuestring[0] && !(m->title = strdup(title->valuestring))) {
        rc = mg_err_set(r->err, MIGDIP_ERR_NOMEM, "%s: out of memory", r->name);
        goto cleanup;
    }
    const cJSON *wb = cJSON_GetObjectItemCaseSensitive(root, "worldbank");
    const cJSON *ind = cJSON_GetObjectItemCaseSensitive(wb, "indicator");
    if (cJSON_IsString(ind)) {
        size_t len = strlen(ind->valuestring);
        if (!wdi_code_ok(ind->valuestring, len)) {
            char q[64];
            rc = mg_err_set(r->err, MIGDIP_ERR_PARSE, "%s: %s: worldbank.indicator: expected an indicator code, got %s",
                            r->name, jname, mg_err_quote(q, sizeof q, ind->valuestring, len));
            goto cleanup;
        }
        for (size_t i = 0; i <= len; i++)
            m->code[i] = (char)toupper((unsigned char)ind->valuestring[i]);
    }
    static const char *const date_keys[] = {"last_updated", "lastUpdated", "updated", "created", "version"};
    for (size_t i = 0; i < sizeof date_keys / sizeof *date_keys && !m->date[0]; i++) {
        const cJSON *d = cJSON_GetObjectItemCaseSensitive(root, date_keys[i]);
        if (cJSON_IsString(d) && wdi_iso_date(d->valuestring, strlen(d->valuestring)))
            snprintf(m->date, sizeof m->date, "%.10s", d->valuestring);
    }

cleanup:
    cJSON_Delete(root);
    free(buf);
    fclose(f);
    return rc;
}

/* Indicator code and metadata of a tidy file: datapackage first, else the file name
 * (`<code>.csv`, or `<code>/data.csv` as in the datasets repository). */
static migdip_status tidy_meta_load(mg_importer_job *r, tidy_meta *m)
{
    migdip_status rc = MIGDIP_OK;
    const char *stem;
    size_t stem_len;
    char *json = tidy_locate(r->path, &stem, &stem_len);
    if (!json)
        return mg_err_set(r->err, MIGDIP_ERR_NOMEM, "%s: out of memory", r->name);
    if ((rc = tidy_read_package(r, json, m)))
        goto cleanup;
    if (!m->code[0]) {
        if (!wdi_code_ok(stem, stem_len)) {
            rc = mg_err_set(r->err, MIGDIP_ERR_SCHEMA,
                            "%s: cannot tell the indicator from the file name (expected <indicator>.csv,"
                            " e.g. sp.pop.totl.csv, or a datapackage.json beside it)", r->name);
            goto cleanup;
        }
        for (size_t i = 0; i < stem_len; i++)
            m->code[i] = (char)toupper((unsigned char)stem[i]);
        m->code[stem_len] = '\0';
    }

cleanup:
    free(json);
    return rc;
}

static migdip_status tidy_run(mg_importer_job *r)
{
    migdip_status rc = MIGDIP_OK;
    mg_csv_reader *csv = NULL;
    wdi_writer w = {0};
    tidy_meta m = {0};
    long data_rows = 0;

    if ((rc = tidy_meta_load(r, &m)) || (rc = wdi_writer_init(&w, r)))
        goto cleanup;
    if ((rc = wdi_info(&w, m.code, m.title, NULL)))
        goto cleanup;
    static const char *const COLS[] = {"Country Name", "Country Code", "Year", "Value"};
    static const char EXPECTED[] = "the header Country Name,Country Code,Year,Value";
    long col[4];
    size_t need = 0, n_header = 0;
    if ((rc = mg_csv_open(r->path, r->name, &csv, r->err)) || (rc = mg_importer_read_header(r, csv, EXPECTED, &n_header)) ||
        (rc = mg_importer_find_columns(r, csv, COLS, 4, col, EXPECTED, &need)))
        goto cleanup;
    bool nonneg = wdi_nonneg(m.code);
    for (;;) {
        bool end;
        if ((rc = mg_importer_next_record_min(r, csv, need, &end)))
            goto cleanup;
        if (end)
            break;
        long line = mg_csv_line(csv);
        data_rows++;
        size_t len;
        const char *code = mg_csv_field(csv, (size_t)col[1], &len);
        code = mg_text_trim(code, &len);
        if (len == 0 || len > 16) {
            rc = mg_csv_bad_value(csv, (size_t)col[1], "Country Code", "an economy code", r->err);
            goto cleanup;
        }
        char code_buf[17];
        snprintf(code_buf, sizeof code_buf, "%.*s", (int)len, code);
        const char *name = mg_csv_field(csv, (size_t)col[0], NULL);
        const char *ytext = mg_csv_field(csv, (size_t)col[2], &len);
        long year;
        if (!mg_text_parse_long(ytext, len, &year)) {
            rc = mg_csv_bad_value(csv, (size_t)col[2], "Year", "a year", r->err);
            goto cleanup;
        }
        if (year < WDI_YEAR_MIN || year > WDI_YEAR_MAX) {
            char q[64];
            rc = mg_err_set(r->err, MIGDIP_ERR_RANGE, "%s:%ld: column Year: expected a year in %d-%d, got %s",
                            r->name, line, WDI_YEAR_MIN, WDI_YEAR_MAX, mg_err_quote(q, sizeof q, ytext, len));
            goto cleanup;
        }
        const char *vtext = mg_csv_field(csv, (size_t)col[3], &len);
        double value = 0;
        int flag = MIGDIP_FLAG_OBSERVED;
        /* the World Bank's CSVs leave a missing value empty (or drop the year) */
        if (mg_text_is_blank(vtext, len)) {
            flag = MIGDIP_FLAG_MISSING;
        } else if (!mg_text_parse_double(vtext, len, false, &value)) {
            rc = mg_csv_bad_value(csv, (size_t)col[3], "Value", "a number", r->err);
            goto cleanup;
        } else if (value < 0 && nonneg) {
            rc = wdi_csv_error(csv, (size_t)col[3], "Value", "a value >= 0 for this indicator",
                               MIGDIP_ERR_RANGE, r->err);
            goto cleanup;
        }
        wdi_entity e;
        if ((rc = wdi_resolve(&w, line, "Country Code", code_buf, name, (int)year, &e)))
            goto cleanup;
        long first;
        if ((rc = wdi_seen(&w, m.code, &e, code_buf, (int)year, line, &first)))
            goto cleanup;
        if (first) {
            rc = mg_err_set(r->err, MIGDIP_ERR_DUPLICATE, "%s:%ld: duplicate key: %s %s %ld (first on line %ld)",
                            r->name, line, m.code, code_buf, year, first);
            goto cleanup;
        }
        if (e.kind != WDI_UNMAPPED && (rc = wdi_put(&w, m.code, &e, (int)year, value, flag)))
            goto cleanup;
    }
    if (data_rows == 0) {
        rc = mg_err_set(r->err, MIGDIP_ERR_SCHEMA, "%s: no data rows after the header", r->name);
        goto cleanup;
    }
    snprintf(wdi_edition_buf, sizeof wdi_edition_buf, "%s", m.date[0] ? m.date : WDI_TIDY_EDITION);
    r->meta.dataset = "wdi";
    r->meta.source = "World Bank, World Development Indicators (WB API, per-indicator files of "
                     "datasets/world-development-indicators)";
    r->meta.edition = wdi_edition_buf;
    r->meta.released = wdi_edition_buf;
    r->meta.citation = WDI_CITATION;

cleanup:
    wdi_writer_cleanup(&w);
    mg_csv_close(csv);
    free(m.title);
    return rc;
}

/* ---------------------------------------------------------------- 2. bulk API CSV */

static bool bulk_sniff(const char *path, const char *name, const unsigned char *head, size_t n)
{
    char f[2][64];
    (void)path;
    (void)name;
    return mg_importer_head_fields(head, n, f, 2) == 2 && strcasecmp(f[0], "Data Source") == 0 &&
           strcasecmp(f[1], "World Development Indicators") == 0;
}

static migdip_status bulk_run(mg_importer_job *r)
{
    migdip_status rc = MIGDIP_OK;
    mg_csv_reader *csv = NULL;
    wdi_writer w = {0};
    int *years = NULL; /* year of each column, 0 for other columns */
    char edition[11] = "";
    long data_rows = 0;

    if ((rc = wdi_writer_init(&w, r)) || (rc = mg_csv_open(r->path, r->name, &csv, r->err)))
        goto cleanup;
    /* preamble: "Data Source",..., "Last Updated Date","YYYY-MM-DD", then the header */
    for (;;) {
        if ((rc = mg_csv_next(csv, r->err)))
            goto cleanup;
        if (mg_csv_nfields(csv) == 0) {
            rc = mg_err_set(r->err, MIGDIP_ERR_SCHEMA, "%s: no header line \"Country Name\",\"Country Code\","
                            "\"Indicator Name\",\"Indicator Code\",years...", r->name);
            goto cleanup;
        }
        size_t len;
        const char *f0 = mg_csv_field(csv, 0, &len);
        f0 = mg_text_trim(f0, &len);
        if (len == 17 && strncasecmp(f0, "Last Updated Date", 17) == 0) {
            const char *d = mg_csv_field(csv, 1, &len);
            d = mg_text_trim(d, &len);
            if (!wdi_iso_date(d, len)) {
                rc = mg_csv_bad_value(csv, 1, "Last Updated Date", "a date YYYY-MM-DD", r->err);
                goto cleanup;
            }
            memcpy(edition, d, 10);
            edition[10] = '\0';
        } else if (len == 12 && strncasecmp(f0, "Country Name", 12) == 0) {
            break;
        } else if (!(len == 11 && strncasecmp(f0, "Data Source", 11) == 0)) {
            rc = wdi_csv_error(csv, 0, "1", "\"Data Source\", \"Last Updated Date\" or the header",
                               MIGDIP_ERR_SCHEMA, r->err);
            goto cleanup;
        }
    }
    if (!edition[0]) {
        rc = mg_err_set(r->err, MIGDIP_ERR_SCHEMA, "%s:%ld: no \"Last Updated Date\" line before the header"
                        " (it gives the edition)", r->name, mg_csv_line(csv));
        goto cleanup;
    }
    static const char *const COLS[] = {"Country Name", "Country Code", "Indicator Name", "Indicator Code"};
    long col[4];
    if ((rc = mg_importer_find_columns(r, csv, COLS, 4, col,
                               "\"Country Name\",\"Country Code\",\"Indicator Name\",\"Indicator Code\",years...",
                               NULL)))
        goto cleanup;
    size_t ncol = mg_csv_nfields(csv), need = 0, nyears = 0;
    if (!(years = calloc(ncol, sizeof *years))) {
        rc = mg_err_set(r->err, MIGDIP_ERR_NOMEM, "%s: out of memory", r->name);
        goto cleanup;
    }
    for (size_t i = 0; i < ncol; i++) {
        size_t len;
        const char *h = mg_csv_field(csv, i, &len);
        h = mg_text_trim(h, &len);
        if ((long)i == col[0] || (long)i == col[1] || (long)i == col[2] || (long)i == col[3] || len == 0)
            continue;
        long y;
        if (!mg_text_parse_long(h, len, &y) || y < WDI_YEAR_MIN || y > WDI_YEAR_MAX) {
            char what[32];
            snprintf(what, sizeof what, "%zu", i + 1);
            rc = wdi_csv_error(csv, i, what, "a year in 1800-2100", MIGDIP_ERR_SCHEMA, r->err);
            goto cleanup;
        }
        for (size_t j = 0; j < i; j++) {
            if (years[j] == (int)y) {
                rc = mg_err_set(r->err, MIGDIP_ERR_DUPLICATE, "%s:%ld: year %ld is both column %zu and column %zu",
                                r->name, mg_csv_line(csv), y, j + 1, i + 1);
                goto cleanup;
            }
        }
        years[i] = (int)y;
        nyears++;
        need = i + 1;
    }
    if (nyears == 0) {
        rc = mg_err_set(r->err, MIGDIP_ERR_SCHEMA, "%s:%ld: no year columns in the header", r->name, mg_csv_line(csv));
        goto cleanup;
    }
    for (size_t i = 0; i < 4; i++)
        if ((size_t)col[i] + 1 > need)
            need = (size_t)col[i] + 1;
    for (;;) {
        bool end;
        if ((rc = mg_importer_next_record_min(r, csv, need, &end)))
            goto cleanup;
        if (end)
            break;
        long line = mg_csv_line(csv);
        data_rows++;
        size_t len;
        const char *icode = mg_csv_field(csv, (size_t)col[3], &len);
        icode = mg_text_trim(icode, &len);
        if (!wdi_code_ok(icode, len)) {
            rc = mg_csv_bad_value(csv, (size_t)col[3], "Indicator Code", "an indicator code", r->err);
            goto cleanup;
        }
        char series[WDI_CODE_MAX + 1];
        snprintf(series, sizeof series, "%.*s", (int)len, icode);
        const char *ccode = mg_csv_field(csv, (size_t)col[1], &len);
        ccode = mg_text_trim(ccode, &len);
        if (len == 0 || len > 16) {
            rc = mg_csv_bad_value(csv, (size_t)col[1], "Country Code", "an economy code", r->err);
            goto cleanup;
        }
        char code_buf[17];
        snprintf(code_buf, sizeof code_buf, "%.*s", (int)len, ccode);
        if ((rc = wdi_info(&w, series, mg_csv_field(csv, (size_t)col[2], NULL), NULL)))
            goto cleanup;
        wdi_entity e;
        if ((rc = wdi_resolve(&w, line, "Country Code", code_buf, mg_csv_field(csv, (size_t)col[0], NULL), 0, &e)))
            goto cleanup;
        long first;
        if ((rc = wdi_seen(&w, series, &e, code_buf, 0, line, &first)))
            goto cleanup;
        if (first) {
            rc = mg_err_set(r->err, MIGDIP_ERR_DUPLICATE, "%s:%ld: duplicate key: %s for %s (first on line %ld)",
                            r->name, line, series, code_buf, first);
            goto cleanup;
        }
        bool nonneg = wdi_nonneg(series);
        for (size_t i = 0; i < need; i++) {
            if (!years[i])
                continue;
            const char *v = mg_csv_field(csv, i, &len);
            double value = 0;
            int flag = MIGDIP_FLAG_OBSERVED;
            char colname[16];
            snprintf(colname, sizeof colname, "%d", years[i]);
            if (mg_text_is_blank(v, len)) {
                flag = MIGDIP_FLAG_MISSING;
            } else if (!mg_text_parse_double(v, len, false, &value)) {
                rc = mg_csv_bad_value(csv, i, colname, "a number", r->err);
                goto cleanup;
            } else if (value < 0 && nonneg) {
                rc = wdi_csv_error(csv, i, colname, "a value >= 0 for this indicator", MIGDIP_ERR_RANGE, r->err);
                goto cleanup;
            }
            if (e.kind != WDI_UNMAPPED && (rc = wdi_put(&w, series, &e, years[i], value, flag)))
                goto cleanup;
        }
    }
    if (data_rows == 0) {
        rc = mg_err_set(r->err, MIGDIP_ERR_SCHEMA, "%s: no data rows after the header", r->name);
        goto cleanup;
    }
    snprintf(wdi_edition_buf, sizeof wdi_edition_buf, "%s", edition);
    r->meta.dataset = "wdi";
    r->meta.source = "World Bank, World Development Indicators (bulk download, API_*_DS2 CSV)";
    r->meta.edition = wdi_edition_buf;
    r->meta.released = wdi_edition_buf;
    r->meta.citation = WDI_CITATION;

cleanup:
    wdi_writer_cleanup(&w);
    free(years);
    mg_csv_close(csv);
    return rc;
}

/* ---------------------------------------------------------------- 3. DataBank xlsx */

/* Cheap: reads only xl/workbook.xml of the zip and looks for the two DataBank sheets. */
static bool databank_sniff(const char *path, const char *name, const unsigned char *head, size_t n)
{
    bool found = false;
    zip_t *z = NULL;
    zip_file_t *zf = NULL;
    char *xml = NULL;
    if (!mg_importer_head_is_zip(head, n) || !mg_importer_name_ends(name, ".xlsx"))
        return false;
    int zerr = 0;
    if (!(z = zip_open(path, ZIP_RDONLY, &zerr)))
        goto cleanup;
    zip_stat_t zs;
    if (zip_stat(z, "xl/workbook.xml", 0, &zs) != 0 || !(zs.valid & ZIP_STAT_SIZE) ||
        zs.size > WDI_WORKBOOK_XML_MAX)
        goto cleanup;
    if (!(xml = malloc(zs.size + 1)) || !(zf = zip_fopen(z, "xl/workbook.xml", 0)))
        goto cleanup;
    zip_int64_t got = zip_fread(zf, xml, zs.size);
    if (got < 0 || (zip_uint64_t)got != zs.size)
        goto cleanup;
    xml[zs.size] = '\0';
    found = strstr(xml, "name=\"Data\"") && strstr(xml, "name=\"Series - Metadata\"");

cleanup:
    if (zf)
        zip_fclose(zf);
    if (z)
        zip_discard(z);
    free(xml);
    return found;
}

/* One DataBank value, buffered so that the store's B-trees are written in key order: a
 * sheet holds one row per economy and one column per series, and inserting it row by row
 * scatters the writes over the whole index (5x slower on the 2021 export). */
typedef struct dbk_value {
    const char *key;  /* ISO3 or aggregate code, borrowed from the country map */
    double value;
    uint32_t col;     /* column of the series */
    int16_t year;
    uint8_t flag, kind;
} dbk_value;

typedef struct dbk_state {
    mg_importer_job *r;
    wdi_writer *w;
    const char *sheet;
    uint32_t ncols;            /* columns in the header row */
    char **codes;              /* series code of each column (index col-1), NULL for the rest */
    uint32_t col_time, col_tcode, col_name, col_code;
    bool header_done, footer;
    char edition[11];
    char database[128];
    long data_rows;
    dbk_value *vals;
    size_t nvals, capvals;
    uint32_t *rank;            /* rank of each column's series code in code order */
    migdip_status rc;
} dbk_state;

static migdip_status dbk_push(dbk_state *s, const dbk_value *v)
{
    if (s->nvals == s->capvals) {
        if (s->nvals >= WDI_DBK_MAX_VALUES)
            return mg_err_set(s->r->err, MIGDIP_ERR_NOMEM, "%s: sheet \"%s\": more than %u values (the limit)",
                              s->r->name, s->sheet, WDI_DBK_MAX_VALUES);
        dbk_value *p = mg_grow(s->vals, &s->capvals, s->nvals + 1, sizeof *p);
        if (!p)
            return mg_err_set(s->r->err, MIGDIP_ERR_NOMEM, "%s: out of memory", s->r->name);
        s->vals = p;
    }
    s->vals[s->nvals++] = *v;
    return MIGDIP_OK;
}

static _Thread_local const dbk_state *dbk_sorting; /* qsort has no user pointer */

static int dbk_cmp_col(const void *a, const void *b)
{
    const char *x = dbk_sorting->codes[*(const uint32_t *)a], *y = dbk_sorting->codes[*(const uint32_t *)b];
    return strcmp(x ? x : "", y ? y : "");
}

static int dbk_cmp_value(const void *a, const void *b)
{
    const dbk_value *x = a, *y = b;
    uint32_t rx = dbk_sorting->rank[x->col - 1], ry = dbk_sorting->rank[y->col - 1];
    if (rx != ry)
        return rx < ry ? -1 : 1;
    if (x->kind != y->kind)
        return x->kind < y->kind ? -1 : 1;
    int c = strcmp(x->key, y->key);
    return c ? c : x->year - y->year;
}

/* Write the buffered values in (series, kind, key, year) order. */
static migdip_status dbk_flush(dbk_state *s)
{
    migdip_status rc = MIGDIP_OK;
    uint32_t *order = malloc((s->ncols ? s->ncols : 1) * sizeof *order);
    s->rank = malloc((s->ncols ? s->ncols : 1) * sizeof *s->rank);
    if (!order || !s->rank) {
        rc = mg_err_set(s->r->err, MIGDIP_ERR_NOMEM, "%s: out of memory", s->r->name);
        goto cleanup;
    }
    for (uint32_t i = 0; i < s->ncols; i++)
        order[i] = i;
    dbk_sorting = s;
    qsort(order, s->ncols, sizeof *order, dbk_cmp_col);
    for (uint32_t i = 0; i < s->ncols; i++)
        s->rank[order[i]] = i;
    qsort(s->vals, s->nvals, sizeof *s->vals, dbk_cmp_value);
    dbk_sorting = NULL;
    for (size_t i = 0; i < s->nvals && !rc; i++) {
        const dbk_value *v = &s->vals[i];
        wdi_entity e = {(wdi_kind)v->kind, v->key};
        rc = wdi_put(s->w, s->codes[v->col - 1], &e, v->year, v->value, v->flag);
    }

cleanup:
    free(order);
    return rc;
}

static migdip_status dbk_cell_error(dbk_state *s, migdip_status st, const xlsx_cell *c, const char *col,
                                    const char *what)
{
    char ref[16], q[64];
    mg_xlsx_cellref(ref, c->row, c->col);
    const char *got = c->type == XLSX_STRING || c->type == XLSX_ERROR ? c->str : "";
    char num[32];
    if (c->type == XLSX_NUMBER) {
        snprintf(num, sizeof num, "%.15g", c->num);
        got = num;
    }
    return mg_err_set(s->r->err, st, "%s: sheet \"%s\" cell %s: column %s: expected %s, got %s", s->r->name,
                      s->sheet, ref, col, what, mg_err_quote(q, sizeof q, got, strlen(got)));
}

static const xlsx_cell *dbk_find(const xlsx_cell *cells, size_t n, uint32_t col)
{
    for (size_t i = 0; i < n; i++)
        if (cells[i].col == col)
            return &cells[i];
    return NULL;
}

/* Text of a cell as a trimmed string into buf ("" for none). Numbers print as %.15g. */
static const char *dbk_text(const xlsx_cell *c, char *buf, size_t cap)
{
    buf[0] = '\0';
    if (!c)
        return buf;
    if (c->type == XLSX_NUMBER)
        snprintf(buf, cap, "%.15g", c->num);
    else if (c->type == XLSX_STRING) {
        size_t len = c->len;
        const char *t = mg_text_trim(c->str, &len);
        snprintf(buf, cap, "%.*s", (int)len, t);
    }
    return buf;
}

static migdip_status dbk_header(dbk_state *s, const xlsx_cell *cells, size_t n)
{
    mg_importer_job *r = s->r;
    s->ncols = cells[n - 1].col;
    if (!(s->codes = calloc(s->ncols, sizeof *s->codes)))
        return mg_err_set(r->err, MIGDIP_ERR_NOMEM, "%s: out of memory", r->name);
    for (size_t i = 0; i < n; i++) {
        const xlsx_cell *c = &cells[i];
        char text[512];
        dbk_text(c, text, sizeof text);
        if (mg_text_casecmp(text, "Time") == 0) {
            s->col_time = c->col;
        } else if (mg_text_casecmp(text, "Time Code") == 0) {
            s->col_tcode = c->col;
        } else if (mg_text_casecmp(text, "Country Name") == 0) {
            s->col_name = c->col;
        } else if (mg_text_casecmp(text, "Country Code") == 0) {
            s->col_code = c->col;
        } else {
            /* "Indicator name [CODE]" */
            size_t len = strlen(text);
            char *open = len && text[len - 1] == ']' ? strrchr(text, '[') : NULL;
            if (!open || !wdi_code_ok(open + 1, (size_t)(text + len - 1 - (open + 1))))
                return dbk_cell_error(s, MIGDIP_ERR_SCHEMA, c, "header",
                                      "Time, Time Code, Country Name, Country Code or \"Series name [CODE]\"");
            text[len - 1] = '\0';
            for (uint32_t j = 0; j < s->ncols; j++) {
                if (s->codes[j] && strcmp(s->codes[j], open + 1) == 0) {
                    char a[16], b[16];
                    return mg_err_set(r->err, MIGDIP_ERR_DUPLICATE, "%s: sheet \"%s\": series %s is both column %s and %s",
                                      r->name, s->sheet, open + 1, mg_xlsx_cellref(a, c->row, j + 1),
                                      mg_xlsx_cellref(b, c->row, c->col));
                }
            }
            if (!(s->codes[c->col - 1] = strdup(open + 1)))
                return mg_err_set(r->err, MIGDIP_ERR_NOMEM, "%s: out of memory", r->name);
            char *title = text;
            size_t tl = (size_t)(open - text);
            title = (char *)mg_text_trim(title, &tl);
            title[tl] = '\0';
            migdip_status rc = wdi_info(s->w, s->codes[c->col - 1], title, NULL);
            if (rc)
                return rc;
        }
    }
    static const char *const NAMES[] = {"Time", "Country Name", "Country Code"};
    const uint32_t got[] = {s->col_time ? s->col_time : s->col_tcode, s->col_name, s->col_code};
    for (size_t i = 0; i < 3; i++)
        if (!got[i])
            return mg_err_set(r->err, MIGDIP_ERR_SCHEMA, "%s: sheet \"%s\" row %u: missing column \"%s\""
                              " (expected Time, Time Code, Country Name, Country Code, series...)",
                              r->name, s->sheet, cells[0].row, NAMES[i]);
    s->header_done = true;
    return MIGDIP_OK;
}

/* Footer lines: "Data from database: World Development Indicators", "Last Updated: 03/28/2024". */
static migdip_status dbk_footer(dbk_state *s, const xlsx_cell *c)
{
    char text[256];
    dbk_text(c, text, sizeof text);
    s->footer = true;
    if (strncasecmp(text, "Data from database:", 19) == 0) {
        size_t len = strlen(text + 19);
        const char *db = mg_text_trim(text + 19, &len);
        snprintf(s->database, sizeof s->database, "%.*s", (int)len, db);
    } else if (strncasecmp(text, "Last Updated:", 13) == 0) {
        unsigned mm, dd, yyyy;
        char tail;
        if (sscanf(text + 13, " %u/%u/%u%c", &mm, &dd, &yyyy, &tail) != 3 || mm < 1 || mm > 12 || dd < 1 ||
            dd > 31 || yyyy < 1960 || yyyy > 2999)
            return dbk_cell_error(s, MIGDIP_ERR_PARSE, c, "footer", "\"Last Updated: MM/DD/YYYY\"");
        snprintf(s->edition, sizeof s->edition, "%04u-%02u-%02u", yyyy, mm, dd);
    }
    return MIGDIP_OK;
}

static migdip_status dbk_row(dbk_state *s, uint32_t row, const xlsx_cell *cells, size_t n)
{
    mg_importer_job *r = s->r;
    migdip_status rc = MIGDIP_OK;
    if (!s->header_done)
        return dbk_header(s, cells, n);
    const xlsx_cell *ccode = dbk_find(cells, n, s->col_code);
    char code[32], name[256], ytext[32];
    dbk_text(ccode, code, sizeof code);
    if (!code[0]) {
        /* the footer is text in the first column only; anything else is a broken data row */
        if (n == 1 && cells[0].col == 1 && cells[0].type == XLSX_STRING)
            return dbk_footer(s, &cells[0]);
        const xlsx_cell blank = {.row = row, .col = s->col_code, .type = XLSX_EMPTY};
        return dbk_cell_error(s, MIGDIP_ERR_PARSE, ccode ? ccode : &blank, "Country Code", "an economy code");
    }
    if (s->footer) {
        const xlsx_cell *c = ccode;
        return dbk_cell_error(s, MIGDIP_ERR_SCHEMA, c, "Country Code", "no data after the footer");
    }
    if (strlen(code) > 16)
        return dbk_cell_error(s, MIGDIP_ERR_PARSE, ccode, "Country Code", "an economy code");
    dbk_text(dbk_find(cells, n, s->col_name), name, sizeof name);
    /* year: Time (2021) or Time Code (YR2021) */
    const xlsx_cell *ct = s->col_time ? dbk_find(cells, n, s->col_time) : NULL;
    long year = 0;
    dbk_text(ct, ytext, sizeof ytext);
    if (!ct || !mg_text_parse_long(ytext, strlen(ytext), &year)) {
        const xlsx_cell *cc = s->col_tcode ? dbk_find(cells, n, s->col_tcode) : NULL;
        char tc[32];
        dbk_text(cc, tc, sizeof tc);
        if (!((tc[0] == 'Y' || tc[0] == 'y') && (tc[1] == 'R' || tc[1] == 'r') &&
              mg_text_parse_long(tc + 2, strlen(tc + 2), &year))) {
            const xlsx_cell blank = {.row = row, .col = s->col_time ? s->col_time : s->col_tcode, .type = XLSX_EMPTY};
            return dbk_cell_error(s, MIGDIP_ERR_PARSE, ct ? ct : (cc ? cc : &blank), "Time", "a year");
        }
    }
    if (year < WDI_YEAR_MIN || year > WDI_YEAR_MAX) {
        const xlsx_cell blank = {.row = row, .col = s->col_time ? s->col_time : s->col_tcode, .type = XLSX_EMPTY};
        return dbk_cell_error(s, MIGDIP_ERR_RANGE, ct ? ct : &blank, "Time", "a year in 1800-2100");
    }
    s->data_rows++;
    char ref[16];
    wdi_entity e;
    if ((rc = wdi_resolve(s->w, (long)row, mg_xlsx_cellref(ref, row, s->col_code), code, name, (int)year, &e)))
        return rc;
    long first;
    if ((rc = wdi_seen(s->w, "*", &e, code, (int)year, (long)row, &first)))
        return rc;
    if (first)
        return mg_err_set(r->err, MIGDIP_ERR_DUPLICATE, "%s: sheet \"%s\" row %u: duplicate key: %s %ld"
                          " (first in row %ld)", r->name, s->sheet, row, code, year, first);
    size_t k = 0;
    for (uint32_t col = 1; col <= s->ncols; col++) {
        const char *series = s->codes[col - 1];
        while (k < n && cells[k].col < col)
            k++;
        const xlsx_cell *c = k < n && cells[k].col == col ? &cells[k] : NULL;
        if (!series) {
            continue;
        }
        double value = 0;
        int flag = MIGDIP_FLAG_OBSERVED;
        if (!c || (c->type == XLSX_STRING && mg_text_is_missing_marker(c->str, c->len))) {
            flag = MIGDIP_FLAG_MISSING;
        } else if (c->type == XLSX_NUMBER) {
            value = c->num;
        } else if (c->type == XLSX_STRING && mg_text_parse_double(c->str, c->len, false, &value)) {
            /* a number stored as text */
        } else {
            return dbk_cell_error(s, MIGDIP_ERR_PARSE, c, series, "a number or \"..\"");
        }
        if (flag && value < 0 && wdi_nonneg(series))
            return dbk_cell_error(s, MIGDIP_ERR_RANGE, c, series, "a value >= 0 for this indicator");
        dbk_value v = {e.key, value, col, (int16_t)year, (uint8_t)flag, (uint8_t)e.kind};
        if (e.kind != WDI_UNMAPPED && (rc = dbk_push(s, &v)))
            return rc;
    }
    for (; k < n; k++)
        if (cells[k].col > s->ncols && !(cells[k].type == XLSX_STRING && cells[k].len == 0))
            return dbk_cell_error(s, MIGDIP_ERR_SCHEMA, &cells[k], "(none)", "no value beyond the header's columns");
    return MIGDIP_OK;
}

static int dbk_row_fn(void *ud, uint32_t row, const xlsx_cell *cells, size_t n)
{
    dbk_state *s = ud;
    s->rc = dbk_row(s, row, cells, n);
    return s->rc != MIGDIP_OK;
}

/* "Series - Metadata": Code, Indicator Name, Unit of measure -> series_info. */
typedef struct dbk_meta {
    dbk_state *s;
    uint32_t col_code, col_name, col_unit;
    bool header_done;
    migdip_status rc;
} dbk_meta;

static int dbk_meta_fn(void *ud, uint32_t row, const xlsx_cell *cells, size_t n)
{
    dbk_meta *m = ud;
    char code[WDI_CODE_MAX + 8], name[1024], unit[256];
    (void)row;
    if (!m->header_done) {
        for (size_t i = 0; i < n; i++) {
            dbk_text(&cells[i], name, sizeof name);
            if (mg_text_casecmp(name, "Code") == 0)
                m->col_code = cells[i].col;
            else if (mg_text_casecmp(name, "Indicator Name") == 0)
                m->col_name = cells[i].col;
            else if (mg_text_casecmp(name, "Unit of measure") == 0)
                m->col_unit = cells[i].col;
        }
        m->header_done = true;
        if (!m->col_code || !m->col_name) {
            m->rc = mg_err_set(m->s->r->err, MIGDIP_ERR_SCHEMA, "%s: sheet \"Series - Metadata\" row %u: expected"
                               " columns Code and Indicator Name", m->s->r->name, cells[0].row);
            return 1;
        }
        return 0;
    }
    dbk_text(dbk_find(cells, n, m->col_code), code, sizeof code);
    dbk_text(dbk_find(cells, n, m->col_name), name, sizeof name);
    dbk_text(m->col_unit ? dbk_find(cells, n, m->col_unit) : NULL, unit, sizeof unit);
    if (!wdi_code_ok(code, strlen(code)) || !name[0])
        return 0; /* notes below the table */
    /* only series the Data sheet holds */
    bool held = false;
    for (uint32_t j = 0; j < m->s->ncols && !held; j++)
        held = m->s->codes[j] && strcmp(m->s->codes[j], code) == 0;
    if (held && (m->rc = wdi_info(m->s->w, code, name, unit)))
        return 1;
    return 0;
}

static migdip_status databank_run(mg_importer_job *r)
{
    migdip_status rc = MIGDIP_OK;
    xlsx_book *book = NULL;
    wdi_writer w = {0};
    dbk_state s = {.r = r, .w = &w, .sheet = "Data"};

    if ((rc = wdi_writer_init(&w, r)) || (rc = mg_xlsx_open(r->path, &book, r->err)))
        goto cleanup;
    long data = mg_xlsx_find_sheet(book, "Data");
    if (data < 0) {
        rc = mg_err_set(r->err, MIGDIP_ERR_SCHEMA, "%s: no sheet \"Data\" (expected a World Bank DataBank export)",
                        r->name);
        goto cleanup;
    }
    rc = mg_xlsx_read_sheet(book, (size_t)data, dbk_row_fn, &s, r->err);
    if (!rc)
        rc = s.rc;
    if (rc)
        goto cleanup;
    if (!s.header_done) {
        rc = mg_err_set(r->err, MIGDIP_ERR_SCHEMA, "%s: sheet \"Data\" is empty (expected Time, Time Code,"
                        " Country Name, Country Code, series...)", r->name);
        goto cleanup;
    }
    if (s.data_rows == 0) {
        rc = mg_err_set(r->err, MIGDIP_ERR_SCHEMA, "%s: sheet \"Data\" has no data rows", r->name);
        goto cleanup;
    }
    if (s.database[0] && mg_text_casecmp(s.database, "World Development Indicators") != 0) {
        rc = mg_err_set(r->err, MIGDIP_ERR_SCHEMA, "%s: a DataBank export of \"%s\", not of World Development"
                        " Indicators", r->name, s.database);
        goto cleanup;
    }
    if (!s.edition[0]) {
        rc = mg_err_set(r->err, MIGDIP_ERR_SCHEMA, "%s: sheet \"Data\" has no \"Last Updated: MM/DD/YYYY\" footer"
                        " (it gives the edition)", r->name);
        goto cleanup;
    }
    if ((rc = dbk_flush(&s)))
        goto cleanup;
    long meta = mg_xlsx_find_sheet(book, "Series - Metadata");
    if (meta >= 0) {
        dbk_meta m = {.s = &s};
        rc = mg_xlsx_read_sheet(book, (size_t)meta, dbk_meta_fn, &m, r->err);
        if (!rc)
            rc = m.rc;
        if (rc)
            goto cleanup;
    }
    snprintf(wdi_edition_buf, sizeof wdi_edition_buf, "%s", s.edition);
    r->meta.dataset = "wdi";
    r->meta.source = "World Bank, World Development Indicators (DataBank export)";
    r->meta.edition = wdi_edition_buf;
    r->meta.released = wdi_edition_buf;
    r->meta.citation = WDI_CITATION;

cleanup:
    wdi_writer_cleanup(&w);
    for (uint32_t i = 0; i < s.ncols && s.codes; i++)
        free(s.codes[i]);
    free(s.codes);
    free(s.vals);
    free(s.rank);
    mg_xlsx_close(book);
    return rc;
}


const mg_importer mg_imp_wdi_tidy = {"wdi-tidy", MG_IMPORTER_STAGE_DATA, tidy_sniff, tidy_run};
const mg_importer mg_imp_wdi_bulk = {"wdi-bulk", MG_IMPORTER_STAGE_DATA, bulk_sniff, bulk_run};
const mg_importer mg_imp_wdi_databank = {"wdi-databank", MG_IMPORTER_STAGE_DATA, databank_sniff, databank_run};

/* ---------------------------------------------------------------- derived series */

/* target = k * a * b (mul) or k * a / b (div), docs/importers.md "World Bank WDI". */
static const struct wdi_formula {
    const char *target, *a, *b;
    double k;
    bool div;
} WDI_DERIVED[] = {
    {"NY.GDP.MKTP.PP.CD", "NY.GDP.PCAP.PP.CD", "SP.POP.TOTL", 1.0, false},
    {"MS.MIL.XPND.CD", "MS.MIL.XPND.GD.ZS", "NY.GDP.MKTP.CD", 0.01, false},
    {"BX.TRF.PWKR.DT.GD.ZS", "BX.TRF.PWKR.CD.DT", "NY.GDP.MKTP.CD", 100.0, true},
    {"SM.POP.TOTL.ZS", "SM.POP.TOTL", "SP.POP.TOTL", 100.0, true},
};

#define WDI_GROUP "(SELECT id FROM vintage WHERE dataset=?5 AND edition=?6 AND importer LIKE 'wdi-%'" \
                  " AND importer<>'wdi-derive')"
/* The unary + keeps "vintage_id IN group" a filter: as a key term it would make SQLite probe
 * the (code, country, year, vintage) key once per vintage of the group for every row. */
#define WDI_DERIVE_SQL(TABLE, KEY)                                                                     \
    "INSERT OR IGNORE INTO " TABLE "(vintage_id,code," KEY ",year,value,flag)"                          \
    " SELECT ?1, ?2, a." KEY ", a.year, CASE WHEN ?8 THEN ?7*a.value/b.value ELSE ?7*a.value*b.value END, 2" \
    " FROM " TABLE " a JOIN " TABLE " b ON b.code=?4 AND b." KEY "=a." KEY " AND b.year=a.year"          \
    " WHERE a.code=?3 AND a.flag=1 AND b.flag=1 AND (?8=0 OR b.value<>0)"                               \
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
    for (size_t t = 0; t < 2 && !rc; t++) {
        for (size_t f = 0; f < sizeof WDI_DERIVED / sizeof *WDI_DERIVED && !rc; f++) {
            const struct wdi_formula *fm = &WDI_DERIVED[f];
            sqlite3_bind_int64(st[t], 1, dv);
            sqlite3_bind_text(st[t], 2, fm->target, -1, SQLITE_STATIC);
            sqlite3_bind_text(st[t], 3, fm->a, -1, SQLITE_STATIC);
            sqlite3_bind_text(st[t], 4, fm->b, -1, SQLITE_STATIC);
            sqlite3_bind_text(st[t], 5, dataset, -1, SQLITE_STATIC);
            sqlite3_bind_text(st[t], 6, edition, -1, SQLITE_STATIC);
            sqlite3_bind_double(st[t], 7, fm->k);
            sqlite3_bind_int(st[t], 8, fm->div);
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
    /* derived rows carry only the target codes, which lead the tables' keys */
    if ((rc = mg_store_prepare(db, "DELETE FROM series WHERE code=?1 AND +vintage_id IN"
                                " (SELECT id FROM vintage WHERE importer='wdi-derive')", &clear[0], err)) ||
        (rc = mg_store_prepare(db, "DELETE FROM aggregate_series WHERE code=?1 AND +vintage_id IN"
                                " (SELECT id FROM vintage WHERE importer='wdi-derive')", &clear[1], err)))
        goto cleanup;
    for (size_t t = 0; t < 2; t++)
        for (size_t f = 0; f < sizeof WDI_DERIVED / sizeof *WDI_DERIVED && !rc; f++) {
            sqlite3_bind_text(clear[t], 1, WDI_DERIVED[f].target, -1, SQLITE_STATIC);
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
                           .citation = WDI_CITATION " Derived series: docs/importers.md.", .bytes = 0};
        if (!dv && (rc = mg_store_vintage_add(db, &v, &dv, err)))
            goto cleanup;
        long rows = 0;
        if ((rc = wdi_derive_group(db, dv, dataset, edition, &rows, err)))
            goto cleanup;
        if (rows == 0) {
            sqlite3_bind_int64(drop, 1, dv);
            rc = mg_store_step_done(db, drop, err);
        } else {
            rc = mg_store_vintage_update(db, dv, &v, rows, err);
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
    return rc;
}
