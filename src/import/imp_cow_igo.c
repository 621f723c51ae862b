/* imp_cow_igo.c - importer for the Correlates of War Intergovernmental Organizations v3,
 * state-year format (importer "cow-igo"): one row per COW state-year, `ccode,year,state`, then
 * one column per organisation (534, by COW abbreviation) with 0 not a member, 1 full member,
 * 2 associate, 3 observer, -9 missing, -1 organisation not in existence that year. Writes
 * `igo` (one row per column) and `igo_member` only for cells that carry information: status
 * 1-3, and -9 as an explicit missing row (status NULL, flag 0). 0 and -1 are not stored, so
 * the absence of a row means "not a member, or no such organisation that year" (of 8.3
 * million cells, 0.68 million are kept). COW state codes are mapped year by year (scheme
 * cown). Layout and quirks: docs/importers.md "COW Intergovernmental Organizations". */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "formats/csv.h"
#include "import/importer.h"
#include "util/keyset.h"
#include "util/text.h"

/* No real file comes near these; larger ones are refused rather than allocated. */
#define IGO_MAX_STATE_YEARS 1000000
#define IGO_MAX_CELLS 50000000
#define IGO_MAX_COLUMNS 60000
#define IGO_MISSING 0xFF

typedef struct igo_sy { /* one state-year */
    long line, ccode;
    int year;
    int members;      /* cells with status 1-3: the collision rule keeps the larger */
    const char *iso3; /* borrowed from the country map; NULL = dropped (reported) */
    char state[24];   /* COW's abbreviation, for messages */
} igo_sy;

typedef struct igo_cell { /* one stored membership cell */
    uint32_t sy;      /* index into the state-years */
    uint16_t igo;     /* column index among the organisations */
    uint8_t status;   /* 1-3, or IGO_MISSING */
} igo_cell;

static bool igo_sniff(const char *path, const char *name, const unsigned char *head, size_t n)
{
    (void)path;
    (void)name;
    char f[4][64];
    if (mg_importer_head_fields(head, n, f, 4) < 4)
        return false;
    return strcmp(f[0], "ccode") == 0 && strcmp(f[1], "year") == 0 && strcmp(f[2], "state") == 0;
}

typedef struct igo_read {
    igo_sy *sy;
    size_t n_sy, cap_sy;
    igo_cell *cell;
    size_t n_cell, cap_cell;
    long *col;      /* file column of organisation i */
    size_t n_igo;
    char *names;    /* the organisations' abbreviations, NUL-separated */
    size_t *name_off; /* organisation i's name at names + name_off[i] */
} igo_read;

/* The header: ccode, year, state, then organisation columns (non-empty, distinct). */
static migdip_status igo_header(mg_importer_job *r, mg_csv_reader *cr, igo_read *d, long *c_key, size_t *n_header)
{
    static const char EXPECTED[] = "ccode,year,state,<organisation abbreviations>";
    static const char *const KEYS[3] = {"ccode", "year", "state"};
    migdip_status rc;
    if ((rc = mg_importer_read_header(r, cr, EXPECTED, n_header)) ||
        (rc = mg_importer_find_columns(r, cr, KEYS, 3, c_key, EXPECTED, NULL)))
        return rc;
    if (*n_header <= 3)
        return mg_err_set(r->err, MIGDIP_ERR_SCHEMA, "%s:1: no organisation columns (expected %s)", r->name, EXPECTED);
    if (*n_header > IGO_MAX_COLUMNS)
        return mg_err_set(r->err, MIGDIP_ERR_RANGE, "%s:1: more than %d columns", r->name, IGO_MAX_COLUMNS);
    if (!(d->col = malloc(*n_header * sizeof *d->col)) || !(d->name_off = malloc(*n_header * sizeof *d->name_off)) ||
        !(d->names = malloc(*n_header * 64)))
        return mg_err_set(r->err, MIGDIP_ERR_NOMEM, "%s: out of memory", r->name);
    mg_keyset seen = {0};
    for (size_t i = 0; i < *n_header; i++) {
        if ((long)i == c_key[0] || (long)i == c_key[1] || (long)i == c_key[2])
            continue;
        size_t len;
        const char *s = mg_text_trim(mg_csv_field(cr, i, &len), &len);
        char name[64];
        if (len == 0 || len >= sizeof name) {
            mg_keyset_free(&seen);
            return mg_err_set(r->err, MIGDIP_ERR_SCHEMA, "%s:1: column %zu: expected an organisation abbreviation (1-63 characters)",
                              r->name, i + 1);
        }
        snprintf(name, sizeof name, "%.*s", (int)len, s);
        long prev;
        if ((rc = mg_keyset_add(&seen, name, (long)i + 1, &prev))) {
            mg_keyset_free(&seen);
            return mg_err_set(r->err, rc, "%s: out of memory", r->name);
        }
        if (prev) {
            mg_keyset_free(&seen);
            return mg_err_set(r->err, MIGDIP_ERR_DUPLICATE, "%s:1: column %zu: organisation \"%s\" already in column %ld",
                              r->name, i + 1, name, prev);
        }
        d->name_off[d->n_igo] = (size_t)(d->n_igo * 64);
        memcpy(d->names + d->name_off[d->n_igo], name, len + 1);
        d->col[d->n_igo++] = (long)i;
    }
    mg_keyset_free(&seen);
    return MIGDIP_OK;
}

/* One cell: "0" and "-1" are not stored, "1" to "3" and "-9" are. */
static migdip_status igo_cell_read(mg_importer_job *r, mg_csv_reader *cr, igo_read *d, size_t k, uint32_t sy,
                                   long line)
{
    size_t len;
    const char *s = mg_csv_field(cr, (size_t)d->col[k], &len);
    uint8_t st;
    if (len == 1 && s[0] >= '0' && s[0] <= '3')
        st = (uint8_t)(s[0] - '0');
    else if (len == 2 && s[0] == '-' && s[1] == '1')
        return MIGDIP_OK;
    else if (len == 2 && s[0] == '-' && s[1] == '9')
        st = IGO_MISSING;
    else {
        long v;
        const char *t = mg_text_trim(s, &len);
        if (!mg_text_parse_long(t, len, &v) || !(v == -9 || (v >= -1 && v <= 3))) {
            char q[64];
            return mg_err_set(r->err, MIGDIP_ERR_RANGE,
                              "%s:%ld: column %s: expected a membership code (0 none, 1 full, 2 associate, 3 observer, "
                              "-9 missing, -1 no such organisation), got %s",
                              r->name, line, d->names + d->name_off[k], mg_err_quote(q, sizeof q, s, len));
        }
        if (v == -1)
            return MIGDIP_OK;
        st = v == -9 ? IGO_MISSING : (uint8_t)v;
    }
    if (st == 0)
        return MIGDIP_OK;
    migdip_status rc = mg_importer_grow(r, line, (void **)&d->cell, &d->cap_cell, d->n_cell, sizeof *d->cell, IGO_MAX_CELLS);
    if (rc)
        return rc;
    d->cell[d->n_cell++] = (igo_cell){.sy = sy, .igo = (uint16_t)k, .status = st};
    if (st != IGO_MISSING)
        d->sy[sy].members++;
    return MIGDIP_OK;
}

static migdip_status igo_read_rows(mg_importer_job *r, mg_csv_reader *cr, igo_read *d, const long *c_key,
                                   size_t n_header)
{
    migdip_status rc = MIGDIP_OK;
    mg_keyset seen = {0};
    for (;;) {
        bool end;
        if ((rc = mg_importer_next_record(r, cr, n_header, &end)))
            break;
        if (end)
            break;
        long line = mg_csv_line(cr);
        if ((rc = mg_importer_grow(r, line, (void **)&d->sy, &d->cap_sy, d->n_sy, sizeof *d->sy, IGO_MAX_STATE_YEARS)))
            break;
        igo_sy *y = &d->sy[d->n_sy];
        memset(y, 0, sizeof *y);
        y->line = line;
        size_t len;
        const char *s = mg_text_trim(mg_csv_field(cr, (size_t)c_key[0], &len), &len);
        if (!mg_text_parse_long(s, len, &y->ccode) || y->ccode <= 0 || y->ccode > 9999) {
            rc = mg_csv_bad_value(cr, (size_t)c_key[0], "ccode", "a COW state code (1-9999)", r->err);
            break;
        }
        long year;
        s = mg_text_trim(mg_csv_field(cr, (size_t)c_key[1], &len), &len);
        if (!mg_text_parse_long(s, len, &year)) {
            rc = mg_csv_bad_value(cr, (size_t)c_key[1], "year", "a year", r->err);
            break;
        }
        if (year < 1800 || year > 2100) {
            rc = mg_err_set(r->err, MIGDIP_ERR_RANGE, "%s:%ld: column year: expected a year in 1800-2100, got %ld",
                            r->name, line, year);
            break;
        }
        y->year = (int)year;
        s = mg_text_trim(mg_csv_field(cr, (size_t)c_key[2], &len), &len);
        snprintf(y->state, sizeof y->state, "%.*s", (int)(len < sizeof y->state - 1 ? len : sizeof y->state - 1), s);
        char key[48];
        long prev;
        snprintf(key, sizeof key, "%ld:%d", y->ccode, y->year);
        if ((rc = mg_keyset_add(&seen, key, line, &prev))) {
            rc = mg_err_set(r->err, rc, "%s: out of memory", r->name);
            break;
        }
        if (prev) {
            rc = mg_err_set(r->err, MIGDIP_ERR_DUPLICATE, "%s:%ld: duplicate state-year: ccode %ld, year %d (first on line %ld)",
                            r->name, line, y->ccode, y->year, prev);
            break;
        }
        for (size_t k = 0; k < d->n_igo; k++)
            if ((rc = igo_cell_read(r, cr, d, k, (uint32_t)d->n_sy, line)))
                goto done;
        char code[16];
        snprintf(code, sizeof code, "%ld", y->ccode);
        y->iso3 = mg_country_by_code(r->cm, "cown", code, y->year);
        if (!y->iso3) {
            char what[64];
            snprintf(what, sizeof what, "%s (COW %ld)", y->state, y->ccode);
            if ((rc = mg_importer_unmapped(r, line, "ccode", what)))
                break;
        }
        d->n_sy++;
    }
done:
    mg_keyset_free(&seen);
    if (!rc && d->n_sy == 0)
        rc = mg_err_set(r->err, MIGDIP_ERR_SCHEMA, "%s: no data rows after the header", r->name);
    return rc;
}

static int sy_by_iso3(const void *a, const void *b)
{
    const igo_sy *x = *(const igo_sy *const *)a, *y = *(const igo_sy *const *)b;
    int c = strcmp(x->iso3, y->iso3);
    if (c)
        return c;
    if (x->year != y->year)
        return x->year - y->year;
    if (x->members != y->members)
        return x->members > y->members ? -1 : 1;
    return x->line < y->line ? -1 : x->line > y->line;
}

/* Two COW states that map to one ISO3 in one year (the German Federal Republic and Germany
 * in 1990): the one with more memberships is kept, the other reported and dropped. */
static migdip_status igo_collisions(mg_importer_job *r, igo_read *d)
{
    igo_sy **p = malloc((d->n_sy ? d->n_sy : 1) * sizeof *p);
    if (!p)
        return mg_err_set(r->err, MIGDIP_ERR_NOMEM, "%s: out of memory", r->name);
    size_t n = 0;
    for (size_t i = 0; i < d->n_sy; i++)
        if (d->sy[i].iso3)
            p[n++] = &d->sy[i];
    qsort(p, n, sizeof *p, sy_by_iso3);
    migdip_status rc = MIGDIP_OK;
    size_t keep = 0;
    for (size_t i = 1; i < n && !rc; i++) {
        if (strcmp(p[i]->iso3, p[keep]->iso3) != 0 || p[i]->year != p[keep]->year) {
            keep = i;
            continue;
        }
        char what[128];
        snprintf(what, sizeof what, "%s (COW %ld) in %d: %s already from %s (COW %ld)", p[i]->state, p[i]->ccode,
                 p[i]->year, p[i]->iso3, p[keep]->state, p[keep]->ccode);
        rc = mg_importer_unmapped(r, p[i]->line, "ccode", what);
        p[i]->iso3 = NULL;
    }
    free(p);
    return rc;
}

/* Write in primary-key order (organisation, year, ISO3): sorting first keeps SQLite's inserts
 * at the end of its B-tree. */
static const igo_read *g_sort;
static int cell_cmp(const void *a, const void *b)
{
    const igo_cell *x = a, *y = b;
    if (x->igo != y->igo)
        return x->igo < y->igo ? -1 : 1;
    const igo_sy *sx = &g_sort->sy[x->sy], *sy = &g_sort->sy[y->sy];
    if (sx->year != sy->year)
        return sx->year - sy->year;
    const char *ix = sx->iso3 ? sx->iso3 : "", *iy = sy->iso3 ? sy->iso3 : "";
    return strcmp(ix, iy);
}

static migdip_status igo_write(mg_importer_job *r, igo_read *d)
{
    sqlite3_stmt *ins_igo = NULL, *ins = NULL;
    migdip_status rc = mg_store_prepare(r->db, "INSERT INTO igo(vintage_id,code,name) VALUES(?,?,NULL)", &ins_igo, r->err);
    if (rc)
        goto cleanup;
    if ((rc = mg_store_prepare(r->db, "INSERT INTO igo_member(vintage_id,igo,iso3,year,status,flag) VALUES(?,?,?,?,?,?)",
                               &ins, r->err)))
        goto cleanup;
    g_sort = d;
    qsort(d->cell, d->n_cell, sizeof *d->cell, cell_cmp);
    g_sort = NULL;
    size_t c = 0;
    for (size_t k = 0; k < d->n_igo; k++) {
        const char *code = d->names + d->name_off[k];
        sqlite3_bind_int64(ins_igo, 1, r->vintage_id);
        sqlite3_bind_text(ins_igo, 2, code, -1, SQLITE_STATIC);
        if ((rc = mg_store_step_done(r->db, ins_igo, r->err)))
            goto cleanup;
        for (; c < d->n_cell && d->cell[c].igo == k; c++) {
            const igo_sy *y = &d->sy[d->cell[c].sy];
            if (!y->iso3)
                continue;
            sqlite3_bind_int64(ins, 1, r->vintage_id);
            sqlite3_bind_text(ins, 2, code, -1, SQLITE_STATIC);
            bool missing = d->cell[c].status == IGO_MISSING;
            sqlite3_bind_text(ins, 3, y->iso3, -1, SQLITE_STATIC);
            sqlite3_bind_int(ins, 4, y->year);
            if (missing)
                sqlite3_bind_null(ins, 5);
            else
                sqlite3_bind_int(ins, 5, d->cell[c].status);
            sqlite3_bind_int(ins, 6, missing ? MIGDIP_FLAG_MISSING : MIGDIP_FLAG_OBSERVED);
            if ((rc = mg_store_step_done(r->db, ins, r->err))) {
                mg_err_prefix(r->err, "%s:%ld", r->name, y->line);
                goto cleanup;
            }
            r->rows++;
        }
    }
cleanup:
    sqlite3_finalize(ins_igo);
    sqlite3_finalize(ins);
    return rc;
}

static migdip_status igo_run(mg_importer_job *r)
{
    mg_csv_reader *cr = NULL;
    igo_read d = {0};
    long c_key[3];
    size_t n_header = 0;
    migdip_status rc = mg_importer_open_csv(r, &cr);
    if (rc)
        goto cleanup;
    if ((rc = igo_header(r, cr, &d, c_key, &n_header)) ||
        (rc = igo_read_rows(r, cr, &d, c_key, n_header)) || (rc = igo_collisions(r, &d)) ||
        (rc = igo_write(r, &d)))
        goto cleanup;
    r->meta.dataset = "cow-igo";
    r->meta.source = "Correlates of War Project, Intergovernmental Organizations v3 (state-year format)";
    r->meta.edition = "3.0";
    r->meta.citation =
        "Pevehouse, Jon C.W., Timothy Nordstrom, Roseanne W. McManus, and Anne Spencer Jamison (2020). "
        "Tracking Organizations in the World: The Correlates of War IGO Version 3.0 Datasets. "
        "Journal of Peace Research 57(3): 492-503. doi:10.1177/0022343319881175";
cleanup:
    free(d.sy);
    free(d.cell);
    free(d.col);
    free(d.names);
    free(d.name_off);
    mg_csv_close(cr);
    return rc;
}

const mg_importer mg_imp_cow_igo = {"cow-igo", MG_IMPORTER_STAGE_DATA, igo_sniff, igo_run};
