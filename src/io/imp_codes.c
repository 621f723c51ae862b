/* imp_codes.c - crosswalk importers (stage IMP_STAGE_CODES): the countrycode codelist,
 * its COW state-years and regions, the ISO 3166 list, the UN DESA aggregates table and the
 * World Bank CLASS / OGHIST classifications. They fill country, country_code,
 * country_alias, aggregate, aggregate_alias, aggregate_member and income_group so that the
 * data importers can map every name and code to ISO3 (docs/countries.md). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "importer.h"
#include "text.h"

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

/* True if the first line of head holds every required column of spec (exact names,
 * optionally quoted). Cheap: only the first line is looked at. */
static bool head_has_columns(const unsigned char *head, size_t n, const col_spec *spec, size_t nspec)
{
    if (n >= 3 && memcmp(head, "\xEF\xBB\xBF", 3) == 0)
        head += 3, n -= 3;
    size_t eol = 0;
    while (eol < n && head[eol] != '\n' && head[eol] != '\r')
        eol++;
    if (eol == n && n == IMP_HEAD_BYTES)
        return false; /* no end of the header line in the head: not one of ours */
    for (size_t k = 0; k < nspec; k++) {
        if (!spec[k].required)
            continue;
        size_t want = strlen(spec[k].name);
        bool found = false;
        for (size_t i = 0; i < eol && !found;) {
            size_t j = i;
            while (j < eol && head[j] != ',')
                j++;
            size_t a = i, b = j;
            if (b > a && head[a] == '"' && head[b - 1] == '"')
                a++, b--;
            found = b - a == want && memcmp(head + a, spec[k].name, want) == 0;
            i = j + 1;
        }
        if (!found)
            return false;
    }
    return true;
}

/* Open a CSV crosswalk, read its header and find the columns of spec (idx[k] = -1 for an
 * absent optional column). An empty file or a missing required column is an error. */
static migdip_status open_with_header(imp_run *r, const col_spec *spec, size_t nspec, long *idx,
                                      csv_reader **out, size_t *nheader)
{
    csv_reader *cr = NULL;
    migdip_status rc = csv_open(r->path, r->name, &cr, r->err);
    if (rc)
        return rc;
    if ((rc = csv_next(cr, r->err)))
        goto fail;
    if (csv_nfields(cr) == 0) {
        rc = mg_err_set(r->err, MIGDIP_ERR_SCHEMA, "%s: empty file (expected a header line)", r->name);
        goto fail;
    }
    for (size_t k = 0; k < nspec; k++) {
        idx[k] = csv_find(cr, spec[k].name);
        if (idx[k] < 0 && spec[k].required) {
            rc = mg_err_set(r->err, MIGDIP_ERR_SCHEMA, "%s:%ld: missing column \"%s\"", r->name,
                            csv_line(cr), spec[k].name);
            goto fail;
        }
    }
    *nheader = csv_nfields(cr);
    *out = cr;
    return MIGDIP_OK;
fail:
    csv_close(cr);
    return rc;
}

/* Read the next data record; *done at end of input. A record whose field count differs
 * from the header's is malformed (a truncated line, a stray comma). */
static migdip_status next_row(imp_run *r, csv_reader *cr, size_t nheader, long *nrows, bool *done)
{
    migdip_status rc = csv_next(cr, r->err);
    if (rc)
        return rc;
    *done = csv_nfields(cr) == 0;
    if (*done)
        return MIGDIP_OK;
    if (csv_nfields(cr) != nheader)
        return mg_err_set(r->err, MIGDIP_ERR_PARSE, "%s:%ld: expected %zu fields as in the header, got %zu",
                          r->name, csv_line(cr), nheader, csv_nfields(cr));
    if (++*nrows > CODES_MAX_ROWS)
        return mg_err_set(r->err, MIGDIP_ERR_NOMEM, "%s:%ld: more than %d rows (not a code list?)",
                          r->name, csv_line(cr), CODES_MAX_ROWS);
    return MIGDIP_OK;
}

/* Field of column idx (trimmed, NUL-terminated copy into buf), or NULL when the column is
 * absent or the cell empty / "NA". */
static const char *cell(csv_reader *cr, long idx, char *buf, size_t cap)
{
    if (idx < 0)
        return NULL;
    size_t len;
    const char *f = csv_field(cr, (size_t)idx, &len);
    f = text_trim(f, &len);
    if (len == 0 || (len == 2 && memcmp(f, "NA", 2) == 0))
        return NULL;
    if (len >= cap)
        len = cap - 1;
    memcpy(buf, f, len);
    buf[len] = '\0';
    return buf;
}

/* Parse a numeric code cell (cown, gwn, M49: "4", "004", "4.0"). */
static migdip_status code_number(imp_run *r, csv_reader *cr, long idx, const char *col, long *out, bool *present)
{
    char buf[64];
    const char *v = cell(cr, idx, buf, sizeof buf);
    *present = v != NULL;
    if (!v)
        return MIGDIP_OK;
    if (!text_parse_long(v, strlen(v), out) || *out < 0 || *out > 99999)
        return csv_bad_value(cr, (size_t)idx, col, "a numeric code", r->err);
    return MIGDIP_OK;
}

/* Prepared statements shared by the crosswalk importers. */
typedef struct codes_writer {
    imp_run *r;
    sqlite3_stmt *code;   /* country_code, year range, vintage */
    sqlite3_stmt *alias;  /* country_alias */
} codes_writer;

static migdip_status writer_open(codes_writer *w, imp_run *r)
{
    w->r = r;
    /* A built-in row (vintage NULL: the year-split codes of country.c) is never replaced */
    migdip_status rc = store_prepare(r->db,
        "INSERT INTO country_code(scheme,code,iso3,year_from,year_to,vintage_id) VALUES(?,?,?,?,?,?)"
        " ON CONFLICT(scheme,code,year_from) DO UPDATE SET iso3=excluded.iso3,"
        " year_to=excluded.year_to, vintage_id=excluded.vintage_id"
        " WHERE country_code.vintage_id IS NOT NULL", &w->code, r->err);
    if (!rc)
        rc = store_prepare(r->db,
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

/* Add scheme:code -> iso3 for years y0..y1 (code normalised as country_code_norm). */
static migdip_status put_code(codes_writer *w, const char *scheme, const char *code, const char *iso3,
                              int y0, int y1)
{
    char norm[64];
    country_code_norm(scheme, code, norm, sizeof norm);
    if (!*norm)
        return MIGDIP_OK;
    sqlite3_bind_text(w->code, 1, scheme, -1, SQLITE_STATIC);
    sqlite3_bind_text(w->code, 2, norm, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(w->code, 3, iso3, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(w->code, 4, y0);
    sqlite3_bind_int(w->code, 5, y1);
    sqlite3_bind_int64(w->code, 6, w->r->vintage_id);
    return store_step_done(w->r->db, w->code, w->r->err);
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
    if (!alias || !*text_name_key(alias, key, sizeof key))
        return MIGDIP_OK;
    sqlite3_bind_text(w->alias, 1, key, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(w->alias, 2, alias, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(w->alias, 3, iso3, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(w->alias, 4, source, -1, SQLITE_STATIC);
    migdip_status rc = store_step_done(w->r->db, w->alias, w->r->err);
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

static migdip_status codelist_run(imp_run *r)
{
    long idx[CL_N];
    size_t nheader = 0;
    long nrows = 0;
    csv_reader *cr = NULL;
    codes_writer w = {0};
    sqlite3_stmt *up = NULL;
    seen_set seen = {0};
    migdip_status rc = open_with_header(r, CODELIST_COLS, CL_N, idx, &cr, &nheader);
    if (rc)
        return rc;
    if ((rc = writer_open(&w, r)))
        goto cleanup;
    /* coalesce: a column this file leaves empty keeps what the store knew (built-ins) */
    if ((rc = store_prepare(r->db,
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
            rc = csv_bad_value(cr, (size_t)idx[CL_NAME], "country.name.en", "a country name", r->err);
            break;
        }
        const char *kind;
        char code[4];
        const char *key_col = iso3 ? "iso3c" : "wb";
        const char *key = iso3 ? iso3 : wb;
        if (key) {
            /* an ISO3 (or, for Kosovo and the Channel Islands, the World Bank) code */
            if (strlen(key) != 3) {
                rc = csv_bad_value(cr, (size_t)idx[iso3 ? CL_ISO3 : CL_WB], key_col,
                                   "a three-letter code", r->err);
                break;
            }
            for (int i = 0; i < 3; i++)
                code[i] = (char)(key[i] >= 'a' && key[i] <= 'z' ? key[i] - 32 : key[i]);
            code[3] = '\0';
            long prev;
            if ((rc = seen_add(&seen, code, csv_line(cr), &prev))) {
                rc = mg_err_set(r->err, rc, "%s: out of memory", r->name);
                break;
            }
            if (prev) {
                rc = mg_err_set(r->err, MIGDIP_ERR_DUPLICATE, "%s:%ld: column %s: code %s already on line %ld",
                                r->name, csv_line(cr), key_col, code, prev);
                break;
            }
            kind = has_cown || sovereign_without_cown(code) ? "country" : "territory";
        } else {
            /* a dissolved state: its documented built-in code (docs/countries.md) */
            const char *hist = country_by_name(r->cm, name);
            if (!hist) {
                /* pre-1900 German/Italian states and other entities without a COW code are
                 * left out on purpose (documented); a COW state must never be dropped */
                if ((has_cown || !country_is_omitted(name)) &&
                    (rc = imp_unmapped(r, csv_line(cr), "country.name.en", name)))
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
            sqlite3_bind_int(up, 14, eu && text_casecmp(eu, "EU") == 0);
        sqlite3_bind_int64(up, 15, r->vintage_id);
        if ((rc = store_step_done(r->db, up, r->err)))
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
    csv_close(cr);
    return rc;
}

const importer imp_codes_codelist = {
    .id = "countrycode-codelist",
    .stage = IMP_STAGE_CODES,
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
static migdip_status cow_run(imp_run *r)
{
    long idx[CW_N];
    size_t nheader = 0;
    long nrows = 0;
    csv_reader *cr = NULL;
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
            rc = csv_bad_value(cr, (size_t)idx[CW_COWN], "cown", "a COW country code", r->err);
            break;
        }
        size_t len;
        const char *ys = csv_field(cr, (size_t)idx[CW_YEAR], &len);
        if (!text_parse_long(ys, len, &year)) {
            rc = csv_bad_value(cr, (size_t)idx[CW_YEAR], "year", "a year", r->err);
            break;
        }
        if (year < 1800 || year > 2100) {
            char q[64];
            rc = mg_err_set(r->err, MIGDIP_ERR_RANGE, "%s:%ld: column year: expected a year in 1800-2100, got %s",
                            r->name, csv_line(cr), mg_err_quote(q, sizeof q, ys, len));
            break;
        }
        char key[48];
        long prev;
        snprintf(key, sizeof key, "%ld:%ld", cown, year);
        if ((rc = seen_add(&seen, key, csv_line(cr), &prev))) {
            rc = mg_err_set(r->err, rc, "%s: out of memory", r->name);
            break;
        }
        if (prev) {
            rc = mg_err_set(r->err, MIGDIP_ERR_DUPLICATE, "%s:%ld: COW state %ld in %ld already on line %ld",
                            r->name, csv_line(cr), cown, year, prev);
            break;
        }
        char b_name[256], b_country[256], b_cowc[64], code[32];
        const char *name = cell(cr, idx[CW_NAME], b_name, sizeof b_name);
        const char *country = cell(cr, idx[CW_COUNTRY], b_country, sizeof b_country);
        snprintf(code, sizeof code, "%ld", cown);
        const char *iso3 = country_by_code(r->cm, "cown", code, (int)year);
        if (!iso3) {
            if ((rc = imp_unmapped(r, csv_line(cr), "cown", name ? name : code)))
                break;
            continue;
        }
        if (year < year_min)
            year_min = (int)year;
        if (year > year_max)
            year_max = (int)year;
        /* the COW letter code, where the codelist did not give it (year-split in country.c) */
        const char *cowc = cell(cr, idx[CW_COWC], b_cowc, sizeof b_cowc);
        if (cowc && !country_by_code(r->cm, "cowc", cowc, (int)year) &&
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
    csv_close(cr);
    return rc;
}

const importer imp_codes_cow = {
    .id = "cow-states",
    .stage = IMP_STAGE_CODES,
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
static migdip_status regions_run(imp_run *r)
{
    long idx[RG_N];
    size_t nheader = 0;
    long nrows = 0;
    csv_reader *cr = NULL;
    sqlite3_stmt *up = NULL;
    seen_set seen = {0};
    migdip_status rc = open_with_header(r, REGION_COLS, RG_N, idx, &cr, &nheader);
    if (rc)
        return rc;
    if ((rc = store_prepare(r->db,
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
            rc = csv_bad_value(cr, (size_t)idx[RG_COUNTRY], "country", "a country name", r->err);
            break;
        }
        const char *iso3 = country_by_name(r->cm, country);
        if (!iso3) {
            if (!country_aggregate(r->cm, country) && !country_is_omitted(country) &&
                (rc = imp_unmapped(r, csv_line(cr), "country", country)))
                break;
            continue;
        }
        long prev;
        if ((rc = seen_add(&seen, iso3, csv_line(cr), &prev))) {
            rc = mg_err_set(r->err, rc, "%s: out of memory", r->name);
            break;
        }
        if (prev) {
            rc = mg_err_set(r->err, MIGDIP_ERR_DUPLICATE, "%s:%ld: column country: %s is %s, already on line %ld",
                            r->name, csv_line(cr), country, iso3, prev);
            break;
        }
        const char *eu = cell(cr, idx[RG_EU28], b_eu, sizeof b_eu);
        sqlite3_bind_text(up, 1, iso3, -1, SQLITE_TRANSIENT);
        bind_text_or_null(up, 2, cell(cr, idx[RG_CONTINENT], b_cont, sizeof b_cont));
        sqlite3_bind_int(up, 3, eu && text_casecmp(eu, "EU") == 0);
        bind_text_or_null(up, 4, cell(cr, idx[RG_REGION23], b_reg, sizeof b_reg));
        if ((rc = store_step_done(r->db, up, r->err)))
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
    csv_close(cr);
    return rc;
}

const importer imp_codes_regions = {
    .id = "countrycode-regions",
    .stage = IMP_STAGE_CODES,
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
static migdip_status iso_run(imp_run *r)
{
    long idx[IS_N];
    size_t nheader = 0;
    long nrows = 0;
    csv_reader *cr = NULL;
    codes_writer w = {0};
    sqlite3_stmt *up = NULL;
    seen_set seen = {0};
    migdip_status rc = open_with_header(r, ISO_COLS, IS_N, idx, &cr, &nheader);
    if (rc)
        return rc;
    if ((rc = writer_open(&w, r)))
        goto cleanup;
    if ((rc = store_prepare(r->db,
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
            rc = csv_bad_value(cr, (size_t)idx[IS_NAME], "name", "a country name", r->err);
            break;
        }
        if (!is_upper3(a3, 3)) {
            rc = csv_bad_value(cr, (size_t)idx[IS_A3], "alpha-3", "a three-letter code", r->err);
            break;
        }
        /* Namibia's alpha-2 is "NA": here it is a code, not a missing marker */
        size_t a2len;
        const char *a2raw = text_trim(csv_field(cr, (size_t)idx[IS_A2], &a2len), &a2len);
        if (a2len == 2 && memcmp(a2raw, "NA", 2) == 0)
            a2 = "NA";
        if (a2 && !is_upper3(a2, 2)) {
            rc = csv_bad_value(cr, (size_t)idx[IS_A2], "alpha-2", "a two-letter code", r->err);
            break;
        }
        if ((rc = code_number(r, cr, idx[IS_NUM], "country-code", &m49, &has_m49)))
            break;
        long prev;
        if ((rc = seen_add(&seen, a3, csv_line(cr), &prev))) {
            rc = mg_err_set(r->err, rc, "%s: out of memory", r->name);
            break;
        }
        if (prev) {
            rc = mg_err_set(r->err, MIGDIP_ERR_DUPLICATE, "%s:%ld: column alpha-3: code %s already on line %ld",
                            r->name, csv_line(cr), a3, prev);
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
        if ((rc = store_step_done(r->db, up, r->err)))
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
    csv_close(cr);
    return rc;
}

const importer imp_codes_iso3166 = {
    .id = "iso3166",
    .stage = IMP_STAGE_CODES,
    .sniff = iso_sniff,
    .run = iso_run,
};
