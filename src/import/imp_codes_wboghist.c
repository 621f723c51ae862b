/* imp_codes_wboghist.c - the World Bank's historical income classifications, OGHIST.xlsx
 * (importer "wb-oghist"): one income group per economy and fiscal year since FY89. */

#include <stdio.h>
#include <string.h>

#include "import/imp_codes.h"
#include "util/keyset.h"
#include "util/text.h"

#define OG_SHEET "Country Analytical History"
#define OG_MAX_FY 128

static const char *const OG_SIGNATURE[] = {"Bank's fiscal year:", "Data for calendar year :"};

static bool og_sniff(const char *path, const char *name, const unsigned char *head, size_t n)
{
    (void)name;
    return mg_imp_codes_xsniff(path, head, n, OG_SHEET, OG_SIGNATURE, 1, 20);
}

typedef struct og_state {
    mg_importer_job *r;
    sqlite3_stmt *income;
    mg_keyset seen;
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
        const char *t = n ? mg_imp_codes_xtext(&cells[0], buf, sizeof buf) : NULL;
        bool label = false;
        for (size_t i = 0; i < n && !label; i++) {
            char b2[64];
            const char *u = mg_imp_codes_xtext(&cells[i], b2, sizeof b2);
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
            int fy = parse_fy(mg_imp_codes_xtext(&cells[i], b2, sizeof b2));
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
    const xlsx_cell *c_code = mg_imp_codes_xcell(cells, n, 1);
    const char *code = mg_imp_codes_xtext(c_code, b_code, sizeof b_code);
    const char *name = mg_imp_codes_xtext(mg_imp_codes_xcell(cells, n, 2), b_name, sizeof b_name);
    if (!code)
        return 0; /* threshold rows, blank rows and the notes below the table */
    if (strlen(code) < 3 || strlen(code) > 4) {
        s->rc = mg_imp_codes_xbad(r, OG_SHEET, c_code, row, 1, "an economy code", MIGDIP_ERR_PARSE);
        return 1;
    }
    long prev;
    if ((s->rc = mg_keyset_add(&s->seen, code, (long)row, &prev))) {
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
        const char *v = mg_imp_codes_xtext(&cells[i], b_v, sizeof b_v);
        if (!v || mg_text_is_missing_marker(v, strlen(v)))
            continue; /* ".." = not classified that year: no row (missing is never a group) */
        const char *grp = mg_imp_codes_income_code(v);
        if (!grp) {
            s->rc = mg_imp_codes_xbad(r, OG_SHEET, &cells[i], row, c, "an income group (L, LM, UM, H or ..)", MIGDIP_ERR_PARSE);
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
    long idx = -1; /* the sheet, not found yet */
    const char *sheets[] = {OG_SHEET};
    og_state s = {.r = r};
    migdip_status rc = mg_imp_codes_xopen(r, &book, sheets, &idx, 1);
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
    static _Thread_local char edition[32], released[32];
    snprintf(edition, sizeof edition, "FY89-FY%02d", s.fy_last % 100);
    snprintf(released, sizeof released, "%04d-07-01", s.fy_last - 1);
    r->meta.dataset = "wb-oghist";
    r->meta.source = "World Bank historical income classifications (OGHIST.xlsx)";
    r->meta.edition = edition;
    r->meta.released = released;
    r->meta.citation = "World Bank. Historical classification by income (OGHIST). CC BY 4.0.";
cleanup:
    sqlite3_finalize(s.income);
    mg_keyset_free(&s.seen);
    mg_xlsx_close(book);
    return rc;
}

const mg_importer mg_imp_codes_wboghist = {
    .id = "wb-oghist",
    .stage = MG_IMPORTER_STAGE_CODES,
    .sniff = og_sniff,
    .run = og_run,
};
