/* imp_bla.c - importers for Chilton & Woda's bilateral labour agreements (BLA): the
 * formation data (one row per agreement: the unordered pair as COW codes and names, year and
 * dates signed/ratified) into `agreement`, and the content-coding data (570 agreements with a
 * text copy, coded on ~45 provisions) into `agreement_provision`. One agreement row per
 * treaty whichever file comes first: see docs/importers.md "Chilton & Woda". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "formats/csv.h"
#include "import/importer.h"
#include "util/text.h"

#define BLA_SOURCE "Chilton & Woda (2022)"
#define BLA_YEAR_UNKNOWN 9999
/* No real file comes near this; a larger one is refused rather than allocated. */
#define BLA_MAX_ROWS 1000000

static const char BLA_CITATION[] =
    "Chilton, Adam S. and Woda, Bartosz (2022). The Expanding Universe of Bilateral Labor "
    "Agreements. Harvard Dataverse (BLA dataverse); as shipped in the replication package of "
    "Adhikari, Cha'ngom, Kaila and Shrestha.";

/* Both BLA files begin "treatyID," with the pair's names and COW codes. The formation file
 * has the dates; the coding file has none but the title and the provisions. */
static const char *const BLA_ID_COLS[] = {"countryA", "countryB", "codeA", "codeB", NULL};
static const char *const BLA_DATE_COLS[] = {"datesigned", "ratified", NULL};
static const char *const BLA_CODING_COLS[] = {"agreement_title", "quota", "recruit_cost_mig", "prot_women",
                                              "social_security", "remittances", "wage_prot", NULL};

static bool formation_sniff(const char *path, const char *name, const unsigned char *head, size_t n)
{
    return mg_importer_head_starts(head, n, "treatyID,") && mg_importer_head_columns(head, n, BLA_ID_COLS) >= 3 &&
           mg_importer_head_columns(head, n, BLA_DATE_COLS) >= 1;
}

static bool coding_sniff(const char *path, const char *name, const unsigned char *head, size_t n)
{
    return mg_importer_head_starts(head, n, "treatyID,") && mg_importer_head_columns(head, n, BLA_ID_COLS) >= 3 &&
           mg_importer_head_columns(head, n, BLA_DATE_COLS) == 0 && mg_importer_head_columns(head, n, BLA_CODING_COLS) >= 3;
}

/* Columns both files share, in the order of the names arrays below. */
enum { C_TREATY, C_NAME_A, C_NAME_B, C_CODE_A, C_CODE_B, C_YEAR, C_NCOMMON };

/* One parsed agreement (identity part). */
typedef struct bla_row {
    long line;
    long treaty;
    int year;           /* 0 = unknown (9999 in the file) */
    const char *a, *b;  /* ISO3, borrowed from the country map; NULL if unmapped */
} bla_row;

/* Treaty ids seen so far with their lines (open addressing), to name both lines of a
 * duplicate without a quadratic scan. */
typedef struct bla_seen {
    long *treaty, *line; /* treaty 0 = empty slot (ids are positive) */
    size_t n, cap;       /* cap is a power of two, kept at least twice n */
} bla_seen;

static void seen_free(bla_seen *s)
{
    free(s->treaty);
    free(s->line);
}

static size_t seen_slot(const bla_seen *s, long treaty)
{
    size_t i = ((unsigned long)treaty * 2654435761u) & (s->cap - 1);
    while (s->treaty[i] && s->treaty[i] != treaty)
        i = (i + 1) & (s->cap - 1);
    return i;
}

/* Record treaty at line; a repeat is MIGDIP_ERR_DUPLICATE naming both lines. */
static migdip_status seen_add(mg_importer_job *r, bla_seen *s, long treaty, long line)
{
    if (2 * (s->n + 1) > s->cap) {
        if (s->n >= BLA_MAX_ROWS)
            return mg_err_set(r->err, MIGDIP_ERR_LIMIT, "%s:%ld: more than %d agreements", r->name, line,
                              BLA_MAX_ROWS);
        bla_seen g = {.cap = s->cap ? s->cap * 2 : 2048, .n = s->n};
        g.treaty = calloc(g.cap, sizeof *g.treaty);
        g.line = calloc(g.cap, sizeof *g.line);
        if (!g.treaty || !g.line) {
            seen_free(&g);
            return mg_err_set(r->err, MIGDIP_ERR_NOMEM, "%s: out of memory", r->name);
        }
        for (size_t i = 0; i < s->cap; i++) {
            if (!s->treaty[i])
                continue;
            size_t j = seen_slot(&g, s->treaty[i]);
            g.treaty[j] = s->treaty[i];
            g.line[j] = s->line[i];
        }
        seen_free(s);
        *s = g;
    }
    size_t i = seen_slot(s, treaty);
    if (s->treaty[i])
        return mg_err_set(r->err, MIGDIP_ERR_DUPLICATE, "%s:%ld: duplicate treatyID %ld (first on line %ld)",
                          r->name, line, treaty, s->line[i]);
    s->treaty[i] = treaty;
    s->line[i] = line;
    s->n++;
    return MIGDIP_OK;
}

/* Map one party: its COW code in the year signed, else its name. Unmapped: reported. */
static migdip_status party(mg_importer_job *r, mg_csv_reader *cr, long c_code, long c_name, const char *code_col,
                           const char *name_col, int year, const char **iso3)
{
    size_t len;
    const char *s = mg_csv_field(cr, (size_t)c_code, &len);
    long code;
    if (!mg_text_parse_long(s, len, &code) || code <= 0 || code > 9999)
        return mg_csv_bad_value(cr, (size_t)c_code, code_col, "a COW state code (1-9999)", r->err);
    char buf[16];
    snprintf(buf, sizeof buf, "%ld", code);
    const char *name = mg_csv_field(cr, (size_t)c_name, NULL);
    *iso3 = mg_country_by_code(r->cm, "cown", buf, year);
    if (!*iso3 && *name)
        *iso3 = mg_country_by_name(r->cm, name);
    if (*iso3)
        return MIGDIP_OK;
    char what[160];
    snprintf(what, sizeof what, "%.120s (COW %ld)", name, code);
    return mg_importer_unmapped(r, mg_csv_line(cr), name_col, what);
}

/* Parse the shared columns of the current record. */
static migdip_status common_row(mg_importer_job *r, mg_csv_reader *cr, const long *cols, bla_row *row)
{
    size_t len;
    const char *s = mg_csv_field(cr, (size_t)cols[C_TREATY], &len);
    memset(row, 0, sizeof *row);
    row->line = mg_csv_line(cr);
    if (!mg_text_parse_long(s, len, &row->treaty) || row->treaty <= 0 || row->treaty > 2000000000L)
        return mg_csv_bad_value(cr, (size_t)cols[C_TREATY], "treatyID", "a positive treaty id", r->err);
    long year;
    s = mg_csv_field(cr, (size_t)cols[C_YEAR], &len);
    if (!mg_text_parse_long(s, len, &year))
        return mg_csv_bad_value(cr, (size_t)cols[C_YEAR], "year", "a year (9999 = unknown)", r->err);
    if (year != BLA_YEAR_UNKNOWN && (year < 1800 || year > 2100))
        return mg_err_set(r->err, MIGDIP_ERR_RANGE,
                          "%s:%ld: column year: expected a year in 1800-2100 or 9999 (unknown), got %ld",
                          r->name, row->line, year);
    row->year = year == BLA_YEAR_UNKNOWN ? 0 : (int)year;
    migdip_status rc = party(r, cr, cols[C_CODE_A], cols[C_NAME_A], "codeA", "countryA", row->year, &row->a);
    if (!rc)
        rc = party(r, cr, cols[C_CODE_B], cols[C_NAME_B], "codeB", "countryB", row->year, &row->b);
    return rc;
}

/* "m/d/yyyy" (leading blanks allowed) to ISO "yyyy-mm-dd" in out[11]; *has = false if blank.
 * A date followed by more text ("1/26/1951, 4/24/1951", "5/29/2007 or sooner") keeps the
 * first date: it is the one the column is about. */
static migdip_status date_cell(mg_importer_job *r, mg_csv_reader *cr, long col, const char *name, char out[11], bool *has)
{
    size_t len;
    const char *s = mg_csv_field(cr, (size_t)col, &len);
    s = mg_text_trim(s, &len);
    *has = false;
    if (len == 0)
        return MIGDIP_OK;
    long part[3] = {0, 0, 0};
    size_t i = 0;
    for (int k = 0; k < 3; k++) {
        size_t start = i;
        while (i < len && i - start < 4 && s[i] >= '0' && s[i] <= '9')
            part[k] = part[k] * 10 + (s[i++] - '0');
        size_t digits = i - start;
        bool ok = k < 2 ? (digits >= 1 && digits <= 2 && i < len && s[i] == '/') : digits == 4;
        if (!ok)
            return mg_csv_bad_value(cr, (size_t)col, name, "a date m/d/yyyy or blank", r->err);
        if (k < 2)
            i++;
    }
    if (i < len && s[i] >= '0' && s[i] <= '9')
        return mg_csv_bad_value(cr, (size_t)col, name, "a date m/d/yyyy or blank", r->err);
    static const int mdays[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    /* the year is kept as published, even treaty 659's "5/2/2997" (docs/importers.md) */
    if (part[0] < 1 || part[0] > 12 || part[1] < 1 || part[1] > mdays[part[0] - 1] || part[2] < 1000 || part[2] > 9999)
        return mg_csv_bad_value(cr, (size_t)col, name, "a valid date m/d/yyyy", r->err);
    char iso[64]; /* wide enough for any long: the checks above keep it to 10 characters */
    snprintf(iso, sizeof iso, "%04ld-%02ld-%02ld", part[2], part[0], part[1]);
    memcpy(out, iso, 10);
    out[10] = '\0';
    *has = true;
    return MIGDIP_OK;
}

/* ------------------------------------------------------------------ formation */

static migdip_status formation_run(mg_importer_job *r)
{
    mg_csv_reader *cr = NULL;
    sqlite3_stmt *find = NULL, *drop = NULL, *ins = NULL;
    bla_seen seen = {0};
    size_t n_header, n_rows = 0;
    long cols[C_NCOMMON + 2];
    static const char *const names[C_NCOMMON + 2] = {"treatyID", "countryA", "countryB", "codeA", "codeB",
                                                     "year", "datesigned", "ratified"};
    migdip_status rc = mg_importer_open_csv(r, &cr);
    if (rc)
        goto cleanup;
    static const char EXPECTED_F[] = "treatyID,countryA,countryB,codeA,codeB,year,datesigned,ratified";
    if ((rc = mg_importer_read_header(r, cr, EXPECTED_F, &n_header)) ||
        (rc = mg_importer_find_columns(r, cr, names, C_NCOMMON + 2, cols, EXPECTED_F, NULL)))
        goto cleanup;
    /* a placeholder row the coding file wrote for a treaty (its title is kept) */
    if ((rc = mg_store_prepare(r->db,
            "SELECT a.vintage_id, a.title FROM agreement a JOIN vintage v ON v.id=a.vintage_id"
            " WHERE a.treaty_id=? AND v.dataset='bla-coding'", &find, r->err)) ||
        (rc = mg_store_prepare(r->db, "DELETE FROM agreement WHERE vintage_id=? AND treaty_id=?", &drop, r->err)) ||
        (rc = mg_store_prepare(r->db,
            "INSERT INTO agreement(vintage_id,treaty_id,a,b,year,date_signed,ratified,title,source)"
            " VALUES(?,?,?,?,?,?,?,?,?)", &ins, r->err)))
        goto cleanup;
    for (;;) {
        bool end;
        if ((rc = mg_importer_next_record(r, cr, n_header, &end)))
            goto cleanup;
        if (end)
            break;
        n_rows++;
        bla_row row;
        char signed_on[11], ratified_on[11];
        bool has_signed, has_ratified;
        if ((rc = common_row(r, cr, cols, &row)) ||
            (rc = date_cell(r, cr, cols[C_NCOMMON], "datesigned", signed_on, &has_signed)) ||
            (rc = date_cell(r, cr, cols[C_NCOMMON + 1], "ratified", ratified_on, &has_ratified)) ||
            (rc = seen_add(r, &seen, row.treaty, row.line)))
            goto cleanup;
        if (!row.a || !row.b)
            continue; /* reported */
        char *title = NULL;
        int64_t placeholder = 0;
        sqlite3_bind_int64(find, 1, row.treaty);
        if (sqlite3_step(find) == SQLITE_ROW) {
            placeholder = sqlite3_column_int64(find, 0);
            title = mg_text_dup((const char *)sqlite3_column_text(find, 1));
        }
        sqlite3_reset(find);
        if (placeholder) {
            sqlite3_bind_int64(drop, 1, placeholder);
            sqlite3_bind_int64(drop, 2, row.treaty);
            rc = mg_store_step_done(r->db, drop, r->err);
        }
        if (!rc) {
            sqlite3_bind_int64(ins, 1, r->vintage_id);
            sqlite3_bind_int64(ins, 2, row.treaty);
            sqlite3_bind_text(ins, 3, row.a, -1, SQLITE_STATIC);
            sqlite3_bind_text(ins, 4, row.b, -1, SQLITE_STATIC);
            if (row.year)
                sqlite3_bind_int(ins, 5, row.year);
            if (has_signed)
                sqlite3_bind_text(ins, 6, signed_on, -1, SQLITE_STATIC);
            if (has_ratified)
                sqlite3_bind_text(ins, 7, ratified_on, -1, SQLITE_STATIC);
            if (title)
                sqlite3_bind_text(ins, 8, title, -1, SQLITE_STATIC);
            sqlite3_bind_text(ins, 9, BLA_SOURCE, -1, SQLITE_STATIC);
            rc = mg_store_step_done(r->db, ins, r->err);
        }
        free(title);
        if (rc) {
            mg_err_prefix(r->err, "%s:%ld", r->name, row.line);
            goto cleanup;
        }
        r->rows++;
    }
    if (n_rows == 0) {
        rc = mg_err_set(r->err, MIGDIP_ERR_SCHEMA, "%s: no data rows after the header", r->name);
        goto cleanup;
    }
    r->meta.dataset = "bla-formation";
    r->meta.source = "Chilton & Woda (2022), bilateral labor agreements: formation data";
    r->meta.edition = "2022";
    r->meta.released = "2022-01-01";
    r->meta.citation = BLA_CITATION;
cleanup:
    seen_free(&seen);
    sqlite3_finalize(find);
    sqlite3_finalize(drop);
    sqlite3_finalize(ins);
    mg_csv_close(cr);
    return rc;
}

const mg_importer mg_imp_bla_formation = {"bla-formation", MG_IMPORTER_STAGE_DATA, formation_sniff, formation_run};

/* ------------------------------------------------------------------ coding */

/* Free-text columns of the coding file: not provisions (agreement_provision holds numbers).
 * quota_num mixes numbers with sentences ("Set by mutual agreement ... each year"). */
static const char *const CODING_TEXT_COLS[] = {
    "dyadID", "agreement_title", "coded_orig_lang", "coded_google_translation", "bla_duration",
    "bla_duration_other", "past_bla_ref", "quota_num", "recruit_auth_who"};

static bool coding_is_provision(mg_csv_reader *cr, size_t i, const long *cols)
{
    for (size_t k = 0; k < C_NCOMMON; k++)
        if (cols[k] == (long)i)
            return false;
    size_t len;
    const char *name = mg_csv_field(cr, i, &len);
    name = mg_text_trim(name, &len);
    if (len == 0)
        return false;
    for (size_t k = 0; k < sizeof CODING_TEXT_COLS / sizeof *CODING_TEXT_COLS; k++)
        if (strlen(CODING_TEXT_COLS[k]) == len && strncasecmp(name, CODING_TEXT_COLS[k], len) == 0)
            return false;
    return true;
}

static migdip_status coding_run(mg_importer_job *r)
{
    mg_csv_reader *cr = NULL;
    sqlite3_stmt *find = NULL, *title = NULL, *ins = NULL, *prov = NULL;
    bla_seen seen = {0};
    size_t n_header, n_rows = 0, n_prov = 0;
    long cols[C_NCOMMON + 1];
    long *prov_col = NULL;
    char **prov_name = NULL;
    static const char *const names[C_NCOMMON + 1] = {"treatyID", "countryA", "countryB", "codeA", "codeB",
                                                     "year", "agreement_title"};
    migdip_status rc = mg_importer_open_csv(r, &cr);
    if (rc)
        goto cleanup;
    static const char EXPECTED_C[] = "treatyID,countryA,countryB,codeA,codeB,year,agreement_title,<provisions>";
    if ((rc = mg_importer_read_header(r, cr, EXPECTED_C, &n_header)) ||
        (rc = mg_importer_find_columns(r, cr, names, C_NCOMMON + 1, cols, EXPECTED_C, NULL)))
        goto cleanup;
    prov_col = calloc(n_header, sizeof *prov_col);
    prov_name = calloc(n_header, sizeof *prov_name);
    if (!prov_col || !prov_name) {
        rc = mg_err_set(r->err, MIGDIP_ERR_NOMEM, "%s: out of memory", r->name);
        goto cleanup;
    }
    for (size_t i = 0; i < n_header; i++) {
        if (!coding_is_provision(cr, i, cols))
            continue;
        size_t len;
        const char *s = mg_csv_field(cr, i, &len);
        s = mg_text_trim(s, &len);
        if (!(prov_name[n_prov] = mg_text_ndup(s, len))) {
            rc = mg_err_set(r->err, MIGDIP_ERR_NOMEM, "%s: out of memory", r->name);
            goto cleanup;
        }
        prov_col[n_prov++] = (long)i;
    }
    if (n_prov == 0) {
        rc = mg_err_set(r->err, MIGDIP_ERR_SCHEMA, "%s:1: no provision columns (expected quota, "
                        "recruit_cost_mig, prot_women, ... after agreement_title)", r->name);
        goto cleanup;
    }
    if ((rc = mg_store_prepare(r->db,
            "SELECT a.vintage_id FROM agreement a JOIN vintage v ON v.id=a.vintage_id"
            " WHERE a.treaty_id=? AND v.dataset='bla-formation'", &find, r->err)) ||
        (rc = mg_store_prepare(r->db, "UPDATE agreement SET title=? WHERE vintage_id=? AND treaty_id=?"
                                   " AND title IS NULL", &title, r->err)) ||
        (rc = mg_store_prepare(r->db,
            "INSERT INTO agreement(vintage_id,treaty_id,a,b,year,title,source) VALUES(?,?,?,?,?,?,?)",
            &ins, r->err)) ||
        (rc = mg_store_prepare(r->db,
            "INSERT INTO agreement_provision(vintage_id,treaty_id,provision,value) VALUES(?,?,?,?)",
            &prov, r->err)))
        goto cleanup;
    for (;;) {
        bool end;
        if ((rc = mg_importer_next_record(r, cr, n_header, &end)))
            goto cleanup;
        if (end)
            break;
        n_rows++;
        bla_row row;
        if ((rc = common_row(r, cr, cols, &row)) || (rc = seen_add(r, &seen, row.treaty, row.line)))
            goto cleanup;
        /* check every provision before writing anything of this row */
        for (size_t k = 0; k < n_prov; k++) {
            size_t len;
            const char *s = mg_csv_field(cr, (size_t)prov_col[k], &len);
            double v;
            if (mg_text_is_missing_marker(s, len))
                continue;
            if (!mg_text_parse_double(s, len, false, &v)) {
                rc = mg_csv_bad_value(cr, (size_t)prov_col[k], prov_name[k], "a number or blank", r->err);
                goto cleanup;
            }
            if (v < 0) { /* dummies, counts and durations */
                char qv[64];
                rc = mg_err_set(r->err, MIGDIP_ERR_RANGE,
                                "%s:%ld: column %s: expected a non-negative number or blank, got %s", r->name,
                                row.line, prov_name[k], mg_err_quote(qv, sizeof qv, s, len));
                goto cleanup;
            }
        }
        if (!row.a || !row.b)
            continue; /* reported */
        size_t tlen;
        const char *t = mg_csv_field(cr, (size_t)cols[C_NCOMMON], &tlen);
        t = mg_text_trim(t, &tlen);
        sqlite3_bind_int64(find, 1, row.treaty);
        int64_t formation = sqlite3_step(find) == SQLITE_ROW ? sqlite3_column_int64(find, 0) : 0;
        sqlite3_reset(find);
        if (formation) {
            if (tlen) {
                sqlite3_bind_text(title, 1, t, (int)tlen, SQLITE_TRANSIENT);
                sqlite3_bind_int64(title, 2, formation);
                sqlite3_bind_int64(title, 3, row.treaty);
                rc = mg_store_step_done(r->db, title, r->err);
            }
        } else {
            sqlite3_bind_int64(ins, 1, r->vintage_id);
            sqlite3_bind_int64(ins, 2, row.treaty);
            sqlite3_bind_text(ins, 3, row.a, -1, SQLITE_STATIC);
            sqlite3_bind_text(ins, 4, row.b, -1, SQLITE_STATIC);
            if (row.year)
                sqlite3_bind_int(ins, 5, row.year);
            if (tlen)
                sqlite3_bind_text(ins, 6, t, (int)tlen, SQLITE_TRANSIENT);
            sqlite3_bind_text(ins, 7, BLA_SOURCE, -1, SQLITE_STATIC);
            if (!(rc = mg_store_step_done(r->db, ins, r->err)))
                r->rows++;
        }
        for (size_t k = 0; !rc && k < n_prov; k++) {
            size_t len;
            const char *s = mg_csv_field(cr, (size_t)prov_col[k], &len);
            double v = 0;
            bool missing = mg_text_is_missing_marker(s, len) || !mg_text_parse_double(s, len, false, &v);
            sqlite3_bind_int64(prov, 1, r->vintage_id);
            sqlite3_bind_int64(prov, 2, row.treaty);
            sqlite3_bind_text(prov, 3, prov_name[k], -1, SQLITE_STATIC);
            mg_store_bind_value(prov, 4, v, missing ? MIGDIP_FLAG_MISSING : MIGDIP_FLAG_OBSERVED);
            if (!(rc = mg_store_step_done(r->db, prov, r->err)))
                r->rows++;
        }
        if (rc) {
            mg_err_prefix(r->err, "%s:%ld", r->name, row.line);
            goto cleanup;
        }
    }
    if (n_rows == 0) {
        rc = mg_err_set(r->err, MIGDIP_ERR_SCHEMA, "%s: no data rows after the header", r->name);
        goto cleanup;
    }
    r->meta.dataset = "bla-coding";
    r->meta.source = "Chilton & Woda (2022), bilateral labor agreements: content-coding data";
    r->meta.edition = "2022";
    r->meta.released = "2022-01-01";
    r->meta.citation = BLA_CITATION;
cleanup:
    if (prov_name)
        for (size_t k = 0; k < n_prov; k++)
            free(prov_name[k]);
    free(prov_name);
    free(prov_col);
    seen_free(&seen);
    sqlite3_finalize(find);
    sqlite3_finalize(title);
    sqlite3_finalize(ins);
    sqlite3_finalize(prov);
    mg_csv_close(cr);
    return rc;
}

const mg_importer mg_imp_bla_coding = {"bla-coding", MG_IMPORTER_STAGE_DATA, coding_sniff, coding_run};
