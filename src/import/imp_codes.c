/* imp_codes.c - crosswalk importers (stage MG_IMPORTER_STAGE_CODES): the countrycode codelist,
 * its COW state-years and regions, the ISO 3166 list, the UN DESA aggregates table and the
 * World Bank CLASS / OGHIST classifications. They fill country, country_code,
 * country_alias, aggregate, aggregate_alias, aggregate_member and income_group so that the
 * data importers can map every name and code to ISO3 (docs/countries.md). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "formats/csv.h"
#include "import/importer.h"
#include "util/text.h"

/* ------------------------------------------------------------------ shared helpers */

/* Rows a crosswalk file may hold: far more than any real list, small enough that a
 * malformed file cannot make the importer allocate without bound. */
#define CODES_MAX_ROWS 1000000

/* A small string -> line table to find duplicate keys in one file. */
typedef struct seen_entry {
    char *key;
    long line;
} seen_entry;

typedef struct seen_set {
    seen_entry *v;
    size_t n, cap; /* cap is a power of two, or 0 */
} seen_set;

static size_t seen_hash(const char *s)
{
    size_t h = 1469598103934665603ULL;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

static void seen_free(seen_set *s)
{
    for (size_t i = 0; i < s->cap; i++)
        free(s->v[i].key);
    free(s->v);
    s->v = NULL;
    s->n = s->cap = 0;
}

/* Add key seen on line; *prev is set to the line of an earlier occurrence (0 if new). */
static migdip_status seen_add(seen_set *s, const char *key, long line, long *prev)
{
    *prev = 0;
    if ((s->n + 1) * 2 > s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 512;
        seen_entry *v = calloc(cap, sizeof *v);
        if (!v)
            return MIGDIP_ERR_NOMEM;
        for (size_t i = 0; i < s->cap; i++) {
            if (!s->v[i].key)
                continue;
            size_t j = seen_hash(s->v[i].key) & (cap - 1);
            while (v[j].key)
                j = (j + 1) & (cap - 1);
            v[j] = s->v[i];
        }
        free(s->v);
        s->v = v;
        s->cap = cap;
    }
    size_t j = seen_hash(key) & (s->cap - 1);
    while (s->v[j].key) {
        if (strcmp(s->v[j].key, key) == 0) {
            *prev = s->v[j].line;
            return MIGDIP_OK;
        }
        j = (j + 1) & (s->cap - 1);
    }
    if (!(s->v[j].key = strdup(key)))
        return MIGDIP_ERR_NOMEM;
    s->v[j].line = line;
    s->n++;
    return MIGDIP_OK;
}

/* Column spec of a CSV crosswalk: name in the header, and whether the file must have it. */
typedef struct col_spec {
    const char *name;
    bool required;
} col_spec;

/* True if the first line of head holds every required column of spec. Cheap: only the first
 * line is looked at. */
static bool head_has_columns(const unsigned char *head, size_t n, const col_spec *spec, size_t nspec)
{
    if (!memchr(head, '\n', n) && n == MG_IMPORTER_HEAD_BYTES)
        return false; /* no end of the header line in the head: not one of ours */
    for (size_t k = 0; k < nspec; k++) {
        const char *const one[] = {spec[k].name, NULL};
        if (spec[k].required && mg_importer_head_columns(head, n, one) != 1)
            return false;
    }
    return true;
}

/* Open a CSV crosswalk, read its header and find the columns of spec (idx[k] = -1 for an
 * absent optional column). An empty file or a missing required column is an error. */
static migdip_status open_with_header(mg_importer_job *r, const col_spec *spec, size_t nspec, long *idx,
                                      mg_csv_reader **out, size_t *nheader)
{
    mg_csv_reader *cr = NULL;
    migdip_status rc = mg_csv_open(r->path, r->name, &cr, r->err);
    if (rc)
        return rc;
    if ((rc = mg_importer_read_header(r, cr, "a header line", nheader)))
        goto fail;
    for (size_t k = 0; k < nspec; k++) {
        idx[k] = mg_csv_find(cr, spec[k].name);
        if (idx[k] < 0 && spec[k].required) {
            rc = mg_err_set(r->err, MIGDIP_ERR_SCHEMA, "%s:%ld: missing column \"%s\"", r->name,
                            mg_csv_line(cr), spec[k].name);
            goto fail;
        }
    }
    *out = cr;
    return MIGDIP_OK;
fail:
    mg_csv_close(cr);
    return rc;
}

/* Read the next data record (mg_importer_next_record); *done at end of input. A crosswalk has at
 * most CODES_MAX_ROWS records. */
static migdip_status next_row(mg_importer_job *r, mg_csv_reader *cr, size_t nheader, long *nrows, bool *done)
{
    migdip_status rc = mg_importer_next_record(r, cr, nheader, done);
    if (rc || *done)
        return rc;
    if (++*nrows > CODES_MAX_ROWS)
        return mg_err_set(r->err, MIGDIP_ERR_NOMEM, "%s:%ld: more than %d rows (not a code list?)",
                          r->name, mg_csv_line(cr), CODES_MAX_ROWS);
    return MIGDIP_OK;
}

/* Field of column idx (trimmed, NUL-terminated copy into buf), or NULL when the column is
 * absent or the cell empty / "NA". */
static const char *cell(mg_csv_reader *cr, long idx, char *buf, size_t cap)
{
    if (idx < 0)
        return NULL;
    size_t len;
    const char *f = mg_csv_field(cr, (size_t)idx, &len);
    f = mg_text_trim(f, &len);
    if (len == 0 || (len == 2 && memcmp(f, "NA", 2) == 0))
        return NULL;
    if (len >= cap)
        len = cap - 1;
    memcpy(buf, f, len);
    buf[len] = '\0';
    return buf;
}

/* Parse a numeric code cell (cown, gwn, M49: "4", "004", "4.0"). */
static migdip_status code_number(mg_importer_job *r, mg_csv_reader *cr, long idx, const char *col, long *out, bool *present)
{
    char buf[64];
    const char *v = cell(cr, idx, buf, sizeof buf);
    *present = v != NULL;
    if (!v)
        return MIGDIP_OK;
    if (!mg_text_parse_long(v, strlen(v), out) || *out < 0 || *out > 99999)
        return mg_csv_bad_value(cr, (size_t)idx, col, "a numeric code", r->err);
    return MIGDIP_OK;
}

/* Prepared statements shared by the crosswalk importers. */
typedef struct codes_writer {
    mg_importer_job *r;
    sqlite3_stmt *code;   /* country_code, year range, vintage */
    sqlite3_stmt *alias;  /* country_alias */
} codes_writer;

static migdip_status writer_open(codes_writer *w, mg_importer_job *r)
{
    w->r = r;
    /* A built-in row (vintage NULL: the year-split codes of country.c) is never replaced */
    migdip_status rc = mg_store_prepare(r->db,
        "INSERT INTO country_code(scheme,code,iso3,year_from,year_to,vintage_id) VALUES(?,?,?,?,?,?)"
        " ON CONFLICT(scheme,code,year_from) DO UPDATE SET iso3=excluded.iso3,"
        " year_to=excluded.year_to, vintage_id=excluded.vintage_id"
        " WHERE country_code.vintage_id IS NOT NULL", &w->code, r->err);
    if (!rc)
        rc = mg_store_prepare(r->db,
            "INSERT INTO country_alias(key,alias,iso3,source) VALUES(?,?,?,?) ON CONFLICT(key) DO NOTHING",
            &w->alias, r->err);
    return rc;
}

static void writer_close(codes_writer *w)
{
    sqlite3_finalize(w->code);
    sqlite3_finalize(w->alias);
    w->code = w->alias = NULL;
}

/* Add scheme:code -> iso3 for years y0..y1 (code normalised as mg_country_code_norm). */
static migdip_status put_code(codes_writer *w, const char *scheme, const char *code, const char *iso3,
                              int y0, int y1)
{
    char norm[64];
    mg_country_code_norm(scheme, code, norm, sizeof norm);
    if (!*norm)
        return MIGDIP_OK;
    sqlite3_bind_text(w->code, 1, scheme, -1, SQLITE_STATIC);
    sqlite3_bind_text(w->code, 2, norm, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(w->code, 3, iso3, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(w->code, 4, y0);
    sqlite3_bind_int(w->code, 5, y1);
    sqlite3_bind_int64(w->code, 6, w->r->vintage_id);
    return mg_store_step_done(w->r->db, w->code, w->r->err);
}

static migdip_status put_code_num(codes_writer *w, const char *scheme, long code, const char *iso3)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%ld", code);
    return put_code(w, scheme, buf, iso3, 0, 9999);
}

/* Add an alias (the first spelling of a key wins; a built-in curated alias is seeded first
 * and so always wins). ISO's "(the)" suffix is also stored without it. */
static migdip_status put_alias(codes_writer *w, const char *alias, const char *iso3, const char *source)
{
    char key[256];
    if (!alias || !*mg_text_name_key(alias, key, sizeof key))
        return MIGDIP_OK;
    sqlite3_bind_text(w->alias, 1, key, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(w->alias, 2, alias, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(w->alias, 3, iso3, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(w->alias, 4, source, -1, SQLITE_STATIC);
    migdip_status rc = mg_store_step_done(w->r->db, w->alias, w->r->err);
    size_t len = strlen(alias);
    if (!rc && len > 6 && strcmp(alias + len - 6, " (the)") == 0) {
        char shorter[256];
        snprintf(shorter, sizeof shorter, "%.*s", (int)(len - 6), alias);
        rc = put_alias(w, shorter, iso3, source);
    }
    return rc;
}

/* ------------------------------------------------------------------ countrycode codelist */

enum {
    CL_ISO3, CL_NAME, CL_COWN, CL_COWC, CL_ISO2, CL_UN, CL_GWN, CL_WB, CL_REGION, CL_CONTINENT,
    CL_UNREG, CL_UNSUB, CL_EU28, CL_ISONAME, CL_UNNAME, CL_COWNAME, CL_P4NAME, CL_VDEMNAME, CL_N
};

static const col_spec CODELIST_COLS[CL_N] = {
    [CL_ISO3] = {"iso3c", true},         [CL_NAME] = {"country.name.en", true},
    [CL_COWN] = {"cown", true},          [CL_COWC] = {"cowc", true},
    [CL_ISO2] = {"iso2c", true},         [CL_UN] = {"un", true},
    [CL_GWN] = {"gwn", true},            [CL_WB] = {"wb", true},
    [CL_REGION] = {"region", false},     [CL_CONTINENT] = {"continent", false},
    [CL_UNREG] = {"un.region.name", false}, [CL_UNSUB] = {"un.regionsub.name", false},
    [CL_EU28] = {"eu28", false},         [CL_ISONAME] = {"iso.name.en", false},
    [CL_UNNAME] = {"un.name.en", false}, [CL_COWNAME] = {"cow.name", false},
    [CL_P4NAME] = {"p4.name", false},    [CL_VDEMNAME] = {"vdem.name", false},
};

/* The codelist's signature: enough to recognise it, so that a renamed column of
 * CODELIST_COLS is reported by name rather than the file being ignored. */
static const col_spec CODELIST_SIG[] = {{"country.name.en", true}, {"cown", true}, {"cowc", true}};

static bool codelist_sniff(const char *path, const char *name, const unsigned char *head, size_t n)
{
    (void)path;
    (void)name;
    return head_has_columns(head, n, CODELIST_SIG, 3);
}

/* Sovereign states that the codelist gives no COW code (COW files Serbia under 345). */
static bool sovereign_without_cown(const char *iso3) { return strcmp(iso3, "SRB") == 0; }

static void bind_text_or_null(sqlite3_stmt *st, int col, const char *s)
{
    if (s)
        sqlite3_bind_text(st, col, s, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(st, col);
}

static migdip_status codelist_run(mg_importer_job *r)
{
    long idx[CL_N];
    size_t nheader = 0;
    long nrows = 0;
    mg_csv_reader *cr = NULL;
    codes_writer w = {0};
    sqlite3_stmt *up = NULL;
    seen_set seen = {0};
    migdip_status rc = open_with_header(r, CODELIST_COLS, CL_N, idx, &cr, &nheader);
    if (rc)
        return rc;
    if ((rc = writer_open(&w, r)))
        goto cleanup;
    /* coalesce: a column this file leaves empty keeps what the store knew (built-ins) */
    if ((rc = mg_store_prepare(r->db,
            "INSERT INTO country(iso3,name,kind,iso2,m49,cown,cowc,gwn,wb,region,continent,un_region,"
            "un_subregion,eu28,vintage_id) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15)"
            " ON CONFLICT(iso3) DO UPDATE SET name=CASE WHEN country.kind='historical' THEN country.name"
            " ELSE excluded.name END, kind=excluded.kind,"
            " iso2=coalesce(excluded.iso2,iso2), m49=coalesce(excluded.m49,m49),"
            " cown=coalesce(excluded.cown,cown), cowc=coalesce(excluded.cowc,cowc),"
            " gwn=coalesce(excluded.gwn,gwn), wb=coalesce(excluded.wb,wb),"
            " region=coalesce(excluded.region,region), continent=coalesce(excluded.continent,continent),"
            " un_region=coalesce(excluded.un_region,un_region),"
            " un_subregion=coalesce(excluded.un_subregion,un_subregion),"
            " eu28=coalesce(excluded.eu28,eu28), vintage_id=excluded.vintage_id", &up, r->err)))
        goto cleanup;
    for (;;) {
        bool done;
        if ((rc = next_row(r, cr, nheader, &nrows, &done)) || done)
            break;
        char b_iso3[64], b_name[256], b_wb[64], b_cowc[64], b_iso2[64], b_reg[128], b_cont[128],
            b_unr[128], b_uns[128], b_eu[16];
        const char *iso3 = cell(cr, idx[CL_ISO3], b_iso3, sizeof b_iso3);
        const char *name = cell(cr, idx[CL_NAME], b_name, sizeof b_name);
        const char *wb = cell(cr, idx[CL_WB], b_wb, sizeof b_wb);
        long cown = 0, gwn = 0, m49 = 0;
        bool has_cown, has_gwn, has_m49;
        if ((rc = code_number(r, cr, idx[CL_COWN], "cown", &cown, &has_cown)) ||
            (rc = code_number(r, cr, idx[CL_GWN], "gwn", &gwn, &has_gwn)) ||
            (rc = code_number(r, cr, idx[CL_UN], "un", &m49, &has_m49)))
            break;
        if (!name) {
            rc = mg_csv_bad_value(cr, (size_t)idx[CL_NAME], "country.name.en", "a country name", r->err);
            break;
        }
        const char *kind;
        char code[4];
        const char *key_col = iso3 ? "iso3c" : "wb";
        const char *key = iso3 ? iso3 : wb;
        if (key) {
            /* an ISO3 (or, for Kosovo and the Channel Islands, the World Bank) code */
            if (strlen(key) != 3) {
                rc = mg_csv_bad_value(cr, (size_t)idx[iso3 ? CL_ISO3 : CL_WB], key_col,
                                   "a three-letter code", r->err);
                break;
            }
            for (int i = 0; i < 3; i++)
                code[i] = (char)(key[i] >= 'a' && key[i] <= 'z' ? key[i] - 32 : key[i]);
            code[3] = '\0';
            long prev;
            if ((rc = seen_add(&seen, code, mg_csv_line(cr), &prev))) {
                rc = mg_err_set(r->err, rc, "%s: out of memory", r->name);
                break;
            }
            if (prev) {
                rc = mg_err_set(r->err, MIGDIP_ERR_DUPLICATE, "%s:%ld: column %s: code %s already on line %ld",
                                r->name, mg_csv_line(cr), key_col, code, prev);
                break;
            }
            kind = has_cown || sovereign_without_cown(code) ? "country" : "territory";
        } else {
            /* a dissolved state: its documented built-in code (docs/countries.md) */
            const char *hist = mg_country_by_name(r->cm, name);
            if (!hist) {
                /* pre-1900 German/Italian states and other entities without a COW code are
                 * left out on purpose (documented); a COW state must never be dropped */
                if ((has_cown || !mg_country_is_omitted(name)) &&
                    (rc = mg_importer_unmapped(r, mg_csv_line(cr), "country.name.en", name)))
                    break;
                continue;
            }
            snprintf(code, sizeof code, "%s", hist);
            kind = "historical";
        }
        sqlite3_bind_text(up, 1, code, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(up, 2, name, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(up, 3, kind, -1, SQLITE_STATIC);
        const char *iso2 = cell(cr, idx[CL_ISO2], b_iso2, sizeof b_iso2);
        const char *cowc = cell(cr, idx[CL_COWC], b_cowc, sizeof b_cowc);
        const char *eu = cell(cr, idx[CL_EU28], b_eu, sizeof b_eu);
        bind_text_or_null(up, 4, iso2);
        if (has_m49)
            sqlite3_bind_int64(up, 5, m49);
        if (has_cown)
            sqlite3_bind_int64(up, 6, cown);
        bind_text_or_null(up, 7, cowc);
        if (has_gwn)
            sqlite3_bind_int64(up, 8, gwn);
        bind_text_or_null(up, 9, wb);
        bind_text_or_null(up, 10, cell(cr, idx[CL_REGION], b_reg, sizeof b_reg));
        bind_text_or_null(up, 11, cell(cr, idx[CL_CONTINENT], b_cont, sizeof b_cont));
        bind_text_or_null(up, 12, cell(cr, idx[CL_UNREG], b_unr, sizeof b_unr));
        bind_text_or_null(up, 13, cell(cr, idx[CL_UNSUB], b_uns, sizeof b_uns));
        if (idx[CL_EU28] >= 0 && strcmp(kind, "historical") != 0)
            sqlite3_bind_int(up, 14, eu && mg_text_casecmp(eu, "EU") == 0);
        sqlite3_bind_int64(up, 15, r->vintage_id);
        if ((rc = mg_store_step_done(r->db, up, r->err)))
            break;
        r->rows++;
        /* codes of the other schemes (a built-in year split is kept, see writer_open) */
        if ((iso2 && (rc = put_code(&w, "iso2", iso2, code, 0, 9999))) ||
            (has_m49 && (rc = put_code_num(&w, "m49", m49, code))) ||
            (has_cown && (rc = put_code_num(&w, "cown", cown, code))) ||
            (cowc && (rc = put_code(&w, "cowc", cowc, code, 0, 9999))) ||
            (has_gwn && (rc = put_code_num(&w, "gwn", gwn, code))) ||
            (wb && (rc = put_code(&w, "wb", wb, code, 0, 9999))))
            break;
        /* every English spelling the list carries */
        static const int alias_cols[] = {CL_NAME, CL_ISONAME, CL_UNNAME, CL_COWNAME, CL_P4NAME, CL_VDEMNAME};
        for (size_t k = 0; !rc && k < sizeof alias_cols / sizeof *alias_cols; k++) {
            char b_alias[256];
            rc = put_alias(&w, cell(cr, idx[alias_cols[k]], b_alias, sizeof b_alias), code, "countrycode");
        }
        if (rc)
            break;
    }
    if (!rc && nrows == 0)
        rc = mg_err_set(r->err, MIGDIP_ERR_SCHEMA, "%s: no rows after the header", r->name);
    if (!rc) {
        r->meta.dataset = "countrycode-codelist";
        r->meta.source = "countrycode R package, codelist (Arel-Bundock, Enevoldsen & Yetman)";
        /* the file carries no version: the vintage's sha256 tells copies apart */
        r->meta.edition = "unversioned";
        r->meta.citation = "Arel-Bundock, Enevoldsen & Yetman (2018). countrycode: An R package to "
                           "convert country names and country codes. Journal of Open Source Software 3(28), 848.";
    }
cleanup:
    sqlite3_finalize(up);
    writer_close(&w);
    seen_free(&seen);
    mg_csv_close(cr);
    return rc;
}

const mg_importer mg_imp_codes_codelist = {
    .id = "countrycode-codelist",
    .stage = MG_IMPORTER_STAGE_CODES,
    .sniff = codelist_sniff,
    .run = codelist_run,
};

/* ------------------------------------------------------------------ COW state-years */

enum { CW_COUNTRY, CW_COWC, CW_COWN, CW_NAME, CW_YEAR, CW_N };
static const col_spec COW_COLS[CW_N] = {
    [CW_COUNTRY] = {"country", true}, [CW_COWC] = {"cowc", true}, [CW_COWN] = {"cown", true},
    [CW_NAME] = {"cow.name", true},   [CW_YEAR] = {"year", true},
};

static bool cow_sniff(const char *path, const char *name, const unsigned char *head, size_t n)
{
    (void)path;
    (void)name;
    /* the codelist also has cown/cowc/cow.name, but never a year column */
    /* the year column is checked by run, so that its absence is reported by name */
    return head_has_columns(head, n, COW_COLS, CW_YEAR) && !head_has_columns(head, n, CODELIST_SIG, 3);
}

/* Every COW state-year must map to a country valid in that year (year-aware codes of
 * country.c); its names become aliases of the state that held the code in the first
 * year the name is used. A duplicate (cown, year) is an error. */
static migdip_status cow_run(mg_importer_job *r)
{
    long idx[CW_N];
    size_t nheader = 0;
    long nrows = 0;
    mg_csv_reader *cr = NULL;
    codes_writer w = {0};
    seen_set seen = {0};
    migdip_status rc = open_with_header(r, COW_COLS, CW_N, idx, &cr, &nheader);
    if (rc)
        return rc;
    if ((rc = writer_open(&w, r)))
        goto cleanup;
    int year_min = 9999, year_max = 0;
    for (;;) {
        bool done;
        if ((rc = next_row(r, cr, nheader, &nrows, &done)) || done)
            break;
        long cown, year;
        bool has_cown;
        if ((rc = code_number(r, cr, idx[CW_COWN], "cown", &cown, &has_cown)))
            break;
        if (!has_cown) {
            rc = mg_csv_bad_value(cr, (size_t)idx[CW_COWN], "cown", "a COW country code", r->err);
            break;
        }
        size_t len;
        const char *ys = mg_csv_field(cr, (size_t)idx[CW_YEAR], &len);
        if (!mg_text_parse_long(ys, len, &year)) {
            rc = mg_csv_bad_value(cr, (size_t)idx[CW_YEAR], "year", "a year", r->err);
            break;
        }
        if (year < 1800 || year > 2100) {
            char q[64];
            rc = mg_err_set(r->err, MIGDIP_ERR_RANGE, "%s:%ld: column year: expected a year in 1800-2100, got %s",
                            r->name, mg_csv_line(cr), mg_err_quote(q, sizeof q, ys, len));
            break;
        }
        char key[48];
        long prev;
        snprintf(key, sizeof key, "%ld:%ld", cown, year);
        if ((rc = seen_add(&seen, key, mg_csv_line(cr), &prev))) {
            rc = mg_err_set(r->err, rc, "%s: out of memory", r->name);
            break;
        }
        if (prev) {
            rc = mg_err_set(r->err, MIGDIP_ERR_DUPLICATE, "%s:%ld: COW state %ld in %ld already on line %ld",
                            r->name, mg_csv_line(cr), cown, year, prev);
            break;
        }
        char b_name[256], b_country[256], b_cowc[64], code[32];
        const char *name = cell(cr, idx[CW_NAME], b_name, sizeof b_name);
        const char *country = cell(cr, idx[CW_COUNTRY], b_country, sizeof b_country);
        snprintf(code, sizeof code, "%ld", cown);
        const char *iso3 = mg_country_by_code(r->cm, "cown", code, (int)year);
        if (!iso3) {
            if ((rc = mg_importer_unmapped(r, mg_csv_line(cr), "cown", name ? name : code)))
                break;
            continue;
        }
        if (year < year_min)
            year_min = (int)year;
        if (year > year_max)
            year_max = (int)year;
        /* the COW letter code, where the codelist did not give it (year-split in country.c) */
        const char *cowc = cell(cr, idx[CW_COWC], b_cowc, sizeof b_cowc);
        if (cowc && !mg_country_by_code(r->cm, "cowc", cowc, (int)year) &&
            (rc = put_code(&w, "cowc", cowc, iso3, 0, 9999)))
            break;
        /* names: the first year's holder gets them (later rows repeat the same spelling) */
        int before = sqlite3_total_changes(r->db);
        if ((rc = put_alias(&w, name, iso3, "cow")) || (rc = put_alias(&w, country, iso3, "cow")))
            break;
        r->rows += sqlite3_total_changes(r->db) - before;
    }
    if (!rc && nrows == 0)
        rc = mg_err_set(r->err, MIGDIP_ERR_SCHEMA, "%s: no rows after the header", r->name);
    if (!rc) {
        static char edition[16];
        snprintf(edition, sizeof edition, "%d-%d", year_min, year_max);
        r->meta.dataset = "cow-states";
        r->meta.source = "Correlates of War state system membership (countrycode R package data_cow)";
        r->meta.edition = edition;
        r->meta.citation = "Correlates of War Project (2017). State System Membership List, v2016.";
    }
cleanup:
    writer_close(&w);
    seen_free(&seen);
    mg_csv_close(cr);
    return rc;
}

const mg_importer mg_imp_codes_cow = {
    .id = "cow-states",
    .stage = MG_IMPORTER_STAGE_CODES,
    .sniff = cow_sniff,
    .run = cow_run,
};

/* ------------------------------------------------------------------ countrycode regions */

enum { RG_COUNTRY, RG_CONTINENT, RG_EU28, RG_REGION23, RG_N };
static const col_spec REGION_COLS[RG_N] = {
    [RG_COUNTRY] = {"country", true}, [RG_CONTINENT] = {"continent", true},
    [RG_EU28] = {"eu28", true},       [RG_REGION23] = {"region23", true},
};

static bool regions_sniff(const char *path, const char *name, const unsigned char *head, size_t n)
{
    (void)path;
    (void)name;
    return head_has_columns(head, n, REGION_COLS, RG_N) && !head_has_columns(head, n, CODELIST_SIG, 3);
}

/* Fill continent, eu28 and the UN subregion (region23) where the store has none. */
static migdip_status regions_run(mg_importer_job *r)
{
    long idx[RG_N];
    size_t nheader = 0;
    long nrows = 0;
    mg_csv_reader *cr = NULL;
    sqlite3_stmt *up = NULL;
    seen_set seen = {0};
    migdip_status rc = open_with_header(r, REGION_COLS, RG_N, idx, &cr, &nheader);
    if (rc)
        return rc;
    if ((rc = mg_store_prepare(r->db,
            "UPDATE country SET continent=coalesce(continent,?2), eu28=coalesce(eu28,?3),"
            " un_subregion=coalesce(un_subregion,?4) WHERE iso3=?1", &up, r->err)))
        goto cleanup;
    for (;;) {
        bool done;
        if ((rc = next_row(r, cr, nheader, &nrows, &done)) || done)
            break;
        char b_country[256], b_cont[128], b_eu[16], b_reg[128];
        const char *country = cell(cr, idx[RG_COUNTRY], b_country, sizeof b_country);
        if (!country) {
            rc = mg_csv_bad_value(cr, (size_t)idx[RG_COUNTRY], "country", "a country name", r->err);
            break;
        }
        const char *iso3 = mg_country_by_name(r->cm, country);
        if (!iso3) {
            if (!mg_country_aggregate(r->cm, country) && !mg_country_is_omitted(country) &&
                (rc = mg_importer_unmapped(r, mg_csv_line(cr), "country", country)))
                break;
            continue;
        }
        long prev;
        if ((rc = seen_add(&seen, iso3, mg_csv_line(cr), &prev))) {
            rc = mg_err_set(r->err, rc, "%s: out of memory", r->name);
            break;
        }
        if (prev) {
            rc = mg_err_set(r->err, MIGDIP_ERR_DUPLICATE, "%s:%ld: column country: %s is %s, already on line %ld",
                            r->name, mg_csv_line(cr), country, iso3, prev);
            break;
        }
        const char *eu = cell(cr, idx[RG_EU28], b_eu, sizeof b_eu);
        sqlite3_bind_text(up, 1, iso3, -1, SQLITE_TRANSIENT);
        bind_text_or_null(up, 2, cell(cr, idx[RG_CONTINENT], b_cont, sizeof b_cont));
        sqlite3_bind_int(up, 3, eu && mg_text_casecmp(eu, "EU") == 0);
        bind_text_or_null(up, 4, cell(cr, idx[RG_REGION23], b_reg, sizeof b_reg));
        if ((rc = mg_store_step_done(r->db, up, r->err)))
            break;
        r->rows += sqlite3_changes(r->db);
    }
    if (!rc && nrows == 0)
        rc = mg_err_set(r->err, MIGDIP_ERR_SCHEMA, "%s: no rows after the header", r->name);
    if (!rc) {
        r->meta.dataset = "countrycode-regions";
        r->meta.source = "countrycode R package, data_regions (continent, EU28, region23)";
        r->meta.edition = "unversioned";
    }
cleanup:
    sqlite3_finalize(up);
    seen_free(&seen);
    mg_csv_close(cr);
    return rc;
}

const mg_importer mg_imp_codes_regions = {
    .id = "countrycode-regions",
    .stage = MG_IMPORTER_STAGE_CODES,
    .sniff = regions_sniff,
    .run = regions_run,
};

/* ------------------------------------------------------------------ ISO 3166 (lukes) */

enum { IS_NAME, IS_A2, IS_A3, IS_NUM, IS_REGION, IS_SUB, IS_N };
static const col_spec ISO_COLS[IS_N] = {
    [IS_NAME] = {"name", true},      [IS_A2] = {"alpha-2", true},
    [IS_A3] = {"alpha-3", true},     [IS_NUM] = {"country-code", true},
    [IS_REGION] = {"region", false}, [IS_SUB] = {"sub-region", false},
};

static bool iso_sniff(const char *path, const char *name, const unsigned char *head, size_t n)
{
    (void)path;
    (void)name;
    return head_has_columns(head, n, ISO_COLS, IS_N);
}

static bool is_upper3(const char *s, size_t want)
{
    if (!s || strlen(s) != want)
        return false;
    for (size_t i = 0; i < want; i++)
        if (s[i] < 'A' || s[i] > 'Z')
            return false;
    return true;
}

/* ISO 3166-1: alpha-3 is the key. A code the store lacks is added (kind 'country'; the
 * codelist, read first in a full import, knows which are territories). */
static migdip_status iso_run(mg_importer_job *r)
{
    long idx[IS_N];
    size_t nheader = 0;
    long nrows = 0;
    mg_csv_reader *cr = NULL;
    codes_writer w = {0};
    sqlite3_stmt *up = NULL;
    seen_set seen = {0};
    migdip_status rc = open_with_header(r, ISO_COLS, IS_N, idx, &cr, &nheader);
    if (rc)
        return rc;
    if ((rc = writer_open(&w, r)))
        goto cleanup;
    if ((rc = mg_store_prepare(r->db,
            "INSERT INTO country(iso3,name,kind,iso2,m49,un_region,un_subregion,vintage_id)"
            " VALUES(?1,?2,'country',?3,?4,?5,?6,?7) ON CONFLICT(iso3) DO UPDATE SET"
            " iso2=coalesce(iso2,excluded.iso2), m49=coalesce(m49,excluded.m49),"
            " un_region=coalesce(un_region,excluded.un_region),"
            " un_subregion=coalesce(un_subregion,excluded.un_subregion)", &up, r->err)))
        goto cleanup;
    for (;;) {
        bool done;
        if ((rc = next_row(r, cr, nheader, &nrows, &done)) || done)
            break;
        char b_name[256], b_a2[16], b_a3[16], b_reg[128], b_sub[128];
        const char *name = cell(cr, idx[IS_NAME], b_name, sizeof b_name);
        const char *a2 = cell(cr, idx[IS_A2], b_a2, sizeof b_a2);
        const char *a3 = cell(cr, idx[IS_A3], b_a3, sizeof b_a3);
        long m49;
        bool has_m49;
        if (!name) {
            rc = mg_csv_bad_value(cr, (size_t)idx[IS_NAME], "name", "a country name", r->err);
            break;
        }
        if (!is_upper3(a3, 3)) {
            rc = mg_csv_bad_value(cr, (size_t)idx[IS_A3], "alpha-3", "a three-letter code", r->err);
            break;
        }
        /* Namibia's alpha-2 is "NA": here it is a code, not a missing marker */
        size_t a2len;
        const char *a2raw = mg_text_trim(mg_csv_field(cr, (size_t)idx[IS_A2], &a2len), &a2len);
        if (a2len == 2 && memcmp(a2raw, "NA", 2) == 0)
            a2 = "NA";
        if (a2 && !is_upper3(a2, 2)) {
            rc = mg_csv_bad_value(cr, (size_t)idx[IS_A2], "alpha-2", "a two-letter code", r->err);
            break;
        }
        if ((rc = code_number(r, cr, idx[IS_NUM], "country-code", &m49, &has_m49)))
            break;
        long prev;
        if ((rc = seen_add(&seen, a3, mg_csv_line(cr), &prev))) {
            rc = mg_err_set(r->err, rc, "%s: out of memory", r->name);
            break;
        }
        if (prev) {
            rc = mg_err_set(r->err, MIGDIP_ERR_DUPLICATE, "%s:%ld: column alpha-3: code %s already on line %ld",
                            r->name, mg_csv_line(cr), a3, prev);
            break;
        }
        sqlite3_bind_text(up, 1, a3, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(up, 2, name, -1, SQLITE_TRANSIENT);
        bind_text_or_null(up, 3, a2);
        if (has_m49)
            sqlite3_bind_int64(up, 4, m49);
        bind_text_or_null(up, 5, cell(cr, idx[IS_REGION], b_reg, sizeof b_reg));
        bind_text_or_null(up, 6, cell(cr, idx[IS_SUB], b_sub, sizeof b_sub));
        sqlite3_bind_int64(up, 7, r->vintage_id);
        if ((rc = mg_store_step_done(r->db, up, r->err)))
            break;
        if ((a2 && (rc = put_code(&w, "iso2", a2, a3, 0, 9999))) ||
            (has_m49 && (rc = put_code_num(&w, "m49", m49, a3))) ||
            (rc = put_alias(&w, name, a3, "iso3166")))
            break;
        r->rows++;
    }
    if (!rc && nrows == 0)
        rc = mg_err_set(r->err, MIGDIP_ERR_SCHEMA, "%s: no rows after the header", r->name);
    if (!rc) {
        r->meta.dataset = "iso3166";
        r->meta.source = "ISO 3166-1 with UN M49 regions (lukes/ISO-3166-Countries-with-Regional-Codes)";
        r->meta.edition = "unversioned";
    }
cleanup:
    sqlite3_finalize(up);
    writer_close(&w);
    seen_free(&seen);
    mg_csv_close(cr);
    return rc;
}

const mg_importer mg_imp_codes_iso3166 = {
    .id = "iso3166",
    .stage = MG_IMPORTER_STAGE_CODES,
    .sniff = iso_sniff,
    .run = iso_run,
};

/* ------------------------------------------------------------------ xlsx helpers */

#include "formats/xlsx.h"

/* The cell of column col in a row (cells are sorted by column), or NULL. */
static const xlsx_cell *xcell(const xlsx_cell *cells, size_t n, uint32_t col)
{
    for (size_t i = 0; i < n && cells[i].col <= col; i++)
        if (cells[i].col == col)
            return &cells[i];
    return NULL;
}

/* Text of a cell, trimmed, into buf: numbers print as integers where they are whole.
 * NULL for an absent or blank cell. */
static const char *xtext(const xlsx_cell *c, char *buf, size_t cap)
{
    if (!c)
        return NULL;
    if (c->type == XLSX_NUMBER) {
        if (c->num == (double)(long long)c->num)
            snprintf(buf, cap, "%lld", (long long)c->num);
        else
            snprintf(buf, cap, "%.15g", c->num);
        return buf;
    }
    if (c->type != XLSX_STRING || !c->str)
        return NULL;
    size_t len = c->len;
    const char *s = mg_text_trim(c->str, &len);
    if (len == 0)
        return NULL;
    if (len >= cap)
        len = cap - 1;
    memcpy(buf, s, len);
    buf[len] = '\0';
    return buf;
}

/* A numeric code cell (M49 location code, membership flag): a number or digits as text. */
static bool xcode(const xlsx_cell *c, long *out)
{
    char buf[64];
    const char *t = xtext(c, buf, sizeof buf);
    return t && mg_text_parse_long(t, strlen(t), out) && *out >= 0 && *out <= 99999;
}

static migdip_status xbad(mg_importer_job *r, const char *sheet, const xlsx_cell *c, uint32_t row, uint32_t col,
                          const char *what, migdip_status st)
{
    char ref[16], q[64], buf[128];
    const char *t = xtext(c, buf, sizeof buf);
    return mg_err_set(r->err, st, "%s: sheet \"%s\" cell %s: expected %s, got %s", r->name, sheet,
                      mg_xlsx_cellref(ref, row, col), what, t ? mg_err_quote(q, sizeof q, t, strlen(t)) : "an empty cell");
}

/* Open a workbook and find the named sheets (each must exist). */
static migdip_status xopen_sheets(mg_importer_job *r, xlsx_book **book, const char *const *names, long *idx, size_t n)
{
    migdip_status rc = mg_xlsx_open(r->path, book, r->err);
    if (rc)
        return rc;
    for (size_t i = 0; i < n; i++) {
        idx[i] = mg_xlsx_find_sheet(*book, names[i]);
        if (idx[i] < 0) {
            mg_xlsx_close(*book);
            *book = NULL;
            return mg_err_set(r->err, MIGDIP_ERR_SCHEMA, "%s: no sheet \"%s\"", r->name, names[i]);
        }
    }
    return MIGDIP_OK;
}

/* Sniff helper: the first rows of a sheet hold all of the given cell texts. */
typedef struct peek_state {
    const char *const *want;
    size_t nwant;
    bool *found;
    uint32_t max_row;
} peek_state;

static int peek_row(void *ud, uint32_t row, const xlsx_cell *cells, size_t n)
{
    peek_state *p = ud;
    if (row > p->max_row)
        return 1;
    for (size_t i = 0; i < n; i++) {
        char buf[256];
        const char *t = xtext(&cells[i], buf, sizeof buf);
        for (size_t k = 0; t && k < p->nwant; k++)
            if (!p->found[k] && mg_text_casecmp(t, p->want[k]) == 0)
                p->found[k] = true;
    }
    for (size_t k = 0; k < p->nwant; k++)
        if (!p->found[k])
            return 0;
    return 1;
}

/* True if path is an xlsx whose sheet has every text of want within its first max_row
 * rows. Only used on zip files; it reads the sheet until the texts are found. */
static bool xsniff(const char *path, const unsigned char *head, size_t n, const char *sheet,
                   const char *const *want, size_t nwant, uint32_t max_row)
{
    if (!mg_importer_head_is_zip(head, n))
        return false;
    xlsx_book *b = NULL;
    mg_err err = {0};
    bool found[8] = {false};
    if (nwant > 8 || mg_xlsx_open(path, &b, &err))
        return false;
    long i = mg_xlsx_find_sheet(b, sheet);
    bool ok = false;
    if (i >= 0) {
        peek_state p = {want, nwant, found, max_row};
        if (mg_xlsx_read_sheet(b, (size_t)i, peek_row, &p, &err) == MIGDIP_OK) {
            ok = true;
            for (size_t k = 0; k < nwant; k++)
                ok = ok && found[k];
        }
    }
    mg_xlsx_close(b);
    return ok;
}

/* Trim a UN name: leading blanks (indentation) and a trailing footnote marker "*". */
static const char *un_name(const char *s, char *buf, size_t cap)
{
    size_t len = strlen(s);
    s = mg_text_trim(s, &len);
    while (len && (s[len - 1] == '*' || s[len - 1] == ' '))
        len--;
    if (len >= cap)
        len = cap - 1;
    memcpy(buf, s, len);
    buf[len] = '\0';
    return buf;
}

/* Shared statements for aggregates. */
typedef struct agg_writer {
    sqlite3_stmt *agg, *alias, *member;
} agg_writer;

static migdip_status agg_open(agg_writer *a, mg_importer_job *r)
{
    migdip_status rc = mg_store_prepare(r->db,
        "INSERT INTO aggregate(code,name,scheme) VALUES(?,?,?) ON CONFLICT(code) DO UPDATE SET"
        " name=excluded.name, scheme=excluded.scheme", &a->agg, r->err);
    if (!rc)
        rc = mg_store_prepare(r->db, "INSERT INTO aggregate_alias(key,code) VALUES(?,?) ON CONFLICT(key) DO NOTHING",
                           &a->alias, r->err);
    if (!rc)
        rc = mg_store_prepare(r->db,
            "INSERT INTO aggregate_member(code,iso3,vintage_id) VALUES(?,?,?) ON CONFLICT(code,iso3)"
            " DO UPDATE SET vintage_id=excluded.vintage_id", &a->member, r->err);
    return rc;
}

static void agg_close(agg_writer *a)
{
    sqlite3_finalize(a->agg);
    sqlite3_finalize(a->alias);
    sqlite3_finalize(a->member);
}

static migdip_status agg_put(agg_writer *a, mg_importer_job *r, const char *code, const char *name, const char *scheme)
{
    sqlite3_bind_text(a->agg, 1, code, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(a->agg, 2, name, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(a->agg, 3, scheme, -1, SQLITE_STATIC);
    migdip_status rc = mg_store_step_done(r->db, a->agg, r->err);
    char key[256];
    if (!rc && *mg_text_name_key(name, key, sizeof key)) {
        sqlite3_bind_text(a->alias, 1, key, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(a->alias, 2, code, -1, SQLITE_TRANSIENT);
        rc = mg_store_step_done(r->db, a->alias, r->err);
    }
    return rc;
}

static migdip_status agg_member(agg_writer *a, mg_importer_job *r, const char *code, const char *iso3)
{
    sqlite3_bind_text(a->member, 1, code, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(a->member, 2, iso3, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(a->member, 3, r->vintage_id);
    return mg_store_step_done(r->db, a->member, r->err);
}

/* ------------------------------------------------------------------ UN DESA aggregates */

#define UN_SHEET "Annex"
#define UN_MAX_HEADER_ROW 40
#define UN_MAX_COLS 64

static const char *const UN_SIGNATURE[] = {"Location code", "ISO3 Alpha-code"};

static bool un_sniff(const char *path, const char *name, const unsigned char *head, size_t n)
{
    (void)name;
    return xsniff(path, head, n, UN_SHEET, UN_SIGNATURE, 2, UN_MAX_HEADER_ROW);
}

typedef struct un_state {
    mg_importer_job *r;
    codes_writer w;
    agg_writer a;
    sqlite3_stmt *country;
    seen_set seen;
    migdip_status rc;
    uint32_t header_row;
    uint32_t c_name, c_loc, c_iso, c_type;
    bool member_col[UN_MAX_COLS + 1]; /* columns whose cells are aggregate codes */
    int edition;
    long countries, aggregates;
} un_state;

/* The header row: "Region, subregion, country or area*", "Location code", "ISO3
 * Alpha-code", then the location type code; every later column headed "Code" or ending in
 * a code number ("Least developed countries\n941") holds membership codes. */
static bool un_header(un_state *s, uint32_t row, const xlsx_cell *cells, size_t n)
{
    uint32_t name = 0, loc = 0, iso = 0;
    for (size_t i = 0; i < n; i++) {
        char buf[256];
        const char *t = xtext(&cells[i], buf, sizeof buf);
        if (!t)
            continue;
        if (mg_text_casecmp(t, "Location code") == 0)
            loc = cells[i].col;
        else if (mg_text_casecmp(t, "ISO3 Alpha-code") == 0)
            iso = cells[i].col;
        else if (strncmp(t, "Region, subregion, country or area", 34) == 0)
            name = cells[i].col;
    }
    if (!loc || !iso)
        return false;
    s->header_row = row;
    s->c_name = name;
    s->c_loc = loc;
    s->c_iso = iso;
    s->c_type = iso + 1;
    for (size_t i = 0; i < n; i++) {
        uint32_t c = cells[i].col;
        char buf[256];
        const char *t = xtext(&cells[i], buf, sizeof buf);
        if (!t || c <= s->c_type + 2 || c > UN_MAX_COLS)
            continue; /* type code, type name and parent code are not memberships */
        size_t len = strlen(t);
        bool numbered = len && t[len - 1] >= '0' && t[len - 1] <= '9';
        s->member_col[c] = numbered || mg_text_casecmp(t, "Code") == 0;
    }
    return true;
}

static int un_row(void *ud, uint32_t row, const xlsx_cell *cells, size_t n)
{
    un_state *s = ud;
    mg_importer_job *r = s->r;
    if (!s->header_row) {
        for (size_t i = 0; !s->edition && i < n; i++) {
            char buf[256];
            const char *t = xtext(&cells[i], buf, sizeof buf);
            const char *p = t ? strstr(t, "International Migrant Stock ") : NULL;
            long y;
            if (p && mg_text_parse_long(p + 28, strnlen(p + 28, 4), &y) && y > 1900 && y < 2100)
                s->edition = (int)y;
        }
        if (un_header(s, row, cells, n))
            return 0;
        if (row >= UN_MAX_HEADER_ROW) {
            s->rc = mg_err_set(r->err, MIGDIP_ERR_SCHEMA,
                               "%s: sheet \"%s\": no header row with \"Location code\" and \"ISO3 Alpha-code\" "
                               "in the first %d rows", r->name, UN_SHEET, UN_MAX_HEADER_ROW);
            return 1;
        }
        return 0;
    }
    char b_name[256], b_iso[64], name_buf[256];
    const xlsx_cell *c_loc = xcell(cells, n, s->c_loc);
    const char *raw = xtext(xcell(cells, n, s->c_name ? s->c_name : s->c_loc - 2), b_name, sizeof b_name);
    if (!raw && !c_loc)
        return 0; /* a blank or note row */
    long loc;
    if (!xcode(c_loc, &loc)) {
        s->rc = xbad(r, UN_SHEET, c_loc, row, s->c_loc, "a numeric location code", MIGDIP_ERR_PARSE);
        return 1;
    }
    if (!raw) {
        s->rc = xbad(r, UN_SHEET, NULL, row, s->c_name ? s->c_name : s->c_loc - 2, "a name", MIGDIP_ERR_PARSE);
        return 1;
    }
    const char *name = un_name(raw, name_buf, sizeof name_buf);
    const char *iso = xtext(xcell(cells, n, s->c_iso), b_iso, sizeof b_iso);
    long type = 0;
    xcode(xcell(cells, n, s->c_type), &type);
    if (!iso) {
        /* an aggregate: WORLD, SDG regions, development and income groups, subregions */
        char code[32];
        snprintf(code, sizeof code, "UN:%ld", loc);
        if ((s->rc = agg_put(&s->a, r, code, name, "un")))
            return 1;
        s->aggregates++;
        r->rows++;
        return 0;
    }
    if (!is_upper3(iso, 3)) {
        s->rc = xbad(r, UN_SHEET, xcell(cells, n, s->c_iso), row, s->c_iso, "an ISO3 code", MIGDIP_ERR_PARSE);
        return 1;
    }
    /* a country listed twice is an error; an aggregate may repeat under two parents
     * (Australia and New Zealand is an SDG region and a subregion of Oceania) */
    char key[32], ref[16];
    long prev;
    snprintf(key, sizeof key, "%ld", loc);
    if ((s->rc = seen_add(&s->seen, key, (long)row, &prev))) {
        s->rc = mg_err_set(r->err, s->rc, "%s: out of memory", r->name);
        return 1;
    }
    if (prev) {
        char ref2[16];
        s->rc = mg_err_set(r->err, MIGDIP_ERR_DUPLICATE, "%s: sheet \"%s\" cell %s: location code %ld already in cell %s",
                           r->name, UN_SHEET, mg_xlsx_cellref(ref, row, s->c_loc), loc,
                           mg_xlsx_cellref(ref2, (uint32_t)prev, s->c_loc));
        return 1;
    }
    /* a country or area: its ISO3 is the key (added if the store lacks it) */
    sqlite3_bind_text(s->country, 1, iso, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s->country, 2, name, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(s->country, 3, loc);
    sqlite3_bind_int64(s->country, 4, r->vintage_id);
    if ((s->rc = mg_store_step_done(r->db, s->country, r->err)) ||
        (s->rc = put_code_num(&s->w, "m49", loc, iso)) || (s->rc = put_alias(&s->w, name, iso, "undesa")))
        return 1;
    for (size_t i = 0; i < n; i++) {
        long member;
        if (cells[i].col > UN_MAX_COLS || !s->member_col[cells[i].col] || !xcode(&cells[i], &member))
            continue;
        char code[32];
        snprintf(code, sizeof code, "UN:%ld", member);
        if ((s->rc = agg_member(&s->a, r, code, iso)))
            return 1;
        r->rows++;
    }
    s->countries++;
    r->rows++;
    return 0;
}

static migdip_status un_run(mg_importer_job *r)
{
    xlsx_book *book = NULL;
    long idx;
    const char *sheets[] = {UN_SHEET};
    un_state s = {.r = r};
    migdip_status rc = xopen_sheets(r, &book, sheets, &idx, 1);
    if (rc)
        return rc;
    if ((rc = writer_open(&s.w, r)) || (rc = agg_open(&s.a, r)))
        goto cleanup;
    if ((rc = mg_store_prepare(r->db,
            "INSERT INTO country(iso3,name,kind,m49,vintage_id) VALUES(?1,?2,'country',?3,?4)"
            " ON CONFLICT(iso3) DO UPDATE SET m49=coalesce(m49,excluded.m49)", &s.country, r->err)))
        goto cleanup;
    rc = mg_xlsx_read_sheet(book, (size_t)idx, un_row, &s, r->err);
    if (!rc)
        rc = s.rc;
    if (!rc && !s.header_row)
        rc = mg_err_set(r->err, MIGDIP_ERR_SCHEMA, "%s: sheet \"%s\": no header row with \"Location code\"",
                        r->name, UN_SHEET);
    if (!rc && s.countries == 0)
        rc = mg_err_set(r->err, MIGDIP_ERR_SCHEMA, "%s: sheet \"%s\": no country rows after the header",
                        r->name, UN_SHEET);
    if (!rc) {
        static char edition[16], released[32];
        snprintf(edition, sizeof edition, "%d", s.edition);
        snprintf(released, sizeof released, "%04d-01-01", s.edition);
        r->meta.dataset = "undesa-aggregates";
        r->meta.source = "UN DESA Population Division, International Migrant Stock: aggregates correspondence table";
        r->meta.edition = s.edition ? edition : "unknown";
        if (s.edition)
            r->meta.released = released;
        r->meta.citation = "United Nations Department of Economic and Social Affairs, Population Division (2020). "
                           "International Migrant Stock 2020.";
    }
cleanup:
    sqlite3_finalize(s.country);
    writer_close(&s.w);
    agg_close(&s.a);
    seen_free(&s.seen);
    mg_xlsx_close(book);
    return rc;
}

const mg_importer mg_imp_codes_undesa = {
    .id = "undesa-aggregates",
    .stage = MG_IMPORTER_STAGE_CODES,
    .sniff = un_sniff,
    .run = un_run,
};

/* ------------------------------------------------------------------ World Bank CLASS */

#define CLASS_ECON "List of economies"
#define CLASS_GROUPS "Groups"
#define CLASS_NOTES "Notes"

static const char *const CLASS_SIGNATURE[] = {"Economy", "Code", "Income group"};

static bool class_sniff(const char *path, const char *name, const unsigned char *head, size_t n)
{
    (void)name;
    return xsniff(path, head, n, CLASS_ECON, CLASS_SIGNATURE, 3, 5);
}

/* "Lower middle income" -> "LM" (the codes OGHIST uses); NULL if not an income group. */
static const char *income_code(const char *s)
{
    static const struct {
        const char *name, *code;
    } groups[] = {{"Low income", "L"}, {"Lower middle income", "LM"}, {"Upper middle income", "UM"},
                  {"High income", "H"}, {"L", "L"}, {"LM", "LM"}, {"UM", "UM"}, {"H", "H"},
                  {"LM*", "LM"}};
    for (size_t i = 0; i < sizeof groups / sizeof *groups; i++)
        if (mg_text_casecmp(s, groups[i].name) == 0)
            return groups[i].code;
    return NULL;
}

typedef struct class_state {
    mg_importer_job *r;
    codes_writer w;
    agg_writer a;
    sqlite3_stmt *income, *country;
    seen_set seen;
    migdip_status rc;
    const char *sheet;
    uint32_t header_row;
    uint32_t col[4]; /* economies: Economy, Code, Income group, Region; groups: GroupCode, GroupName, CountryCode, CountryName */
    int fy;          /* fiscal year of the classification, from the Notes sheet */
    long economies, members;
} class_state;

static bool find_header(const xlsx_cell *cells, size_t n, const char *const *names, size_t k, uint32_t *col)
{
    for (size_t j = 0; j < k; j++) {
        col[j] = 0;
        for (size_t i = 0; i < n && !col[j]; i++) {
            char buf[128];
            const char *t = xtext(&cells[i], buf, sizeof buf);
            if (t && mg_text_casecmp(t, names[j]) == 0)
                col[j] = cells[i].col;
        }
        if (!col[j])
            return false;
    }
    return true;
}

static const char *const CLASS_ECON_COLS[] = {"Economy", "Code", "Income group", "Region"};
static const char *const CLASS_GROUP_COLS[] = {"GroupCode", "GroupName", "CountryCode", "CountryName"};

/* Map a World Bank economy code (ISO3 but for the listed differences) or report it. */
static const char *wb_country(class_state *s, uint32_t row, uint32_t col, const char *code, const char *name)
{
    const char *iso3 = mg_country_by_code(s->r->cm, "wb", code, 0);
    if (!iso3 && name)
        iso3 = mg_country_by_name(s->r->cm, name);
    if (!iso3) {
        char ref[16];
        s->rc = mg_importer_unmapped(s->r, (long)row, mg_xlsx_cellref(ref, row, col), name ? name : code);
    }
    return iso3;
}

static int class_econ_row(void *ud, uint32_t row, const xlsx_cell *cells, size_t n)
{
    class_state *s = ud;
    mg_importer_job *r = s->r;
    if (!s->header_row) {
        if (find_header(cells, n, CLASS_ECON_COLS, 3, s->col)) {
            s->header_row = row;
            find_header(cells, n, CLASS_ECON_COLS + 3, 1, s->col + 3);
        } else if (row >= 10) {
            s->rc = mg_err_set(r->err, MIGDIP_ERR_SCHEMA, "%s: sheet \"%s\": no header row with \"Economy\", "
                               "\"Code\" and \"Income group\"", r->name, s->sheet);
            return 1;
        }
        return 0;
    }
    char b_name[256], b_code[64], b_inc[64];
    const char *name = xtext(xcell(cells, n, s->col[0]), b_name, sizeof b_name);
    const char *code = xtext(xcell(cells, n, s->col[1]), b_code, sizeof b_code);
    const char *inc = xtext(xcell(cells, n, s->col[2]), b_inc, sizeof b_inc);
    if (!code && !inc)
        return 0; /* blank or footnote row */
    if (!code || strlen(code) != 3) {
        s->rc = xbad(r, s->sheet, xcell(cells, n, s->col[1]), row, s->col[1], "a three-letter economy code",
                     MIGDIP_ERR_PARSE);
        return 1;
    }
    long prev;
    if ((s->rc = seen_add(&s->seen, code, (long)row, &prev))) {
        s->rc = mg_err_set(r->err, s->rc, "%s: out of memory", r->name);
        return 1;
    }
    if (prev) {
        char ref[16];
        s->rc = mg_err_set(r->err, MIGDIP_ERR_DUPLICATE, "%s: sheet \"%s\" cell %s: economy %s already on row %ld",
                           r->name, s->sheet, mg_xlsx_cellref(ref, row, s->col[1]), code, prev);
        return 1;
    }
    const char *grp = NULL;
    if (inc && !mg_text_is_missing_marker(inc, strlen(inc)) && !(grp = income_code(inc))) {
        s->rc = xbad(r, s->sheet, xcell(cells, n, s->col[2]), row, s->col[2],
                     "an income group (Low, Lower middle, Upper middle, High income)", MIGDIP_ERR_PARSE);
        return 1;
    }
    const char *iso3 = wb_country(s, row, s->col[1], code, name);
    if (!iso3)
        return s->rc ? 1 : 0;
    if ((name && (s->rc = put_alias(&s->w, name, iso3, "wb"))) || (s->rc = put_code(&s->w, "wb", code, iso3, 0, 9999)))
        return 1;
    /* an unclassified economy (Venezuela since FY22) gets no income row: missing, not a group */
    sqlite3_bind_text(s->country, 1, iso3, -1, SQLITE_TRANSIENT);
    bind_text_or_null(s->country, 2, grp);
    if ((s->rc = mg_store_step_done(r->db, s->country, r->err)))
        return 1;
    if (grp && s->fy) {
        sqlite3_bind_text(s->income, 1, iso3, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int(s->income, 2, s->fy);
        sqlite3_bind_text(s->income, 3, grp, -1, SQLITE_STATIC);
        sqlite3_bind_int64(s->income, 4, r->vintage_id);
        if ((s->rc = mg_store_step_done(r->db, s->income, r->err)))
            return 1;
        r->rows++;
    }
    s->economies++;
    return 0;
}

static int class_group_row(void *ud, uint32_t row, const xlsx_cell *cells, size_t n)
{
    class_state *s = ud;
    mg_importer_job *r = s->r;
    if (!s->header_row) {
        if (find_header(cells, n, CLASS_GROUP_COLS, 4, s->col)) {
            s->header_row = row;
        } else if (row >= 10) {
            s->rc = mg_err_set(r->err, MIGDIP_ERR_SCHEMA, "%s: sheet \"%s\": no header row with \"GroupCode\", "
                               "\"GroupName\", \"CountryCode\" and \"CountryName\"", r->name, s->sheet);
            return 1;
        }
        return 0;
    }
    char b_g[64], b_gn[256], b_c[64], b_cn[256];
    const char *gcode = xtext(xcell(cells, n, s->col[0]), b_g, sizeof b_g);
    const char *gname = xtext(xcell(cells, n, s->col[1]), b_gn, sizeof b_gn);
    const char *ccode = xtext(xcell(cells, n, s->col[2]), b_c, sizeof b_c);
    const char *cname = xtext(xcell(cells, n, s->col[3]), b_cn, sizeof b_cn);
    if (!gcode && !ccode)
        return 0;
    if (!gcode || !gname || !ccode) {
        uint32_t c = !gcode ? s->col[0] : !gname ? s->col[1] : s->col[2];
        s->rc = xbad(r, s->sheet, NULL, row, c, "a group code, group name and country code", MIGDIP_ERR_PARSE);
        return 1;
    }
    /* a membership repeated verbatim is a set element stated twice (the FY24 file lists the
     * OECD block twice) and is stored once; one group code under two names is an error */
    char key[320];
    long prev, prev_named;
    snprintf(key, sizeof key, "%s", gcode);
    if ((s->rc = seen_add(&s->seen, key, (long)row, &prev)) == MIGDIP_OK) {
        snprintf(key, sizeof key, "%s|%s", gcode, gname);
        s->rc = seen_add(&s->seen, key, (long)row, &prev_named);
    }
    if (s->rc) {
        s->rc = mg_err_set(r->err, s->rc, "%s: out of memory", r->name);
        return 1;
    }
    if (prev && !prev_named) {
        char ref[16];
        s->rc = mg_err_set(r->err, MIGDIP_ERR_DUPLICATE,
                           "%s: sheet \"%s\" cell %s: group %s is named \"%s\" here but differently on row %ld",
                           r->name, s->sheet, mg_xlsx_cellref(ref, row, s->col[1]), gcode, gname, prev);
        return 1;
    }
    snprintf(key, sizeof key, "%s|%s", gcode, ccode);
    long prev_member;
    if ((s->rc = seen_add(&s->seen, key, (long)row, &prev_member))) {
        s->rc = mg_err_set(r->err, s->rc, "%s: out of memory", r->name);
        return 1;
    }
    if (prev_member)
        return 0; /* stated before: already stored */
    if ((s->rc = agg_put(&s->a, r, gcode, gname, "wb")))
        return 1;
    const char *iso3 = wb_country(s, row, s->col[2], ccode, cname);
    if (!iso3)
        return s->rc ? 1 : 0;
    if ((cname && (s->rc = put_alias(&s->w, cname, iso3, "wb"))) || (s->rc = agg_member(&s->a, r, gcode, iso3)))
        return 1;
    s->members++;
    r->rows++;
    return 0;
}

/* The fiscal year from the Notes sheet: "... according to 2022 gross national income" means
 * the classification set on 1 July 2023, FY24. 0 if the sentence is not there. */
static int class_notes_row(void *ud, uint32_t row, const xlsx_cell *cells, size_t n)
{
    (void)row;
    class_state *s = ud;
    for (size_t i = 0; i < n && !s->fy; i++) {
        if (cells[i].type != XLSX_STRING || !cells[i].str)
            continue;
        const char *p = strstr(cells[i].str, "according to ");
        long y;
        if (p && mg_text_parse_long(p + 13, strnlen(p + 13, 4), &y) && y > 1980 && y < 2100 &&
            strncmp(p + 17, " gross national income", 22) == 0)
            s->fy = (int)y + 2;
    }
    return s->fy ? 1 : 0;
}

static migdip_status class_run(mg_importer_job *r)
{
    xlsx_book *book = NULL;
    long idx[2];
    const char *sheets[] = {CLASS_ECON, CLASS_GROUPS};
    class_state s = {.r = r};
    migdip_status rc = xopen_sheets(r, &book, sheets, idx, 2);
    if (rc)
        return rc;
    if ((rc = writer_open(&s.w, r)) || (rc = agg_open(&s.a, r)))
        goto cleanup;
    if ((rc = mg_store_prepare(r->db, "UPDATE country SET income=?2 WHERE iso3=?1", &s.country, r->err)) ||
        (rc = mg_store_prepare(r->db, "INSERT INTO income_group(iso3,fy,grp,vintage_id) VALUES(?,?,?,?)",
                            &s.income, r->err)))
        goto cleanup;
    long notes = mg_xlsx_find_sheet(book, CLASS_NOTES);
    if (notes >= 0 && (rc = mg_xlsx_read_sheet(book, (size_t)notes, class_notes_row, &s, r->err)))
        goto cleanup;
    s.sheet = CLASS_ECON;
    if ((rc = mg_xlsx_read_sheet(book, (size_t)idx[0], class_econ_row, &s, r->err)) || (rc = s.rc))
        goto cleanup;
    if (!s.header_row || s.economies == 0) {
        rc = mg_err_set(r->err, MIGDIP_ERR_SCHEMA, "%s: sheet \"%s\": %s", r->name, CLASS_ECON,
                        s.header_row ? "no economies after the header" : "no header row");
        goto cleanup;
    }
    seen_free(&s.seen);
    s.header_row = 0;
    s.sheet = CLASS_GROUPS;
    if ((rc = mg_xlsx_read_sheet(book, (size_t)idx[1], class_group_row, &s, r->err)) || (rc = s.rc))
        goto cleanup;
    if (!s.header_row) {
        rc = mg_err_set(r->err, MIGDIP_ERR_SCHEMA, "%s: sheet \"%s\": no header row", r->name, CLASS_GROUPS);
        goto cleanup;
    }
    static char edition[32], released[32];
    if (s.fy) {
        snprintf(edition, sizeof edition, "FY%02d", s.fy % 100);
        snprintf(released, sizeof released, "%04d-07-01", s.fy - 1);
        r->meta.edition = edition;
        r->meta.released = released;
    } else {
        r->meta.edition = "unknown";
    }
    r->meta.dataset = "wb-class";
    r->meta.source = "World Bank country and lending groups (CLASS.xlsx)";
    r->meta.citation = "World Bank. World Bank Country and Lending Groups. CC BY 4.0.";
cleanup:
    sqlite3_finalize(s.country);
    sqlite3_finalize(s.income);
    writer_close(&s.w);
    agg_close(&s.a);
    seen_free(&s.seen);
    mg_xlsx_close(book);
    return rc;
}

const mg_importer mg_imp_codes_wbclass = {
    .id = "wb-class",
    .stage = MG_IMPORTER_STAGE_CODES,
    .sniff = class_sniff,
    .run = class_run,
};

/* ------------------------------------------------------------------ World Bank OGHIST */

#define OG_SHEET "Country Analytical History"
#define OG_MAX_FY 128

static const char *const OG_SIGNATURE[] = {"Bank's fiscal year:", "Data for calendar year :"};

static bool og_sniff(const char *path, const char *name, const unsigned char *head, size_t n)
{
    (void)name;
    return xsniff(path, head, n, OG_SHEET, OG_SIGNATURE, 1, 20);
}

typedef struct og_state {
    mg_importer_job *r;
    sqlite3_stmt *income;
    seen_set seen;
    migdip_status rc;
    int fy_of_col[OG_MAX_FY + 1]; /* fiscal year of column c (0: not a year column) */
    uint32_t fy_row, max_col;
    int fy_last;
    long economies;
} og_state;

/* "FY89" -> 1989, "FY05" -> 2005 (the World Bank's fiscal years start in 1989 here). */
static int parse_fy(const char *t)
{
    long v;
    if (!t || (t[0] != 'F' && t[0] != 'f') || (t[1] != 'Y' && t[1] != 'y') || strlen(t) != 4 ||
        !mg_text_parse_long(t + 2, 2, &v))
        return 0;
    return (int)(v >= 50 ? 1900 + v : 2000 + v);
}

static int og_row(void *ud, uint32_t row, const xlsx_cell *cells, size_t n)
{
    og_state *s = ud;
    mg_importer_job *r = s->r;
    if (!s->fy_row) {
        char buf[64];
        const char *t = n ? xtext(&cells[0], buf, sizeof buf) : NULL;
        bool label = false;
        for (size_t i = 0; i < n && !label; i++) {
            char b2[64];
            const char *u = xtext(&cells[i], b2, sizeof b2);
            label = u && mg_text_casecmp(u, "Bank's fiscal year:") == 0;
        }
        (void)t;
        if (!label) {
            if (row >= 20) {
                s->rc = mg_err_set(r->err, MIGDIP_ERR_SCHEMA, "%s: sheet \"%s\": no \"Bank's fiscal year:\" row",
                                   r->name, OG_SHEET);
                return 1;
            }
            return 0;
        }
        for (size_t i = 0; i < n; i++) {
            char b2[64];
            int fy = parse_fy(xtext(&cells[i], b2, sizeof b2));
            if (fy && cells[i].col <= OG_MAX_FY) {
                s->fy_of_col[cells[i].col] = fy;
                if (cells[i].col > s->max_col)
                    s->max_col = cells[i].col;
                if (fy > s->fy_last)
                    s->fy_last = fy;
            }
        }
        if (!s->fy_last) {
            s->rc = mg_err_set(r->err, MIGDIP_ERR_SCHEMA, "%s: sheet \"%s\" row %u: no fiscal years (FY89, ...)",
                               r->name, OG_SHEET, row);
            return 1;
        }
        s->fy_row = row;
        return 0;
    }
    /* a country row: code in column A, name in B, then one group per fiscal year */
    char b_code[32], b_name[256];
    const xlsx_cell *c_code = xcell(cells, n, 1);
    const char *code = xtext(c_code, b_code, sizeof b_code);
    const char *name = xtext(xcell(cells, n, 2), b_name, sizeof b_name);
    if (!code)
        return 0; /* threshold rows, blank rows and the notes below the table */
    if (strlen(code) < 3 || strlen(code) > 4) {
        s->rc = xbad(r, OG_SHEET, c_code, row, 1, "an economy code", MIGDIP_ERR_PARSE);
        return 1;
    }
    long prev;
    if ((s->rc = seen_add(&s->seen, code, (long)row, &prev))) {
        s->rc = mg_err_set(r->err, s->rc, "%s: out of memory", r->name);
        return 1;
    }
    if (prev) {
        char ref[16];
        s->rc = mg_err_set(r->err, MIGDIP_ERR_DUPLICATE, "%s: sheet \"%s\" cell %s: economy %s already on row %ld",
                           r->name, OG_SHEET, mg_xlsx_cellref(ref, row, 1), code, prev);
        return 1;
    }
    const char *iso3 = mg_country_by_code(r->cm, "wb", code, 0);
    if (!iso3 && name)
        iso3 = mg_country_by_name(r->cm, name);
    if (!iso3) {
        char ref[16];
        s->rc = mg_importer_unmapped(r, (long)row, mg_xlsx_cellref(ref, row, 1), name ? name : code);
        return s->rc ? 1 : 0;
    }
    for (size_t i = 0; i < n; i++) {
        uint32_t c = cells[i].col;
        if (c > s->max_col || !s->fy_of_col[c])
            continue;
        char b_v[32];
        const char *v = xtext(&cells[i], b_v, sizeof b_v);
        if (!v || mg_text_is_missing_marker(v, strlen(v)))
            continue; /* ".." = not classified that year: no row (missing is never a group) */
        const char *grp = income_code(v);
        if (!grp) {
            s->rc = xbad(r, OG_SHEET, &cells[i], row, c, "an income group (L, LM, UM, H or ..)", MIGDIP_ERR_PARSE);
            return 1;
        }
        sqlite3_bind_text(s->income, 1, iso3, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int(s->income, 2, s->fy_of_col[c]);
        sqlite3_bind_text(s->income, 3, grp, -1, SQLITE_STATIC);
        sqlite3_bind_int64(s->income, 4, r->vintage_id);
        if ((s->rc = mg_store_step_done(r->db, s->income, r->err))) {
            char ref[16];
            if (s->rc == MIGDIP_ERR_DUPLICATE) /* two codes of one country (YUGf and YUG) */
                s->rc = mg_err_set(r->err, MIGDIP_ERR_DUPLICATE, "%s: sheet \"%s\" cell %s: %s in FY%02d is already classified",
                                   r->name, OG_SHEET, mg_xlsx_cellref(ref, row, c), iso3, s->fy_of_col[c] % 100);
            return 1;
        }
        r->rows++;
    }
    s->economies++;
    return 0;
}

static migdip_status og_run(mg_importer_job *r)
{
    xlsx_book *book = NULL;
    long idx;
    const char *sheets[] = {OG_SHEET};
    og_state s = {.r = r};
    migdip_status rc = xopen_sheets(r, &book, sheets, &idx, 1);
    if (rc)
        return rc;
    if ((rc = mg_store_prepare(r->db, "INSERT INTO income_group(iso3,fy,grp,vintage_id) VALUES(?,?,?,?)",
                            &s.income, r->err)))
        goto cleanup;
    if ((rc = mg_xlsx_read_sheet(book, (size_t)idx, og_row, &s, r->err)) || (rc = s.rc))
        goto cleanup;
    if (!s.fy_row || s.economies == 0) {
        rc = mg_err_set(r->err, MIGDIP_ERR_SCHEMA, "%s: sheet \"%s\": %s", r->name, OG_SHEET,
                        s.fy_row ? "no economies below the fiscal-year row" : "no \"Bank's fiscal year:\" row");
        goto cleanup;
    }
    static char edition[32], released[32];
    snprintf(edition, sizeof edition, "FY89-FY%02d", s.fy_last % 100);
    snprintf(released, sizeof released, "%04d-07-01", s.fy_last - 1);
    r->meta.dataset = "wb-oghist";
    r->meta.source = "World Bank historical income classifications (OGHIST.xlsx)";
    r->meta.edition = edition;
    r->meta.released = released;
    r->meta.citation = "World Bank. Historical classification by income (OGHIST). CC BY 4.0.";
cleanup:
    sqlite3_finalize(s.income);
    seen_free(&s.seen);
    mg_xlsx_close(book);
    return rc;
}

const mg_importer mg_imp_codes_wboghist = {
    .id = "wb-oghist",
    .stage = MG_IMPORTER_STAGE_CODES,
    .sniff = og_sniff,
    .run = og_run,
};
