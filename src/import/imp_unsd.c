/* imp_unsd.c - UN Statistics Division, National Accounts - Analysis of Main Aggregates (AMA):
 * "GDP and its breakdown at current prices in US Dollars (all countries)" workbook (importer
 * "unsd-ama"): sheet 1 holds a title row, a blank row, the header `CountryID, Country,
 * IndicatorName, 1970..<last>` and 17 indicator rows per country; sheet 2 footnotes (not read).
 * The row "Gross Domestic Product (GDP)" of each country goes to `series` as UNSD.GDP.CD
 * (US$, as published). Countries are mapped by M49 code (CountryID) and never by name alone;
 * the name is a check. Former states map to their own historical codes (SUN, CSK, YUG, YAR,
 * YMD, ANT) and are never summed with their successors; rows M49 does not give a state for
 * (Ethiopia and Sudan "(Former)", the two parts of Tanzania) are reported, not stored. The
 * edition is the years the release covers ("1970-2024"), released the workbook's own
 * modification date (docProps/core.xml) (docs/importers.md, "UN Statistics Division"). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <zip.h>

#include "formats/xlsx.h"
#include "import/importer.h"
#include "util/keyset.h"
#include "util/text.h"

#define UNSD_DATASET "unsd-ama"
#define UNSD_CODE "UNSD.GDP.CD"
#define UNSD_INDICATOR "Gross Domestic Product (GDP)"
#define UNSD_MAX_COLS 512u
#define UNSD_HEADER_ROW_MAX 10u /* the header is within the first rows */
#define UNSD_CORE_MAX 65536u

static bool is_header(const xlsx_cell *cells, size_t n)
{
    char a[32], b[32], c[32];
    mg_xlsx_cell_text(mg_xlsx_cell_at(cells, n, 1), a, sizeof a);
    mg_xlsx_cell_text(mg_xlsx_cell_at(cells, n, 2), b, sizeof b);
    mg_xlsx_cell_text(mg_xlsx_cell_at(cells, n, 3), c, sizeof c);
    return mg_text_casecmp(a, "CountryID") == 0 && mg_text_casecmp(b, "Country") == 0 &&
           mg_text_casecmp(c, "IndicatorName") == 0;
}

/* ---- the sniffer: the header within the first rows of the first sheet */

typedef struct unsd_head {
    bool ok;
} unsd_head;

static int head_row(void *ud, uint32_t row, const xlsx_cell *cells, size_t n)
{
    unsd_head *h = ud;
    h->ok = is_header(cells, n);
    return h->ok || row >= UNSD_HEADER_ROW_MAX;
}

static bool unsd_sniff(const char *path, const char *name, const unsigned char *head, size_t n)
{
    unsd_head h = {0};
    return mg_importer_sniff_xlsx_first_sheet(path, name, head, n, head_row, &h) && h.ok;
}

/* The workbook's modification date (dcterms:modified in docProps/core.xml) as YYYY-MM-DD into
 * out, or "" when there is none. A workbook that cannot be reopened or read, or no memory, is
 * an error: never a release date silently guessed instead of the one the file holds. */
static migdip_status unsd_modified(mg_importer_job *r, char out[11])
{
    migdip_status rc = MIGDIP_OK;
    out[0] = '\0';
    zip_t *z = NULL;
    zip_file_t *zf = NULL;
    char *xml = NULL;
    int zerr = 0;
    if (r->path) {
        z = zip_open(r->path, ZIP_RDONLY, &zerr);
    } else {
        zip_error_t ze;
        zip_error_init(&ze);
        zip_source_t *src = zip_source_buffer_create(r->mem, r->len, 0, &ze);
        if (src && !(z = zip_open_from_source(src, ZIP_RDONLY, &ze)))
            zip_source_free(src);
        zip_error_fini(&ze);
    }
    zip_stat_t zs;
    if (!z) {
        rc = mg_err_set(r->err, MIGDIP_ERR_IO, "%s: cannot reopen the workbook for its date", r->name);
        goto cleanup;
    }
    if (zip_stat(z, "docProps/core.xml", 0, &zs) != 0 || !(zs.valid & ZIP_STAT_SIZE) || zs.size > UNSD_CORE_MAX)
        goto cleanup;
    if (!(xml = malloc(zs.size + 1))) {
        rc = mg_err_set(r->err, MIGDIP_ERR_NOMEM, "out of memory");
        goto cleanup;
    }
    zip_int64_t got = -1;
    if ((zf = zip_fopen(z, "docProps/core.xml", 0)))
        got = zip_fread(zf, xml, zs.size);
    if (got < 0 || (zip_uint64_t)got != zs.size) {
        rc = mg_err_set(r->err, MIGDIP_ERR_IO, "%s: cannot read docProps/core.xml", r->name);
        goto cleanup;
    }
    xml[zs.size] = '\0';
    const char *p = strstr(xml, "<dcterms:modified");
    if (p && (p = strchr(p, '>'))) {
        p++;
        bool ok = strlen(p) >= 10;
        for (int i = 0; ok && i < 10; i++)
            ok = (i == 4 || i == 7) ? p[i] == '-' : (p[i] >= '0' && p[i] <= '9');
        if (ok) {
            memcpy(out, p, 10);
            out[10] = '\0';
        }
    }

cleanup:
    if (zf)
        zip_fclose(zf);
    if (z)
        zip_discard(z);
    free(xml);
    return rc;
}

/* ---- the run */

typedef struct unsd_state {
    mg_importer_job *r;
    const char *sheet;
    mg_importer_series w;
    uint32_t ncols;
    int16_t year_of[UNSD_MAX_COLS + 1];
    int first_year, last_year;
    bool header_done;
    long gdp_rows;
    mg_keyset seen, reported;
} unsd_state;

static migdip_status unsd_cell_error(unsd_state *s, migdip_status st, const xlsx_cell *c, uint32_t row, uint32_t col,
                                     const char *colname, const char *what)
{
    char ref[16], q[64], got[64];
    mg_xlsx_cell_text(c, got, sizeof got);
    return mg_err_set(s->r->err, st, "%s: sheet \"%s\" cell %s: column %s: expected %s, got %s", s->r->name,
                      s->sheet, mg_xlsx_cellref(ref, row, col), colname, what, mg_err_quote(q, sizeof q, got, strlen(got)));
}

static migdip_status unsd_header(unsd_state *s, uint32_t row, const xlsx_cell *cells, size_t n)
{
    for (size_t i = 3; i < n; i++) {
        const xlsx_cell *c = &cells[i];
        char t[32];
        long y;
        mg_xlsx_cell_text(c, t, sizeof t);
        if (c->col > UNSD_MAX_COLS)
            return unsd_cell_error(s, MIGDIP_ERR_SCHEMA, c, row, c->col, "header", "at most 512 columns");
        if (!mg_text_parse_long(t, strlen(t), &y) || y < 1900 || y > 2100)
            return unsd_cell_error(s, MIGDIP_ERR_SCHEMA, c, row, c->col, "header", "a year");
        for (uint32_t k = 1; k <= s->ncols; k++)
            if (s->year_of[k] == y)
                return unsd_cell_error(s, MIGDIP_ERR_DUPLICATE, c, row, c->col, "header", "each year once");
        s->year_of[c->col] = (int16_t)y;
        s->ncols = c->col;
        if (!s->first_year || y < s->first_year)
            s->first_year = (int)y;
        if (y > s->last_year)
            s->last_year = (int)y;
    }
    if (!s->last_year)
        return mg_err_set(s->r->err, MIGDIP_ERR_SCHEMA, "%s: sheet \"%s\" row %u: no year columns", s->r->name, s->sheet,
                          row);
    s->header_done = true;
    return MIGDIP_OK;
}

static migdip_status unsd_row(void *ud, uint32_t row, const xlsx_cell *cells, size_t n, bool *stop)
{
    unsd_state *s = ud;
    (void)stop;
    mg_importer_job *r = s->r;
    migdip_status rc;
    if (!s->header_done) {
        if (is_header(cells, n))
            return unsd_header(s, row, cells, n);
        if (row >= UNSD_HEADER_ROW_MAX)
            return mg_err_set(r->err, MIGDIP_ERR_SCHEMA, "%s: sheet \"%s\": no header \"CountryID, Country,"
                              " IndicatorName, years\" in the first %u rows", r->name, s->sheet, UNSD_HEADER_ROW_MAX);
        return MIGDIP_OK; /* the title and blank rows */
    }
    char id[32], country[256], indicator[256];
    const xlsx_cell *cid = mg_xlsx_cell_at(cells, n, 1);
    mg_xlsx_cell_text(cid, id, sizeof id);
    mg_xlsx_cell_text(mg_xlsx_cell_at(cells, n, 2), country, sizeof country);
    mg_xlsx_cell_text(mg_xlsx_cell_at(cells, n, 3), indicator, sizeof indicator);
    if (mg_text_casecmp(indicator, UNSD_INDICATOR) != 0) {
        if (!indicator[0] && !id[0] && !country[0] && n > 0)
            return unsd_cell_error(s, MIGDIP_ERR_PARSE, &cells[0], row, cells[0].col, "IndicatorName",
                                   "an indicator name");
        return MIGDIP_OK; /* another indicator of the breakdown */
    }
    long m49;
    if (!mg_text_parse_long(id, strlen(id), &m49) || m49 < 0 || m49 > 999)
        return unsd_cell_error(s, MIGDIP_ERR_PARSE, cid, row, 1, "CountryID", "an M49 code");
    if (!country[0])
        return unsd_cell_error(s, MIGDIP_ERR_PARSE, NULL, row, 2, "Country", "a name");
    s->gdp_rows++;
    /* M49 first; an aggregate kept apart; else reported. The name is only a check. */
    const char *key = mg_country_by_code(r->cm, "m49", id, 0);
    bool agg = false;
    if (!key && (key = mg_country_aggregate(r->cm, country)))
        agg = true;
    if (!key) {
        char label[320], ref[16];
        long first = 0;
        snprintf(label, sizeof label, "%s [M49 %ld]", country, m49);
        if (mg_keyset_add(&s->reported, label, (long)row, &first))
            return mg_err_set(r->err, MIGDIP_ERR_NOMEM, "%s: out of memory", r->name);
        return first ? MIGDIP_OK : mg_importer_unmapped(r, (long)row, mg_xlsx_cellref(ref, row, 1), label);
    }
    if (!agg) {
        const char *by_name = mg_country_by_name(r->cm, country);
        if (by_name && strcmp(by_name, key) != 0)
            return mg_err_set(r->err, MIGDIP_ERR_SCHEMA, "%s: sheet \"%s\" row %u: M49 %ld is %s but the name \"%s\" is"
                              " %s", r->name, s->sheet, row, m49, key, country, by_name);
    }
    char seen[64];
    long first = 0;
    snprintf(seen, sizeof seen, "%s%s", agg ? "@" : "", key);
    if (mg_keyset_add(&s->seen, seen, (long)row, &first))
        return mg_err_set(r->err, MIGDIP_ERR_NOMEM, "%s: out of memory", r->name);
    if (first)
        return mg_err_set(r->err, MIGDIP_ERR_DUPLICATE, "%s: sheet \"%s\" row %u: duplicate key: %s (%s) GDP (first in"
                          " row %ld)", r->name, s->sheet, row, key, country, first);
    size_t k = 0;
    for (uint32_t col = 4; col <= s->ncols; col++) {
        while (k < n && cells[k].col < col)
            k++;
        const xlsx_cell *c = k < n && cells[k].col == col ? &cells[k] : NULL;
        int year = s->year_of[col];
        double v;
        int flag = mg_importer_xlsx_value(c, NULL, &v);
        if (flag < 0)
            return unsd_cell_error(s, MIGDIP_ERR_PARSE, c, row, col, UNSD_CODE, "a number or empty");
        if (flag && v < 0)
            return unsd_cell_error(s, MIGDIP_ERR_RANGE, c, row, col, UNSD_CODE, "a value >= 0");
        if ((rc = mg_importer_series_put(&s->w, agg, UNSD_CODE, key, year, v, flag)))
            return rc;
    }
    const xlsx_cell *over = mg_importer_xlsx_beyond(cells, n, s->ncols);
    if (over)
        return unsd_cell_error(s, MIGDIP_ERR_SCHEMA, over, row, over->col, "(none)",
                               "no value beyond the header's columns");
    return MIGDIP_OK;
}

/* Edition strings outlive run(): the dispatcher writes r->meta after run returns. */
static _Thread_local char unsd_edition[16], unsd_released[16], unsd_source[192];

static migdip_status unsd_run(mg_importer_job *r)
{
    migdip_status rc = MIGDIP_OK;
    xlsx_book *book = NULL;
    unsd_state s = {.r = r};
    mg_importer_series_open(&s.w, r, MG_IMPORTER_INFO_UPDATE);
    if ((rc = mg_importer_read_first_sheet(r, &book, &s.sheet, unsd_row, &s)))
        goto cleanup;
    if (!s.header_done) {
        rc = mg_err_set(r->err, MIGDIP_ERR_SCHEMA, "%s: sheet \"%s\": no header \"CountryID, Country, IndicatorName,"
                        " years\"", r->name, s.sheet);
        goto cleanup;
    }
    if (s.gdp_rows == 0) {
        rc = mg_err_set(r->err, MIGDIP_ERR_SCHEMA, "%s: sheet \"%s\" has no \"" UNSD_INDICATOR "\" rows", r->name,
                        s.sheet);
        goto cleanup;
    }
    if ((rc = mg_importer_series_info(&s.w, UNSD_CODE,
                                      "GDP, current prices (UN Statistics Division, National Accounts Main Aggregates)",
                                      "current US$")))
        goto cleanup;
    snprintf(unsd_edition, sizeof unsd_edition, "%d-%d", s.first_year, s.last_year);
    if ((rc = unsd_modified(r, unsd_released)))
        goto cleanup;
    if (!unsd_released[0]) /* no date in the workbook: the year after the last one covered */
        snprintf(unsd_released, sizeof unsd_released, "%04d", s.last_year + 1);
    snprintf(unsd_source, sizeof unsd_source,
             "UN Statistics Division, National Accounts - Analysis of Main Aggregates, GDP at current prices in US"
             " dollars, %s", unsd_edition);
    r->meta.dataset = UNSD_DATASET;
    r->meta.source = unsd_source;
    r->meta.edition = unsd_edition;
    r->meta.released = unsd_released;
    r->meta.citation = "United Nations Statistics Division, National Accounts - Analysis of Main Aggregates (AMA)."
                       " New York: United Nations.";

cleanup:
    mg_importer_series_close(&s.w);
    mg_keyset_free(&s.seen);
    mg_keyset_free(&s.reported);
    mg_xlsx_close(book);
    return rc;
}

const mg_importer mg_imp_unsd_ama = {"unsd-ama", MG_IMPORTER_STAGE_DATA, unsd_sniff, unsd_run};
