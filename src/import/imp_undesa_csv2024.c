/* imp_undesa_csv2024.c - the UN DESA International Migrant Stock 2024, Table 1 of the bilateral
 * workbook (undesa_pd_2024_ims_stock_by_sex_destination_and_origin.xlsx) re-saved as CSV
 * (docs/importers.md, "UN DESA International Migrant Stock", layout undesa-ims-csv2024).
 *
 * Header: index,destination,coverage,type,destination_code,origin,origin_code,gender,<years>.
 * One row per destination x origin x gender (male, female); a row per year column. Quirks:
 * a UTF-8 BOM (the CSV reader drops it); numbers with a space as thousands separator, often
 * with leading blanks (" 1 254 152"); ".." = not available (stored as missing, never zero);
 * aggregates (WORLD, SDG regions, development and income groups) on both axes, recognised by
 * their M49 code (mg_imp_undesa_m49) and kept out of the store; "*" footnote marks after
 * names (removed; names only serve messages, codes decide); origin "Others" (2003) = XXX.
 * Both sexes: the file holds none, so T = M + F, flagged derived, written once all rows are
 * in; a sex that is ".." adds nothing (as in the publisher's own totals) and the sexes stay
 * missing; if both are, the total is missing. A "total"/"both sexes" row, if
 * a re-save ever carried one, is stored observed and no total is derived for that cell. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "formats/csv.h"
#include "import/imp_undesa.h"
#include "import/importer.h"
#include "util/text.h"

#define CSV24_MAX_YEARS 64

static const char *const CSV24_COLS[] = {"destination", "destination_code", "origin", "origin_code", "gender"};
enum { C_DEST, C_DCODE, C_ORIG, C_OCODE, C_GENDER, C_NCOLS };

static const char CSV24_EXPECTED[] =
    "the header index,destination,coverage,type,destination_code,origin,origin_code,gender,1990,...,2024";

static bool csv24_sniff(const char *path, const char *name, const unsigned char *head, size_t n)
{
    (void)path, (void)name;
    static const char *const KEYS[] = {"destination", "destination_code", "origin", "origin_code", "gender", NULL};
    return mg_importer_head_columns(head, n, KEYS) == 5;
}

/* A year column's header (1900..2100), or 0. */
static int header_year(const char *s, size_t len)
{
    long y;
    s = mg_text_trim(s, &len);
    if (len != 4 || !mg_text_parse_long(s, len, &y) || y < 1900 || y > 2100)
        return 0;
    return (int)y;
}

/* A count with blanks as thousands separators: "1 254 152", " 62", "77 772 082" (also NBSP,
 * which mg_text_trim knows at the ends). Groups after the first have three digits. */
static bool parse_spaced(const char *s, size_t len, double *out)
{
    s = mg_text_trim(s, &len);
    if (!len)
        return false;
    double v = 0;
    size_t group = 0, groups = 0;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (c >= '0' && c <= '9') {
            v = v * 10 + (c - '0');
            group++;
            continue;
        }
        size_t w = c == ' ' ? 1 : (c == '\xC2' && i + 1 < len && s[i + 1] == '\xA0') ? 2 : 0;
        if (!w || group == 0 || (groups == 0 ? group > 3 : group != 3))
            return false;
        groups++;
        group = 0;
        i += w - 1;
    }
    if (group == 0 || (groups > 0 && group != 3))
        return false;
    *out = v;
    return true;
}

/* A value cell: a count >= 0 (plain or spaced) observed; "..", "-" or blank missing. */
static migdip_status cell_value(mg_importer_job *r, const mg_csv_reader *cr, size_t i, const char *col, double *v,
                                int *flag)
{
    size_t len;
    const char *s = mg_csv_field(cr, i, &len);
    *v = 0;
    *flag = MIGDIP_FLAG_MISSING;
    if (mg_text_is_missing_marker(s, len))
        return MIGDIP_OK;
    if (!parse_spaced(s, len, v)) {
        if (!mg_text_parse_double(s, len, false, v))
            return mg_csv_bad_value(cr, i, col, "a number of persons (\"1 254 152\") or \"..\"", r->err);
        if (*v < 0) {
            mg_csv_bad_value(cr, i, col, "a number of persons >= 0", r->err);
            r->err->status = MIGDIP_ERR_RANGE;
            return MIGDIP_ERR_RANGE;
        }
        *v = mg_imp_undesa_count(*v);
    }
    *flag = MIGDIP_FLAG_OBSERVED;
    return MIGDIP_OK;
}

/* The M49 code in column i: digits, or -1 when blank (a heading); anything else an error. */
static migdip_status cell_code(mg_importer_job *r, const mg_csv_reader *cr, size_t i, const char *col, long *code)
{
    size_t len;
    const char *s = mg_csv_field(cr, i, &len);
    s = mg_text_trim(s, &len);
    *code = -1;
    if (len == 0)
        return MIGDIP_OK;
    if (!mg_text_parse_long(s, len, code) || *code < 0 || *code > 99999)
        return mg_csv_bad_value(cr, i, col, "a UN M49 location code", r->err);
    return MIGDIP_OK;
}

/* The name in column i without the publisher's footnote mark ("Ukraine*") and blanks. */
static void cell_name(const mg_csv_reader *cr, size_t i, char *buf, size_t cap)
{
    size_t len;
    const char *s = mg_csv_field(cr, i, &len);
    s = mg_text_trim(s, &len);
    while (len && (s[len - 1] == '*' || s[len - 1] == ' '))
        len--;
    snprintf(buf, cap, "%.*s", (int)len, s);
}

static migdip_status map_location(mg_importer_job *r, const mg_csv_reader *cr, const long *col, int which_code,
                                  int which_name, const char **iso3)
{
    long code;
    char name[160];
    bool agg;
    migdip_status rc = cell_code(r, cr, (size_t)col[which_code], CSV24_COLS[which_code], &code);
    if (rc)
        return rc;
    cell_name(cr, (size_t)col[which_name], name, sizeof name);
    return mg_imp_undesa_m49(r, mg_csv_line(cr), CSV24_COLS[which_code], code, name, iso3, &agg);
}

/* Totals both sexes = M + F for every cell of this vintage without an observed total. Where
 * one sex is ".." beside a number for the other (Nepal-born in Georgia 2024: 16 men, ".."
 * women), the publisher's both-sexes figure is the number reported (its world totals, 304,021,813
 * for 2024, add up so): the total is that sex's number, derived; both ".." = missing. */
static migdip_status derive_totals(mg_importer_job *r)
{
    sqlite3_stmt *st = NULL;
    migdip_status rc = mg_store_prepare(r->db,
        "INSERT INTO stock(vintage_id,orig,dest,year,sex,value,flag)"
        " SELECT ?1, s.orig, s.dest, s.year, 'T',"
        "   CASE WHEN max(s.flag)<>0 THEN sum(s.value) END,"
        "   CASE WHEN max(s.flag)<>0 THEN 2 ELSE 0 END"
        " FROM stock s WHERE s.vintage_id=?1 AND s.sex IN ('M','F')"
        " GROUP BY s.year, s.orig, s.dest"
        " HAVING NOT EXISTS(SELECT 1 FROM stock t WHERE t.vintage_id=?1 AND t.year=s.year AND t.sex='T'"
        "   AND t.orig=s.orig AND t.dest=s.dest)", &st, r->err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, r->vintage_id);
    rc = mg_store_step_done(r->db, st, r->err);
    if (!rc)
        r->rows += sqlite3_changes(r->db);
    sqlite3_finalize(st);
    return rc;
}

static migdip_status csv24_run(mg_importer_job *r)
{
    mg_csv_reader *cr = NULL;
    mg_imp_undesa_writer w = {0};
    long col[C_NCOLS];
    struct {
        size_t col;
        int year;
        char name[8];
    } years[CSV24_MAX_YEARS];
    size_t n_years = 0, header_n = 0;
    migdip_status rc;
    mg_imp_undesa_meta(r, "2024",
                       "UN DESA Population Division, International Migrant Stock 2024: Table 1, destination and "
                       "origin by sex (CSV re-save of undesa_pd_2024_ims_stock_by_sex_destination_and_origin.xlsx)");
    if ((rc = mg_importer_open_csv(r, &cr)) || (rc = mg_importer_read_header(r, cr, CSV24_EXPECTED, &header_n)) ||
        (rc = mg_importer_find_columns(r, cr, CSV24_COLS, C_NCOLS, col, CSV24_EXPECTED, NULL)))
        goto cleanup;
    for (size_t i = 0; i < header_n; i++) {
        size_t len;
        const char *h = mg_csv_field(cr, i, &len);
        int y = header_year(h, len);
        if (!y)
            continue;
        for (size_t k = 0; k < n_years; k++)
            if (years[k].year == y) {
                rc = mg_err_set(r->err, MIGDIP_ERR_SCHEMA, "%s:%ld: column %zu: year %d twice in the header",
                                r->name, mg_csv_line(cr), i + 1, y);
                goto cleanup;
            }
        if (n_years == CSV24_MAX_YEARS) {
            rc = mg_err_set(r->err, MIGDIP_ERR_SCHEMA, "%s:%ld: more than %d year columns", r->name,
                            mg_csv_line(cr), CSV24_MAX_YEARS);
            goto cleanup;
        }
        years[n_years].col = i;
        years[n_years].year = y;
        snprintf(years[n_years].name, sizeof years[n_years].name, "%d", y);
        n_years++;
    }
    if (n_years == 0) {
        rc = mg_err_set(r->err, MIGDIP_ERR_SCHEMA, "%s:%ld: no year columns (expected %s)", r->name,
                        mg_csv_line(cr), CSV24_EXPECTED);
        goto cleanup;
    }
    if ((rc = mg_imp_undesa_writer_open(r, "stock", &w)))
        goto cleanup;

    for (;;) {
        bool end;
        if ((rc = mg_importer_next_record(r, cr, header_n, &end)))
            goto cleanup;
        if (end)
            break;
        size_t glen;
        const char *g = mg_csv_field(cr, (size_t)col[C_GENDER], &glen);
        g = mg_text_trim(g, &glen);
        char sex;
        if ((glen == 4 && strncasecmp(g, "male", 4) == 0) || (glen == 5 && strncasecmp(g, "males", 5) == 0))
            sex = 'M';
        else if ((glen == 6 && strncasecmp(g, "female", 6) == 0) || (glen == 7 && strncasecmp(g, "females", 7) == 0))
            sex = 'F';
        else if ((glen == 5 && strncasecmp(g, "total", 5) == 0) || (glen == 10 && strncasecmp(g, "both sexes", 10) == 0))
            sex = 'T';
        else {
            rc = mg_csv_bad_value(cr, (size_t)col[C_GENDER], "gender", "male, female or total", r->err);
            goto cleanup;
        }
        /* every value is checked, also on aggregate rows: a broken cell is a broken file */
        double v[CSV24_MAX_YEARS];
        int flag[CSV24_MAX_YEARS];
        for (size_t k = 0; k < n_years; k++)
            if ((rc = cell_value(r, cr, years[k].col, years[k].name, &v[k], &flag[k])))
                goto cleanup;
        const char *dest = NULL, *orig = NULL;
        if ((rc = map_location(r, cr, col, C_DCODE, C_DEST, &dest)) ||
            (rc = map_location(r, cr, col, C_OCODE, C_ORIG, &orig)))
            goto cleanup;
        if (!dest || !orig)
            continue;
        for (size_t k = 0; k < n_years; k++) {
            if ((rc = mg_imp_undesa_put_stock(r, &w, orig, dest, years[k].year, sex, v[k], flag[k]))) {
                if (rc == MIGDIP_ERR_DUPLICATE)
                    rc = mg_err_set(r->err, MIGDIP_ERR_DUPLICATE,
                                    "%s:%ld: duplicate row for destination %s, origin %s, gender %.*s",
                                    r->name, mg_csv_line(cr), dest, orig, (int)glen, g);
                goto cleanup;
            }
        }
    }
    rc = derive_totals(r);

cleanup:
    mg_imp_undesa_writer_close(&w);
    mg_csv_close(cr);
    return rc;
}

const mg_importer mg_imp_undesa_csv2024 = {"undesa-ims-csv2024", MG_IMPORTER_STAGE_DATA, csv24_sniff, csv24_run};
