/* imp_unhcr.c - UNHCR Refugee Data Finder (the UNHCR R package `refugees`, tables as CSV):
 * - "unhcr-countries" (crosswalk stage): the UNHCR country list, iso_code,unhcr_code,...; each
 *   UNHCR code becomes a code of scheme "unhcr" (not ISO: AUS is Austria, AUL Australia).
 * - "unhcr-population": end-year stocks by origin x asylum x year into `protection`, kinds
 *   refugees, asylum_seekers and oip (idps, returned, stateless, ooc and hst are not people
 *   abroad and are left out).
 * - "unhcr-unrwa": UNRWA-registered Palestine refugees by host, `protection` kind unrwa.
 * Each data row names origin and host twice, by UNHCR code and by ISO3: both are mapped and
 * must agree; a disagreement or an unknown code is reported as unmapped and the row skipped.
 * Layout and quirks: docs/importers.md "UNHCR". */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "formats/csv.h"
#include "import/imp_codes.h"
#include "import/importer.h"
#include "util/keyset.h"
#include "util/text.h"

/* Asylum seekers were not collected before 1993: UNHCR's 0 there means "not counted". */
#define UNHCR_ASYLUM_FIRST_YEAR 1993
/* Far more than the real file (138,893 rows); a larger one is refused. */
#define UNHCR_MAX_ROWS 5000000

/* UNHCR's specials in its ISO3 columns, and the entities they are (country.c built-ins). TIB
 * has no ISO code in the UNHCR list either: it is given XTB here. */
static const struct unhcr_special {
    const char *code, *iso3;
} UNHCR_ISO_SPECIALS[] = {
    {"UNK", "XXX"}, /* unknown origin (UNHCR code UKN) */
    {"XXA", "XXA"}, /* stateless (UNHCR code STA) */
    {"TIB", "XTB"}, /* Tibetan (UNHCR code TIB) */
};
/* UNHCR codes the code list leaves without an ISO3 code that still name an entity. */
static const struct unhcr_special UNHCR_CODE_SPECIALS[] = {
    {"TIB", "XTB"},
};

static const char *special(const struct unhcr_special *t, size_t n, const char *code)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(t[i].code, code) == 0)
            return t[i].iso3;
    return NULL;
}

/* ------------------------------------------------------------------ the code list */

enum { UC_ISO, UC_UNHCR, UC_NAME, UC_N };
static const mg_imp_codes_col UC_COLS[UC_N] = {
    [UC_ISO] = {"iso_code", true}, [UC_UNHCR] = {"unhcr_code", true}, [UC_NAME] = {"name", true}};

static bool codes_sniff(const char *path, const char *name, const unsigned char *head, size_t n)
{
    (void)path;
    (void)name;
    static const char *const cols[] = {"iso_code", "unhcr_code", NULL};
    return mg_importer_head_columns(head, n, cols) == 2;
}

static migdip_status codes_run(mg_importer_job *r)
{
    long idx[UC_N];
    size_t nheader = 0;
    long nrows = 0;
    mg_csv_reader *cr = NULL;
    mg_imp_codes_writer w = {0};
    mg_keyset seen = {0};
    migdip_status rc = mg_imp_codes_open(r, UC_COLS, UC_N, idx, &cr, &nheader);
    if (rc)
        return rc;
    if ((rc = mg_imp_codes_writer_open(&w, r)))
        goto cleanup;
    for (;;) {
        bool done;
        if ((rc = mg_imp_codes_next_row(r, cr, nheader, &nrows, &done)) || done)
            break;
        char b_iso[64], b_code[64], b_name[256];
        const char *code = mg_imp_codes_cell(cr, idx[UC_UNHCR], b_code, sizeof b_code);
        const char *iso = mg_imp_codes_cell(cr, idx[UC_ISO], b_iso, sizeof b_iso);
        const char *nm = mg_imp_codes_cell(cr, idx[UC_NAME], b_name, sizeof b_name);
        long line = mg_csv_line(cr);
        if (!code || !mg_imp_codes_is_upper(code, 3)) {
            rc = mg_csv_bad_value(cr, (size_t)idx[UC_UNHCR], "unhcr_code", "a UNHCR code (three capital letters)", r->err);
            break;
        }
        long prev;
        if ((rc = mg_keyset_add(&seen, code, line, &prev))) {
            rc = mg_err_set(r->err, rc, "%s: out of memory", r->name);
            break;
        }
        if (prev) {
            rc = mg_err_set(r->err, MIGDIP_ERR_DUPLICATE, "%s:%ld: UNHCR code %s already on line %ld", r->name,
                            line, code, prev);
            break;
        }
        const char *iso3 = iso ? mg_country_by_code(r->cm, "iso3", iso, 0)
                               : special(UNHCR_CODE_SPECIALS, sizeof UNHCR_CODE_SPECIALS / sizeof *UNHCR_CODE_SPECIALS, code);
        if (iso3 && iso && !mg_imp_codes_is_upper(iso, 3))
            iso3 = NULL;
        if (!iso3) {
            char what[320];
            snprintf(what, sizeof what, "%s (UNHCR %s%s%s)", nm ? nm : code, code, iso ? ", ISO " : ", no ISO code",
                     iso ? iso : "");
            if ((rc = mg_importer_unmapped(r, line, iso ? "iso_code" : "unhcr_code", what)))
                break;
            continue;
        }
        int before = sqlite3_total_changes(r->db);
        if ((rc = mg_imp_codes_put_code(&w, "unhcr", code, iso3, 0, 9999)))
            break;
        /* UNHCR's spellings become aliases, except the specials' ("Unknown", "Stateless"):
         * other publishers' rows of those names must still be reported, not read as these */
        bool is_special = strcmp(iso3, "XXX") == 0 || strcmp(iso3, "XXA") == 0 || strcmp(iso3, "XTB") == 0;
        if (!is_special && (rc = mg_imp_codes_put_alias(&w, nm, iso3, "unhcr")))
            break;
        r->rows += sqlite3_total_changes(r->db) - before;
    }
    if (!rc && nrows == 0)
        rc = mg_err_set(r->err, MIGDIP_ERR_SCHEMA, "%s: no rows after the header", r->name);
    if (!rc) {
        r->meta.dataset = "unhcr-countries";
        r->meta.source = "UNHCR Refugee Data Finder, country code list (R package refugees, table countries)";
        r->meta.edition = "2025.12.1";
        r->meta.citation = "UNHCR (2025). Refugee Data Finder: country codes. https://www.unhcr.org/refugee-statistics/";
    }
cleanup:
    mg_imp_codes_writer_close(&w);
    mg_keyset_free(&seen);
    mg_csv_close(cr);
    return rc;
}

/* ------------------------------------------------------------------ the data tables */

enum { K_YEAR, K_COO, K_COO_ISO, K_COO_NAME, K_COA, K_COA_ISO, K_COA_NAME, K_N };
static const char *const KEY_COLS[K_N] = {"year", "coo", "coo_iso", "coo_name", "coa", "coa_iso", "coa_name"};

/* The kinds of the population table kept, in the order written. */
static const char *const POP_KINDS[] = {"refugees", "asylum_seekers", "oip"};
enum { POP_NKINDS = 3, POP_ASYLUM = 1 };

static bool pop_sniff(const char *path, const char *name, const unsigned char *head, size_t n)
{
    (void)path;
    (void)name;
    static const char *const cols[] = {"year", "coo", "coo_iso", "coa", "coa_iso", "refugees", "asylum_seekers", NULL};
    return mg_importer_head_columns(head, n, cols) == 7;
}

static bool unrwa_sniff(const char *path, const char *name, const unsigned char *head, size_t n)
{
    (void)path;
    (void)name;
    static const char *const cols[] = {"year", "coo", "coo_iso", "coa", "coa_iso", "total", NULL};
    static const char *const pop[] = {"refugees", NULL};
    return mg_importer_head_columns(head, n, cols) == 6 && mg_importer_head_columns(head, n, pop) == 0;
}

/* One side (origin or asylum) of a row: the UNHCR code and the ISO column must name the same
 * entity. Returns the ISO3 or NULL (reported as unmapped). */
static migdip_status map_side(mg_importer_job *r, mg_csv_reader *cr, const long *c, int k_code, int k_iso, int k_name,
                              const char *cell, const char **out)
{
    size_t lc, li, ln;
    const char *sc = mg_text_trim(mg_csv_field(cr, (size_t)c[k_code], &lc), &lc);
    const char *si = mg_text_trim(mg_csv_field(cr, (size_t)c[k_iso], &li), &li);
    const char *sn = mg_text_trim(mg_csv_field(cr, (size_t)c[k_name], &ln), &ln);
    char code[16], iso[16];
    lc = lc < 15 ? lc : 15;
    li = li < 15 ? li : 15;
    memcpy(code, sc, lc);
    code[lc] = '\0';
    memcpy(iso, si, li);
    iso[li] = '\0';
    const char *a = mg_country_by_code(r->cm, "unhcr", code, 0);
    const char *b = special(UNHCR_ISO_SPECIALS, sizeof UNHCR_ISO_SPECIALS / sizeof *UNHCR_ISO_SPECIALS, iso);
    if (!b)
        b = mg_country_by_code(r->cm, "iso3", iso, 0);
    *out = NULL;
    if (a && b && strcmp(a, b) == 0) {
        *out = a;
        return MIGDIP_OK;
    }
    char what[256];
    if (a && b)
        snprintf(what, sizeof what, "%.*s (UNHCR %s = %s, but ISO column %s = %s)", (int)(ln < 80 ? ln : 80), sn, code,
                 a, iso, b);
    else
        snprintf(what, sizeof what, "%.*s (UNHCR %s%s, ISO column %s%s)", (int)(ln < 80 ? ln : 80), sn, code,
                 a ? "" : " unknown", iso, b ? "" : " unknown");
    return mg_importer_unmapped(r, mg_csv_line(cr), cell, what);
}

/* A count: empty = not reported (missing); else a non-negative number. */
static migdip_status count_cell(mg_importer_job *r, mg_csv_reader *cr, long col, const char *name, double *v,
                                int *flag)
{
    size_t len;
    const char *s = mg_text_trim(mg_csv_field(cr, (size_t)col, &len), &len);
    if (len == 0 || (len == 2 && (s[0] == 'N' || s[0] == 'n') && (s[1] == 'A' || s[1] == 'a'))) {
        *v = 0;
        *flag = MIGDIP_FLAG_MISSING;
        return MIGDIP_OK;
    }
    if (!mg_text_parse_double(s, len, false, v))
        return mg_csv_bad_value(cr, (size_t)col, name, "a count of persons (empty = not reported)", r->err);
    if (*v < 0) {
        char q[64];
        return mg_err_set(r->err, MIGDIP_ERR_RANGE, "%s:%ld: column %s: expected a count of persons, got %s", r->name,
                          mg_csv_line(cr), name, mg_err_quote(q, sizeof q, s, len));
    }
    *flag = MIGDIP_FLAG_OBSERVED;
    return MIGDIP_OK;
}

/* One value to store. Kept in memory and written in the primary key's order (year, kind,
 * origin, host), so that SQLite appends to its B-tree; a key twice shows up as neighbours. */
typedef struct prot_row {
    long line;
    const char *orig, *dest; /* borrowed from the country map */
    double value;
    int16_t year;
    uint8_t kind; /* index into KIND_NAMES (alphabetical, as the key sorts) */
    uint8_t flag;
} prot_row;

static const char *const KIND_NAMES[] = {"asylum_seekers", "oip", "refugees", "unrwa"};
/* POP_KINDS[k] is KIND_NAMES[POP_KIND_RANK[k]]; the UNRWA table's one column is kind 3 */
static const uint8_t POP_KIND_RANK[POP_NKINDS] = {2, 0, 1};
enum { KIND_UNRWA = 3 };

static int prot_cmp(const void *a, const void *b)
{
    const prot_row *x = a, *y = b;
    if (x->year != y->year)
        return x->year - y->year;
    if (x->kind != y->kind)
        return x->kind - y->kind;
    int c = strcmp(x->orig, y->orig);
    if (c)
        return c;
    if ((c = strcmp(x->dest, y->dest)))
        return c;
    return x->line < y->line ? -1 : x->line > y->line;
}

static migdip_status prot_write(mg_importer_job *r, prot_row *v, size_t n)
{
    if (n > 1) /* v is NULL when no row was kept: qsort(NULL, 0) is undefined */
        qsort(v, n, sizeof *v, prot_cmp);
    for (size_t i = 1; i < n; i++)
        if (v[i].year == v[i - 1].year && v[i].kind == v[i - 1].kind && strcmp(v[i].orig, v[i - 1].orig) == 0 &&
            strcmp(v[i].dest, v[i - 1].dest) == 0)
            return mg_err_set(r->err, MIGDIP_ERR_DUPLICATE, "%s:%ld: origin %s, asylum %s, year %d already on line %ld",
                              r->name, v[i].line, v[i].orig, v[i].dest, v[i].year, v[i - 1].line);
    sqlite3_stmt *ins = NULL;
    migdip_status rc = mg_store_prepare(
        r->db, "INSERT INTO protection(vintage_id,orig,dest,year,kind,value,flag) VALUES(?,?,?,?,?,?,?)", &ins, r->err);
    for (size_t i = 0; !rc && i < n; i++) {
        sqlite3_bind_int64(ins, 1, r->vintage_id);
        sqlite3_bind_text(ins, 2, v[i].orig, -1, SQLITE_STATIC);
        sqlite3_bind_text(ins, 3, v[i].dest, -1, SQLITE_STATIC);
        sqlite3_bind_int(ins, 4, v[i].year);
        sqlite3_bind_text(ins, 5, KIND_NAMES[v[i].kind], -1, SQLITE_STATIC);
        mg_store_bind_value(ins, 6, v[i].value, v[i].flag);
        sqlite3_bind_int(ins, 7, v[i].flag);
        if ((rc = mg_store_step_done(r->db, ins, r->err)))
            mg_err_prefix(r->err, "%s:%ld", r->name, v[i].line);
        else
            r->rows++;
    }
    sqlite3_finalize(ins);
    return rc;
}

/* Read the population (kinds = POP_KINDS) or the UNRWA table (one kind, column total), then
 * write one protection row per kept cell. */
static migdip_status data_run(mg_importer_job *r, bool unrwa)
{
    static const char EXP_POP[] = "year,coo_name,coo,coo_iso,coa_name,coa,coa_iso,refugees,asylum_seekers,...,oip";
    static const char EXP_UNRWA[] = "year,coo_name,coo,coo_iso,coa_name,coa,coa_iso,total";
    static const char *const TOTAL[] = {"total"};
    const char *const *kinds = unrwa ? TOTAL : POP_KINDS;
    const size_t nkinds = unrwa ? 1 : POP_NKINDS;
    const char *expected = unrwa ? EXP_UNRWA : EXP_POP;
    mg_csv_reader *cr = NULL;
    prot_row *rows = NULL;
    size_t n = 0, cap = 0;
    long c[K_N], ck[POP_NKINDS];
    size_t nheader;
    long nrows = 0;
    migdip_status rc = mg_importer_open_csv(r, &cr);
    if (rc)
        return rc;
    if ((rc = mg_importer_read_header(r, cr, expected, &nheader)) ||
        (rc = mg_importer_find_columns(r, cr, KEY_COLS, K_N, c, expected, NULL)) ||
        (rc = mg_importer_find_columns(r, cr, kinds, nkinds, ck, expected, NULL)))
        goto cleanup;
    for (;;) {
        bool end;
        if ((rc = mg_importer_next_record(r, cr, nheader, &end)))
            goto cleanup;
        if (end)
            break;
        long line = mg_csv_line(cr);
        nrows++;
        size_t len;
        long year;
        const char *s = mg_text_trim(mg_csv_field(cr, (size_t)c[K_YEAR], &len), &len);
        if (!mg_text_parse_long(s, len, &year)) {
            rc = mg_csv_bad_value(cr, (size_t)c[K_YEAR], "year", "a year", r->err);
            goto cleanup;
        }
        if (year < 1900 || year > 2100) {
            rc = mg_err_set(r->err, MIGDIP_ERR_RANGE, "%s:%ld: column year: expected a year in 1900-2100, got %ld",
                            r->name, line, year);
            goto cleanup;
        }
        double v[POP_NKINDS];
        int flag[POP_NKINDS];
        for (size_t k = 0; k < nkinds; k++)
            if ((rc = count_cell(r, cr, ck[k], kinds[k], &v[k], &flag[k])))
                goto cleanup;
        const char *orig, *dest;
        if ((rc = map_side(r, cr, c, K_COO, K_COO_ISO, K_COO_NAME, "coo", &orig)) ||
            (rc = map_side(r, cr, c, K_COA, K_COA_ISO, K_COA_NAME, "coa", &dest)))
            goto cleanup;
        if (!orig || !dest)
            continue; /* reported; its values are not stored */
        for (size_t k = 0; k < nkinds; k++) {
            /* asylum seekers before 1993: not collected, so UNHCR's 0 is not a count */
            if (!unrwa && k == POP_ASYLUM && year < UNHCR_ASYLUM_FIRST_YEAR)
                flag[k] = MIGDIP_FLAG_MISSING;
            if ((rc = mg_importer_grow(r, line, (void **)&rows, &cap, n, sizeof *rows, UNHCR_MAX_ROWS)))
                goto cleanup;
            rows[n++] = (prot_row){.line = line, .orig = orig, .dest = dest, .value = flag[k] ? v[k] : 0,
                                   .year = (int16_t)year, .kind = unrwa ? KIND_UNRWA : POP_KIND_RANK[k],
                                   .flag = (uint8_t)flag[k]};
        }
    }
    if (nrows == 0) {
        rc = mg_err_set(r->err, MIGDIP_ERR_SCHEMA, "%s: no data rows after the header", r->name);
        goto cleanup;
    }
    if ((rc = prot_write(r, rows, n)))
        goto cleanup;
    r->meta.dataset = unrwa ? "unhcr-unrwa" : "unhcr-population";
    r->meta.source = unrwa ? "UNRWA-registered Palestine refugees by host, as published in UNHCR's Refugee Data Finder"
                           : "UNHCR Refugee Data Finder, end-year populations by origin and asylum "
                             "(refugees, asylum seekers, other people in need of international protection)";
    r->meta.edition = "2025.12.1";
    r->meta.citation = unrwa ? "UNHCR (2025). Refugee Data Finder: Palestine refugees under UNRWA's mandate. "
                               "https://www.unhcr.org/refugee-statistics/"
                             : "UNHCR (2025). Refugee Data Finder. https://www.unhcr.org/refugee-statistics/";
cleanup:
    free(rows);
    mg_csv_close(cr);
    return rc;
}

static migdip_status pop_run(mg_importer_job *r) { return data_run(r, false); }
static migdip_status unrwa_run(mg_importer_job *r) { return data_run(r, true); }

const mg_importer mg_imp_unhcr_countries = {"unhcr-countries", MG_IMPORTER_STAGE_CODES, codes_sniff, codes_run};
const mg_importer mg_imp_unhcr_population = {"unhcr-population", MG_IMPORTER_STAGE_DATA, pop_sniff, pop_run};
const mg_importer mg_imp_unhcr_unrwa = {"unhcr-unrwa", MG_IMPORTER_STAGE_DATA, unrwa_sniff, unrwa_run};
