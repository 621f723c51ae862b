/* imp_knomad.c - World Bank/KNOMAD bilateral matrices.
 *
 * Remittance matrices (2017 and 2021 xlsx, the 2018 bare CSV) go into remit: sender = row (the
 * host where the money is earned), receiver = column (the origin), US$ millions. Migrant-stock
 * matrices (2017 and 2021 xlsx) go into stock (orig = row, dest = column, sex 'T') under the
 * dataset "knomad-migration", so the UN DESA edition stays the default in stock_pref.
 * A blank cell is no estimate (nothing stored), 0 is the publisher's assumption of zero
 * (MIGDIP_FLAG_ASSUMED_ZERO), "-" / "N/A" / "…" an explicit missing cell: docs/importers.md. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "formats/csv.h"
#include "import/importer.h"
#include "util/text.h"
#include "formats/xlsx.h"

#define KN_MAX_AXIS 1024   /* countries per axis; the publisher's matrices have about 220 */
#define KN_MAX_SHEETS 64   /* sheets probed for a KNOMAD title */
#define KN_TEXT_MAX 512    /* title and citation text kept */
#define KN_CHECK_REL 0.01  /* row sum vs its WORLD cell: relative tolerance ... */
#define KN_CHECK_ABS 1.0   /* ... plus one unit (a person, or US$ 1 million) */
#define KN_YEAR_MIN 1960
#define KN_YEAR_MAX 2100

typedef enum kn_kind { KN_NONE = 0, KN_REMIT, KN_MIGR } kn_kind;

/* What a column header or a row name stands for. */
typedef enum kn_role { KN_BLANK = 0, KN_COUNTRY, KN_AGGREGATE, KN_WORLD, KN_UNMAPPED } kn_role;

typedef struct kn_axis {
    kn_role role;
    char iso3[4];
    long at;     /* row (xlsx) or line (CSV) where a row name stands; column for headers */
    char *name;  /* as written (trimmed), owned */
} kn_axis;

typedef enum kn_vtype { KV_BLANK, KV_MISSING, KV_NUMBER } kn_vtype;

typedef struct kn_val {
    kn_vtype type;
    double num;
} kn_val;

/* The matrix being read, independent of the container (xlsx sheet or CSV). Columns are
 * numbered as in Excel: 1 holds the row names, 2.. the countries across. */
typedef struct kn_matrix {
    mg_importer_job *r;
    kn_kind kind;
    int year;
    const char *sheet;     /* xlsx sheet name, NULL for CSV (changes how places are named) */
    sqlite3_stmt *ins;
    kn_axis *cols;         /* [0 .. ncols], entries 0 and 1 unused */
    size_t ncols;
    size_t world_col;      /* 0 if none */
    kn_axis *rows;         /* every row name seen, for duplicates */
    size_t nrows;
    /* the row being read */
    kn_axis *cur;
    double sum;            /* of the numbers in the row outside the WORLD column */
    kn_val world;
    bool saw_world_row;
} kn_matrix;

/* ------------------------------------------------------------------ small text helpers */

static const char *const MONTHS[12] = {"january", "february", "march", "april", "may", "june",
                                       "july", "august", "september", "october", "november",
                                       "december"};

static bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
static bool is_digit(char c) { return c >= '0' && c <= '9'; }

/* Month number (1-12) of the word s[0..len): a full English name or its 3-letter (or "Sept")
 * abbreviation; 0 otherwise. */
static int month_of(const char *s, size_t len)
{
    for (int i = 0; i < 12; i++) {
        size_t full = strlen(MONTHS[i]);
        if ((len == full || len == 3 || (i == 8 && len == 4)) && len <= full &&
            strncasecmp(s, MONTHS[i], len) == 0)
            return i + 1;
    }
    return 0;
}

/* A four-digit year in [KN_YEAR_MIN, KN_YEAR_MAX] starting at s, not part of a longer number. */
static int year_at(const char *s, const char *start)
{
    if (s > start && is_digit(s[-1]))
        return 0;
    for (int i = 0; i < 4; i++)
        if (!is_digit(s[i]))
            return 0;
    if (is_digit(s[4]))
        return 0;
    int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    return y >= KN_YEAR_MIN && y <= KN_YEAR_MAX ? y : 0;
}

/* Find "<Month> <year>" ("December 2022", "Oct2019", "April-2018") in s. On success sets
 * *year, *month and the span [*from, *to) and returns true. */
static bool find_month_year(const char *s, int *year, int *month, const char **from, const char **to)
{
    for (const char *p = s; *p; p++) {
        if (!is_alpha(*p) || (p > s && is_alpha(p[-1])))
            continue;
        size_t len = 0;
        while (is_alpha(p[len]))
            len++;
        int m = month_of(p, len);
        const char *q = p + len;
        while (*q == ' ' || *q == '-' || *q == '_' || *q == ',' || *q == '.')
            q++;
        int y = m ? year_at(q, s) : 0;
        if (y) {
            *year = y, *month = m, *from = p, *to = q + 4;
            return true;
        }
        p += len - 1;
    }
    return false;
}

/* The first year in s outside [skip_from, skip_to) (the version date), or 0. */
static int first_year(const char *s, const char *skip_from, const char *skip_to)
{
    for (const char *p = s; *p; p++) {
        if (p >= skip_from && p < skip_to)
            continue;
        int y = year_at(p, s);
        if (y)
            return y;
    }
    return 0;
}

static void copy_text(char *dst, size_t cap, const char *s, size_t len)
{
    s = mg_text_trim(s, &len);
    if (len >= cap)
        len = cap - 1;
    memcpy(dst, s, len);
    dst[len] = '\0';
}

/* Lowercase copy of s into buf (cap bytes). */
static const char *lower(const char *s, char *buf, size_t cap)
{
    size_t i = 0;
    for (; s[i] && i + 1 < cap; i++)
        buf[i] = (s[i] >= 'A' && s[i] <= 'Z') ? (char)(s[i] - 'A' + 'a') : s[i];
    buf[i] = '\0';
    return buf;
}

/* The kind of matrix a sheet title announces: "Bilateral Remittance Estimates for 2021 ..."
 * or "Bilateral Estimates of Migrant Stocks in 2021". */
static kn_kind title_kind(const char *title)
{
    size_t len = strlen(title);
    const char *t = mg_text_trim(title, &len);
    if (len >= 30 && strncasecmp(t, "Bilateral Remittance Estimates", 30) == 0)
        return KN_REMIT;
    if (len >= 37 && strncasecmp(t, "Bilateral Estimates of Migrant Stocks", 37) == 0)
        return KN_MIGR;
    return KN_NONE;
}

/* A blank string, a publisher's marker for "no value" (KV_MISSING) or a number. false if the
 * text is none of these. */
static bool text_value(const char *s, size_t len, kn_val *out)
{
    size_t n = len;
    const char *t = mg_text_trim(s, &n);
    if (n == 0) {
        out->type = KV_BLANK;
        return true;
    }
    /* the World Bank's markers in these matrices: "N/A" (2018), "-" (2017), "…" (U+2026, 2021
     * migration matrix), and "#N/A"/"NA" as spreadsheets write them, beside the usual ones */
    if (mg_text_is_missing_marker(t, n) || (n == 3 && memcmp(t, "\xE2\x80\xA6", 3) == 0) ||
        (n == 4 && memcmp(t, "#N/A", 4) == 0) || (n == 3 && memcmp(t, "N/A", 3) == 0) ||
        (n == 2 && memcmp(t, "NA", 2) == 0)) {
        out->type = KV_MISSING;
        return true;
    }
    if (mg_text_parse_double(t, n, true, &out->num)) {
        out->type = KV_NUMBER;
        return true;
    }
    return false;
}

/* ------------------------------------------------------------------ the matrix */

static const char *row_label(kn_kind k) { return k == KN_REMIT ? "sending country" : "origin country"; }
static const char *col_label(kn_kind k) { return k == KN_REMIT ? "receiving country" : "destination country"; }

/* Where (line or row, column) is, for messages: `f.xlsx: sheet "S" cell C17` or
 * `f.csv:17: column Albania` (col 0: `f.csv:17`). */
static const char *mx_where(const kn_matrix *m, long line, size_t col, char *buf, size_t cap)
{
    if (m->sheet) {
        char ref[16];
        snprintf(buf, cap, "%s: sheet \"%s\" cell %s", m->r->name, m->sheet,
                 mg_xlsx_cellref(ref, (uint32_t)line, (uint32_t)(col ? col : 1)));
    } else if (col >= 2 && col <= m->ncols && m->cols[col].name && *m->cols[col].name) {
        snprintf(buf, cap, "%s:%ld: column %s", m->r->name, line, m->cols[col].name);
    } else if (col >= 1) {
        snprintf(buf, cap, "%s:%ld: column %zu", m->r->name, line, col);
    } else {
        snprintf(buf, cap, "%s:%ld", m->r->name, line);
    }
    return buf;
}

static migdip_status mx_init(kn_matrix *m, mg_importer_job *r, kn_kind kind, int year, const char *sheet)
{
    memset(m, 0, sizeof *m);
    m->r = r;
    m->kind = kind;
    m->year = year;
    m->sheet = sheet;
    static const char REMIT[] = "INSERT INTO remit(vintage_id,sender,receiver,year,value,flag) VALUES(?1,?2,?3,?4,?5,?6)";
    static const char STOCK[] = "INSERT INTO stock(vintage_id,orig,dest,year,sex,value,flag) VALUES(?1,?2,?3,?4,'T',?5,?6)";
    /* from the context's statement cache: prepared once, not for every file */
    return mg_store_cached(r->stmts, r->db, kind == KN_REMIT ? REMIT : STOCK, &m->ins, r->err);
}

static void mx_cleanup(kn_matrix *m)
{
    for (size_t i = 0; m->cols && i <= m->ncols; i++)
        free(m->cols[i].name);
    free(m->cols);
    for (size_t i = 0; i < m->nrows; i++)
        free(m->rows[i].name);
    free(m->rows);
    mg_store_uncache(m->r ? m->r->stmts : NULL, m->ins);
    memset(m, 0, sizeof *m);
}

/* Allocate the columns once the header's width is known (capped). */
static migdip_status mx_set_width(kn_matrix *m, size_t ncols, long line)
{
    char where[256];
    if (ncols > KN_MAX_AXIS + 1)
        return mg_err_set(m->r->err, MIGDIP_ERR_LIMIT, "%s: %zu columns, more than the %d countries a matrix may hold",
                          mx_where(m, line, 0, where, sizeof where), ncols - 1, KN_MAX_AXIS);
    m->cols = calloc(ncols + 1, sizeof *m->cols);
    m->rows = calloc(KN_MAX_AXIS, sizeof *m->rows);
    if (!m->cols || !m->rows)
        return mg_err_set(m->r->err, MIGDIP_ERR_NOMEM, "out of memory");
    m->ncols = ncols;
    return MIGDIP_OK;
}

/* What a name in the matrix stands for. WORLD / Other North / Other South are part of the
 * layout and recognised even before the crosswalk tables know them. */
static kn_role classify(const kn_matrix *m, const char *name, char iso3[4])
{
    char key[256];
    mg_text_name_key(name, key, sizeof key);
    if (!*key) /* blank, or too long to have a key: then reported as unmapped */
        return strlen(name) >= sizeof key - 4 ? KN_UNMAPPED : KN_BLANK;
    if (strcmp(key, "world") == 0)
        return KN_WORLD;
    if (strcmp(key, "other north") == 0 || strcmp(key, "other south") == 0)
        return KN_AGGREGATE;
    const char *iso = mg_country_by_key(m->r->cm, key);
    if (iso) {
        snprintf(iso3, 4, "%s", iso);
        return KN_COUNTRY;
    }
    const char *agg = mg_country_aggregate_by_key(m->r->cm, key);
    if (agg)
        return strcmp(agg, "WLD") == 0 ? KN_WORLD : KN_AGGREGATE;
    return KN_UNMAPPED;
}

/* Fill axis entry a for the name at (line, col); report it if unmapped. */
static migdip_status mx_name(kn_matrix *m, kn_axis *a, long line, size_t col, const char *name, size_t len)
{
    a->name = mg_text_ndup(name, len);
    if (!a->name)
        return mg_err_set(m->r->err, MIGDIP_ERR_NOMEM, "out of memory");
    size_t n = len;
    const char *t = mg_text_trim(a->name, &n);
    memmove(a->name, t, n);
    a->name[n] = '\0';
    a->role = classify(m, a->name, a->iso3);
    if (a->role == KN_UNMAPPED) {
        char ref[16];
        return mg_importer_unmapped(m->r, line, m->sheet ? mg_xlsx_cellref(ref, (uint32_t)line, (uint32_t)col) : NULL,
                            a->name);
    }
    return MIGDIP_OK;
}

/* A header cell, for duplicate messages: "cell B2" (xlsx) or "column 2" (CSV field number). */
static const char *place(const kn_matrix *m, long line, size_t col, char *buf, size_t cap)
{
    char ref[16];
    if (m->sheet)
        snprintf(buf, cap, "cell %s", mg_xlsx_cellref(ref, (uint32_t)line, (uint32_t)col));
    else
        snprintf(buf, cap, "column %zu", col);
    return buf;
}

/* Column header col (>= 2) named name, on line/row `line`. */
static migdip_status mx_header(kn_matrix *m, long line, size_t col, const char *name, size_t len)
{
    kn_axis *a = &m->cols[col];
    a->at = (long)col;
    migdip_status rc = mx_name(m, a, line, col, name, len);
    if (rc || (a->role != KN_COUNTRY && a->role != KN_WORLD))
        return rc;
    for (size_t j = 2; j < col; j++) {
        const kn_axis *b = &m->cols[j];
        bool same = a->role == KN_WORLD ? b->role == KN_WORLD
                                        : b->role == KN_COUNTRY && strcmp(a->iso3, b->iso3) == 0;
        if (!same)
            continue;
        char where[256], c1[32], c2[32];
        if (m->sheet)
            snprintf(where, sizeof where, "%s: sheet \"%s\" row %ld", m->r->name, m->sheet, line);
        else
            snprintf(where, sizeof where, "%s:%ld", m->r->name, line);
        return mg_err_set(m->r->err, MIGDIP_ERR_DUPLICATE, "%s: the %s %s is named twice: %s (\"%s\") and %s (\"%s\")",
                          where, col_label(m->kind), a->role == KN_WORLD ? "WORLD" : a->iso3,
                          place(m, line, j, c1, sizeof c1), b->name, place(m, line, col, c2, sizeof c2), a->name);
    }
    if (a->role == KN_WORLD)
        m->world_col = col;
    return MIGDIP_OK;
}

/* A new row named name at line/row `line` (its name in column 1). */
static migdip_status mx_row_begin(kn_matrix *m, long line, const char *name, size_t len)
{
    char w1[256], w2[256];
    if (m->nrows == KN_MAX_AXIS)
        return mg_err_set(m->r->err, MIGDIP_ERR_LIMIT, "%s: more than the %d rows a matrix may hold",
                          mx_where(m, line, 0, w1, sizeof w1), KN_MAX_AXIS);
    kn_axis *a = &m->rows[m->nrows++];
    a->at = line;
    migdip_status rc = mx_name(m, a, line, 1, name, len);
    if (rc)
        return rc;
    if (a->role == KN_BLANK) {
        return mg_err_set(m->r->err, MIGDIP_ERR_PARSE, "%s: expected a %s name, got \"\"",
                          mx_where(m, line, m->sheet ? 1 : 0, w1, sizeof w1), row_label(m->kind));
    }
    if (a->role == KN_COUNTRY || a->role == KN_WORLD) {
        for (size_t i = 0; i + 1 < m->nrows; i++) {
            const kn_axis *b = &m->rows[i];
            bool same = a->role == KN_WORLD ? b->role == KN_WORLD
                                            : b->role == KN_COUNTRY && strcmp(a->iso3, b->iso3) == 0;
            if (same)
                return mg_err_set(m->r->err, MIGDIP_ERR_DUPLICATE,
                                  "%s: the %s %s (\"%s\") is named twice: also at %s (\"%s\")",
                                  mx_where(m, line, m->sheet ? 1 : 0, w1, sizeof w1), row_label(m->kind),
                                  a->role == KN_WORLD ? "WORLD" : a->iso3, a->name,
                                  mx_where(m, b->at, m->sheet ? 1 : 0, w2, sizeof w2), b->name);
        }
    }
    m->cur = a;
    m->sum = 0;
    m->world.type = KV_BLANK;
    if (a->role == KN_WORLD)
        m->saw_world_row = true;
    return MIGDIP_OK;
}

/* The value v found at (line, col) of the current row. */
static migdip_status mx_cell(kn_matrix *m, long line, size_t col, const kn_val *v)
{
    char where[256];
    if (v->type == KV_BLANK)
        return MIGDIP_OK;
    if (col < 2 || col > m->ncols || m->cols[col].role == KN_BLANK)
        return mg_err_set(m->r->err, MIGDIP_ERR_SCHEMA, "%s: a value in a column without a %s name in the header",
                          mx_where(m, line, col, where, sizeof where), col_label(m->kind));
    if (v->type == KV_NUMBER && v->num < 0)
        return mg_err_set(m->r->err, MIGDIP_ERR_RANGE, "%s: expected a non-negative %s, got %g",
                          mx_where(m, line, col, where, sizeof where),
                          m->kind == KN_REMIT ? "amount (US$ millions)" : "number of migrants", v->num);
    const kn_axis *c = &m->cols[col];
    if (c->role == KN_WORLD) {
        m->world = *v;
        return MIGDIP_OK;
    }
    if (v->type == KV_NUMBER)
        m->sum += v->num;
    if (m->cur->role != KN_COUNTRY || c->role != KN_COUNTRY)
        return MIGDIP_OK;
    int flag = v->type == KV_MISSING ? MIGDIP_FLAG_MISSING
             : v->num == 0           ? MIGDIP_FLAG_ASSUMED_ZERO
                                     : MIGDIP_FLAG_OBSERVED;
    sqlite3_bind_int64(m->ins, 1, m->r->vintage_id);
    sqlite3_bind_text(m->ins, 2, m->cur->iso3, -1, SQLITE_STATIC);
    sqlite3_bind_text(m->ins, 3, c->iso3, -1, SQLITE_STATIC);
    sqlite3_bind_int(m->ins, 4, m->year);
    mg_store_bind_value(m->ins, 5, v->type == KV_NUMBER ? v->num : 0, flag);
    sqlite3_bind_int(m->ins, 6, flag);
    migdip_status rc = mg_store_step_done(m->r->db, m->ins, m->r->err);
    if (rc)
        return rc;
    m->r->rows++;
    return MIGDIP_OK;
}

/* End of a row: cross-check its sum against its own WORLD cell (docs/importers.md). */
static migdip_status mx_row_end(kn_matrix *m, long line)
{
    if (m->world.type != KV_NUMBER || m->cur->role == KN_WORLD)
        return MIGDIP_OK;
    double w = m->world.num, d = fabs(m->sum - w);
    if (d <= KN_CHECK_ABS + KN_CHECK_REL * fmax(fabs(w), fabs(m->sum)))
        return MIGDIP_OK;
    char where[256];
    return mg_err_set(m->r->err, MIGDIP_ERR_RANGE,
                      "%s: the row of %s \"%s\" sums to %.6g but its WORLD cell holds %.6g",
                      mx_where(m, line, m->world_col, where, sizeof where), row_label(m->kind),
                      m->cur->name, m->sum, w);
}

/* ------------------------------------------------------------------ vintage metadata */

/* The dispatcher copies meta into the vintage row right after run returns; these buffers
 * hold the strings until then, one set per thread (docs/store.md: a context per thread). */
static _Thread_local char meta_source[KN_TEXT_MAX], meta_edition[16], meta_released[16], meta_citation[KN_TEXT_MAX];

static void set_meta(mg_importer_job *r, kn_kind kind, int year, int ver_year, int ver_month, const char *citation)
{
    static const char *const NAMES[12] = {"January", "February", "March", "April", "May", "June",
                                          "July", "August", "September", "October", "November",
                                          "December"};
    const char *what = kind == KN_REMIT ? "Remittance" : "Migration";
    char version[64];
    if (ver_year && ver_month >= 1 && ver_month <= 12) {
        snprintf(version, sizeof version, "%s %d", NAMES[ver_month - 1], ver_year);
        snprintf(meta_released, sizeof meta_released, "%04d-%02d-01", ver_year, ver_month);
        snprintf(meta_source, sizeof meta_source, "World Bank/KNOMAD Bilateral %s Matrix %d (%s version)",
                 what, year, version);
    } else {
        /* no version date in the file: the end of the matrix year still orders editions */
        snprintf(version, sizeof version, "%d", year);
        snprintf(meta_released, sizeof meta_released, "%04d-12-31", year);
        snprintf(meta_source, sizeof meta_source, "World Bank/KNOMAD Bilateral %s Matrix %d", what, year);
    }
    snprintf(meta_edition, sizeof meta_edition, "%d", year);
    if (citation && *citation)
        snprintf(meta_citation, sizeof meta_citation, "%s", citation);
    else if (ver_year)
        snprintf(meta_citation, sizeof meta_citation, "KNOMAD/World Bank Bilateral %s Matrix %d, %s.",
                 what, year, version);
    else
        snprintf(meta_citation, sizeof meta_citation, "KNOMAD/World Bank Bilateral %s Matrix %d.", what, year);
    r->meta.dataset = kind == KN_REMIT ? "knomad-remit" : "knomad-migration";
    r->meta.source = meta_source;
    r->meta.edition = meta_edition;
    r->meta.released = meta_released;
    r->meta.citation = meta_citation;
}

/* ------------------------------------------------------------------ xlsx */

typedef struct kn_title {
    kn_kind kind;
    long sheet;
    char text[KN_TEXT_MAX];
} kn_title;

static int title_row(void *ud, uint32_t row, const xlsx_cell *cells, size_t n)
{
    kn_title *t = ud;
    if (row == 1 && n > 0 && cells[0].col == 1 && cells[0].type == XLSX_STRING)
        copy_text(t->text, sizeof t->text, cells[0].str, cells[0].len);
    return 1; /* the title is all we need */
}

/* The first sheet whose A1 holds a KNOMAD title (author-added sheets such as "remshare" or
 * "countries-comparison" have none). t->sheet is -1 if there is none. */
static migdip_status find_matrix_sheet(xlsx_book *book, kn_title *t, mg_err *err)
{
    t->kind = KN_NONE;
    t->sheet = -1;
    size_t n = mg_xlsx_sheet_count(book);
    for (size_t i = 0; i < n && i < KN_MAX_SHEETS; i++) {
        t->text[0] = '\0';
        migdip_status rc = mg_xlsx_read_sheet(book, i, title_row, t, err);
        if (rc)
            return rc;
        if ((t->kind = title_kind(t->text)) != KN_NONE) {
            t->sheet = (long)i;
            return MIGDIP_OK;
        }
    }
    return MIGDIP_OK;
}

enum { XP_TITLE, XP_HEADER, XP_MATRIX, XP_NOTES };

typedef struct kn_xstate {
    kn_matrix *m;
    int phase;
    uint32_t last_row;
    migdip_status rc;
    char citation[KN_TEXT_MAX];
} kn_xstate;

/* Row 2: the orientation in A2, then the countries across. */
static migdip_status x_header(kn_xstate *xs, uint32_t row, const xlsx_cell *c, size_t n)
{
    kn_matrix *m = xs->m;
    mg_err *err = m->r->err;
    char buf[KN_TEXT_MAX], q[64];
    const char *a2 = n && c[0].col == 1 && c[0].type == XLSX_STRING ? c[0].str : "";
    lower(a2, buf, sizeof buf);
    const char *across = m->kind == KN_REMIT ? "receiving" : "destination";
    const char *p1 = strstr(buf, across), *p2 = strstr(buf, "(across)");
    const char *p3 = m->kind == KN_REMIT ? strstr(buf, "sending") : strstr(buf, "source");
    if (!p3 && m->kind == KN_MIGR)
        p3 = strstr(buf, "origin");
    const char *p4 = strstr(buf, "(down)");
    if (row != 2 || !p1 || !p2 || !p3 || !p4 || !(p1 < p2 && p2 < p3 && p3 < p4))
        return mg_err_set(err, MIGDIP_ERR_SCHEMA, "%s: sheet \"%s\" cell A2: expected the header \"%s\", got %s",
                          m->r->name, m->sheet,
                          m->kind == KN_REMIT ? "receiving (across) / sending (down)"
                                              : "destination (across) / origin (down)",
                          row == 2 ? mg_err_quote(q, sizeof q, a2, strlen(a2)) : "nothing (row 2 is blank)");
    migdip_status rc = mx_set_width(m, n ? c[n - 1].col : 1, row);
    for (size_t i = 0; !rc && i < n; i++) {
        if (c[i].col < 2)
            continue;
        if (c[i].type != XLSX_STRING) {
            char ref[16];
            return mg_err_set(err, MIGDIP_ERR_PARSE, "%s: sheet \"%s\" cell %s: expected a %s name, got %s",
                              m->r->name, m->sheet, mg_xlsx_cellref(ref, row, c[i].col), col_label(m->kind),
                              c[i].type == XLSX_NUMBER ? "a number" : "a non-text cell");
        }
        rc = mx_header(m, row, c[i].col, c[i].str, c[i].len);
    }
    if (!rc && !m->world_col)
        rc = mg_err_set(err, MIGDIP_ERR_SCHEMA,
                        "%s: sheet \"%s\" row 2: no WORLD column after the %s names (the matrix looks truncated)",
                        m->r->name, m->sheet, col_label(m->kind));
    return rc;
}

static migdip_status x_value(kn_matrix *m, uint32_t row, const xlsx_cell *c, kn_val *v)
{
    char ref[16], q[64];
    switch (c->type) {
    case XLSX_EMPTY:
        v->type = KV_BLANK;
        return MIGDIP_OK;
    case XLSX_NUMBER:
        v->type = KV_NUMBER;
        v->num = c->num;
        if (isfinite(c->num))
            return MIGDIP_OK;
        break;
    case XLSX_STRING:
    case XLSX_ERROR:
        if (c->str && text_value(c->str, c->len, v))
            return MIGDIP_OK;
        break;
    case XLSX_BOOL:
        break;
    }
    const char *s = c->str ? c->str : c->type == XLSX_BOOL ? (c->num ? "TRUE" : "FALSE") : "";
    return mg_err_set(m->r->err, MIGDIP_ERR_PARSE, "%s: sheet \"%s\" cell %s: column %s: expected a number, got %s",
                      m->r->name, m->sheet, mg_xlsx_cellref(ref, row, c->col),
                      c->col <= m->ncols && m->cols[c->col].name ? m->cols[c->col].name : "?",
                      mg_err_quote(q, sizeof q, s, strlen(s)));
}

static migdip_status x_matrix_row(kn_xstate *xs, uint32_t row, const xlsx_cell *c, size_t n)
{
    kn_matrix *m = xs->m;
    if (c[0].type != XLSX_STRING) {
        char ref[16];
        return mg_err_set(m->r->err, MIGDIP_ERR_PARSE, "%s: sheet \"%s\" cell %s: expected a %s name, got %s",
                          m->r->name, m->sheet, mg_xlsx_cellref(ref, row, 1), row_label(m->kind),
                          c[0].type == XLSX_NUMBER ? "a number" : "a non-text cell");
    }
    migdip_status rc = mx_row_begin(m, row, c[0].str, c[0].len);
    for (size_t i = 1; !rc && i < n; i++) {
        kn_val v;
        if (!(rc = x_value(m, row, &c[i], &v)))
            rc = mx_cell(m, row, c[i].col, &v);
    }
    return rc ? rc : mx_row_end(m, row);
}

/* Text below the matrix: keep the publisher's citation ("please cite: ..."). */
static void x_notes(kn_xstate *xs, const xlsx_cell *c, size_t n)
{
    if (xs->citation[0] || !n || c[0].col != 1 || c[0].type != XLSX_STRING)
        return;
    char buf[KN_TEXT_MAX];
    lower(c[0].str, buf, sizeof buf);
    const char *p = strstr(buf, "cite:");
    if (p && (size_t)(p - buf) + 5 < c[0].len)
        copy_text(xs->citation, sizeof xs->citation, c[0].str + (p - buf) + 5, c[0].len - (size_t)(p - buf) - 5);
}

static bool is_blank(const xlsx_cell *c)
{
    size_t n = c->len;
    mg_text_trim(c->str, &n);
    return n == 0;
}

static int x_row(void *ud, uint32_t row, const xlsx_cell *c, size_t n)
{
    kn_xstate *xs = ud;
    migdip_status rc = MIGDIP_OK;
    switch (xs->phase) {
    case XP_TITLE:
        xs->phase = XP_HEADER;
        if (row == 1)
            break; /* the title, read before */
        /* fall through */
    case XP_HEADER:
        rc = x_header(xs, row, c, n);
        xs->phase = XP_MATRIX;
        break;
    case XP_MATRIX:
        /* the matrix ends at the first blank row, a row without a name, or after WORLD */
        if (row == xs->last_row + 1 && n && c[0].col == 1 && !(c[0].type == XLSX_STRING && is_blank(&c[0]))) {
            rc = x_matrix_row(xs, row, c, n);
            if (xs->m->saw_world_row)
                xs->phase = XP_NOTES;
            break;
        }
        xs->phase = XP_NOTES;
        /* fall through */
    case XP_NOTES:
        x_notes(xs, c, n);
        break;
    }
    xs->last_row = row;
    if (rc) {
        xs->rc = rc;
        return 1;
    }
    return 0;
}

static migdip_status run_xlsx(mg_importer_job *r, kn_kind want)
{
    xlsx_book *book = NULL;
    kn_matrix m = {0};
    kn_title t = {0};
    kn_xstate xs = {.m = &m};
    char q[64];
    migdip_status rc = mg_importer_open_xlsx(r, &book);
    if (!rc)
        rc = find_matrix_sheet(book, &t, r->err);
    if (rc) {
        mg_importer_xlsx_message(r);
        goto cleanup;
    }
    if (t.sheet < 0 || t.kind != want) {
        rc = mg_err_set(r->err, MIGDIP_ERR_SCHEMA, "%s: no sheet titled \"%s ...\" (a KNOMAD bilateral %s matrix)",
                        r->name,
                        want == KN_REMIT ? "Bilateral Remittance Estimates for <year>"
                                         : "Bilateral Estimates of Migrant Stocks in <year>",
                        want == KN_REMIT ? "remittance" : "migration");
        goto cleanup;
    }
    const char *sheet = mg_xlsx_sheet_name(book, (size_t)t.sheet);
    int ver_year = 0, ver_month = 0;
    const char *vfrom = NULL, *vto = NULL;
    if (!find_month_year(t.text, &ver_year, &ver_month, &vfrom, &vto))
        ver_year = ver_month = 0;
    int year = first_year(t.text, vfrom, vto);
    if (!year) {
        rc = mg_err_set(r->err, MIGDIP_ERR_SCHEMA, "%s: sheet \"%s\" cell A1: expected a title naming the year, got %s",
                        r->name, sheet, mg_err_quote(q, sizeof q, t.text, strlen(t.text)));
        goto cleanup;
    }
    if ((rc = mx_init(&m, r, want, year, sheet)))
        goto cleanup;
    rc = mg_xlsx_read_sheet(book, (size_t)t.sheet, x_row, &xs, r->err);
    if (rc) {
        mg_importer_xlsx_message(r);
        goto cleanup;
    }
    if ((rc = xs.rc))
        goto cleanup;
    if (xs.phase < XP_MATRIX) {
        rc = mg_err_set(r->err, MIGDIP_ERR_SCHEMA, "%s: sheet \"%s\": no header row below the title",
                        r->name, sheet);
        goto cleanup;
    }
    if (!m.saw_world_row) {
        rc = mg_err_set(r->err, MIGDIP_ERR_SCHEMA,
                        "%s: sheet \"%s\": no WORLD row after the %s rows (the matrix looks truncated; it ends on row %u)",
                        r->name, sheet, row_label(want), xs.last_row);
        goto cleanup;
    }
    /* the 2021 migration matrix dates itself only in its citation line */
    if (!ver_year && xs.citation[0] && !find_month_year(xs.citation, &ver_year, &ver_month, &vfrom, &vto))
        ver_year = ver_month = 0;
    set_meta(r, want, year, ver_year, ver_month, xs.citation);

cleanup:
    mx_cleanup(&m);
    mg_xlsx_close(book);
    return rc;
}

/* ------------------------------------------------------------------ CSV (the 2018 matrix) */

/* Year and version of a bare CSV matrix come from its name, e.g.
 * "Bilateralremittancematrix2018Oct2019_trimmed.csv": matrix 2018, version October 2019. */
static bool csv_name_years(const char *name, int *year, int *ver_year, int *ver_month)
{
    const char *base = strrchr(name, '/');
    base = base ? base + 1 : name;
    const char *from = NULL, *to = NULL;
    if (!find_month_year(base, ver_year, ver_month, &from, &to))
        *ver_year = *ver_month = 0;
    *year = first_year(base, from, to);
    return *year != 0;
}

static bool csv_name_fits(const char *name)
{
    int y, vy, vm;
    return mg_importer_name_ends(name, ".csv") && mg_importer_name_has(name, "remit") && csv_name_years(name, &y, &vy, &vm);
}

static migdip_status run_csv(mg_importer_job *r)
{
    mg_csv_reader *cr = NULL;
    kn_matrix m = {0};
    char q[64];
    int year = 0, ver_year = 0, ver_month = 0;
    migdip_status rc = MIGDIP_OK;
    if (!csv_name_years(r->name, &year, &ver_year, &ver_month)) {
        rc = mg_err_set(r->err, MIGDIP_ERR_SCHEMA,
                        "%s: the bare KNOMAD matrix CSV has no title, so its file name must carry the year", r->name);
        goto cleanup;
    }
    if ((rc = mg_importer_open_csv(r, &cr)) || (rc = mg_csv_next(cr, r->err)))
        goto cleanup;
    size_t nf = mg_csv_nfields(cr);
    if (nf == 0) {
        rc = mg_err_set(r->err, MIGDIP_ERR_SCHEMA,
                        "%s: empty file (expected the KNOMAD bilateral remittance matrix)", r->name);
        goto cleanup;
    }
    size_t len;
    const char *corner = mg_csv_field(cr, 0, &len);
    corner = mg_text_trim(corner, &len);
    if (len || nf < 2) {
        rc = mg_err_set(r->err, MIGDIP_ERR_SCHEMA,
                        "%s:1: expected an empty top-left cell then the receiving countries across, got %s%s",
                        r->name, mg_err_quote(q, sizeof q, corner, len), nf < 2 ? " alone" : "");
        goto cleanup;
    }
    if ((rc = mx_init(&m, r, KN_REMIT, year, NULL)) || (rc = mx_set_width(&m, nf, 1)))
        goto cleanup;
    for (size_t i = 1; !rc && i < nf; i++) {
        const char *name = mg_csv_field(cr, i, &len);
        rc = mx_header(&m, 1, i + 1, name, len);
    }
    size_t nrows = 0;
    long line = 1;
    while (!rc && !(rc = mg_csv_next(cr, r->err)) && mg_csv_nfields(cr)) {
        line = mg_csv_line(cr);
        if (mg_csv_nfields(cr) != nf) {
            rc = mg_err_set(r->err, MIGDIP_ERR_PARSE, "%s:%ld: expected %zu fields like the header, got %zu",
                            r->name, line, nf, mg_csv_nfields(cr));
            break;
        }
        const char *name = mg_csv_field(cr, 0, &len);
        if ((rc = mx_row_begin(&m, line, name, len)))
            break;
        nrows++;
        for (size_t i = 1; !rc && i < nf; i++) {
            kn_val v;
            const char *s = mg_csv_field(cr, i, &len);
            if (!text_value(s, len, &v))
                rc = mg_csv_bad_value(cr, i, m.cols[i + 1].name, "a number", r->err);
            else
                rc = mx_cell(&m, line, i + 1, &v);
        }
        if (!rc)
            rc = mx_row_end(&m, line);
    }
    if (rc)
        goto cleanup;
    if (nrows != nf - 1) {
        /* the matrix is square: as many sending rows as receiving columns */
        rc = mg_err_set(r->err, MIGDIP_ERR_PARSE,
                        "%s:%ld: expected %zu sending-country rows (the matrix is square), got %zu%s",
                        r->name, line, nf - 1, nrows, nrows < nf - 1 ? ": the file looks truncated" : "");
        goto cleanup;
    }
    set_meta(r, KN_REMIT, year, ver_year, ver_month, NULL);

cleanup:
    mx_cleanup(&m);
    mg_csv_close(cr);
    return rc;
}

/* ------------------------------------------------------------------ recognising files */

/* A bare matrix CSV: an empty corner, then names across, and a name starting line 2. */
static bool csv_head_fits(const unsigned char *head, size_t n)
{
    mg_csv_reader *cr = NULL;
    mg_err err = {0};
    bool ok = false;
    if (mg_csv_open_mem("head", head, n, &cr, &err) || mg_csv_next(cr, &err) || mg_csv_nfields(cr) < 2)
        goto cleanup;
    size_t len;
    double v;
    const char *s = mg_csv_field(cr, 0, &len);
    mg_text_trim(s, &len);
    if (len)
        goto cleanup;
    const char *h = mg_csv_field(cr, 1, &len);
    if (mg_text_is_missing_marker(h, len) || mg_text_parse_double(h, len, true, &v))
        goto cleanup;
    ok = true;
    if (!mg_csv_next(cr, &err) && mg_csv_nfields(cr) >= 1) {
        const char *r0 = mg_csv_field(cr, 0, &len);
        ok = !mg_text_is_missing_marker(r0, len) && !mg_text_parse_double(r0, len, true, &v);
    }
cleanup:
    mg_csv_close(cr);
    return ok;
}

/* The kind a workbook's name says (bilateral...remit/migra....xlsx), or KN_NONE. */
static kn_kind xlsx_name_kind(const char *name)
{
    if (!mg_importer_name_ends(name, ".xlsx") || !mg_importer_name_has(name, "bilateral"))
        return KN_NONE;
    if (mg_importer_name_has(name, "remit"))
        return KN_REMIT;
    return mg_importer_name_has(name, "migra") ? KN_MIGR : KN_NONE;
}

static kn_kind sniff_kind(const char *path, const char *name, const unsigned char *head, size_t n)
{
    /* an empty file named like a matrix workbook is claimed, so that the error says it is empty */
    if (n == 0 && xlsx_name_kind(name) != KN_NONE)
        return xlsx_name_kind(name);
    if (mg_importer_head_is_zip(head, n)) {
        xlsx_book *book = mg_importer_sniff_xlsx(path, head, n);
        kn_title t = {0};
        if (book) {
            if (find_matrix_sheet(book, &t, NULL))
                t.kind = KN_NONE;
            mg_importer_sniff_release(book);
            return t.kind;
        }
        /* an unreadable workbook: the name breaks the tie, so that the user hears why */
        return xlsx_name_kind(name);
    }
    if (!csv_name_fits(name))
        return KN_NONE;
    /* an empty file named like the matrix is read, so that the error says it is empty */
    if (n == 0 || (n == 3 && memcmp(head, "\xEF\xBB\xBF", 3) == 0))
        return mg_importer_name_has(name, "bilateral") ? KN_REMIT : KN_NONE;
    return csv_head_fits(head, n) ? KN_REMIT : KN_NONE;
}

static bool sniff_remit(const char *path, const char *name, const unsigned char *head, size_t n)
{
    return sniff_kind(path, name, head, n) == KN_REMIT;
}

static bool sniff_migr(const char *path, const char *name, const unsigned char *head, size_t n)
{
    /* a migration matrix is a workbook (or an empty file named like one): a CSV's header is not
     * parsed a second time for an answer that can only be no */
    if (n > 0 && !mg_importer_head_is_zip(head, n))
        return false;
    return sniff_kind(path, name, head, n) == KN_MIGR;
}

static migdip_status run_remit(mg_importer_job *r)
{
    unsigned char head[4];
    size_t n = 0;
    migdip_status rc = mg_importer_read_head(r, head, sizeof head, &n);
    if (rc)
        return rc;
    return mg_importer_head_is_zip(head, n) ? run_xlsx(r, KN_REMIT) : run_csv(r);
}

static migdip_status run_migr(mg_importer_job *r) { return run_xlsx(r, KN_MIGR); }

const mg_importer mg_imp_knomad_remit = {"knomad-remit", MG_IMPORTER_STAGE_DATA, sniff_remit, run_remit};
const mg_importer mg_imp_knomad_migration = {"knomad-migration", MG_IMPORTER_STAGE_DATA, sniff_migr, run_migr};
