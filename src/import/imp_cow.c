/* imp_cow.c - importer for the Correlates of War National Material Capabilities (NMC) v6
 * abridged CSV: one row per state-year, six capability components and the composite index
 * CINC, -9 for missing. Values go to `series` as COW.<COMPONENT> keyed by ISO3 (COW state
 * codes are mapped year by year: 345 is Yugoslavia, then Serbia and Montenegro, then Serbia).
 * Layout and quirks: docs/importers.md "COW National Material Capabilities". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "formats/csv.h"
#include "import/importer.h"
#include "util/text.h"

/* The components in file order, with the series code and series_info text they get. */
static const struct cow_component {
    const char *column, *code, *name, *unit;
} COW_COMPONENTS[] = {
    {"milex", "COW.MILEX", "Military expenditure (COW NMC)",
     "thousands of current US$ (thousands of current GBP before 1914)"},
    {"milper", "COW.MILPER", "Military personnel (COW NMC)", "thousands of persons"},
    {"irst", "COW.IRST", "Iron and steel production (COW NMC)", "thousands of tons"},
    {"pec", "COW.PEC", "Primary energy consumption (COW NMC)", "thousands of coal-ton equivalents"},
    {"tpop", "COW.TPOP", "Total population (COW NMC)", "thousands of persons"},
    {"upop", "COW.UPOP", "Urban population (COW NMC)", "thousands of persons"},
    {"cinc", "COW.CINC", "Composite Index of National Capability (COW NMC)",
     "share of the state system total (0-1)"},
};
enum { COW_NCOMP = sizeof COW_COMPONENTS / sizeof *COW_COMPONENTS, COW_TPOP = 4 };

/* No real file comes near this; a larger one is refused rather than allocated. */
#define COW_MAX_ROWS 2000000

typedef struct cow_row {
    long line;
    long ccode;
    int year;
    char abb[8];           /* stateabb, for messages */
    const char *iso3;      /* borrowed from the country map */
    double value[COW_NCOMP];
    unsigned char present; /* bit i: component i has a value (else -9 = missing) */
} cow_row;

/* The NMC signature: "stateabb,ccode,year," then capability columns. Other COW files
 * (state system, major powers, ...) have styear/endyear or ccode1/ccode2 instead. Needing
 * only some components lets a file with one renamed column reach run(), which names it. */
static bool cow_sniff(const char *path, const char *name, const unsigned char *head, size_t n)
{
    static const char *const comps[] = {"milex", "milper", "irst", "pec", "tpop", "upop", "cinc", NULL};
    return mg_importer_head_starts(head, n, "stateabb,ccode,year,") && mg_importer_head_columns(head, n, comps) >= 4;
}

static int row_by_code(const void *a, const void *b)
{
    const cow_row *x = a, *y = b;
    if (x->ccode != y->ccode)
        return x->ccode < y->ccode ? -1 : 1;
    if (x->year != y->year)
        return x->year - y->year;
    return x->line < y->line ? -1 : x->line > y->line;
}

/* By ISO3 and year; within one, the state with the larger population first (see
 * cow_resolve_collisions), then file order. */
static int row_by_iso3(const void *a, const void *b)
{
    const cow_row *x = a, *y = b;
    int c = strcmp(x->iso3, y->iso3);
    if (c)
        return c;
    if (x->year != y->year)
        return x->year - y->year;
    double px = (x->present >> COW_TPOP) & 1 ? x->value[COW_TPOP] : -1;
    double py = (y->present >> COW_TPOP) & 1 ? y->value[COW_TPOP] : -1;
    if (px != py)
        return px > py ? -1 : 1;
    return x->line < y->line ? -1 : x->line > y->line;
}

/* Parse one component: -9 is COW's missing code; other negatives are out of range. */
static migdip_status cow_value(mg_importer_job *r, mg_csv_reader *cr, long col, const char *name,
                               cow_row *row, int i)
{
    size_t len;
    const char *s = mg_csv_field(cr, (size_t)col, &len);
    double v;
    if (!mg_text_parse_double(s, len, false, &v))
        return mg_csv_bad_value(cr, (size_t)col, name, "a number (-9 = missing)", r->err);
    if (v == -9)
        return MIGDIP_OK;
    if (v < 0) {
        char q[64];
        return mg_err_set(r->err, MIGDIP_ERR_RANGE,
                          "%s:%ld: column %s: expected a non-negative number or -9 (missing), got %s",
                          r->name, mg_csv_line(cr), name, mg_err_quote(q, sizeof q, s, len));
    }
    row->value[i] = v;
    row->present |= (unsigned char)(1u << i);
    return MIGDIP_OK;
}

/* Read every data row into rows (growing), mapping each state to ISO3. */
static migdip_status cow_read(mg_importer_job *r, mg_csv_reader *cr, cow_row **rows, size_t *n_rows)
{
    migdip_status rc = MIGDIP_OK;
    size_t cap = 0, n = 0, seen = 0;
    cow_row *v = NULL;
    long c_key[3], c_comp[COW_NCOMP];
    size_t n_header;
    static const char *const KEYS[3] = {"stateabb", "ccode", "year"};
    static const char EXPECTED[] = "stateabb,ccode,year,milex,milper,irst,pec,tpop,upop,cinc";
    const char *comp_names[COW_NCOMP];
    for (int i = 0; i < COW_NCOMP; i++)
        comp_names[i] = COW_COMPONENTS[i].column;
    if ((rc = mg_importer_read_header(r, cr, EXPECTED, &n_header)) ||
        (rc = mg_importer_find_columns(r, cr, KEYS, 3, c_key, EXPECTED, NULL)) ||
        (rc = mg_importer_find_columns(r, cr, comp_names, COW_NCOMP, c_comp, EXPECTED, NULL)))
        goto cleanup;
    const long c_abb = c_key[0], c_code = c_key[1], c_year = c_key[2];
    for (;;) {
        bool end;
        if ((rc = mg_importer_next_record(r, cr, n_header, &end)))
            goto cleanup;
        if (end)
            break;
        long line = mg_csv_line(cr);
        seen++;
        if ((rc = mg_importer_grow(r, line, (void **)&v, &cap, n, sizeof *v, COW_MAX_ROWS)))
            goto cleanup;
        cow_row *row = &v[n];
        memset(row, 0, sizeof *row);
        row->line = line;
        size_t len;
        const char *s = mg_csv_field(cr, (size_t)c_code, &len);
        if (!mg_text_parse_long(s, len, &row->ccode) || row->ccode <= 0 || row->ccode > 9999) {
            rc = mg_csv_bad_value(cr, (size_t)c_code, "ccode", "a COW state code (1-9999)", r->err);
            goto cleanup;
        }
        long year;
        s = mg_csv_field(cr, (size_t)c_year, &len);
        if (!mg_text_parse_long(s, len, &year)) {
            rc = mg_csv_bad_value(cr, (size_t)c_year, "year", "a year", r->err);
            goto cleanup;
        }
        if (year < 1800 || year > 2100) {
            rc = mg_err_set(r->err, MIGDIP_ERR_RANGE, "%s:%ld: column year: expected a year in 1800-2100, got %ld",
                            r->name, line, year);
            goto cleanup;
        }
        row->year = (int)year;
        s = mg_csv_field(cr, (size_t)c_abb, &len);
        s = mg_text_trim(s, &len);
        snprintf(row->abb, sizeof row->abb, "%.*s", (int)(len < 7 ? len : 7), s);
        for (int i = 0; i < COW_NCOMP; i++)
            if ((rc = cow_value(r, cr, c_comp[i], COW_COMPONENTS[i].column, row, i)))
                goto cleanup;
        char code[16];
        snprintf(code, sizeof code, "%ld", row->ccode);
        row->iso3 = mg_country_by_code(r->cm, "cown", code, row->year);
        if (!row->iso3 && row->abb[0])
            row->iso3 = mg_country_by_code(r->cm, "cowc", row->abb, row->year);
        if (!row->iso3) {
            char what[48];
            snprintf(what, sizeof what, "%s (COW %ld)", row->abb, row->ccode);
            if ((rc = mg_importer_unmapped(r, line, "ccode", what)))
                goto cleanup;
            continue; /* reported; its values are not stored */
        }
        n++;
    }
    if (seen == 0) {
        rc = mg_err_set(r->err, MIGDIP_ERR_SCHEMA, "%s: no data rows after the header", r->name);
        goto cleanup;
    }
cleanup:
    if (rc) {
        free(v);
        v = NULL;
        n = 0;
    }
    *rows = v;
    *n_rows = n;
    return rc;
}

/* A state-year twice in the file is an error; two COW states that map to one ISO3 in one
 * year (the German Federal Republic and Germany in 1990) keep the larger state and report
 * the other, so that nothing is dropped in silence. Marks dropped rows with iso3 = NULL. */
static migdip_status cow_check_keys(mg_importer_job *r, cow_row *v, size_t n)
{
    qsort(v, n, sizeof *v, row_by_code);
    for (size_t i = 1; i < n; i++)
        if (v[i].ccode == v[i - 1].ccode && v[i].year == v[i - 1].year)
            return mg_err_set(r->err, MIGDIP_ERR_DUPLICATE,
                              "%s:%ld: duplicate state-year: ccode %ld, year %d (first on line %ld)",
                              r->name, v[i].line, v[i].ccode, v[i].year, v[i - 1].line);
    qsort(v, n, sizeof *v, row_by_iso3);
    size_t keep = 0;
    for (size_t i = 1; i < n; i++) {
        if (strcmp(v[i].iso3, v[keep].iso3) != 0 || v[i].year != v[keep].year) {
            keep = i;
            continue;
        }
        char what[96];
        snprintf(what, sizeof what, "%s (COW %ld) in %d: %s already from %s (COW %ld)", v[i].abb,
                 v[i].ccode, v[i].year, v[i].iso3, v[keep].abb, v[keep].ccode);
        migdip_status rc = mg_importer_unmapped(r, v[i].line, "ccode", what);
        if (rc)
            return rc;
        v[i].iso3 = NULL;
    }
    return MIGDIP_OK;
}

static migdip_status cow_write(mg_importer_job *r, const cow_row *v, size_t n)
{
    mg_importer_series w;
    mg_importer_series_open(&w, r, MG_IMPORTER_INFO_KEEP);
    migdip_status rc = MIGDIP_OK;
    for (int i = 0; i < COW_NCOMP; i++)
        if ((rc = mg_importer_series_info(&w, COW_COMPONENTS[i].code, COW_COMPONENTS[i].name, COW_COMPONENTS[i].unit)))
            goto cleanup;
    for (size_t k = 0; k < n; k++) {
        if (!v[k].iso3)
            continue;
        for (int i = 0; i < COW_NCOMP; i++) {
            int flag = (v[k].present >> i) & 1 ? MIGDIP_FLAG_OBSERVED : MIGDIP_FLAG_MISSING;
            if ((rc = mg_importer_series_put(&w, false, COW_COMPONENTS[i].code, v[k].iso3, v[k].year, v[k].value[i],
                                             flag))) {
                mg_err_prefix(r->err, "%s:%ld", r->name, v[k].line);
                goto cleanup;
            }
        }
    }
cleanup:
    mg_importer_series_close(&w);
    return rc;
}

static migdip_status cow_run(mg_importer_job *r)
{
    mg_csv_reader *cr = NULL;
    cow_row *rows = NULL;
    size_t n = 0;
    migdip_status rc = mg_importer_open_csv(r, &cr);
    if (rc)
        goto cleanup;
    if ((rc = cow_read(r, cr, &rows, &n)))
        goto cleanup;
    if ((rc = cow_check_keys(r, rows, n)))
        goto cleanup;
    if ((rc = cow_write(r, rows, n)))
        goto cleanup;
    r->meta.dataset = "cow-nmc";
    r->meta.source = "Correlates of War Project, National Material Capabilities v6.0 (abridged)";
    r->meta.edition = "6.0";
    r->meta.released = "2021-01-01";
    r->meta.citation =
        "Singer, J. David, Stuart Bremer, and John Stuckey (1972). Capability Distribution, "
        "Uncertainty, and Major Power War, 1820-1965. In Bruce Russett (ed.), Peace, War, and "
        "Numbers, Beverly Hills: Sage, 19-48. Data: Greig, J. Michael, and Andrew J. Enterline "
        "(2021). Correlates of War Project National Material Capabilities Data Documentation, "
        "Version 6.0.";
cleanup:
    free(rows);
    mg_csv_close(cr);
    return rc;
}

const mg_importer mg_imp_cow = {"cow-nmc", MG_IMPORTER_STAGE_DATA, cow_sniff, cow_run};
