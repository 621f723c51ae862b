/* imp_wdi_databank.c - World Bank DataBank xlsx exports of WDI (importer "wdi-databank"):
 * sheet "Data" with one row per economy and year and one column per series, a footer with the
 * database and its date, and sheet "Series - Metadata" for names and units. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <zip.h>

#include "formats/xlsx.h"
#include "import/imp_wdi.h"
#include "util/grow.h"
#include "util/text.h"

#define WDI_WORKBOOK_XML_MAX 1048576u  /* xl/workbook.xml read by the DataBank sniffer */
#define WDI_DBK_MAX_VALUES 20000000u   /* values one DataBank sheet may hold (buffered, 24 B each) */

/* Cheap: reads only xl/workbook.xml of the zip (the file at path, or head for an input in
 * memory) and looks for the two DataBank sheets. */
static bool databank_sniff(const char *path, const char *name, const unsigned char *head, size_t n)
{
    bool found = false;
    zip_t *z = NULL;
    zip_file_t *zf = NULL;
    char *xml = NULL;
    if (!mg_importer_head_is_zip(head, n) || !mg_importer_name_ends(name, ".xlsx"))
        return false;
    int zerr = 0;
    if (path) {
        z = zip_open(path, ZIP_RDONLY, &zerr);
    } else {
        /* an input in memory: all of it is in head */
        zip_error_t ze;
        zip_error_init(&ze);
        zip_source_t *src = zip_source_buffer_create(head, n, 0, &ze);
        if (src && !(z = zip_open_from_source(src, ZIP_RDONLY, &ze)))
            zip_source_free(src);
        zip_error_fini(&ze);
    }
    if (!z)
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
    mg_imp_wdi_writer *w;
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
            return mg_err_set(s->r->err, MIGDIP_ERR_LIMIT, "%s: sheet \"%s\": more than %u values (the limit)",
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
        mg_imp_wdi_entity e = {(mg_imp_wdi_kind)v->kind, v->key};
        rc = mg_imp_wdi_put(s->w, s->codes[v->col - 1], &e, v->year, v->value, v->flag);
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
            if (!open || !mg_imp_wdi_code_ok(open + 1, (size_t)(text + len - 1 - (open + 1))))
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
            migdip_status rc = mg_imp_wdi_info(s->w, s->codes[c->col - 1], title, NULL);
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
    if (year < MG_IMP_WDI_YEAR_MIN || year > MG_IMP_WDI_YEAR_MAX) {
        const xlsx_cell blank = {.row = row, .col = s->col_time ? s->col_time : s->col_tcode, .type = XLSX_EMPTY};
        return dbk_cell_error(s, MIGDIP_ERR_RANGE, ct ? ct : &blank, "Time", "a year in 1800-2100");
    }
    s->data_rows++;
    char ref[16];
    mg_imp_wdi_entity e;
    if ((rc = mg_imp_wdi_resolve(s->w, (long)row, mg_xlsx_cellref(ref, row, s->col_code), code, name, (int)year, &e)))
        return rc;
    long first;
    if ((rc = mg_imp_wdi_seen(s->w, "*", &e, code, (int)year, (long)row, &first)))
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
        if (flag && value < 0 && mg_imp_wdi_nonneg(series))
            return dbk_cell_error(s, MIGDIP_ERR_RANGE, c, series, "a value >= 0 for this indicator");
        dbk_value v = {e.key, value, col, (int16_t)year, (uint8_t)flag, (uint8_t)e.kind};
        if (e.kind != MG_IMP_WDI_UNMAPPED && (rc = dbk_push(s, &v)))
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
    char code[MG_IMP_WDI_CODE_MAX + 8], name[1024], unit[256];
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
    if (!mg_imp_wdi_code_ok(code, strlen(code)) || !name[0])
        return 0; /* notes below the table */
    /* only series the Data sheet holds */
    bool held = false;
    for (uint32_t j = 0; j < m->s->ncols && !held; j++)
        held = m->s->codes[j] && strcmp(m->s->codes[j], code) == 0;
    if (held && (m->rc = mg_imp_wdi_info(m->s->w, code, name, unit)))
        return 1;
    return 0;
}

static migdip_status databank_run(mg_importer_job *r)
{
    migdip_status rc = MIGDIP_OK;
    xlsx_book *book = NULL;
    mg_imp_wdi_writer w = {0};
    dbk_state s = {.r = r, .w = &w, .sheet = "Data"};

    if ((rc = mg_imp_wdi_writer_init(&w, r)) || (rc = mg_importer_open_xlsx(r, &book)))
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
    mg_imp_wdi_meta(r, "World Bank, World Development Indicators (DataBank export)", s.edition);

cleanup:
    mg_imp_wdi_writer_cleanup(&w);
    for (uint32_t i = 0; i < s.ncols && s.codes; i++)
        free(s.codes[i]);
    free(s.codes);
    free(s.vals);
    free(s.rank);
    mg_xlsx_close(book);
    return rc;
}

const mg_importer mg_imp_wdi_databank = {"wdi-databank", MG_IMPORTER_STAGE_DATA, databank_sniff, databank_run};
