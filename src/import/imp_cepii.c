/* imp_cepii.c - importers for CEPII GeoDist (Mayer & Zignago 2011): dist_cepii.csv, one row
 * per ordered pair of 224 countries (distances in km and contiguity/language/colony dummies)
 * into `dist`, and geo_cepii.csv, one row per main city of each country, into `geo` (the
 * capital's row). CEPII codes predate some ISO3 changes (ROM, ZAR, TMP, PAL, YUG) and are
 * mapped through the "cepii" scheme first. The legacy geo_cepii.xls is not read (the CSV
 * holds the same data). Layout and quirks: docs/importers.md "CEPII GeoDist". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "formats/csv.h"
#include "import/importer.h"
#include "util/text.h"

/* No real file comes near these; a larger one is refused rather than allocated. */
#define CEPII_MAX_PAIRS 4000000
#define CEPII_MAX_GEO_ROWS 1000000

static const char CEPII_SOURCE_DIST[] = "CEPII GeoDist: dist_cepii (Mayer & Zignago 2011)";
static const char CEPII_SOURCE_GEO[] = "CEPII GeoDist: geo_cepii (Mayer & Zignago 2011)";
static const char CEPII_CITATION[] =
    "Mayer, T. and Zignago, S. (2011). Notes on CEPII's distances measures: the GeoDist "
    "Database. CEPII Working Paper 2011-25.";

/* Map a CEPII country code: the CEPII scheme first (ROM, ZAR, ...), then plain ISO3. */
static const char *cepii_iso3(const mg_country_map *cm, const char *code)
{
    const char *iso3 = mg_country_by_code(cm, "cepii", code, 0);
    return iso3 ? iso3 : mg_country_by_code(cm, "iso3", code, 0);
}

/* A number cell: missing markers ("", ".") give *missing; negatives are out of range. */
static migdip_status num_cell(mg_importer_job *r, mg_csv_reader *cr, long col, const char *name, double lo,
                              double hi, double *out, bool *missing)
{
    size_t len;
    const char *s = mg_csv_field(cr, (size_t)col, &len);
    *missing = false;
    if (mg_text_is_missing_marker(s, len)) {
        *missing = true;
        return MIGDIP_OK;
    }
    if (!mg_text_parse_double(s, len, false, out))
        return mg_csv_bad_value(cr, (size_t)col, name, "a number", r->err);
    if (*out < lo || *out > hi) {
        char q[64];
        return mg_err_set(r->err, MIGDIP_ERR_RANGE, "%s:%ld: column %s: expected a number in %g..%g, got %s",
                          r->name, mg_csv_line(cr), name, lo, hi, mg_err_quote(q, sizeof q, s, len));
    }
    return MIGDIP_OK;
}

/* ------------------------------------------------------------------ dist_cepii */

static const char *const DIST_COLS[] = {"iso_o", "iso_d", "contig", "comlang_off", "comlang_ethno",
                                        "colony", "comcol", "smctry", "dist", "distcap", "distw"};
enum { DIST_NCOLS = sizeof DIST_COLS / sizeof *DIST_COLS, DIST_FIRST_DUMMY = 2, DIST_FIRST_KM = 8 };

/* "iso_o,iso_d," then GeoDist's own columns (a renamed one still reaches run, which names it). */
static bool dist_sniff(const char *path, const char *name, const unsigned char *head, size_t n)
{
    static const char *const cols[] = {"contig", "comlang_off", "comlang_ethno", "colony", "comcol",
                                       "smctry", "dist", "distcap", "distw", NULL};
    return mg_importer_head_starts(head, n, "iso_o,iso_d,") && mg_importer_head_columns(head, n, cols) >= 5;
}

typedef struct dist_key {
    char o[4], d[4];
    long line;
} dist_key;

/* Map one code cell; unmappable codes (including a blank cell) are reported, *iso3 = NULL. */
static migdip_status dist_code(mg_importer_job *r, mg_csv_reader *cr, long col, const char *name, const char **iso3)
{
    size_t len;
    const char *s = mg_csv_field(cr, (size_t)col, &len);
    s = mg_text_trim(s, &len);
    char code[16];
    snprintf(code, sizeof code, "%.*s", (int)(len < 15 ? len : 15), s);
    *iso3 = len ? cepii_iso3(r->cm, code) : NULL;
    if (*iso3)
        return MIGDIP_OK;
    char what[48];
    snprintf(what, sizeof what, len ? "%s" : "(blank %s)", len ? code : name);
    return mg_importer_unmapped(r, mg_csv_line(cr), name, what);
}

static migdip_status dist_run(mg_importer_job *r)
{
    mg_csv_reader *cr = NULL;
    sqlite3_stmt *ins = NULL;
    dist_key *keys = NULL;
    size_t n_keys = 0, cap = 0, n_header, seen = 0;
    long cols[DIST_NCOLS];
    migdip_status rc = mg_importer_open_csv(r, &cr);
    if (rc)
        goto cleanup;
    static const char EXPECTED[] = "iso_o,iso_d,contig,comlang_off,comlang_ethno,colony,comcol,smctry,dist,distcap,distw";
    if ((rc = mg_importer_read_header(r, cr, EXPECTED, &n_header)) ||
        (rc = mg_importer_find_columns(r, cr, DIST_COLS, DIST_NCOLS, cols, EXPECTED, NULL)))
        goto cleanup;
    if ((rc = mg_store_prepare(r->db,
            "INSERT INTO dist(vintage_id,iso_o,iso_d,contig,comlang_off,comlang_ethno,colony,comcol,"
            "smctry,dist,distcap,distw) VALUES(?,?,?,?,?,?,?,?,?,?,?,?)", &ins, r->err)))
        goto cleanup;
    for (;;) {
        bool end;
        if ((rc = mg_importer_next_record(r, cr, n_header, &end)))
            goto cleanup;
        if (end)
            break;
        long line = mg_csv_line(cr);
        seen++;
        double v[DIST_NCOLS];
        bool miss[DIST_NCOLS];
        for (int i = DIST_FIRST_DUMMY; i < DIST_NCOLS; i++) {
            bool km = i >= DIST_FIRST_KM;
            if ((rc = num_cell(r, cr, cols[i], DIST_COLS[i], 0, km ? 1e5 : 1, &v[i], &miss[i])))
                goto cleanup;
            if (!km && !miss[i] && v[i] != 0 && v[i] != 1) {
                rc = mg_csv_bad_value(cr, (size_t)cols[i], DIST_COLS[i], "a dummy 0 or 1", r->err);
                goto cleanup;
            }
        }
        const char *o, *d;
        if ((rc = dist_code(r, cr, cols[0], "iso_o", &o)) || (rc = dist_code(r, cr, cols[1], "iso_d", &d)))
            goto cleanup;
        if (!o || !d)
            continue; /* reported */
        if ((rc = mg_importer_grow(r, line, (void **)&keys, &cap, n_keys, sizeof *keys, CEPII_MAX_PAIRS)))
            goto cleanup;
        dist_key *k = &keys[n_keys++];
        snprintf(k->o, sizeof k->o, "%s", o);
        snprintf(k->d, sizeof k->d, "%s", d);
        k->line = line;
        sqlite3_bind_int64(ins, 1, r->vintage_id);
        sqlite3_bind_text(ins, 2, o, -1, SQLITE_STATIC);
        sqlite3_bind_text(ins, 3, d, -1, SQLITE_STATIC);
        for (int i = DIST_FIRST_DUMMY; i < DIST_NCOLS; i++) {
            if (miss[i])
                sqlite3_bind_null(ins, i + 2);
            else if (i < DIST_FIRST_KM)
                sqlite3_bind_int(ins, i + 2, (int)v[i]);
            else
                sqlite3_bind_double(ins, i + 2, v[i]);
        }
        if ((rc = mg_store_step_done(r->db, ins, r->err))) {
            if (rc == MIGDIP_ERR_DUPLICATE) {
                long first = 0;
                for (size_t j = 0; j + 1 < n_keys && !first; j++)
                    if (!strcmp(keys[j].o, o) && !strcmp(keys[j].d, d))
                        first = keys[j].line;
                rc = mg_err_set(r->err, MIGDIP_ERR_DUPLICATE,
                                "%s:%ld: duplicate pair %s-%s (first on line %ld)", r->name, line, o, d, first);
            } else {
                mg_err_prefix(r->err, "%s:%ld", r->name, line);
            }
            goto cleanup;
        }
        r->rows++;
    }
    if (seen == 0) {
        rc = mg_err_set(r->err, MIGDIP_ERR_SCHEMA, "%s: no data rows after the header", r->name);
        goto cleanup;
    }
    r->meta.dataset = "cepii-dist";
    r->meta.source = CEPII_SOURCE_DIST;
    r->meta.edition = "2011";
    r->meta.released = "2011-12-01";
    r->meta.citation = CEPII_CITATION;
cleanup:
    free(keys);
    sqlite3_finalize(ins);
    mg_csv_close(cr);
    return rc;
}

const mg_importer mg_imp_cepii_dist = {"cepii-dist", MG_IMPORTER_STAGE_DATA, dist_sniff, dist_run};

/* ------------------------------------------------------------------ geo_cepii */

static const char *const GEO_COLS[] = {"iso3", "area", "landlocked", "continent", "lat", "lon", "cap"};
enum { GEO_ISO3, GEO_AREA, GEO_LANDLOCKED, GEO_CONTINENT, GEO_LAT, GEO_LON, GEO_CAP, GEO_NCOLS };
static const char *const GEO_LANG_COLS[] = {"langoff_1", "langoff_2", "langoff_3"};
static const char *const GEO_COLONIZER_COLS[] = {"colonizer1", "colonizer2", "colonizer3", "colonizer4"};
enum { GEO_NLANG = 3, GEO_NCOLONIZER = 4 };

/* "iso2,iso3," then geo_cepii's own columns (a renamed one still reaches run). */
static bool geo_sniff(const char *path, const char *name, const unsigned char *head, size_t n)
{
    static const char *const cols[] = {"cnum", "area", "dis_int", "landlocked", "continent", "city_en",
                                       "lat", "lon", "cap", "maincity", "langoff_1", "colonizer1", NULL};
    return mg_importer_head_starts(head, n, "iso2,iso3,") && mg_importer_head_columns(head, n, cols) >= 7;
}

typedef struct geo_row {
    long line;
    const char *iso3;   /* borrowed from the country map */
    int cap;            /* 1: the capital's row */
    double area, lat, lon;
    int landlocked;
    unsigned char have; /* bits: 1 area, 2 lat, 4 lon, 8 landlocked */
    char *continent, *languages, *colonizers; /* owned, NULL when missing */
} geo_row;

static void geo_rows_free(geo_row *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(v[i].continent);
        free(v[i].languages);
        free(v[i].colonizers);
    }
    free(v);
}

/* By ISO3, then capital rows first, then file order: the first row of each ISO3 is kept. */
static int geo_cmp(const void *a, const void *b)
{
    const geo_row *x = a, *y = b;
    int c = strcmp(x->iso3, y->iso3);
    if (c)
        return c;
    if ((x->cap == 1) != (y->cap == 1))
        return x->cap == 1 ? -1 : 1;
    return x->line < y->line ? -1 : x->line > y->line;
}

/* The non-missing cells of cols joined with ";" (owned; NULL if all are missing). */
static char *join_cells(mg_csv_reader *cr, const long *cols, size_t n)
{
    char buf[512];
    size_t k = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        if (cols[i] < 0)
            continue;
        size_t len;
        const char *s = mg_csv_field(cr, (size_t)cols[i], &len);
        s = mg_text_trim(s, &len);
        if (mg_text_is_missing_marker(s, len))
            continue;
        int w = snprintf(buf + k, sizeof buf - k, "%s%.*s", k ? ";" : "", (int)len, s);
        if (w < 0 || (size_t)w >= sizeof buf - k)
            break;
        k += (size_t)w;
    }
    return k ? strdup(buf) : NULL;
}

static migdip_status geo_read_row(mg_importer_job *r, mg_csv_reader *cr, const long *cols, const long *lang,
                                  const long *colz, geo_row *row)
{
    double v;
    bool miss;
    migdip_status rc;
    if ((rc = num_cell(r, cr, cols[GEO_AREA], "area", 0, 1e9, &row->area, &miss)))
        return rc;
    row->have |= miss ? 0 : 1;
    if ((rc = num_cell(r, cr, cols[GEO_LAT], "lat", -90, 90, &row->lat, &miss)))
        return rc;
    row->have |= miss ? 0 : 2;
    if ((rc = num_cell(r, cr, cols[GEO_LON], "lon", -180, 180, &row->lon, &miss)))
        return rc;
    row->have |= miss ? 0 : 4;
    if ((rc = num_cell(r, cr, cols[GEO_LANDLOCKED], "landlocked", 0, 1, &v, &miss)))
        return rc;
    if (!miss && v != 0 && v != 1)
        return mg_csv_bad_value(cr, (size_t)cols[GEO_LANDLOCKED], "landlocked", "a dummy 0 or 1", r->err);
    row->landlocked = miss ? 0 : (int)v; /* v is not read when the cell is missing */
    row->have |= miss ? 0 : 8;
    if ((rc = num_cell(r, cr, cols[GEO_CAP], "cap", 0, 9, &v, &miss)))
        return rc;
    row->cap = miss ? 0 : (int)v;
    size_t len;
    const char *s = mg_csv_field(cr, (size_t)cols[GEO_CONTINENT], &len);
    s = mg_text_trim(s, &len);
    if (!mg_text_is_missing_marker(s, len) && !(row->continent = mg_text_ndup(s, len)))
        return mg_err_set(r->err, MIGDIP_ERR_NOMEM, "%s: out of memory", r->name);
    row->languages = join_cells(cr, lang, GEO_NLANG);
    row->colonizers = join_cells(cr, colz, GEO_NCOLONIZER);
    return MIGDIP_OK;
}

static migdip_status geo_write(mg_importer_job *r, geo_row *v, size_t n)
{
    sqlite3_stmt *ins = NULL;
    migdip_status rc = mg_store_prepare(r->db,
        "INSERT INTO geo(vintage_id,iso3,area,landlocked,continent,lat,lon,languages,colonizers)"
        " VALUES(?,?,?,?,?,?,?,?,?)", &ins, r->err);
    if (rc)
        return rc;
    qsort(v, n, sizeof *v, geo_cmp);
    for (size_t i = 0; i < n; i++) {
        if (i > 0 && !strcmp(v[i].iso3, v[i - 1].iso3)) {
            if (v[i].cap == 1 && v[i - 1].cap == 1) {
                rc = mg_err_set(r->err, MIGDIP_ERR_DUPLICATE,
                                "%s:%ld: second capital row (cap=1) for %s (first on line %ld)", r->name,
                                v[i].line, v[i].iso3, v[i - 1].line);
                goto cleanup;
            }
            continue; /* another main city of the same country */
        }
        const geo_row *g = &v[i];
        sqlite3_bind_int64(ins, 1, r->vintage_id);
        sqlite3_bind_text(ins, 2, g->iso3, -1, SQLITE_STATIC);
        if (g->have & 1)
            sqlite3_bind_double(ins, 3, g->area);
        if (g->have & 8)
            sqlite3_bind_int(ins, 4, g->landlocked);
        if (g->continent)
            sqlite3_bind_text(ins, 5, g->continent, -1, SQLITE_STATIC);
        if (g->have & 2)
            sqlite3_bind_double(ins, 6, g->lat);
        if (g->have & 4)
            sqlite3_bind_double(ins, 7, g->lon);
        if (g->languages)
            sqlite3_bind_text(ins, 8, g->languages, -1, SQLITE_STATIC);
        if (g->colonizers)
            sqlite3_bind_text(ins, 9, g->colonizers, -1, SQLITE_STATIC);
        if ((rc = mg_store_step_done(r->db, ins, r->err))) {
            mg_err_prefix(r->err, "%s:%ld", r->name, g->line);
            goto cleanup;
        }
        r->rows++;
    }
cleanup:
    sqlite3_finalize(ins);
    return rc;
}

static migdip_status geo_run(mg_importer_job *r)
{
    mg_csv_reader *cr = NULL;
    geo_row *rows = NULL;
    size_t n = 0, cap = 0, n_header, seen = 0;
    long cols[GEO_NCOLS], lang[GEO_NLANG], colz[GEO_NCOLONIZER];
    migdip_status rc = mg_importer_open_csv(r, &cr);
    if (rc)
        goto cleanup;
    static const char EXPECTED[] = "iso3,area,landlocked,continent,lat,lon,cap,langoff_1..3,colonizer1..4";
    if ((rc = mg_importer_read_header(r, cr, EXPECTED, &n_header)) ||
        (rc = mg_importer_find_columns(r, cr, GEO_COLS, GEO_NCOLS, cols, EXPECTED, NULL)) ||
        (rc = mg_importer_find_columns(r, cr, GEO_LANG_COLS, 1, lang, "langoff_1..3", NULL)) ||
        (rc = mg_importer_find_columns(r, cr, GEO_COLONIZER_COLS, 1, colz, "colonizer1..4", NULL)))
        goto cleanup;
    for (int i = 1; i < GEO_NLANG; i++)
        lang[i] = mg_csv_find(cr, GEO_LANG_COLS[i]);
    for (int i = 1; i < GEO_NCOLONIZER; i++)
        colz[i] = mg_csv_find(cr, GEO_COLONIZER_COLS[i]);
    for (;;) {
        bool end;
        if ((rc = mg_importer_next_record(r, cr, n_header, &end)))
            goto cleanup;
        if (end)
            break;
        long line = mg_csv_line(cr);
        seen++;
        if ((rc = mg_importer_grow(r, line, (void **)&rows, &cap, n, sizeof *rows, CEPII_MAX_GEO_ROWS)))
            goto cleanup;
        geo_row *row = &rows[n];
        memset(row, 0, sizeof *row);
        row->line = line;
        n++; /* counted now so that cleanup frees its strings on error */
        if ((rc = geo_read_row(r, cr, cols, lang, colz, row)))
            goto cleanup;
        size_t len;
        const char *s = mg_csv_field(cr, (size_t)cols[GEO_ISO3], &len);
        s = mg_text_trim(s, &len);
        char code[16];
        snprintf(code, sizeof code, "%.*s", (int)(len < 15 ? len : 15), s);
        row->iso3 = len ? cepii_iso3(r->cm, code) : NULL;
        if (!row->iso3) {
            if ((rc = mg_importer_unmapped(r, line, "iso3", len ? code : "(blank iso3)")))
                goto cleanup;
            free(row->continent);
            free(row->languages);
            free(row->colonizers);
            n--; /* reported; not stored */
        }
    }
    if (seen == 0) {
        rc = mg_err_set(r->err, MIGDIP_ERR_SCHEMA, "%s: no data rows after the header", r->name);
        goto cleanup;
    }
    if ((rc = geo_write(r, rows, n)))
        goto cleanup;
    r->meta.dataset = "cepii-geo";
    r->meta.source = CEPII_SOURCE_GEO;
    r->meta.edition = "2011";
    r->meta.released = "2011-12-01";
    r->meta.citation = CEPII_CITATION;
cleanup:
    geo_rows_free(rows, n);
    mg_csv_close(cr);
    return rc;
}

const mg_importer mg_imp_cepii_geo = {"cepii-geo", MG_IMPORTER_STAGE_DATA, geo_sniff, geo_run};
