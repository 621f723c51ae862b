/* imp_codes_undesa.c - the UN DESA International Migrant Stock correspondence table (sheet
 * "Annex", importer "undesa-aggregates"): countries with their M49 codes, and the UN
 * aggregates (regions, SDG groups, income groups) with their members. */

#include <stdio.h>
#include <string.h>

#include "import/imp_codes.h"
#include "util/keyset.h"
#include "util/text.h"

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

#define UN_SHEET "Annex"
#define UN_MAX_HEADER_ROW 40
#define UN_MAX_COLS 64

static const char *const UN_SIGNATURE[] = {"Location code", "ISO3 Alpha-code"};

static bool un_sniff(const char *path, const char *name, const unsigned char *head, size_t n)
{
    (void)name;
    return mg_imp_codes_xsniff(path, head, n, UN_SHEET, UN_SIGNATURE, 2, UN_MAX_HEADER_ROW);
}

typedef struct un_state {
    mg_importer_job *r;
    mg_imp_codes_writer w;
    mg_imp_codes_agg a;
    sqlite3_stmt *country;
    mg_keyset seen;
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
        const char *t = mg_imp_codes_xtext(&cells[i], buf, sizeof buf);
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
        const char *t = mg_imp_codes_xtext(&cells[i], buf, sizeof buf);
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
            const char *t = mg_imp_codes_xtext(&cells[i], buf, sizeof buf);
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
    const xlsx_cell *c_loc = mg_imp_codes_xcell(cells, n, s->c_loc);
    const char *raw = mg_imp_codes_xtext(mg_imp_codes_xcell(cells, n, s->c_name ? s->c_name : s->c_loc - 2), b_name, sizeof b_name);
    if (!raw && !c_loc)
        return 0; /* a blank or note row */
    long loc;
    if (!mg_imp_codes_xcode(c_loc, &loc)) {
        s->rc = mg_imp_codes_xbad(r, UN_SHEET, c_loc, row, s->c_loc, "a numeric location code", MIGDIP_ERR_PARSE);
        return 1;
    }
    if (!raw) {
        s->rc = mg_imp_codes_xbad(r, UN_SHEET, NULL, row, s->c_name ? s->c_name : s->c_loc - 2, "a name", MIGDIP_ERR_PARSE);
        return 1;
    }
    const char *name = un_name(raw, name_buf, sizeof name_buf);
    const char *iso = mg_imp_codes_xtext(mg_imp_codes_xcell(cells, n, s->c_iso), b_iso, sizeof b_iso);
    long type = 0;
    mg_imp_codes_xcode(mg_imp_codes_xcell(cells, n, s->c_type), &type);
    if (!iso) {
        /* an aggregate: WORLD, SDG regions, development and income groups, subregions */
        char code[32];
        snprintf(code, sizeof code, "UN:%ld", loc);
        if ((s->rc = mg_imp_codes_agg_put(&s->a, r, code, name, "un")))
            return 1;
        s->aggregates++;
        r->rows++;
        return 0;
    }
    if (!mg_imp_codes_is_upper(iso, 3)) {
        s->rc = mg_imp_codes_xbad(r, UN_SHEET, mg_imp_codes_xcell(cells, n, s->c_iso), row, s->c_iso, "an ISO3 code", MIGDIP_ERR_PARSE);
        return 1;
    }
    /* a country listed twice is an error; an aggregate may repeat under two parents
     * (Australia and New Zealand is an SDG region and a subregion of Oceania) */
    char key[32], ref[16];
    long prev;
    snprintf(key, sizeof key, "%ld", loc);
    if ((s->rc = mg_keyset_add(&s->seen, key, (long)row, &prev))) {
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
        (s->rc = mg_imp_codes_put_code_num(&s->w, "m49", loc, iso)) || (s->rc = mg_imp_codes_put_alias(&s->w, name, iso, "undesa")))
        return 1;
    for (size_t i = 0; i < n; i++) {
        long member;
        if (cells[i].col > UN_MAX_COLS || !s->member_col[cells[i].col] || !mg_imp_codes_xcode(&cells[i], &member))
            continue;
        char code[32];
        snprintf(code, sizeof code, "UN:%ld", member);
        if ((s->rc = mg_imp_codes_agg_member(&s->a, r, code, iso)))
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
    long idx = -1; /* the sheet, not found yet */
    const char *sheets[] = {UN_SHEET};
    un_state s = {.r = r};
    migdip_status rc = mg_imp_codes_xopen(r, &book, sheets, &idx, 1);
    if (rc)
        return rc;
    if ((rc = mg_imp_codes_writer_open(&s.w, r)) || (rc = mg_imp_codes_agg_open(&s.a, r)))
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
        static _Thread_local char edition[16], released[32];
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
    mg_imp_codes_writer_close(&s.w);
    mg_imp_codes_agg_close(&s.a);
    mg_keyset_free(&s.seen);
    mg_xlsx_close(book);
    return rc;
}

const mg_importer mg_imp_codes_undesa = {
    .id = "undesa-aggregates",
    .stage = MG_IMPORTER_STAGE_CODES,
    .sniff = un_sniff,
    .run = un_run,
};
