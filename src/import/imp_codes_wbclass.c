/* imp_codes_wbclass.c - the World Bank's country and lending groups, CLASS.xlsx (importer
 * "wb-class"): each economy's current income group and every World Bank aggregate with its
 * members. The fiscal year comes from the Notes sheet. */

#include <stdio.h>
#include <string.h>

#include "import/imp_codes.h"
#include "util/keyset.h"
#include "util/text.h"

#define CLASS_ECON "List of economies"
#define CLASS_GROUPS "Groups"
#define CLASS_NOTES "Notes"

static const char *const CLASS_SIGNATURE[] = {"Economy", "Code", "Income group"};

static bool class_sniff(const char *path, const char *name, const unsigned char *head, size_t n)
{
    (void)name;
    return mg_imp_codes_xsniff(path, head, n, CLASS_ECON, CLASS_SIGNATURE, 3, 5);
}

typedef struct class_state {
    mg_importer_job *r;
    mg_imp_codes_writer w;
    mg_imp_codes_agg a;
    sqlite3_stmt *income, *country;
    mg_keyset seen;
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
            const char *t = mg_imp_codes_xtext(&cells[i], buf, sizeof buf);
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
    const char *name = mg_imp_codes_xtext(mg_imp_codes_xcell(cells, n, s->col[0]), b_name, sizeof b_name);
    const char *code = mg_imp_codes_xtext(mg_imp_codes_xcell(cells, n, s->col[1]), b_code, sizeof b_code);
    const char *inc = mg_imp_codes_xtext(mg_imp_codes_xcell(cells, n, s->col[2]), b_inc, sizeof b_inc);
    if (!code && !inc)
        return 0; /* blank or footnote row */
    if (!code || strlen(code) != 3) {
        s->rc = mg_imp_codes_xbad(r, s->sheet, mg_imp_codes_xcell(cells, n, s->col[1]), row, s->col[1], "a three-letter economy code",
                     MIGDIP_ERR_PARSE);
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
                           r->name, s->sheet, mg_xlsx_cellref(ref, row, s->col[1]), code, prev);
        return 1;
    }
    const char *grp = NULL;
    if (inc && !mg_text_is_missing_marker(inc, strlen(inc)) && !(grp = mg_imp_codes_income_code(inc))) {
        s->rc = mg_imp_codes_xbad(r, s->sheet, mg_imp_codes_xcell(cells, n, s->col[2]), row, s->col[2],
                     "an income group (Low, Lower middle, Upper middle, High income)", MIGDIP_ERR_PARSE);
        return 1;
    }
    const char *iso3 = wb_country(s, row, s->col[1], code, name);
    if (!iso3)
        return s->rc ? 1 : 0;
    if ((name && (s->rc = mg_imp_codes_put_alias(&s->w, name, iso3, "wb"))) || (s->rc = mg_imp_codes_put_code(&s->w, "wb", code, iso3, 0, 9999)))
        return 1;
    /* an unclassified economy (Venezuela since FY22) gets no income row: missing, not a group */
    sqlite3_bind_text(s->country, 1, iso3, -1, SQLITE_TRANSIENT);
    mg_imp_codes_bind_text(s->country, 2, grp);
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
    const char *gcode = mg_imp_codes_xtext(mg_imp_codes_xcell(cells, n, s->col[0]), b_g, sizeof b_g);
    const char *gname = mg_imp_codes_xtext(mg_imp_codes_xcell(cells, n, s->col[1]), b_gn, sizeof b_gn);
    const char *ccode = mg_imp_codes_xtext(mg_imp_codes_xcell(cells, n, s->col[2]), b_c, sizeof b_c);
    const char *cname = mg_imp_codes_xtext(mg_imp_codes_xcell(cells, n, s->col[3]), b_cn, sizeof b_cn);
    if (!gcode && !ccode)
        return 0;
    if (!gcode || !gname || !ccode) {
        uint32_t c = !gcode ? s->col[0] : !gname ? s->col[1] : s->col[2];
        s->rc = mg_imp_codes_xbad(r, s->sheet, NULL, row, c, "a group code, group name and country code", MIGDIP_ERR_PARSE);
        return 1;
    }
    /* a membership repeated verbatim is a set element stated twice (the FY24 file lists the
     * OECD block twice) and is stored once; one group code under two names is an error */
    char key[320];
    long prev, prev_named;
    snprintf(key, sizeof key, "%s", gcode);
    if ((s->rc = mg_keyset_add(&s->seen, key, (long)row, &prev)) == MIGDIP_OK) {
        snprintf(key, sizeof key, "%s|%s", gcode, gname);
        s->rc = mg_keyset_add(&s->seen, key, (long)row, &prev_named);
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
    if ((s->rc = mg_keyset_add(&s->seen, key, (long)row, &prev_member))) {
        s->rc = mg_err_set(r->err, s->rc, "%s: out of memory", r->name);
        return 1;
    }
    if (prev_member)
        return 0; /* stated before: already stored */
    if ((s->rc = mg_imp_codes_agg_put(&s->a, r, gcode, gname, "wb")))
        return 1;
    const char *iso3 = wb_country(s, row, s->col[2], ccode, cname);
    if (!iso3)
        return s->rc ? 1 : 0;
    if ((cname && (s->rc = mg_imp_codes_put_alias(&s->w, cname, iso3, "wb"))) || (s->rc = mg_imp_codes_agg_member(&s->a, r, gcode, iso3)))
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
    long idx[2] = {-1, -1}; /* the two sheets, none found yet */
    const char *sheets[] = {CLASS_ECON, CLASS_GROUPS};
    class_state s = {.r = r};
    migdip_status rc = mg_imp_codes_xopen(r, &book, sheets, idx, 2);
    if (rc)
        return rc;
    if ((rc = mg_imp_codes_writer_open(&s.w, r)) || (rc = mg_imp_codes_agg_open(&s.a, r)))
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
    mg_keyset_free(&s.seen);
    s.header_row = 0;
    s.sheet = CLASS_GROUPS;
    if ((rc = mg_xlsx_read_sheet(book, (size_t)idx[1], class_group_row, &s, r->err)) || (rc = s.rc))
        goto cleanup;
    if (!s.header_row) {
        rc = mg_err_set(r->err, MIGDIP_ERR_SCHEMA, "%s: sheet \"%s\": no header row", r->name, CLASS_GROUPS);
        goto cleanup;
    }
    static _Thread_local char edition[32], released[32];
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
    mg_imp_codes_writer_close(&s.w);
    mg_imp_codes_agg_close(&s.a);
    mg_keyset_free(&s.seen);
    mg_xlsx_close(book);
    return rc;
}

const mg_importer mg_imp_codes_wbclass = {
    .id = "wb-class",
    .stage = MG_IMPORTER_STAGE_CODES,
    .sniff = class_sniff,
    .run = class_run,
};
