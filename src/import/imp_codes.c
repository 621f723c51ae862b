/* imp_codes.c - what the crosswalk importers (imp_codes_*.c, stage MG_IMPORTER_STAGE_CODES)
 * share: reading a CSV crosswalk by column name, writing codes and aliases, reading xlsx
 * cells, writing aggregates and their members, and the World Bank's income group codes. */
#include "import/imp_codes.h"

#include <stdio.h>
#include <string.h>

#include "util/text.h"

/* True if the first line of head holds every required column of spec. Cheap: only the first
 * line is looked at. */
bool mg_imp_codes_head_has(const unsigned char *head, size_t n, const mg_imp_codes_col *spec, size_t nspec)
{
    if (!memchr(head, '\n', n) && n == MG_IMPORTER_HEAD_BYTES)
        return false; /* no end of the header line in the head: not one of ours */
    for (size_t k = 0; k < nspec; k++) {
        const char *const one[] = {spec[k].name, NULL};
        if (spec[k].required && mg_importer_head_columns(head, n, one) != 1)
            return false;
    }
    return true;
}

/* Open a CSV crosswalk, read its header and find the columns of spec (idx[k] = -1 for an
 * absent optional column). An empty file or a missing required column is an error. */
migdip_status mg_imp_codes_open(mg_importer_job *r, const mg_imp_codes_col *spec, size_t nspec, long *idx,
                                      mg_csv_reader **out, size_t *nheader)
{
    mg_csv_reader *cr = NULL;
    migdip_status rc = mg_importer_open_csv(r, &cr);
    if (rc)
        return rc;
    if ((rc = mg_importer_read_header(r, cr, "a header line", nheader)))
        goto fail;
    for (size_t k = 0; k < nspec; k++) {
        idx[k] = mg_csv_find(cr, spec[k].name);
        if (idx[k] < 0 && spec[k].required) {
            rc = mg_err_set(r->err, MIGDIP_ERR_SCHEMA, "%s:%ld: missing column \"%s\"", r->name,
                            mg_csv_line(cr), spec[k].name);
            goto fail;
        }
    }
    *out = cr;
    return MIGDIP_OK;
fail:
    mg_csv_close(cr);
    return rc;
}

/* Read the next data record (mg_importer_next_record); *done at end of input. A crosswalk has at
 * most MG_IMP_CODES_MAX_ROWS records. */
migdip_status mg_imp_codes_next_row(mg_importer_job *r, mg_csv_reader *cr, size_t nheader, long *nrows, bool *done)
{
    migdip_status rc = mg_importer_next_record(r, cr, nheader, done);
    if (rc || *done)
        return rc;
    if (++*nrows > MG_IMP_CODES_MAX_ROWS)
        return mg_err_set(r->err, MIGDIP_ERR_LIMIT, "%s:%ld: more than %d rows (not a code list?)",
                          r->name, mg_csv_line(cr), MG_IMP_CODES_MAX_ROWS);
    return MIGDIP_OK;
}

/* Field of column idx (trimmed, NUL-terminated copy into buf), or NULL when the column is
 * absent or the cell empty / "NA". */
const char *mg_imp_codes_cell(mg_csv_reader *cr, long idx, char *buf, size_t cap)
{
    if (idx < 0)
        return NULL;
    size_t len;
    const char *f = mg_csv_field(cr, (size_t)idx, &len);
    f = mg_text_trim(f, &len);
    if (len == 0 || (len == 2 && memcmp(f, "NA", 2) == 0))
        return NULL;
    if (len >= cap)
        len = cap - 1;
    memcpy(buf, f, len);
    buf[len] = '\0';
    return buf;
}

/* Parse a numeric code cell (cown, gwn, M49: "4", "004", "4.0"). */
migdip_status mg_imp_codes_number(mg_importer_job *r, mg_csv_reader *cr, long idx, const char *col, long *out, bool *present)
{
    char buf[64];
    const char *v = mg_imp_codes_cell(cr, idx, buf, sizeof buf);
    *present = v != NULL;
    if (!v)
        return MIGDIP_OK;
    if (!mg_text_parse_long(v, strlen(v), out) || *out < 0 || *out > 99999)
        return mg_csv_bad_value(cr, (size_t)idx, col, "a numeric code", r->err);
    return MIGDIP_OK;
}

/* Bind s, or NULL when s is NULL. */
void mg_imp_codes_bind_text(sqlite3_stmt *st, int col, const char *s)
{
    if (s)
        sqlite3_bind_text(st, col, s, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(st, col);
}

migdip_status mg_imp_codes_writer_open(mg_imp_codes_writer *w, mg_importer_job *r)
{
    w->r = r;
    /* A built-in row (vintage NULL: the year-split codes of country.c) is never replaced */
    migdip_status rc = mg_store_prepare(r->db,
        "INSERT INTO country_code(scheme,code,iso3,year_from,year_to,vintage_id) VALUES(?,?,?,?,?,?)"
        " ON CONFLICT(scheme,code,year_from) DO UPDATE SET iso3=excluded.iso3,"
        " year_to=excluded.year_to, vintage_id=excluded.vintage_id"
        " WHERE country_code.vintage_id IS NOT NULL", &w->code, r->err);
    if (!rc)
        rc = mg_store_prepare(r->db,
            "INSERT INTO country_alias(key,alias,iso3,source) VALUES(?,?,?,?) ON CONFLICT(key) DO NOTHING",
            &w->alias, r->err);
    return rc;
}

void mg_imp_codes_writer_close(mg_imp_codes_writer *w)
{
    sqlite3_finalize(w->code);
    sqlite3_finalize(w->alias);
    w->code = w->alias = NULL;
}

/* Add scheme:code -> iso3 for years y0..y1 (code normalised as mg_country_code_norm). */
migdip_status mg_imp_codes_put_code(mg_imp_codes_writer *w, const char *scheme, const char *code, const char *iso3,
                              int y0, int y1)
{
    char norm[64];
    mg_country_code_norm(scheme, code, norm, sizeof norm);
    if (!*norm)
        return MIGDIP_OK;
    sqlite3_bind_text(w->code, 1, scheme, -1, SQLITE_STATIC);
    sqlite3_bind_text(w->code, 2, norm, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(w->code, 3, iso3, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(w->code, 4, y0);
    sqlite3_bind_int(w->code, 5, y1);
    sqlite3_bind_int64(w->code, 6, w->r->vintage_id);
    return mg_store_step_done(w->r->db, w->code, w->r->err);
}

migdip_status mg_imp_codes_put_code_num(mg_imp_codes_writer *w, const char *scheme, long code, const char *iso3)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%ld", code);
    return mg_imp_codes_put_code(w, scheme, buf, iso3, 0, 9999);
}

/* Add an alias (the first spelling of a key wins; a built-in curated alias is seeded first
 * and so always wins). ISO's "(the)" suffix is also stored without it. */
migdip_status mg_imp_codes_put_alias(mg_imp_codes_writer *w, const char *alias, const char *iso3, const char *source)
{
    char key[256];
    if (!alias || !*mg_text_name_key(alias, key, sizeof key))
        return MIGDIP_OK;
    sqlite3_bind_text(w->alias, 1, key, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(w->alias, 2, alias, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(w->alias, 3, iso3, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(w->alias, 4, source, -1, SQLITE_STATIC);
    migdip_status rc = mg_store_step_done(w->r->db, w->alias, w->r->err);
    size_t len = strlen(alias);
    if (!rc && len > 6 && strcmp(alias + len - 6, " (the)") == 0) {
        char shorter[256];
        snprintf(shorter, sizeof shorter, "%.*s", (int)(len - 6), alias);
        rc = mg_imp_codes_put_alias(w, shorter, iso3, source);
    }
    return rc;
}

/* The codelist's signature: enough to recognise it, so that a renamed column of the codelist
 * is reported by name rather than the file being ignored. */
static const mg_imp_codes_col CODELIST_SIG[] = {{"country.name.en", true}, {"cown", true}, {"cowc", true}};

bool mg_imp_codes_is_codelist(const unsigned char *head, size_t n)
{
    return mg_imp_codes_head_has(head, n, CODELIST_SIG, 3);
}

bool mg_imp_codes_is_upper(const char *s, size_t want)
{
    if (!s || strlen(s) != want)
        return false;
    for (size_t i = 0; i < want; i++)
        if (s[i] < 'A' || s[i] > 'Z')
            return false;
    return true;
}

/* The cell of column col in a row (cells are sorted by column), or NULL. */
const xlsx_cell *mg_imp_codes_xcell(const xlsx_cell *cells, size_t n, uint32_t col)
{
    for (size_t i = 0; i < n && cells[i].col <= col; i++)
        if (cells[i].col == col)
            return &cells[i];
    return NULL;
}

/* Text of a cell, trimmed, into buf: numbers print as integers where they are whole.
 * NULL for an absent or blank cell. */
const char *mg_imp_codes_xtext(const xlsx_cell *c, char *buf, size_t cap)
{
    if (!c)
        return NULL;
    if (c->type == XLSX_NUMBER) {
        /* whole numbers print as integers; the range test first, since converting a double
         * beyond long long (or a NaN) is undefined */
        if (c->num > -9e18 && c->num < 9e18 && c->num == (double)(long long)c->num)
            snprintf(buf, cap, "%lld", (long long)c->num);
        else
            snprintf(buf, cap, "%.15g", c->num);
        return buf;
    }
    if (c->type != XLSX_STRING || !c->str)
        return NULL;
    size_t len = c->len;
    const char *s = mg_text_trim(c->str, &len);
    if (len == 0)
        return NULL;
    if (len >= cap)
        len = cap - 1;
    memcpy(buf, s, len);
    buf[len] = '\0';
    return buf;
}

/* A numeric code cell (M49 location code, membership flag): a number or digits as text. */
bool mg_imp_codes_xcode(const xlsx_cell *c, long *out)
{
    char buf[64];
    const char *t = mg_imp_codes_xtext(c, buf, sizeof buf);
    return t && mg_text_parse_long(t, strlen(t), out) && *out >= 0 && *out <= 99999;
}

migdip_status mg_imp_codes_xbad(mg_importer_job *r, const char *sheet, const xlsx_cell *c, uint32_t row, uint32_t col,
                          const char *what, migdip_status st)
{
    char ref[16], q[64], buf[128];
    const char *t = mg_imp_codes_xtext(c, buf, sizeof buf);
    return mg_err_set(r->err, st, "%s: sheet \"%s\" cell %s: expected %s, got %s", r->name, sheet,
                      mg_xlsx_cellref(ref, row, col), what, t ? mg_err_quote(q, sizeof q, t, strlen(t)) : "an empty cell");
}

/* Open a workbook and find the named sheets (each must exist). */
migdip_status mg_imp_codes_xopen(mg_importer_job *r, xlsx_book **book, const char *const *names, long *idx, size_t n)
{
    for (size_t i = 0; i < n; i++)
        idx[i] = -1; /* not found (yet), whatever happens below */
    migdip_status rc = mg_importer_open_xlsx(r, book);
    if (rc)
        return rc;
    for (size_t i = 0; i < n; i++) {
        idx[i] = mg_xlsx_find_sheet(*book, names[i]);
        if (idx[i] < 0) {
            mg_xlsx_close(*book);
            *book = NULL;
            return mg_err_set(r->err, MIGDIP_ERR_SCHEMA, "%s: no sheet \"%s\"", r->name, names[i]);
        }
    }
    return MIGDIP_OK;
}

/* Sniff helper: the first rows of a sheet hold all of the given cell texts. */
typedef struct peek_state {
    const char *const *want;
    size_t nwant;
    bool *found;
    uint32_t max_row;
} peek_state;

static int peek_row(void *ud, uint32_t row, const xlsx_cell *cells, size_t n)
{
    peek_state *p = ud;
    if (row > p->max_row)
        return 1;
    for (size_t i = 0; i < n; i++) {
        char buf[256];
        const char *t = mg_imp_codes_xtext(&cells[i], buf, sizeof buf);
        for (size_t k = 0; t && k < p->nwant; k++)
            if (!p->found[k] && mg_text_casecmp(t, p->want[k]) == 0)
                p->found[k] = true;
    }
    for (size_t k = 0; k < p->nwant; k++)
        if (!p->found[k])
            return 0;
    return 1;
}

/* True if the input is an xlsx whose sheet has every text of want within its first max_row
 * rows. Only zip files are opened; it reads the sheet until the texts are found. */
bool mg_imp_codes_xsniff(const char *path, const unsigned char *head, size_t n, const char *sheet,
                         const char *const *want, size_t nwant, uint32_t max_row)
{
    mg_err err = {0};
    bool found[8] = {false};
    xlsx_book *b = nwant > 8 ? NULL : mg_importer_sniff_xlsx(path, head, n);
    if (!b)
        return false;
    long i = mg_xlsx_find_sheet(b, sheet);
    bool ok = false;
    if (i >= 0) {
        peek_state p = {want, nwant, found, max_row};
        if (mg_xlsx_read_sheet(b, (size_t)i, peek_row, &p, &err) == MIGDIP_OK) {
            ok = true;
            for (size_t k = 0; k < nwant; k++)
                ok = ok && found[k];
        }
    }
    mg_importer_sniff_release(b);
    return ok;
}

migdip_status mg_imp_codes_agg_open(mg_imp_codes_agg *a, mg_importer_job *r)
{
    migdip_status rc = mg_store_prepare(r->db,
        "INSERT INTO aggregate(code,name,scheme) VALUES(?,?,?) ON CONFLICT(code) DO UPDATE SET"
        " name=excluded.name, scheme=excluded.scheme", &a->agg, r->err);
    if (!rc)
        rc = mg_store_prepare(r->db, "INSERT INTO aggregate_alias(key,code) VALUES(?,?) ON CONFLICT(key) DO NOTHING",
                           &a->alias, r->err);
    if (!rc)
        rc = mg_store_prepare(r->db,
            "INSERT INTO aggregate_member(code,iso3,vintage_id) VALUES(?,?,?) ON CONFLICT(code,iso3)"
            " DO UPDATE SET vintage_id=excluded.vintage_id", &a->member, r->err);
    return rc;
}

void mg_imp_codes_agg_close(mg_imp_codes_agg *a)
{
    sqlite3_finalize(a->agg);
    sqlite3_finalize(a->alias);
    sqlite3_finalize(a->member);
}

migdip_status mg_imp_codes_agg_put(mg_imp_codes_agg *a, mg_importer_job *r, const char *code, const char *name, const char *scheme)
{
    sqlite3_bind_text(a->agg, 1, code, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(a->agg, 2, name, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(a->agg, 3, scheme, -1, SQLITE_STATIC);
    migdip_status rc = mg_store_step_done(r->db, a->agg, r->err);
    char key[256];
    if (!rc && *mg_text_name_key(name, key, sizeof key)) {
        sqlite3_bind_text(a->alias, 1, key, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(a->alias, 2, code, -1, SQLITE_TRANSIENT);
        rc = mg_store_step_done(r->db, a->alias, r->err);
    }
    return rc;
}

migdip_status mg_imp_codes_agg_member(mg_imp_codes_agg *a, mg_importer_job *r, const char *code, const char *iso3)
{
    sqlite3_bind_text(a->member, 1, code, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(a->member, 2, iso3, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(a->member, 3, r->vintage_id);
    return mg_store_step_done(r->db, a->member, r->err);
}

/* "Lower middle income" -> "LM" (the codes OGHIST uses); NULL if not an income group. */
const char *mg_imp_codes_income_code(const char *s)
{
    static const struct {
        const char *name, *code;
    } groups[] = {{"Low income", "L"}, {"Lower middle income", "LM"}, {"Upper middle income", "UM"},
                  {"High income", "H"}, {"L", "L"}, {"LM", "LM"}, {"UM", "UM"}, {"H", "H"},
                  {"LM*", "LM"}};
    for (size_t i = 0; i < sizeof groups / sizeof *groups; i++)
        if (mg_text_casecmp(s, groups[i].name) == 0)
            return groups[i].code;
    return NULL;
}
